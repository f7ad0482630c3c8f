"""The reviewed alias file (``player_aliases.yaml``): names that only a person can vouch for.

Generated variants cover spelling (``player_names.py``); a nickname, a given name or a
transliteration needs someone to check the person id, so those live in a file under
review, each with the source that writes the name and the reason it differs.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml

ALIAS_FILE = Path(str(files("nba_assets.sources") / "player_aliases.yaml"))  # package data


class AliasFileError(ValueError):
    """An alias file entry that cannot be used; the message names the file, entry and field."""


@dataclass(frozen=True)
class AliasEntry:
    player_id: str
    nba_name: str
    alias: str
    source: str
    reason: str


FIELDS = tuple(f.name for f in fields(AliasEntry))


def _entry(path: Path, number: int, raw: object) -> AliasEntry:
    where = f"{path}: entry {number}"
    if not isinstance(raw, dict):
        raise AliasFileError(f"{where}: expected a mapping with {', '.join(FIELDS)}")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise AliasFileError(f"{where}: unknown field(s) {', '.join(unknown)}")
    values = {name: str(raw.get(name) or "").strip() for name in FIELDS}
    empty = [name for name, value in values.items() if not value]
    if empty:
        raise AliasFileError(f"{where}: {', '.join(empty)} missing (every field is required)")
    return AliasEntry(**values)


@lru_cache(maxsize=8)
def load_aliases(path: Path = ALIAS_FILE) -> tuple[AliasEntry, ...]:
    """Every entry of the file, validated; the same (player, alias) twice is an error."""
    raw = yaml.safe_load(path.read_text()) or []
    if not isinstance(raw, list):
        raise AliasFileError(f"{path}: expected a list of entries")
    entries = tuple(_entry(path, i + 1, item) for i, item in enumerate(raw))
    seen: set[tuple[str, str]] = set()
    for number, entry in enumerate(entries, start=1):
        pair = (entry.player_id, entry.alias)
        if pair in seen:
            raise AliasFileError(f"{path}: entry {number} repeats alias {entry.alias!r}")
        seen.add(pair)
    return entries
