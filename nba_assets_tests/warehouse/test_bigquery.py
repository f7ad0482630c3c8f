"""BigQueryWarehouse offline: the statements and job configs it builds, and what it sends.

BigQuery can't be reached here, so the *service* is faked: ``bigquery.Client`` is
replaced by a recording stand-in that keeps a tiny catalogue (tables created by
our DDL) and answers dry runs with a given schema. Everything under test — the
statement builders and the resource's orchestration through dagster-gcp's real
``BigQueryResource.get_client`` — is the real code. The MERGE's semantics are
also run for real on DuckDB, whose MERGE has the same ``NOT MATCHED BY SOURCE``
clauses.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import sqlglot
from google.api_core.exceptions import BadRequest, NotFound
from google.auth.credentials import AnonymousCredentials
from google.cloud import bigquery
from google.cloud.bigquery.job.query import DmlStats
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from nba_assets.warehouse import Target, WarehouseError
from nba_assets.warehouse import bigquery_statements as bq
from nba_assets.warehouse.base import out_of_range_message
from nba_assets.warehouse.bigquery import STAGING_EXPIRATION_MS, BigQueryWarehouse
from nba_assets_tests.conftest import SQL_DIR, STATEMENT_FILES, sql_statement

TARGET = Target("nba_analytics", "player_game_summary", "game_date", ("game_id", "player_lookup"))
REF = "`dev_nba_analytics`.`player_game_summary`"
SCHEMA = [
    bigquery.SchemaField("game_id", "STRING"),
    bigquery.SchemaField("player_lookup", "STRING"),
    bigquery.SchemaField("game_date", "DATE"),
    bigquery.SchemaField("points", "INTEGER"),
    bigquery.SchemaField("minutes", "FLOAT"),
]
SQL = (
    "-- player_game_summary\n"
    "SELECT game_id, player_lookup, game_date, points, minutes FROM nba_raw.player_boxscores\n"
    "WHERE game_date >= @start_date AND game_date < @end_date AND season_year = @season;\n"
)
START, END = date(2024, 1, 1), date(2024, 1, 3)


def parse(sql: str) -> exp.Expression:
    return sqlglot.parse_one(sql, read="bigquery", error_level=ErrorLevel.RAISE)


# ---------------------------------------------------------------- the fake service


class FakeJob:
    def __init__(self, *, schema=None, dml_stats=None, frame=None, error=None):
        self.schema, self.dml_stats, self.frame, self.error = schema, dml_stats, frame, error

    def result(self):
        if self.error:
            raise self.error
        return self

    def to_dataframe(self):
        return self.frame


class FakeService:
    """What the BigQuery API would see: every call, in order, plus the tables our DDL made."""

    def __init__(self):
        self.clients: list[tuple[str, str, str | None]] = []
        self.calls: list[tuple] = []
        self.tables: dict[str, list[bigquery.SchemaField]] = {}
        self.result_schema = SCHEMA
        self.inserted = 7
        self.merge_error: Exception | None = None
        self.outside = 0
        self.frame = pd.DataFrame({"n": [1]})

    def client(self, project=None, location=None):
        credentials = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
        self.clients.append((project, location, credentials and Path(credentials).read_text()))
        return FakeClient(self)

    def sent(self) -> list[str]:
        """Statements run (not dry runs); each must parse as BigQuery SQL."""
        statements = [c[1] for c in self.calls if c[0] == "query" and not c[2].dry_run]
        for statement in statements:
            parse(statement)
        return statements

    def kinds(self) -> list[str]:
        return [
            ("dry_run" if c[2].dry_run else parse(c[1]).key) if c[0] == "query" else c[0]
            for c in self.calls
        ]

    def config(self, kind: str) -> bigquery.QueryJobConfig:
        return next(c[2] for c in self.calls if c[0] == "query" and parse(c[1]).key == kind)


class FakeClient:
    def __init__(self, service: FakeService):
        self.service = service

    def query(self, sql, job_config):
        s = self.service
        s.calls.append(("query", sql, job_config))
        if job_config.dry_run:
            return FakeJob(schema=s.result_schema)
        tree = parse(sql)
        if isinstance(tree, exp.Create | exp.Alter):
            table = tree.find(exp.Table)
            columns = [
                bigquery.SchemaField(c.name, c.args["kind"].sql("bigquery"))
                for c in tree.find_all(exp.ColumnDef)
            ]
            s.tables.setdefault(f"{table.db}.{table.name}", []).extend(columns)
            return FakeJob()
        if isinstance(tree, exp.Merge):
            return FakeJob(dml_stats=DmlStats(inserted_row_count=s.inserted), error=s.merge_error)
        if "COUNTIF" in sql:
            return FakeJob(frame=pd.DataFrame({"outside": [s.outside]}))
        return FakeJob(frame=s.frame)

    def get_table(self, table_id):
        self.service.calls.append(("get_table", table_id))
        schema = self.service.tables.get(table_id.split(".", 1)[1])
        if schema is None:
            raise NotFound(f"Table {table_id} was not found")
        return bigquery.Table(table_id, schema=schema)

    def create_dataset(self, dataset, exists_ok=False):
        self.service.calls.append(("create_dataset", dataset, exists_ok))

    def load_table_from_dataframe(self, frame, destination, job_config=None):
        self.service.calls.append(("load", frame, destination, job_config))
        return FakeJob()

    def delete_table(self, table, not_found_ok=False):
        self.service.calls.append(("delete_table", table, not_found_ok))


@pytest.fixture
def service(monkeypatch) -> FakeService:
    fake = FakeService()
    monkeypatch.setattr(bigquery, "Client", fake.client)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    return fake


@pytest.fixture
def warehouse() -> BigQueryWarehouse:
    return BigQueryWarehouse(project="proj", location="EU", dataset_prefix="dev_")


def params_of(config: bigquery.QueryJobConfig) -> dict[str, tuple[str, object]]:
    return {p.name: (p.type_, p.value) for p in config.query_parameters}


# ---------------------------------------------------------------- pure builders


def test_create_table_is_partitioned_by_date_and_clustered_by_key():
    sql = bq.create_table_sql(REF, TARGET, SCHEMA)
    assert sql == (
        "CREATE TABLE IF NOT EXISTS `dev_nba_analytics`.`player_game_summary` (\n"
        "  `game_id` STRING,\n  `player_lookup` STRING,\n  `game_date` DATE,\n"
        "  `points` INT64,\n  `minutes` FLOAT64\n)\n"
        "PARTITION BY `game_date`\nCLUSTER BY `game_id`, `player_lookup`"
    )
    properties = parse(sql).args["properties"]
    assert properties.find(exp.PartitionedByProperty).this.name == "game_date"
    assert [c.name for c in properties.find(exp.ClusterProperty).expressions] == [
        "game_id",
        "player_lookup",
    ]


def test_cluster_columns_skip_the_date_and_unclusterable_types_and_stop_at_four():
    schema = [bigquery.SchemaField(n, "STRING") for n in "abcdef"] + [
        bigquery.SchemaField("game_date", "DATE"),
        bigquery.SchemaField("line", "FLOAT"),
        bigquery.SchemaField("tags", "STRING", mode="REPEATED"),
    ]
    target = Target("d", "t", "game_date", ("game_date", "line", "tags", "a", "b", "c", "d", "e"))
    assert bq.cluster_columns(target, schema) == ["a", "b", "c", "d"]
    only_float = Target("d", "t", "game_date", ("line",))
    assert "CLUSTER BY" not in bq.create_table_sql("`d`.`t`", only_float, schema)


def test_nested_types_are_written_in_standard_sql():
    field = bigquery.SchemaField(
        "zones",
        "RECORD",
        mode="REPEATED",
        fields=[bigquery.SchemaField("zone", "STRING"), bigquery.SchemaField("pct", "FLOAT")],
    )
    assert bq.column_type(field) == "ARRAY<STRUCT<`zone` STRING, `pct` FLOAT64>>"


def test_missing_columns_become_one_add_column_statement():
    existing = [
        bigquery.SchemaField("GAME_ID", "STRING"),
        bigquery.SchemaField("game_date", "DATE"),
    ]
    missing = bq.missing_columns(SCHEMA, existing)
    sql = bq.add_columns_sql(REF, missing)
    assert sql == (
        "ALTER TABLE `dev_nba_analytics`.`player_game_summary`\n"
        "  ADD COLUMN IF NOT EXISTS `player_lookup` STRING,\n"
        "  ADD COLUMN IF NOT EXISTS `points` INT64,\n"
        "  ADD COLUMN IF NOT EXISTS `minutes` FLOAT64"
    )
    assert [c.name for c in parse(sql).find_all(exp.ColumnDef)] == [
        "player_lookup",
        "points",
        "minutes",
    ]


def test_merge_deletes_the_range_and_inserts_every_row_in_one_statement():
    sql = bq.merge_sql(REF, "game_date", ["game_id", "game_date"], SQL)
    assert sql == (
        "MERGE `dev_nba_analytics`.`player_game_summary` AS T\nUSING (\n"
        f"{SQL.strip().rstrip(';')}\n) AS S\nON FALSE\n"
        "WHEN NOT MATCHED BY SOURCE AND T.`game_date` >= @start_date "
        "AND T.`game_date` < @end_date THEN DELETE\n"
        "WHEN NOT MATCHED BY TARGET THEN INSERT (`game_id`, `game_date`)\n"
        "VALUES (S.`game_id`, IF(S.`game_date` >= @start_date AND S.`game_date` < @end_date, "
        "S.`game_date`, ERROR(FORMAT('%s: %t', @write_range_error, S.`game_date`))))"
    )
    tree = parse(sql)
    delete, insert = tree.args["whens"].expressions
    assert (delete.args["source"], delete.args["then"].name) == (True, "DELETE")
    assert isinstance(insert.args["then"], exp.Insert) and not insert.args["source"]
    assert isinstance(tree.args["on"], exp.Boolean) and tree.args["on"].this is False
    # No values in the text: the only literal is the error message's format pattern.
    assert [literal.this for literal in tree.find_all(exp.Literal)] == ["%s: %t"]
    assert bq.parameter_names(sql) == {"start_date", "end_date", "season", "write_range_error"}


def test_outside_count_reads_the_same_select():
    sql = bq.outside_count_sql("game_date", SQL)
    assert sql.startswith(
        "SELECT COUNTIF(`game_date` IS NULL OR `game_date` < @start_date "
        "OR `game_date` >= @end_date) AS outside\nFROM (\n-- player_game_summary\n"
    )
    assert isinstance(parse(sql), exp.Select)


@pytest.mark.parametrize(
    ("value", "kind", "sent"),
    [
        (date(2024, 1, 2), "DATE", date(2024, 1, 2)),
        (
            datetime(2024, 1, 2, 3, tzinfo=UTC),
            "TIMESTAMP",
            datetime(2024, 1, 2, 3, tzinfo=UTC),
        ),
        (pd.Timestamp("2024-01-02T03:00Z"), "TIMESTAMP", pd.Timestamp("2024-01-02T03:00Z")),
        (5, "INT64", 5),
        (np.int64(5), "INT64", 5),
        (2.5, "FLOAT64", 2.5),
        (np.float64(2.5), "FLOAT64", 2.5),
        (True, "BOOL", True),
        (np.bool_(False), "BOOL", False),
        ("ensemble", "STRING", "ensemble"),
    ],
)
def test_parameters_are_typed(value, kind, sent):
    parameter = bq.query_parameter("p", value)
    assert (parameter.type_, parameter.value) == (kind, sent)
    assert type(parameter.value) is type(sent)


def test_only_used_parameters_are_sent_and_missing_ones_are_refused():
    config = bq.query_config(SQL, {"start_date": START, "end_date": END, "season": 2024, "x": 1})
    assert params_of(config) == {
        "end_date": ("DATE", END),
        "season": ("INT64", 2024),
        "start_date": ("DATE", START),
    }
    assert not config.dry_run
    assert bq.query_config(
        SQL, {"start_date": START, "end_date": END, "season": 1}, dry_run=True
    ).dry_run
    with pytest.raises(WarehouseError, match=r"\['season'\]"):
        bq.query_parameters(SQL, {"start_date": START, "end_date": END})
    with pytest.raises(WarehouseError, match="@season is NoneType"):
        bq.query_parameters(SQL, {"start_date": START, "end_date": END, "season": None})


def test_dataset_prefix_rewrites_dataset_qualified_tables_only():
    sql = (
        "WITH recent AS (SELECT * FROM nba_raw.schedule) "
        "SELECT * FROM recent JOIN `nba_raw.shots` USING (game_id) "
        "JOIN other_project.nba_raw.x USING (game_id)"
    )
    prefixed = bq.with_dataset_prefix(sql, "dev_")
    tables = {(t.catalog, t.db, t.name) for t in parse(prefixed).find_all(exp.Table)}
    assert tables == {
        ("", "dev_nba_raw", "schedule"),
        ("", "dev_nba_raw", "shots"),
        ("other_project", "nba_raw", "x"),
        ("", "", "recent"),
    }
    assert bq.with_dataset_prefix(sql, "") is sql


def test_identifiers_that_could_break_quoting_are_refused():
    with pytest.raises(WarehouseError, match="identifier"):
        bq.table_ref("nba_raw", "x`; DROP TABLE y")


def test_date_column_must_exist_and_be_a_date():
    bq.require_date_column(TARGET, SCHEMA)
    with pytest.raises(WarehouseError, match="no game_date column"):
        bq.require_date_column(TARGET, SCHEMA[:2])
    with pytest.raises(WarehouseError, match="game_date is TIMESTAMP, not DATE"):
        bq.require_date_column(TARGET, [bigquery.SchemaField("game_date", "TIMESTAMP")])


def test_frame_load_types_dates_keeps_table_types_and_names_untyped_text():
    frame = pd.DataFrame(
        {
            "game_date": ["2024-01-01", pd.Timestamp("2024-01-02")],
            "minutes": [31.0, np.nan],
            "reason": [None, None],
            "points": pd.array([12, None], dtype="Int64"),
        },
        index=[5, 9],
    )
    rows = bq.frame_for_load(frame, "game_date")
    assert rows["game_date"].tolist() == [date(2024, 1, 1), date(2024, 1, 2)]
    assert list(rows.index) == [0, 1]
    schema = bq.load_schema(rows, "game_date", [bigquery.SchemaField("minutes", "INTEGER")])
    assert [(f.name, f.field_type) for f in schema] == [
        ("game_date", "DATE"),
        ("minutes", "INTEGER"),
        ("reason", "STRING"),
    ]
    config = bq.load_config(schema)
    assert config.write_disposition == bigquery.WriteDisposition.WRITE_TRUNCATE
    with pytest.raises(WarehouseError, match="no game_date column"):
        bq.frame_for_load(frame.drop(columns="game_date"), "game_date")


@pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::PendingDeprecationWarning")
def test_the_real_client_turns_the_frame_into_the_typed_parquet_it_loads():
    """google-cloud-bigquery's own DataFrame -> parquet conversion, stopped at the upload."""
    client = bigquery.Client(project="proj", credentials=AnonymousCredentials(), location="US")
    uploaded = {}

    def upload(file_obj, destination, **kwargs):
        uploaded.update(table=pq.read_table(io.BytesIO(file_obj.read())), **kwargs)

    client.load_table_from_file = upload
    frame = pd.DataFrame(
        {
            "game_date": [date(2024, 1, 1), date(2024, 1, 2)],
            "minutes": [31.0, np.nan],
            "reason": [None, None],
            "points": pd.array([12, None], dtype="Int64"),
        }
    )
    rows = bq.frame_for_load(frame, "game_date")
    schema = bq.load_schema(rows, "game_date", [bigquery.SchemaField("minutes", "INTEGER")])
    client.load_table_from_dataframe(rows, "proj.s.t", job_config=bq.load_config(schema))
    table = uploaded["table"]
    assert {f.name: str(f.type) for f in table.schema} == {
        "game_date": "date32[day]",
        "minutes": "int64",
        "reason": "string",
        "points": "int64",
    }
    assert table.to_pylist()[1] == {
        "game_date": date(2024, 1, 2),
        "minutes": None,
        "reason": None,
        "points": None,
    }
    assert uploaded["job_config"].write_disposition == "WRITE_TRUNCATE"


