"""DuckDB warehouse: the embedded default, one file under the data dir.

DuckDB lets one process hold a file for writing at a time, so every operation
opens the file, does its work and closes it (the lock is held for seconds, not
for a run), and a busy file is retried with backoff; inside ``session()`` (one
asset step) the operations share one connection, since opening the file costs
~13 ms and a one-date step runs a dozen statements. Warehouse steps also run in
a Dagster pool with limit 1, so runs queue instead of failing on the lock.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd
from pydantic import Field, PrivateAttr

from nba_assets.warehouse.base import (
    Target,
    Warehouse,
    WarehouseError,
    WriteResult,
    out_of_range_message,
    range_params,
)
from nba_assets.warehouse.dialect import to_duckdb

if TYPE_CHECKING:
    from nba_assets.backups.store import BackupStore

_LOCK_ERROR = "Could not set lock"


class DuckDBWarehouse(Warehouse):
    path: str = Field(description="DuckDB database file; created on first use.")
    lock_timeout_seconds: float = Field(
        default=120.0, description="How long to wait for another process to release the file."
    )

    _held: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    @property
    def kind(self) -> str:
        return "duckdb"

    @contextmanager
    def session(self) -> Iterator[None]:
        if self._held is not None:
            yield
            return
        with self._open() as connection:
            self._held = connection
            try:
                yield
            finally:
                self._held = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The session's connection, or one opened (and closed) for this operation."""
        if self._held is not None:
            yield self._held
            return
        with self._open() as connection:
            yield connection

    @contextmanager
    def _open(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        deadline, pause = time.monotonic() + self.lock_timeout_seconds, 0.05
        while True:
            try:
                connection = duckdb.connect(self.path)
                break
            except duckdb.IOException as error:
                if _LOCK_ERROR not in str(error) or time.monotonic() > deadline:
                    raise WarehouseError(
                        f"{self.path}: {error}. Another process holds the DuckDB file; "
                        "stop it or wait for its run to finish."
                    ) from error
                time.sleep(pause)
                pause = min(pause * 2, 2.0)
        try:
            yield connection
        finally:
            connection.close()

    def _execute(self, connection, sql: str, params: dict[str, Any] | None = None):
        duck_sql, names = to_duckdb(sql)
        bound = {k: v for k, v in (params or {}).items() if k in names}
        missing = names - bound.keys()
        if missing:
            raise WarehouseError(f"query needs parameter(s) {sorted(missing)} that were not given")
        return connection.execute(duck_sql, bound)

    def query(self, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        with self.connect() as connection:
            return self._execute(connection, sql, params).df()

    def table_exists(self, dataset: str, name: str) -> bool:
        with self.connect() as connection:
            found = connection.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = $dataset AND table_name = $name",
                {"dataset": dataset, "name": name},
            ).fetchone()
        return bool(found and found[0])

    def export_table(self, target: Target, store: BackupStore, stem: str) -> int:
        """COPY the table to a local Parquet file, then into the store (an upload for gs://)."""
        with tempfile.TemporaryDirectory(prefix="nba-assets-backup-") as folder:
            local = Path(folder) / "table.parquet"
            with self.connect() as connection:
                rows = connection.execute(f"SELECT count(*) FROM {target.qualified}").fetchone()[0]
                connection.execute(
                    f"COPY (SELECT * FROM {target.qualified}) TO $path (FORMAT parquet)",
                    {"path": str(local)},
                )
            store.put_file(local, f"{stem}.parquet")
        return rows

    def content_hash(self, target: Target) -> str:
        with self.connect() as connection:
            rows, total = connection.execute(
                f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT) % 18446744073709551616, 0) "
                f"FROM {target.qualified} AS t"
            ).fetchone()
        return f"{rows}:{int(total):016x}"

    def replace_range_from_sql(
        self, target: Target, sql: str, start: date, end: date, params: dict[str, Any] | None = None
    ) -> WriteResult:
        def stage(connection: duckdb.DuckDBPyConnection) -> None:
            duck_sql, names = to_duckdb(sql)
            bound = {k: v for k, v in range_params(start, end, params).items() if k in names}
            connection.execute(f"CREATE TEMP TABLE _staged AS {duck_sql}", bound)

        return self._replace(target, start, end, stage)

    def replace_range_from_frame(
        self, target: Target, frame: pd.DataFrame, start: date, end: date
    ) -> WriteResult:
        def stage(connection: duckdb.DuckDBPyConnection) -> None:
            connection.register("_frame", frame)
            column = target.date_column
            try:
                connection.execute(
                    f'CREATE TEMP TABLE _staged AS SELECT * REPLACE (CAST("{column}" AS DATE) '
                    f'AS "{column}") FROM _frame'
                )
            finally:
                connection.unregister("_frame")  # a session's connection outlives the write

        return self._replace(target, start, end, stage)

    def _replace(self, target: Target, start: date, end: date, stage) -> WriteResult:
        began = time.perf_counter()
        column = f'"{target.date_column}"'
        with self.connect() as connection:
            connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{target.dataset}"')
            connection.execute("BEGIN TRANSACTION")
            try:
                stage(connection)
                outside = connection.execute(
                    f"SELECT count(*) FROM _staged WHERE {column} IS NULL "
                    f"OR {column} < $start OR {column} >= $end",
                    {"start": start, "end": end},
                ).fetchone()[0]
                if outside:
                    raise WarehouseError(out_of_range_message(target, outside, start, end))
                self._ensure_table(connection, target)
                connection.execute(
                    f"DELETE FROM {target.qualified} WHERE {column} >= $start AND {column} < $end",
                    {"start": start, "end": end},
                )
                connection.execute(f"INSERT INTO {target.qualified} BY NAME SELECT * FROM _staged")
                rows = connection.execute("SELECT count(*) FROM _staged").fetchone()[0]
                connection.execute("DROP TABLE _staged")
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return WriteResult(rows=rows, seconds=time.perf_counter() - began)

    @staticmethod
    def _ensure_table(connection: duckdb.DuckDBPyConnection, target: Target) -> None:
        """Create the table from the staged rows' types, or add columns the SQL gained."""
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {target.qualified} AS SELECT * FROM _staged LIMIT 0"
        )
        existing = {
            name
            for (name,) in connection.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = $dataset AND table_name = $name",
                {"dataset": target.dataset, "name": target.name},
            ).fetchall()
        }
        staged = connection.execute("DESCRIBE _staged").fetchall()
        for name, column_type, *_ in staged:
            if name not in existing:
                connection.execute(
                    f'ALTER TABLE {target.qualified} ADD COLUMN "{name}" {column_type}'
                )
