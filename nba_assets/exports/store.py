"""Where export files go: a local directory (default) or a ``gs://bucket/prefix``.

Writes are atomic: a reader sees the old file or the new one, never half of one.
Locally a file is written beside its target and renamed over it (``os.replace``);
on Cloud Storage an object only becomes visible once its upload completes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from dagster import ConfigurableResource
from pydantic import Field, PrivateAttr

GCS_SCHEME = "gs://"


def split_gcs(root: str) -> tuple[str, str]:
    """``gs://bucket/a/b`` -> (``bucket``, ``a/b``)."""
    bucket, _, prefix = root.removeprefix(GCS_SCHEME).partition("/")
    if not bucket:
        raise ValueError(f"{root!r}: a gs:// export root needs a bucket (gs://bucket/prefix)")
    return bucket, prefix.strip("/")


class ExportStore(ConfigurableResource):
    """Export files under ``root``, addressed by relative paths like ``predictions/2022-01-04.json``."""

    root: str = Field(description="A local directory or gs://bucket/prefix")
    gcp_project: str | None = Field(default=None, description="Project for gs:// roots")
    _gcs: Any = PrivateAttr(default=None)  # one storage client per resource, made on first use

    @property
    def is_gcs(self) -> bool:
        return self.root.startswith(GCS_SCHEME)

    def write(self, relative: str, content: bytes) -> None:
        if self.is_gcs:
            self._blob(relative).upload_from_string(content, content_type="application/json")
            return
        target = Path(self.root) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, relative: str) -> bytes | None:
        if self.is_gcs:
            blob = self._blob(relative)
            return blob.download_as_bytes() if blob.exists() else None
        path = Path(self.root) / relative
        return path.read_bytes() if path.exists() else None

    def exists(self, relative: str) -> bool:
        if self.is_gcs:
            return self._blob(relative).exists()
        return (Path(self.root) / relative).exists()

    def delete(self, relative: str) -> None:
        if self.is_gcs:
            from google.api_core.exceptions import NotFound

            with contextlib.suppress(NotFound):
                self._blob(relative).delete()
            return
        (Path(self.root) / relative).unlink(missing_ok=True)

    def names(self, folder: str) -> list[str]:
        """File names directly in ``folder`` (temporary files excluded)."""
        if self.is_gcs:
            bucket_name, prefix = split_gcs(self.root)
            folder_prefix = "/".join(p for p in (prefix, folder) if p) + "/"
            blobs = self._client().list_blobs(bucket_name, prefix=folder_prefix, delimiter="/")
            return sorted(b.name.removeprefix(folder_prefix) for b in blobs)
        path = Path(self.root) / folder
        return sorted(p.name for p in path.glob("*.json")) if path.is_dir() else []

    def location(self, relative: str) -> str:
        return f"{self.root.rstrip('/')}/{relative}"

    def _client(self):
        if self._gcs is None:
            from dagster_gcp import GCSResource

            self._gcs = GCSResource(project=self.gcp_project).get_client()
        return self._gcs

    def _blob(self, relative: str):
        bucket_name, prefix = split_gcs(self.root)
        name = "/".join(p for p in (prefix, relative) if p)
        return self._client().bucket(bucket_name).blob(name)