def test_staging_names_are_unique_per_write():
    names = {bq.staging_name(TARGET) for _ in range(50)}
    assert len(names) == 50
    assert all(re.fullmatch(r"nba_analytics__player_game_summary__[0-9a-f]{12}", n) for n in names)


# ---------------------------------------------------------------- the MERGE's semantics, on DuckDB


def test_merge_replaces_exactly_the_range_and_refuses_rows_outside_it():
    connection = duckdb.connect()
    connection.execute(
        "CREATE SCHEMA d; CREATE TABLE d.t (game_id VARCHAR, game_date DATE, points INT);"
        "INSERT INTO d.t VALUES ('a', '2024-01-01', 1), ('b', '2024-01-02', 2), "
        "('keep_before', '2023-12-31', 3), ('keep_after', '2024-01-03', 4);"
        "CREATE TABLE src (game_id VARCHAR, game_date DATE, points INT);"
        "INSERT INTO src VALUES ('a', '2024-01-01', 10), ('c', '2024-01-02', 30), "
        "('late', '2024-01-05', 50), ('undated', NULL, 60)"
    )

    def merge(select: str) -> None:
        sql = bq.merge_sql("`d`.`t`", "game_date", ["game_id", "game_date", "points"], select)
        duck = sqlglot.transpile(sql, read="bigquery", write="duckdb")[0]
        values = {"start_date": START, "end_date": END, "write_range_error": bq.RANGE_ERROR_TEXT}
        connection.execute(duck, values)

    def table() -> list[tuple]:
        return connection.execute("SELECT game_id, points FROM d.t ORDER BY game_id").fetchall()

    in_range = "SELECT * FROM src WHERE game_date >= @start_date AND game_date < @end_date"
    merge(in_range)
    after_first = table()
    assert after_first == [("a", 10), ("c", 30), ("keep_after", 4), ("keep_before", 3)]
    merge(in_range)
    assert table() == after_first
    for leaky in ("SELECT * FROM src WHERE game_id = 'late' OR game_id = 'a'", "SELECT * FROM src"):
        with pytest.raises(duckdb.Error):
            merge(leaky)
        assert table() == after_first


