"""DuckDB warehouse: the embedded default, one file under the data dir.

DuckDB lets one process hold a file for writing at a time, so every operation
opens the file, does its work and closes it (the lock is held for seconds, not
for a run), and a busy file is retried with backoff; inside ``session()`` (one
asset step) the operations share one connection, since opening the file costs
~13 ms and a one-date step runs a dozen statements. Warehouse steps also run in
a Dagster pool with limit 1, so runs queue instead of failing on the lock.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd
from pydantic import Field, PrivateAttr

from nba_assets.partitions import date_chunks
from nba_assets.warehouse.base import (
    Target,
    Warehouse,
    WarehouseError,
    WriteResult,
    out_of_range_message,
    range_params,
)
from nba_assets.warehouse.dialect import to_duckdb

log = logging.getLogger(__name__)  # shown in the run's logs (dagster.yaml python_logs)

if TYPE_CHECKING:
    from nba_assets.backups.store import BackupStore

_LOCK_ERROR = "Could not set lock"
Stage = Callable[[duckdb.DuckDBPyConnection], object]  # stages one piece of a write as _staged


class DuckDBWarehouse(Warehouse):
    path: str = Field(description="DuckDB database file; created on first use.")
    lock_timeout_seconds: float = Field(
        default=120.0, description="How long to wait for another process to release the file."
    )
    memory_limit: str = Field(
        default="300MB",
        description="DuckDB's memory_limit: beyond it, large sorts and joins spill to disk "
        "(DuckDB's default, 80 % of RAM, lets one ranged step hold gigabytes).",
    )
    sql_chunk_days: int = Field(
        default=120,
        description="A range's SQL runs this many days at a time (memory stays bounded).",
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
                connection = duckdb.connect(self.path, config={"memory_limit": self.memory_limit})
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
        """Run ``sql_chunk_days`` at a time (a statement's rows for [a, b) are the same in any
        range: it reads the history it needs itself), inside one atomic replace of the range."""
        duck_sql, names = to_duckdb(sql)

        def chunks() -> Iterator[Stage]:
            for chunk_start, chunk_end in date_chunks(start, end, self.sql_chunk_days):
                values = range_params(chunk_start, chunk_end, params)
                bound = {k: v for k, v in values.items() if k in names}
                yield lambda c, b=bound: c.execute(f"CREATE TEMP TABLE _staged AS {duck_sql}", b)

        return self._replace(target, start, end, chunks())

    def replace_range_from_frame(
        self, target: Target, frame: pd.DataFrame, start: date, end: date
    ) -> WriteResult:
        return self.replace_range_from_frames(target, [frame], start, end)

    def replace_range_from_frames(
        self, target: Target, frames: Iterable[pd.DataFrame], start: date, end: date
    ) -> WriteResult:
        column = target.date_column

        def stage(connection: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
            connection.register("_frame", frame)
            try:
                connection.execute(
                    f'CREATE TEMP TABLE _staged AS SELECT * REPLACE (CAST("{column}" AS DATE) '
                    f'AS "{column}") FROM _frame'
                )
            finally:
                connection.unregister("_frame")  # a session's connection outlives the write

        return self._replace(target, start, end, (partial(stage, frame=f) for f in frames))

    def _replace(
        self, target: Target, start: date, end: date, stages: Iterable[Stage]
    ) -> WriteResult:
        """Each piece staged (``_staged``), checked to lie in the range and appended to a scratch
        table in the file (committed piece by piece: the rows in memory are a piece's, not the
        range's); then one transaction deletes the range and inserts the scratch table. Until
        that commits the table is untouched; a failure anywhere leaves it as it was. A range longer
        than a day logs a line per piece: a season's write is never silent for long."""
        began = time.perf_counter()
        column = f'"{target.date_column}"'
        scratch = f'_scratch."{target.dataset}__{target.name}"'
        with self.connect() as connection:
            connection.execute(f'CREATE SCHEMA IF NOT EXISTS "{target.dataset}"')
            connection.execute("CREATE SCHEMA IF NOT EXISTS _scratch")
            connection.execute(f"DROP TABLE IF EXISTS {scratch}")
            try:
                for stage in stages:
                    stage(connection)
                    outside = connection.execute(
                        f"SELECT count(*) FROM _staged WHERE {column} IS NULL "
                        f"OR {column} < $start OR {column} >= $end",
                        {"start": start, "end": end},
                    ).fetchone()[0]
                    if outside:
                        raise WarehouseError(out_of_range_message(target, outside, start, end))
                    connection.execute(
                        f"CREATE TABLE IF NOT EXISTS {scratch} AS FROM _staged LIMIT 0"
                    )
                    self._type_null_columns(connection, scratch)
                    connection.execute(f"INSERT INTO {scratch} BY NAME FROM _staged")
                    connection.execute("DROP TABLE _staged")
                    if (end - start).days > 1:
                        (staged,) = connection.execute(
                            f"SELECT count(*) FROM {scratch}"
                        ).fetchall()[0]
                        seconds = time.perf_counter() - began
                        log.info(f"{target.qualified}: {staged:,} rows staged ({seconds:.1f}s)")
                connection.execute("BEGIN TRANSACTION")
                try:
                    self._ensure_table(connection, target, scratch)
                    connection.execute(
                        f"DELETE FROM {target.qualified} "
                        f"WHERE {column} >= $start AND {column} < $end",
                        {"start": start, "end": end},
                    )
                    connection.execute(f"INSERT INTO {target.qualified} BY NAME FROM {scratch}")
                    rows = connection.execute(f"SELECT count(*) FROM {scratch}").fetchone()[0]
                    connection.execute("COMMIT")
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
            finally:
                connection.execute("DROP TABLE IF EXISTS _staged")
                connection.execute(f"DROP TABLE IF EXISTS {scratch}")
        return WriteResult(rows=rows, seconds=time.perf_counter() - began)

    @staticmethod
    def _type_null_columns(connection: duckdb.DuckDBPyConnection, scratch: str) -> None:
        """A column that was all NULL in the pieces so far has DuckDB's NULL type: it takes the
        type of the first piece that has values (a month without a priced book, then one with)."""
        known = {
            name: kind for name, kind, *_ in connection.execute(f"DESCRIBE {scratch}").fetchall()
        }
        for name, kind, *_ in connection.execute("DESCRIBE _staged").fetchall():
            if known.get(name) == '"NULL"' and kind != '"NULL"':
                connection.execute(f'ALTER TABLE {scratch} ALTER COLUMN "{name}" TYPE {kind}')

    @staticmethod
    def _ensure_table(connection: duckdb.DuckDBPyConnection, target: Target, rows: str) -> None:
        """Create the table from the new rows' types, or add columns the SQL gained."""
        connection.execute(f"CREATE TABLE IF NOT EXISTS {target.qualified} AS FROM {rows} LIMIT 0")
        existing = {
            name
            for (name,) in connection.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = $dataset AND table_name = $name",
                {"dataset": target.dataset, "name": target.name},
            ).fetchall()
        }
        staged = connection.execute(f"DESCRIBE {rows}").fetchall()
        for name, column_type, *_ in staged:
            if name not in existing:
                connection.execute(
                    f'ALTER TABLE {target.qualified} ADD COLUMN "{name}" {column_type}'
                )
