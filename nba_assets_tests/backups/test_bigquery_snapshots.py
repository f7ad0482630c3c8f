"""BigQuery snapshots offline: the EXPORT DATA job and the counts a snapshot sends.

The service is the recording fake of warehouse/test_bigquery.py; the statements are
the real ones, parsed as BigQuery SQL.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from nba_assets.backups.store import BackupStore
from nba_assets.warehouse import WarehouseError
from nba_assets.warehouse import bigquery_snapshots as snapshots
from nba_assets_tests.warehouse import test_bigquery as fake
from nba_assets_tests.warehouse.test_bigquery import REF, TARGET, FakeService, params_of

service, warehouse = fake.service, fake.warehouse  # the recording fake's fixtures

STORE = BackupStore(root="gs://nba-backups/prod")
STEM = "2026-12-04T040000Z/nba_analytics.player_game_summary"


def test_export_statement_is_parquet_files_in_the_bucket_as_of_one_instant() -> None:
    uri = snapshots.export_uri(STORE.location(STEM))
    assert (
        uri
        == "gs://nba-backups/prod/2026-12-04T040000Z/nba_analytics.player_game_summary.*.parquet"
    )
    assert snapshots.export_sql(REF, uri) == (
        f"EXPORT DATA OPTIONS (uri = '{uri}', format = 'PARQUET', overwrite = true) AS\n"
        f"SELECT * FROM {REF} FOR SYSTEM_TIME AS OF @snapshot_time"
    )
    assert snapshots.count_sql(REF) == (
        f"SELECT COUNT(*) AS row_count FROM {REF} FOR SYSTEM_TIME AS OF @snapshot_time"
    )


@pytest.mark.parametrize("root", ["/var/backups", "gs://b/it's", "gs://b/a*"])
def test_a_local_or_unsafe_root_is_refused(root: str) -> None:
    with pytest.raises(WarehouseError, match="gs:// backup root"):
        snapshots.export_uri(f"{root}/x")


def test_a_snapshot_counts_then_exports_at_the_same_instant(
    service: FakeService,
    warehouse,
) -> None:
    service.frame = pd.DataFrame({"row_count": [13020]})
    rows = warehouse.export_table(TARGET, STORE, STEM)
    assert rows == 13020
    count, export = service.sent()  # both parse as BigQuery SQL
    assert count == snapshots.count_sql(REF)
    assert export == snapshots.export_sql(REF, snapshots.export_uri(STORE.location(STEM)))
    configs = [c[2] for c in service.calls if c[0] == "query"]
    instants = [params_of(c)["snapshot_time"] for c in configs]
    assert instants[0] == instants[1] and instants[0][0] == "TIMESTAMP"
    assert isinstance(instants[0][1], datetime)


def test_the_content_hash_is_a_count_and_a_fingerprint_sum(
    service: FakeService,
    warehouse,
) -> None:
    service.frame = pd.DataFrame({"row_count": [3], "total": [-12345678901234567890]})
    assert warehouse.content_hash(TARGET) == "3:-12345678901234567890"
    [statement] = service.sent()
    assert statement == (
        "SELECT COUNT(*) AS row_count,\n"
        "  COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS total\n"
        f"FROM {REF} AS t"
    )