# ---------------------------------------------------------------- the resource, against the fake service


def test_first_write_creates_dataset_and_partitioned_table_then_merges(service, warehouse):
    result = warehouse.replace_range_from_sql(
        TARGET, SQL, START, END, {"season": 2024, "unused": 1}
    )

    assert result.rows == 7 and result.seconds >= 0
    assert service.clients == [("proj", "EU", None)]
    assert service.kinds() == [
        "dry_run",
        "get_table",
        "create_dataset",
        "create",
        "get_table",
        "merge",
    ]
    dry_run = service.calls[0]
    assert "FROM dev_nba_raw.player_boxscores" in dry_run[1]
    assert params_of(dry_run[2]) == {
        "start_date": ("DATE", START),
        "end_date": ("DATE", END),
        "season": ("INT64", 2024),
    }
    dataset, exists_ok = service.calls[2][1:]
    assert (dataset.dataset_id, dataset.location, exists_ok) == ("dev_nba_analytics", "EU", True)
    create, merge = service.sent()
    assert create == bq.create_table_sql(REF, TARGET, SCHEMA)
    assert merge == bq.merge_sql(REF, "game_date", [f.name for f in SCHEMA], dry_run[1])
    assert params_of(service.config("merge")) == {
        "start_date": ("DATE", START),
        "end_date": ("DATE", END),
        "season": ("INT64", 2024),
        "write_range_error": ("STRING", bq.RANGE_ERROR_TEXT),
    }
    assert [c[1] for c in service.calls if c[0] == "get_table"] == [
        "proj.dev_nba_analytics.player_game_summary"
    ] * 2


