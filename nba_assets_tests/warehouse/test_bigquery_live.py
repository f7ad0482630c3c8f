"""BigQueryWarehouse against real BigQuery, in throwaway datasets (skipped without a project).

Set ``NBA_ASSETS_BQ_PROJECT`` and credentials (``NBA_ASSETS_GCP_CREDENTIALS`` =
base64 service-account JSON, or ``GOOGLE_APPLICATION_CREDENTIALS``, or gcloud
application-default credentials). Everything is written under a random
``dev_<hex>_`` dataset prefix and deleted afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from dagster_gcp import BigQueryResource

from nba_assets.warehouse import Target, WarehouseError
from nba_assets.warehouse.base import out_of_range_message
from nba_assets.warehouse.bigquery import BigQueryWarehouse

PROJECT = os.environ.get("NBA_ASSETS_BQ_PROJECT", "")
CREDENTIALS = os.environ.get("NBA_ASSETS_GCP_CREDENTIALS") or None
LOCATION = os.environ.get("NBA_ASSETS_BQ_LOCATION") or "US"
HAS_CREDENTIALS = bool(
    CREDENTIALS
    or os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    or (Path.home() / ".config/gcloud/application_default_credentials.json").exists()
)

pytestmark = pytest.mark.skipif(
    not (PROJECT and HAS_CREDENTIALS),
    reason="live BigQuery test: set NBA_ASSETS_BQ_PROJECT and credentials "
    "(NBA_ASSETS_GCP_CREDENTIALS, GOOGLE_APPLICATION_CREDENTIALS or gcloud ADC)",
)

DATASET = "nba_live_test"
JAN_1, JAN_2, JAN_3 = date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)
ALL_ROWS = """
SELECT game_id, game_date, points
FROM UNNEST([
  STRUCT('g1' AS game_id, DATE '2024-01-01' AS game_date, 10 AS points),
  STRUCT('g2', DATE '2024-01-02', 20),
  STRUCT('g3', DATE '2024-01-02', 30),
  STRUCT('g9', DATE '2024-01-05', 90)
])
"""
IN_RANGE = ALL_ROWS + "WHERE game_date >= @start_date AND game_date < @end_date\n"


def _resource() -> BigQueryResource:
    return BigQueryResource(project=PROJECT, location=LOCATION, gcp_credentials=CREDENTIALS)


@pytest.fixture(scope="module")
def warehouse() -> Iterator[BigQueryWarehouse]:
    prefix = f"dev_{uuid.uuid4().hex[:8]}_"
    yield BigQueryWarehouse(
        project=PROJECT, location=LOCATION, gcp_credentials=CREDENTIALS, dataset_prefix=prefix
    )
    with _resource().get_client() as client:
        for dataset in (DATASET, "nba_staging"):
            client.delete_dataset(
                f"{PROJECT}.{prefix}{dataset}", delete_contents=True, not_found_ok=True
            )


def target(name: str) -> Target:
    return Target(DATASET, name, "game_date", ("game_id",))


def rows(warehouse: BigQueryWarehouse, table: Target) -> list[tuple[str, str, int]]:
    frame = warehouse.query(
        f"SELECT game_id, CAST(game_date AS STRING) AS day, points FROM {table.qualified} "
        "ORDER BY game_id"
    )
    return [(g, d, int(p)) for g, d, p in frame.itertuples(index=False, name=None)]


def test_range_writes_replace_exactly_their_range(warehouse: BigQueryWarehouse):
    table = target("replaced")
    assert not warehouse.table_exists(DATASET, table.name)
    for _ in range(2):
        written = warehouse.replace_range_from_sql(table, IN_RANGE, JAN_1, JAN_3)
        assert written.rows == 3
        assert rows(warehouse, table) == [
            ("g1", "2024-01-01", 10),
            ("g2", "2024-01-02", 20),
            ("g3", "2024-01-02", 30),
        ]

    with _resource().get_client() as client:
        created = client.get_table(f"{PROJECT}.{warehouse.dataset_prefix}{table.qualified}")
    assert created.time_partitioning.field == "game_date"
    assert created.clustering_fields == ["game_id"]

    frame = pd.DataFrame({"game_id": ["g2"], "game_date": [JAN_2], "points": [25]})
    for _ in range(2):
        assert warehouse.replace_range_from_frame(table, frame, JAN_2, JAN_3).rows == 1
        assert rows(warehouse, table) == [("g1", "2024-01-01", 10), ("g2", "2024-01-02", 25)]

    with pytest.raises(WarehouseError) as refused:
        warehouse.replace_range_from_sql(table, ALL_ROWS, JAN_1, JAN_3)
    assert str(refused.value) == out_of_range_message(table, 1, JAN_1, JAN_3)
    assert rows(warehouse, table) == [("g1", "2024-01-01", 10), ("g2", "2024-01-02", 25)]


def test_a_new_column_is_added_and_older_rows_keep_null(warehouse: BigQueryWarehouse):
    table = target("widened")
    warehouse.replace_range_from_sql(table, IN_RANGE, JAN_1, JAN_3)
    with_minutes = f"SELECT *, points / 10 AS minutes FROM (\n{IN_RANGE})"
    assert warehouse.replace_range_from_sql(table, with_minutes, JAN_1, JAN_2).rows == 1
    frame = warehouse.query(f"SELECT game_id, minutes FROM {table.qualified} ORDER BY game_id")
    assert frame["game_id"].tolist() == ["g1", "g2", "g3"]
    assert frame["minutes"].iloc[0] == 1.0
    assert frame["minutes"].iloc[1:].isna().all()
    duplicates = warehouse.query(
        f"SELECT game_id FROM {table.qualified} GROUP BY game_id HAVING COUNT(*) > 1"
    )
    assert duplicates.empty
