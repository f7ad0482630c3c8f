"""The landing archive: every response body a live source fetched, kept verbatim.

Layout under the landing root::

    <landing_root>/_archive/<source>/<endpoint>/<key>/<params-hash>@<fetch-time>.json
    <landing_root>/_archive/<source>/<endpoint>/<key>/<params-hash>.params.json

``key`` is what the request is about (a game date, or ``season-2025-26`` for a
season-wide log); the params file says which request the hash stands for. A
body is written before it is parsed, so a parse that goes wrong can be fixed
and replayed from the archive without asking the site again, and a re-landing
never re-fetches what the archive already holds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ARCHIVE_DIR = "_archive"
FETCH_TIME_FORMAT = "%Y%m%dT%H%M%S%fZ"


def params_hash(params: dict[str, Any]) -> str:
    """A short stable name for a request's parameters (order-independent)."""
    text = json.dumps({k: str(v) for k, v in params.items()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ArchivedBody:
    path: Path
    fetched_utc: datetime
    body: str


@dataclass(frozen=True)
class Archive:
    """Archived bodies of one source (``nba_api``, ``odds_api``) under a landing root."""

    landing_root: Path
    source: str

    def _folder(self, endpoint: str, key: str) -> Path:
        return self.landing_root / ARCHIVE_DIR / self.source / endpoint / key

    def save(
        self, endpoint: str, key: str, params: dict[str, Any], body: str, fetched_utc: datetime
    ) -> Path:
        """Keep one body (atomically: temp file + rename) and the request it answered."""
        folder = self._folder(endpoint, key)
        folder.mkdir(parents=True, exist_ok=True)
        digest = params_hash(params)
        described = folder / f"{digest}.params.json"
        if not described.exists():
            described.write_text(json.dumps(params, sort_keys=True, default=str, indent=1))
        path = folder / f"{digest}@{fetched_utc.astimezone(UTC).strftime(FETCH_TIME_FORMAT)}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
        return path

    def history(self, endpoint: str, key: str, params: dict[str, Any]) -> list[ArchivedBody]:
        """Every body fetched for exactly this request, oldest first."""
        fetched = sorted(self._folder(endpoint, key).glob(f"{params_hash(params)}@*.json"))
        return [
            ArchivedBody(
                path,
                datetime.strptime(path.stem.split("@", 1)[1], FETCH_TIME_FORMAT).replace(
                    tzinfo=UTC
                ),
                path.read_text(encoding="utf-8"),
            )
            for path in fetched
        ]

    def latest(self, endpoint: str, key: str, params: dict[str, Any]) -> ArchivedBody | None:
        """The most recently fetched body for exactly this request, if any."""
        history = self.history(endpoint, key, params)
        return history[-1] if history else None