def test_rewrite_of_an_existing_table_is_one_merge(service, warehouse):
    warehouse.replace_range_from_sql(TARGET, SQL, START, END, {"season": 2024})
    service.calls.clear()
    warehouse.replace_range_from_sql(TARGET, SQL, START, END, {"season": 2024})
    assert service.kinds() == ["dry_run", "get_table", "merge"]


def test_columns_the_select_gained_are_added_before_the_merge(service, warehouse):
    service.tables["dev_nba_analytics.player_game_summary"] = SCHEMA[:3]
    warehouse.replace_range_from_sql(TARGET, SQL, START, END, {"season": 2024})
    assert service.kinds() == ["dry_run", "get_table", "alter", "merge"]
    assert service.sent()[0] == bq.add_columns_sql(REF, SCHEMA[3:])


def test_frame_write_loads_into_staging_merges_and_drops_staging(service, warehouse):
    frame = pd.DataFrame(
        {"game_id": ["g1"], "player_lookup": ["p"], "game_date": ["2024-01-02"], "points": [3]}
    )
    result = warehouse.replace_range_from_frame(TARGET, frame, START, END)

    assert result.rows == 7
    assert service.kinds() == [
        "get_table",
        "create_dataset",
        "load",
        "dry_run",
        "get_table",
        "create_dataset",
        "create",
        "get_table",
        "merge",
        "delete_table",
    ]
    staging = service.calls[1][1]
    assert (staging.dataset_id, staging.location) == ("dev_nba_staging", "EU")
    assert staging.default_table_expiration_ms == STAGING_EXPIRATION_MS
    _, loaded, destination, config = service.calls[2]
    assert re.fullmatch(
        r"proj\.dev_nba_staging\.nba_analytics__player_game_summary__\w{12}", destination
    )
    assert config.write_disposition == bigquery.WriteDisposition.WRITE_TRUNCATE
    assert [(f.name, f.field_type) for f in config.schema] == [("game_date", "DATE")]
    assert loaded["game_date"].tolist() == [date(2024, 1, 2)]
    staging_ref = "`dev_nba_staging`.`" + destination.rsplit(".", 1)[1] + "`"
    assert service.calls[3][1] == f"SELECT * FROM {staging_ref}"
    assert f"USING (\nSELECT * FROM {staging_ref}\n) AS S" in service.sent()[-1]
    assert service.calls[-1] == ("delete_table", destination, True)


