"""Where snapshots go: a local directory or ``gs://bucket/prefix``, one folder per snapshot.

The export store's atomic writes and Cloud Storage handling, plus what snapshots
need besides: uploading a file a warehouse wrote, listing any file of a folder,
listing the snapshot folders and removing one whole.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from nba_assets.exports.store import ExportStore, split_gcs


class BackupStore(ExportStore):
    """Snapshot files under ``root``, addressed as ``<snapshot>/<file>``."""

    def put_file(self, local: Path, relative: str) -> None:
        """Move a finished local file into place (atomic locally; an upload on Cloud Storage)."""
        if self.is_gcs:
            self._blob(relative).upload_from_filename(str(local))
            return
        target = Path(self.root) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # copied beside the target first: the rename is then atomic (same filesystem)
        partial = target.with_name(f".{target.name}.partial")
        shutil.copyfile(local, partial)
        os.replace(partial, target)

    def files(self, folder: str) -> list[str]:
        """Every file name directly in ``folder``, sorted."""
        if self.is_gcs:
            bucket, prefix = split_gcs(self.root)
            folder_prefix = "/".join(p for p in (prefix, folder) if p) + "/"
            blobs = self._client().list_blobs(bucket, prefix=folder_prefix, delimiter="/")
            return sorted(b.name.removeprefix(folder_prefix) for b in blobs)
        path = Path(self.root) / folder
        if not path.is_dir():
            return []
        return sorted(p.name for p in path.iterdir() if p.is_file() and not p.name.startswith("."))

    def folders(self) -> list[str]:
        """The snapshot folders directly under the root, oldest first (names sort by time)."""
        if self.is_gcs:
            bucket, prefix = split_gcs(self.root)
            root_prefix = f"{prefix}/" if prefix else ""
            pages = self._client().list_blobs(bucket, prefix=root_prefix, delimiter="/").pages
            return sorted(
                p.removeprefix(root_prefix).strip("/") for page in pages for p in page.prefixes
            )
        root = Path(self.root)
        return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []

    def remove_folder(self, folder: str) -> None:
        if self.is_gcs:
            for name in self.files(folder):
                self.delete(f"{folder}/{name}")
            return
        shutil.rmtree(Path(self.root) / folder, ignore_errors=True)
