"""The statements and job configs a BigQuery range write sends, built from data (no I/O).

Identifiers (datasets, tables, columns) come from our own catalogue and are
backtick-quoted into the text; values only ever travel as query parameters.
"""

from __future__ import annotations

import numbers
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import sqlglot
from google.cloud import bigquery
from sqlglot import exp

from nba_assets.warehouse.base import Target, WarehouseError

# ERROR(@write_range_error) fires inside the MERGE when a row is outside the range;
# the text lets the resource tell that failure from any other.
RANGE_ERROR_PARAM = "write_range_error"
RANGE_ERROR_TEXT = "nba_assets: row outside the write range"

_STANDARD_TYPES = {"INTEGER": "INT64", "FLOAT": "FLOAT64", "BOOLEAN": "BOOL", "RECORD": "STRUCT"}
# Types BigQuery accepts as clustering columns (FLOAT64 and nested types are refused).
_CLUSTERABLE = frozenset(
    {
        "BIGNUMERIC",
        "BOOL",
        "DATE",
        "DATETIME",
        "GEOGRAPHY",
        "INT64",
        "NUMERIC",
        "STRING",
        "TIMESTAMP",
    }
)
MAX_CLUSTER_COLUMNS = 4


def quote(name: str) -> str:
    if not name or "`" in name or "\\" in name:
        raise WarehouseError(
            f"{name!r} is not a usable BigQuery identifier; rename it in the catalogue"
        )
    return f"`{name}`"


def table_ref(dataset: str, name: str) -> str:
    return f"{quote(dataset)}.{quote(name)}"


def column_type(field: bigquery.SchemaField) -> str:
    """Standard SQL type of a schema field (the API reports legacy names like INTEGER)."""
    base = _STANDARD_TYPES.get(field.field_type, field.field_type)
    if base == "STRUCT":
        base = (
            "STRUCT<" + ", ".join(f"{quote(f.name)} {column_type(f)}" for f in field.fields) + ">"
        )
    return f"ARRAY<{base}>" if field.mode == "REPEATED" else base


def require_date_column(target: Target, schema: Sequence[bigquery.SchemaField]) -> None:
    found = {f.name.lower(): f for f in schema}.get(target.date_column.lower())
    if found is None:
        raise WarehouseError(
            f"{target.qualified}: the rows have no {target.date_column} column; "
            "a range write needs it to partition and replace by date."
        )
    if column_type(found) != "DATE":
        raise WarehouseError(
            f"{target.qualified}: {target.date_column} is {column_type(found)}, not DATE; "
            f"cast it with DATE(...) in the SQL for {target.name}."
        )


def cluster_columns(target: Target, schema: Sequence[bigquery.SchemaField]) -> list[str]:
    """The key minus the partition column, as far as BigQuery can cluster by it (max 4)."""
    fields = {f.name: f for f in schema}
    usable = [
        k
        for k in target.key
        if k != target.date_column and k in fields and column_type(fields[k]) in _CLUSTERABLE
    ]
    return usable[:MAX_CLUSTER_COLUMNS]


def create_table_sql(ref: str, target: Target, schema: Sequence[bigquery.SchemaField]) -> str:
    columns = ",\n  ".join(f"{quote(f.name)} {column_type(f)}" for f in schema)
    clustering = cluster_columns(target, schema)
    cluster = f"\nCLUSTER BY {', '.join(map(quote, clustering))}" if clustering else ""
    return (
        f"CREATE TABLE IF NOT EXISTS {ref} (\n  {columns}\n)\n"
        f"PARTITION BY {quote(target.date_column)}{cluster}"
    )


def missing_columns(
    schema: Sequence[bigquery.SchemaField], existing: Iterable[bigquery.SchemaField]
) -> list[bigquery.SchemaField]:
    have = {f.name.lower() for f in existing}
    return [f for f in schema if f.name.lower() not in have]


def add_columns_sql(ref: str, fields: Sequence[bigquery.SchemaField]) -> str:
    adds = ",\n  ".join(
        f"ADD COLUMN IF NOT EXISTS {quote(f.name)} {column_type(f)}" for f in fields
    )
    return f"ALTER TABLE {ref}\n  {adds}"


def _body(select: str) -> str:
    """The SELECT as a subquery body: on its own lines so a trailing ``--`` comment can't eat
    the closing parenthesis, without a trailing semicolon."""
    return select.strip().rstrip(";").rstrip()


def merge_sql(ref: str, date_column: str, columns: Sequence[str], select: str) -> str:
    """One atomic statement: delete the target's rows in range, insert every source row.

    ``ON FALSE`` makes every target row "not matched by source" and every source
    row "not matched by target". The date value inserted goes through
    ``IF(in range, date, ERROR(...))``: a row outside the range (or with a NULL
    date) fails the whole statement, so nothing changes and the SELECT runs once.
    The guard sits in the inserted values, not in a WHERE, because BigQuery does
    not order WHERE conditions and could raise on rows the SELECT itself filters;
    its message names the offending date, which also keeps an engine from
    folding a constant ``ERROR(...)`` at plan time.
    """
    d = quote(date_column)
    values = [
        f"IF(S.{d} >= @start_date AND S.{d} < @end_date, S.{d}, "
        f"ERROR(FORMAT('%s: %t', @{RANGE_ERROR_PARAM}, S.{d})))"
        if c == date_column
        else f"S.{quote(c)}"
        for c in columns
    ]
    return (
        f"MERGE {ref} AS T\nUSING (\n{_body(select)}\n) AS S\nON FALSE\n"
        f"WHEN NOT MATCHED BY SOURCE AND T.{d} >= @start_date AND T.{d} < @end_date THEN DELETE\n"
        f"WHEN NOT MATCHED BY TARGET THEN INSERT ({', '.join(map(quote, columns))})\n"
        f"VALUES ({', '.join(values)})"
    )


