"""The generic rules' SQL (``sql/checks/generic/<rule>.sql``), resolved for each table that names
the rule in the catalogue: one BigQuery query over the range, reading that table only, with its
identifiers written in and its values still parameters, and BigQuery's dataset prefix reaching
the tables it reads. The rules' judgements are tested on data in the ``*_checks_fail`` files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from nba_assets.checks import check_input
from nba_assets.checks.check_input import (
    PLACEHOLDER,
    UnknownPlaceholder,
    generic_sql,
    placeholders,
)
from nba_assets.checks.rules import RULES
from nba_assets.table_entry import Table
from nba_assets.tables import TABLES, TABLES_BY_PATH
from nba_assets.warehouse import bigquery_statements as bq
from nba_assets_tests.conftest import GENERIC_CHECKS_DIR

GENERIC_FILES = sorted(GENERIC_CHECKS_DIR.glob("*.sql"))
RESOLVED = [
    pytest.param(path, table, id=f"{path.stem}-{table.path}")
    for path in GENERIC_FILES
    for table in TABLES
    if path.stem in table.checks
]


def test_each_file_is_a_rule_that_tables_name():
    assert GENERIC_FILES, f"{GENERIC_CHECKS_DIR} holds the generic rules' SQL"
    for path in GENERIC_FILES:
        assert path.stem in RULES, f"{path}: no rule {path.stem!r} in nba_assets/checks/rules.py"
        assert any(path.stem in t.checks for t in TABLES), f"{path}: no table names the rule"


@pytest.mark.parametrize(("path", "table"), RESOLVED)
def test_resolves_for_each_table_naming_it_into_one_bigquery_query(path: Path, table: Table):
    sql = generic_sql(table, path.stem)
    assert not PLACEHOLDER.search(sql), f"{path}: a placeholder left for {table.path}"
    statements = [
        s
        for s in sqlglot.parse(sql, read="bigquery", error_level=ErrorLevel.RAISE)
        if s is not None
    ]
    assert len(statements) == 1 and isinstance(statements[0], exp.Select), sql
    tree = statements[0]
    read = {f"{t.db}.{t.name}" for t in tree.find_all(exp.Table)}
    assert read in ({table.target.qualified}, {table.quarantine.qualified}), read
    # the identifiers are written in; every value is still a parameter, the range among them
    in_file = {p.name for p in _parse(path.read_text()).find_all(exp.Parameter)}
    assert {p.name for p in tree.find_all(exp.Parameter)} == in_file - set(placeholders(table))
    assert {"start_date", "end_date"} <= in_file
    prefixed = _parse(bq.with_dataset_prefix(sql, "dev_"))
    assert all(t.db.startswith("dev_nba_") for t in prefixed.find_all(exp.Table))


def _parse(sql: str) -> exp.Expression:
    return sqlglot.parse_one(sql, read="bigquery", error_level=ErrorLevel.RAISE)


def test_the_key_and_date_column_come_from_the_catalogue_entry():
    table = TABLES_BY_PATH["nba_analytics/player_game_summary"]
    sql = generic_sql(table, "no_duplicate_keys")
    assert "FROM nba_analytics.player_game_summary" in sql
    assert "GROUP BY game_id, player_lookup" in sql
    assert "CAST(game_id AS STRING) || ' | ' || CAST(player_lookup AS STRING) AS key_value" in sql
    assert "MIN(game_date) AS day" in sql


def test_an_unknown_placeholder_is_refused_naming_the_file_and_placeholder(monkeypatch):
    monkeypatch.setattr(check_input, "sql_text", lambda folder, name: "SELECT * FROM @this_tabel")
    with pytest.raises(UnknownPlaceholder) as refused:
        generic_sql(TABLES[0], "no_duplicate_keys")
    assert str(refused.value).startswith(
        "sql/checks/generic/no_duplicate_keys.sql: unknown placeholder @this_tabel; "
    )
    assert "@this_table" in str(refused.value)