def test_frame_write_into_an_existing_table_loads_with_its_types(service, warehouse):
    service.tables["dev_nba_analytics.player_game_summary"] = SCHEMA
    frame = pd.DataFrame({"game_id": ["g1"], "game_date": [date(2024, 1, 2)], "minutes": [np.nan]})
    warehouse.replace_range_from_frame(TARGET, frame, START, END)
    config = next(c[3] for c in service.calls if c[0] == "load")
    assert [(f.name, f.field_type) for f in config.schema] == [
        ("game_id", "STRING"),
        ("game_date", "DATE"),
        ("minutes", "FLOAT"),
    ]


def test_rows_outside_the_range_are_refused_with_their_count(service, warehouse):
    service.merge_error = BadRequest(f"{bq.RANGE_ERROR_TEXT}: 2024-01-09")
    service.outside = 3
    with pytest.raises(WarehouseError) as refused:
        warehouse.replace_range_from_sql(TARGET, SQL, START, END, {"season": 2024})
    assert str(refused.value) == out_of_range_message(TARGET, 3, START, END)
    count = service.sent()[-1]
    assert count == bq.outside_count_sql("game_date", service.calls[0][1])


def test_a_refused_frame_write_still_drops_its_staging_table(service, warehouse):
    service.merge_error = BadRequest(f"{bq.RANGE_ERROR_TEXT}: NULL")
    service.outside = 1
    frame = pd.DataFrame({"game_id": ["g1"], "game_date": [None]})
    with pytest.raises(WarehouseError, match="produced 1 row"):
        warehouse.replace_range_from_frame(TARGET, frame, START, END)
    assert service.calls[-1][0] == "delete_table"