def outside_count_sql(date_column: str, select: str) -> str:
    """How many rows of the SELECT fall outside the range; run only after a MERGE refused."""
    d = quote(date_column)
    return (
        f"SELECT COUNTIF({d} IS NULL OR {d} < @start_date OR {d} >= @end_date) AS outside\n"
        f"FROM (\n{_body(select)}\n)"
    )


def select_all_sql(ref: str) -> str:
    return f"SELECT * FROM {ref}"


@lru_cache(maxsize=512)
def parameter_names(sql: str) -> frozenset[str]:
    return frozenset(
        p.name for p in sqlglot.parse_one(sql, read="bigquery").find_all(exp.Parameter)
    )


@lru_cache(maxsize=256)
def with_dataset_prefix(sql: str, prefix: str) -> str:
    """``sql`` reading ``<prefix><dataset>.table`` wherever it names ``dataset.table``.

    Lets a dev/test deployment live in prefixed datasets with the same SQL files;
    without a prefix the text is sent exactly as written.
    """
    if not prefix:
        return sql
    tree = sqlglot.parse_one(sql, read="bigquery")
    for table in tree.find_all(exp.Table):
        if table.args.get("db") and not table.args.get("catalog"):
            table.set("db", exp.to_identifier(prefix + table.db))
    return tree.sql(dialect="bigquery")


def query_parameter(name: str, value: Any) -> bigquery.ScalarQueryParameter:
    """A typed parameter; order matters: bool is an int, datetime is a date."""
    if isinstance(value, bool | np.bool_):
        return bigquery.ScalarQueryParameter(name, "BOOL", bool(value))
    if isinstance(value, numbers.Integral):
        return bigquery.ScalarQueryParameter(name, "INT64", int(value))
    if isinstance(value, numbers.Real):
        return bigquery.ScalarQueryParameter(name, "FLOAT64", float(value))
    if isinstance(value, datetime):
        return bigquery.ScalarQueryParameter(name, "TIMESTAMP", value)
    if isinstance(value, date):
        return bigquery.ScalarQueryParameter(name, "DATE", value)
    if isinstance(value, str):
        return bigquery.ScalarQueryParameter(name, "STRING", value)
    raise WarehouseError(
        f"query parameter @{name} is {type(value).__name__} ({value!r}); "
        "pass a bool, int, float, date, datetime or str"
    )


def query_parameters(sql: str, values: Mapping[str, Any]) -> list[bigquery.ScalarQueryParameter]:
    """Parameters for exactly the ``@names`` the statement uses (BigQuery types them all)."""
    names = parameter_names(sql)
    missing = names - values.keys()
    if missing:
        raise WarehouseError(f"query needs parameter(s) {sorted(missing)} that were not given")
    return [query_parameter(name, values[name]) for name in sorted(names)]


def query_config(
    sql: str, values: Mapping[str, Any], *, dry_run: bool = False
) -> bigquery.QueryJobConfig:
    config = bigquery.QueryJobConfig(query_parameters=query_parameters(sql, values))
    if dry_run:
        config.dry_run = True
        config.use_query_cache = False
    return config


def staging_name(target: Target) -> str:
    """Unique per write, so concurrent writes of one table never share a staging table."""
    return f"{target.dataset}__{target.name}__{uuid.uuid4().hex[:12]}"


def frame_for_load(frame: pd.DataFrame, date_column: str) -> pd.DataFrame:
    """The frame with its date column as ``datetime.date`` (like DuckDB's CAST to DATE)."""
    if date_column not in frame.columns:
        raise WarehouseError(f"the frame has no {date_column} column; a range write needs it")
    dates = pd.to_datetime(frame[date_column]).dt.date
    return frame.reset_index(drop=True).assign(**{date_column: dates.reset_index(drop=True)})


def load_schema(
    frame: pd.DataFrame, date_column: str, existing: Sequence[bigquery.SchemaField]
) -> list[bigquery.SchemaField]:
    """Types the load must not guess: the target's own types for columns it has (so a
    column of NULLs or floats-with-NaN can't change type), DATE for the date column,
    STRING for text columns with no value to infer from. The client infers the rest."""
    have = {f.name: f for f in existing}
    schema = []
    for name in frame.columns:
        if name == date_column:
            schema.append(bigquery.SchemaField(name, "DATE"))
        elif name in have:
            field = have[name]
            schema.append(
                bigquery.SchemaField(name, field.field_type, mode=field.mode, fields=field.fields)
            )
        elif frame[name].dtype == object and frame[name].isna().all():
            schema.append(bigquery.SchemaField(name, "STRING"))
    return schema


def load_config(schema: Sequence[bigquery.SchemaField]) -> bigquery.LoadJobConfig:
    return bigquery.LoadJobConfig(
        write_disposition=bigquery.WriteDisposition.WRITE_TRUNCATE, schema=list(schema)
    )
