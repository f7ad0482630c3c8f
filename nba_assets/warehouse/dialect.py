"""SQL is written once in BigQuery Standard SQL; DuckDB runs it through sqlglot.

One translation is ours: BigQuery's ``NUMERIC`` (alias ``DECIMAL``) is 38 digits with 9
after the point, while sqlglot writes it as DuckDB's bare ``DECIMAL``, which is
``DECIMAL(18, 3)``. The SQL files sum fractional values as ``NUMERIC`` so that a sum does
not depend on the order of its rows (README, "Deterministic floats"); at 3 decimals those
sums would silently lose precision on DuckDB, so ``NUMERIC`` becomes ``DECIMAL(38, 9)``.
"""

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


# BigQuery's NUMERIC: precision 38, scale 9
BIGQUERY_NUMERIC = exp.DataType.build("DECIMAL(38, 9)", dialect="duckdb")


def _bigquery_numeric(node: exp.Expression) -> exp.Expression:
    """An unparameterised NUMERIC / DECIMAL as the type BigQuery means by it."""
    bare_decimal = isinstance(node, exp.DataType) and node.this == exp.DataType.Type.DECIMAL
    return BIGQUERY_NUMERIC.copy() if bare_decimal and not node.expressions else node


@lru_cache(maxsize=512)
def _parsed(sql: str) -> exp.Expression:
    """A statement parsed once per process: loading the definitions reads every file's tables,
    and a run translates the same files (a parse is ~10 ms; never modified in place)."""
    return sqlglot.parse_one(sql, read="bigquery")


@lru_cache(maxsize=512)
def to_duckdb(sql: str) -> tuple[str, frozenset[str]]:
    """The DuckDB form of a BigQuery statement and the named parameters it uses."""
    tree = _parsed(sql).transform(_bigquery_numeric)  # a transformed copy
    names = frozenset(p.name for p in tree.find_all(exp.Parameter))
    return tree.sql(dialect="duckdb"), names


def referenced_tables(sql: str) -> set[str]:
    """``dataset/table`` of every dataset-qualified table a statement reads."""
    return {f"{t.db}/{t.name}" for t in _parsed(sql).find_all(exp.Table) if t.db}
