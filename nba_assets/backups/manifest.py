"""A snapshot's manifest: what it holds, and the proof its files are the ones written.

Written last, so a folder without ``manifest.json`` is an unfinished snapshot. Each
table lists its files with their size and sha256 (checked before any restore),
its row count and the warehouse's content hash of the table when it was copied
(checked after a full restore).
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass, field

import pyarrow.parquet as pq

from nba_assets.backups.store import BackupStore

MANIFEST = "manifest.json"


class SnapshotError(RuntimeError):
    """A snapshot is missing, unfinished or does not match its manifest; nothing was restored."""


@dataclass(frozen=True)
class SnapshotFile:
    name: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class TableEntry:
    path: str  # dataset/name
    date_column: str
    rows: int
    content_hash: str
    seconds: float
    files: tuple[SnapshotFile, ...]

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)


@dataclass(frozen=True)
class Manifest:
    snapshot: str
    created_at: str
    warehouse: str  # duckdb or bigquery: content hashes compare within one kind only
    code_version: str
    seconds: float
    tables: tuple[TableEntry, ...] = field(default_factory=tuple)

    def table(self, path: str) -> TableEntry:
        for entry in self.tables:
            if entry.path == path:
                return entry
        names = ", ".join(e.path for e in self.tables)
        raise SnapshotError(f"snapshot {self.snapshot} has no table {path}; it has: {names}")

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), indent=2) + "\n").encode()

    @classmethod
    def from_json(cls, text: bytes) -> Manifest:
        raw = json.loads(text)
        tables = tuple(
            TableEntry(**{**t, "files": tuple(SnapshotFile(**f) for f in t["files"])})
            for t in raw.pop("tables")
        )
        return cls(**raw, tables=tables)


def describe_file(name: str, content: bytes) -> SnapshotFile:
    return SnapshotFile(name=name, bytes=len(content), sha256=hashlib.sha256(content).hexdigest())


LATEST = "latest"


def finished_snapshots(store: BackupStore) -> list[str]:
    """Snapshot folders with a manifest, oldest first."""
    return [folder for folder in store.folders() if MANIFEST in store.files(folder)]


def read_manifest(store: BackupStore, snapshot: str) -> Manifest:
    """The manifest of ``snapshot`` (a folder name, or ``latest``: the newest finished one)."""
    if snapshot == LATEST:
        finished = finished_snapshots(store)
        if not finished:
            raise SnapshotError(f"{store.root}: no finished snapshot yet (`nba-assets backup`)")
        snapshot = finished[-1]
    content = store.read(f"{snapshot}/{MANIFEST}")
    if content is None:
        known = ", ".join(store.folders()) or "none"
        raise SnapshotError(
            f"{store.location(snapshot)}: no {MANIFEST} (an unfinished or unknown snapshot); "
            f"snapshots under {store.root}: {known}"
        )
    return Manifest.from_json(content)


def verified_files(store: BackupStore, manifest: Manifest, entry: TableEntry) -> list[bytes]:
    """The table's files, each checked against the manifest (size, sha256, rows in total)."""
    contents, rows = [], 0
    for expected in entry.files:
        relative = f"{manifest.snapshot}/{expected.name}"
        content = store.read(relative)
        if content is None:
            raise SnapshotError(f"{store.location(relative)}: listed in the manifest, missing")
        if describe_file(expected.name, content) != expected:
            raise SnapshotError(
                f"{store.location(relative)}: does not match the manifest (size or sha256 differ); "
                "the snapshot was changed after it was written: restore from another one"
            )
        rows += pq.ParquetFile(io.BytesIO(content)).metadata.num_rows
        contents.append(content)
    if rows != entry.rows:
        raise SnapshotError(
            f"snapshot {manifest.snapshot}, {entry.path}: the files hold {rows} rows, "
            f"the manifest says {entry.rows}"
        )
    return contents
