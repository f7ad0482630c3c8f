"""SQL is written once in BigQuery Standard SQL; DuckDB runs it through sqlglot."""

from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp


def header_description(sql: str) -> str:
    """The leading ``--`` comment block of a SQL file, used as the asset description."""
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return "\n".join(lines)


@lru_cache(maxsize=512)
def to_duckdb(sql: str) -> tuple[str, frozenset[str]]:
    """The DuckDB form of a BigQuery statement and the named parameters it uses."""
    tree = sqlglot.parse_one(sql, read="bigquery")
    names = frozenset(p.name for p in tree.find_all(exp.Parameter))
    return tree.sql(dialect="duckdb"), names


def referenced_tables(sql: str) -> set[str]:
    """``dataset/table`` of every dataset-qualified table a statement reads."""
    tree = sqlglot.parse_one(sql, read="bigquery")
    return {f"{t.db}/{t.name}" for t in tree.find_all(exp.Table) if t.db}
