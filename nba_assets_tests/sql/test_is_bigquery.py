"""Every SQL file is one BigQuery Standard SQL query with named parameters only.

SQL is written once for BigQuery; DuckDB runs it through sqlglot. These checks
catch a file that only one engine would accept, and values pasted into the text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel
from sqlglot.tokens import TokenType

from nba_assets.package_files import SHARED
from nba_assets_tests.conftest import SQL_DIR, sql_statement

SQL_FILES = sorted(SQL_DIR.rglob("*.sql"))


def test_the_sql_directory_exists():
    assert SQL_DIR.is_dir(), f"{SQL_DIR} is where the table SQL files live"


def _parse(path: Path) -> exp.Expression:
    statements = [
        s
        for s in sqlglot.parse(sql_statement(path), read="bigquery", error_level=ErrorLevel.RAISE)
        if s is not None
    ]
    assert len(statements) == 1, f"{path}: {len(statements)} statements; a SQL file holds one"
    return statements[0]


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_file_is_one_bigquery_query(path: Path):
    tree = _parse(path)
    assert isinstance(tree, exp.Select | exp.SetOperation), (
        f"{path}: a {tree.key.upper()} statement; a SQL file is a single SELECT (or WITH ... SELECT)"
    )


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_file_takes_values_only_as_named_parameters(path: Path):
    tree = _parse(path)
    positional = list(tree.find_all(exp.Placeholder))
    assert not positional, f"{path}: positional placeholders {positional}; use @names"
    tokens = sqlglot.tokenize(path.read_text(), read="bigquery")
    braces = [t.line for t in tokens if t.token_type == TokenType.L_BRACE]
    assert not braces, f"{path}: '{{' on line(s) {braces}, a Python format field? use @names"
    names = {p.name for p in tree.find_all(exp.Parameter)}
    if path.parent.name == "shared":  # a query other files read, not a range write
        return
    assert {"start_date", "end_date"} <= names, (
        f"{path}: reads @{sorted(names)}; a range write needs @start_date and @end_date"
    )


def test_shared_queries_are_inlined_and_each_is_read():
    """sql/shared/<name>.sql is read as ``FROM shared.<name>``: inlined before any warehouse runs
    the statement, and kept only while some file reads it."""
    for path in SQL_FILES:
        assert not SHARED.search(sql_statement(path)), f"{path}: a shared query left unresolved"
    read = " ".join(path.read_text() for path in SQL_FILES)
    for path in SQL_DIR.joinpath("shared").glob("*.sql"):
        assert re.search(rf"\b(FROM|JOIN) shared\.{path.stem}\b", read), f"{path}: read by no file"
