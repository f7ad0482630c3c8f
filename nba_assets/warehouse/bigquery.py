"""BigQuery warehouse: the production implementation of the range-replace interface.

A write is one ``MERGE ... ON FALSE`` (see ``bigquery_statements.merge_sql``):
BigQuery applies it atomically, so a range is swapped whole or not at all, and
re-running it gives the same table. Rows only arrive through query jobs or batch
load jobs, never streaming inserts (rows still in the streaming buffer can't be
replaced by DML). Tables are partitioned by their date column and clustered by
their key.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd
from dagster_gcp import BigQueryResource
from google.api_core.exceptions import GoogleAPICallError, NotFound
from google.cloud import bigquery
from pydantic import Field

from nba_assets.warehouse import bigquery_snapshots as snapshots
from nba_assets.warehouse import bigquery_statements as bq
from nba_assets.warehouse.base import (
    Target,
    Warehouse,
    WarehouseError,
    WriteResult,
    out_of_range_message,
    range_params,
)

if TYPE_CHECKING:
    from nba_assets.backups.store import BackupStore

# Staging tables are dropped after each write; the dataset default expiry removes
# the ones a killed run left behind.
STAGING_EXPIRATION_MS = 24 * 3600 * 1000


class BigQueryWarehouse(Warehouse):
    project: str = Field(description="GCP project that runs the jobs and holds the datasets.")
    location: str = Field(default="US", description="Location of jobs and new datasets.")
    gcp_credentials: str | None = Field(
        default=None,
        repr=False,
        description="Base64 service-account JSON; empty = application default credentials.",
    )
    dataset_prefix: str = Field(
        default="",
        description="Prepended to every dataset (written and read), e.g. 'dev_' for a sandbox.",
    )
    staging_dataset: str = Field(
        default="nba_staging", description="Dataset for the short-lived tables frame writes load."
    )

    @property
    def kind(self) -> str:
        return "bigquery"

    @contextmanager
    def _client(self) -> Iterator[bigquery.Client]:
        resource = BigQueryResource(
            project=self.project,
            location=self.location,
            gcp_credentials=self.gcp_credentials or None,
        )
        with resource.get_client() as client:
            try:
                yield client
            except GoogleAPICallError as error:  # dataset, table and load calls
                raise WarehouseError(f"BigQuery ({self.project}): {error.message}") from error

    def _dataset(self, dataset: str) -> str:
        return f"{self.dataset_prefix}{dataset}"

    def _ref(self, dataset: str, name: str) -> str:
        return bq.table_ref(self._dataset(dataset), name)

    def _table_id(self, dataset: str, name: str) -> str:
        return f"{self.project}.{self._dataset(dataset)}.{name}"

    def _run(
        self,
        client: bigquery.Client,
        sql: str,
        params: Mapping[str, Any],
        *,
        dry_run: bool = False,
    ) -> bigquery.QueryJob:
        config = bq.query_config(sql, params, dry_run=dry_run)
        try:
            job = client.query(sql, job_config=config)
            if not dry_run:
                job.result()
        except GoogleAPICallError as error:
            first_line = sql.strip().splitlines()[0]
            raise WarehouseError(
                f"BigQuery ({self.project}): {error.message} [{first_line}]"
            ) from error
        return job

    def _find_table(self, client: bigquery.Client, table_id: str) -> bigquery.Table | None:
        try:
            return client.get_table(table_id)
        except NotFound:
            return None

    def _create_dataset(
        self, client: bigquery.Client, name: str, expiration_ms: int | None = None
    ) -> None:
        dataset = bigquery.Dataset(f"{self.project}.{name}")
        dataset.location = self.location
        dataset.default_table_expiration_ms = expiration_ms
        client.create_dataset(dataset, exists_ok=True)

    def query(self, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        sql = bq.with_dataset_prefix(sql, self.dataset_prefix)
        with self._client() as client:
            return self._run(client, sql, params or {}).to_dataframe()

    def table_exists(self, dataset: str, name: str) -> bool:
        with self._client() as client:
            return self._find_table(client, self._table_id(dataset, name)) is not None

    def export_table(self, target: Target, store: BackupStore, stem: str) -> int:
        """An EXPORT DATA job to the backup bucket; the count read as of the same instant."""
        uri = snapshots.export_uri(store.location(stem))
        ref = self._ref(target.dataset, target.name)
        as_of = {snapshots.AS_OF_PARAM: datetime.now(UTC)}
        with self._client() as client:
            counted = self._run(client, snapshots.count_sql(ref), as_of).to_dataframe()
            self._run(client, snapshots.export_sql(ref, uri), as_of)
        return int(counted["row_count"].iloc[0])

    def content_hash(self, target: Target) -> str:
        ref = self._ref(target.dataset, target.name)
        with self._client() as client:
            found = self._run(client, snapshots.content_hash_sql(ref), {}).to_dataframe()
        return f"{int(found['row_count'].iloc[0])}:{found['total'].iloc[0]}"

    def replace_range_from_sql(
        self, target: Target, sql: str, start: date, end: date, params: dict[str, Any] | None = None
    ) -> WriteResult:
        began = time.perf_counter()
        select = bq.with_dataset_prefix(sql, self.dataset_prefix)
        with self._client() as client:
            rows = self._merge(client, target, select, range_params(start, end, params), start, end)
        return WriteResult(rows=rows, seconds=time.perf_counter() - began)

    def replace_range_from_frame(
        self, target: Target, frame: pd.DataFrame, start: date, end: date
    ) -> WriteResult:
        """Batch-load the frame into a staging table, then the same MERGE from it."""
        began = time.perf_counter()
        rows = bq.frame_for_load(frame, target.date_column)
        staging = bq.staging_name(target)
        staging_id = self._table_id(self.staging_dataset, staging)
        with self._client() as client:
            existing = self._find_table(client, self._table_id(target.dataset, target.name))
            schema = bq.load_schema(rows, target.date_column, existing.schema if existing else ())
            self._create_dataset(client, self._dataset(self.staging_dataset), STAGING_EXPIRATION_MS)
            try:
                client.load_table_from_dataframe(
                    rows, staging_id, job_config=bq.load_config(schema)
                ).result()
                select = bq.select_all_sql(self._ref(self.staging_dataset, staging))
                params = range_params(start, end)
                written = self._merge(client, target, select, params, start, end)
            finally:
                client.delete_table(staging_id, not_found_ok=True)
        return WriteResult(rows=written, seconds=time.perf_counter() - began)

    def _merge(
        self,
        client: bigquery.Client,
        target: Target,
        select: str,
        params: dict[str, Any],
        start: date,
        end: date,
    ) -> int:
        """Replace ``[start, end)`` of ``target`` with the rows of ``select``; rows inserted."""
        schema = self._run(client, select, params, dry_run=True).schema or []
        bq.require_date_column(target, schema)
        self._ensure_table(client, target, schema)
        statement = bq.merge_sql(
            self._ref(target.dataset, target.name),
            target.date_column,
            [f.name for f in schema],
            select,
        )
        try:
            job = self._run(
                client, statement, {**params, bq.RANGE_ERROR_PARAM: bq.RANGE_ERROR_TEXT}
            )
        except WarehouseError as error:
            if bq.RANGE_ERROR_TEXT not in str(error):
                raise
            counted = self._run(client, bq.outside_count_sql(target.date_column, select), params)
            outside = int(counted.to_dataframe()["outside"].iloc[0])
            raise WarehouseError(out_of_range_message(target, outside, start, end)) from error
        stats = job.dml_stats
        return stats.inserted_row_count if stats else 0

    def _ensure_table(
        self, client: bigquery.Client, target: Target, schema: list[bigquery.SchemaField]
    ) -> None:
        """Create the table (partitioned, clustered) on first write; add columns the rows gained."""
        table_id = self._table_id(target.dataset, target.name)
        ref = self._ref(target.dataset, target.name)
        table = self._find_table(client, table_id)
        if table is None:
            self._create_dataset(client, self._dataset(target.dataset))
            self._run(client, bq.create_table_sql(ref, target, schema), {})
            table = client.get_table(table_id)
        missing = bq.missing_columns(schema, table.schema)
        if missing:
            self._run(client, bq.add_columns_sql(ref, missing), {})
