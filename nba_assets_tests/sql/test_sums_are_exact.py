"""No SQL file adds floating-point values, so no result depends on the order rows arrive in.

README "Deterministic floats": fractional values are summed and averaged as NUMERIC (exact),
spreads and slopes come from integer sums. Each file is typed the way BigQuery types it
(sqlglot, with the column types of the demo warehouse) and every SUM / AVG must add
integers or NUMERIC; STDDEV / VAR / COVAR / CORR (a running float update) are refused; no
file may return a NUMERIC column (a FLOAT64 column on DuckDB would be NUMERIC on BigQuery).
``pipeline/test_deterministic_floats.py`` shows the same on the data: builds cut differently are equal.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import sqlglot
from sqlglot import exp
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify

from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import SQL_DIR, STATEMENT_FILES, sql_statement

SQL_FILES = STATEMENT_FILES  # a generic check rule is a statement once resolved for a table
BIGQUERY_TYPES = {
    "BIGINT": "INT64",
    "BOOLEAN": "BOOL",
    "DATE": "DATE",
    "DOUBLE": "FLOAT64",
    "HUGEINT": "INT64",
    "INTEGER": "INT64",
    "TIMESTAMP WITH TIME ZONE": "TIMESTAMP",
    "VARCHAR": "STRING",
}
EXACT = {*exp.DataType.INTEGER_TYPES, exp.DataType.Type.DECIMAL, exp.DataType.Type.BIGDECIMAL}
RUNNING_FLOAT = (
    exp.Stddev,
    exp.StddevPop,
    exp.StddevSamp,
    exp.Variance,
    exp.VariancePop,
    exp.CovarPop,
    exp.CovarSamp,
    exp.Corr,
)
Schema = dict[str, dict[str, dict[str, str]]]


@pytest.fixture(scope="module")
def schema(demo_season_warehouse: Path) -> Schema:
    """``dataset -> table -> column -> BigQuery type`` of every table the demo season built."""
    with duckdb.connect(str(demo_season_warehouse), read_only=True) as db:
        columns = db.execute(
            "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns"
        ).fetchall()
    typed: Schema = {}
    for dataset, table, column, duck_type in columns:
        typed.setdefault(dataset, {}).setdefault(table, {})[column] = BIGQUERY_TYPES[duck_type]
    return typed


@pytest.fixture(scope="module")
def typed_trees(schema: Schema) -> dict[Path, exp.Expression]:
    """Every SQL file's tree with each expression's type, as BigQuery would infer it."""
    trees = {}
    for path in SQL_FILES:
        tree = sqlglot.parse_one(sql_statement(path), read="bigquery")
        tree = qualify(tree, schema=schema, dialect="bigquery")
        trees[path] = annotate_types(tree, schema=schema, dialect="bigquery")
    return trees


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_sums_and_means_add_integers_or_numeric(path: Path, typed_trees) -> None:
    tree = typed_trees[path]
    inexact = [
        f"{node.sql('bigquery')} adds {node.this.type.sql('bigquery')}"
        for node in tree.find_all(exp.Sum, exp.Avg)
        if not node.this.is_type(*EXACT)
    ]
    assert not inexact, (
        f"{path.name}: a float sum depends on row order; cast each value to NUMERIC inside the "
        "aggregate (or in the CTE that reads it) and the result back to FLOAT64:\n"
        + "\n".join(inexact)
    )


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_no_running_float_aggregates(path: Path) -> None:
    tree = sqlglot.parse_one(sql_statement(path), read="bigquery")
    found = [node.sql("bigquery") for node in tree.find_all(*RUNNING_FLOAT)]
    assert not found, f"{path.name}: write these as ratios of exact sums: {found}"


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_no_numeric_column_leaves_a_file(path: Path, typed_trees) -> None:
    outputs = {s.alias_or_name: s.type for s in typed_trees[path].selects}
    numeric = [name for name, kind in outputs.items() if kind.is_type(exp.DataType.Type.DECIMAL)]
    assert not numeric, f"{path.name}: CAST({numeric}) AS FLOAT64, as DuckDB stores them"


def test_numeric_on_duckdb_is_bigquerys_numeric(warehouse: DuckDBWarehouse) -> None:
    """38 digits, 9 after the point (sqlglot alone would give DuckDB's DECIMAL(18, 3))."""
    summed = warehouse.query(
        "SELECT CAST(SUM(CAST(x AS NUMERIC)) AS FLOAT64) AS exact "
        "FROM UNNEST([0.1, 0.2, 0.000000001, 1e16, -1e16]) AS x"
    )
    assert summed["exact"][0] == 0.300000001