def test_other_bigquery_errors_name_the_statement_and_skip_the_count(service, warehouse):
    service.merge_error = BadRequest("Query error: Division by zero")
    with pytest.raises(WarehouseError, match=r"Division by zero \[MERGE `dev_nba_analytics`"):
        warehouse.replace_range_from_sql(TARGET, SQL, START, END, {"season": 2024})
    assert service.kinds()[-1] == "merge"


def test_a_select_without_a_date_column_writes_nothing(service, warehouse):
    service.result_schema = SCHEMA[:2]
    with pytest.raises(WarehouseError, match="no game_date column"):
        warehouse.replace_range_from_sql(TARGET, SQL, START, END, {"season": 2024})
    assert service.kinds() == ["dry_run"]


def test_query_returns_the_frame_with_prefixed_tables_and_typed_parameters(service, warehouse):
    frame = warehouse.query(
        "SELECT COUNT(*) AS n FROM nba_raw.schedule WHERE game_date = @day",
        {"day": START, "unused": "x"},
    )
    assert frame is service.frame
    _, sql, config = service.calls[0]
    assert sql == "SELECT COUNT(*) AS n FROM dev_nba_raw.schedule WHERE game_date = @day"
    assert params_of(config) == {"day": ("DATE", START)}


def test_table_exists_asks_for_the_prefixed_table(service, warehouse):
    assert not warehouse.table_exists("nba_raw", "schedule")
    service.tables["dev_nba_raw.schedule"] = SCHEMA
    assert warehouse.table_exists("nba_raw", "schedule")
    assert service.calls[-1] == ("get_table", "proj.dev_nba_raw.schedule")
    assert warehouse.kind == "bigquery"


