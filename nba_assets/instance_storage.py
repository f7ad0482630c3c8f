"""The local instance's SQLite storage, created by one process at a time.

Two commands started together on a fresh DAGSTER_HOME (a schedule tick and a shell run,
two terminals, a script) both find no tables, both create them and both stamp the
schema version: one dies with ``UNIQUE constraint failed: alembic_version.version_num``.
This is Dagster's own SQLite storage with its opening (creation and migration checks)
serialized by a file lock in DAGSTER_HOME; once the tables exist the lock costs a
millisecond. dagster.yaml selects it; Postgres (deploy/) needs nothing of the kind.
"""

from __future__ import annotations

import os

from dagster._core.storage.sqlite_storage import DagsterSqliteStorage
from dagster._serdes import ConfigurableClassData
from filelock import FileLock


class LockedSqliteStorage(DagsterSqliteStorage):
    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        os.makedirs(base_dir, exist_ok=True)
        with FileLock(os.path.join(base_dir, ".storage.lock")):
            super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(  # the parent's builds a DagsterSqliteStorage by name
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, str]
    ) -> LockedSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)