def test_credentials_reach_the_client_through_dagster_gcp_and_are_not_shown(service):
    key = {"type": "service_account", "project_id": "proj", "private_key": "SECRET"}
    encoded = base64.b64encode(json.dumps(key).encode()).decode()
    warehouse = BigQueryWarehouse(project="proj", gcp_credentials=encoded)
    assert not warehouse.table_exists("nba_raw", "schedule")
    assert service.clients[0][:2] == ("proj", "US")
    assert json.loads(service.clients[0][2]) == key
    assert "GOOGLE_APPLICATION_CREDENTIALS" not in os.environ
    assert "SECRET" not in repr(warehouse) and encoded not in repr(warehouse)


# ---------------------------------------------------------------- the real SQL files


@pytest.mark.parametrize("path", STATEMENT_FILES, ids=lambda p: str(p.relative_to(SQL_DIR)))
def test_real_sql_files_survive_the_dataset_prefix_and_the_merge(path: Path):
    sql = sql_statement(path)
    prefixed = bq.with_dataset_prefix(sql, "dev_")
    assert bq.parameter_names(prefixed) == bq.parameter_names(sql)
    read = [t.db for t in parse(prefixed).find_all(exp.Table) if t.db]
    assert read and all(db.startswith("dev_nba_") for db in read)
    assert prefixed.replace("dev_nba_", "nba_") == parse(sql).sql(dialect="bigquery")
    merge = parse(bq.merge_sql(REF, "game_date", ["game_id", "game_date"], prefixed))
    assert isinstance(merge, exp.Merge)
