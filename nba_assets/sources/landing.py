"""The landing format: what every source delivers, one CSV per feed per game date.

Layout under a source's landing root::

    <landing_root>/<feed>/<YYYY-MM-DD>.csv

Each file holds the rows of one feed for games on that (US-Eastern) date, as
text exactly as the source sent them; parsing, typing and id normalisation
happen in the raw assets, so a payload is fetched once and can be re-parsed any
number of times. The columns of each feed are declared below (and listed in
README "Landing format"); extra columns are ignored, a missing declared column
makes the file unreadable (a clear error naming file and column).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pandas as pd

from nba_assets.sources.plausibility import PLAYER_MOST, TEAM_MOST

Kind = Literal["text", "int", "float", "date", "timestamp", "minutes", "team", "flag"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = True
    non_negative: bool = False
    choices: tuple[str, ...] = ()  # allowed values (lower case) for text columns


def _stats(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, "int", non_negative=True) for n in names)


BOX_STATS = _stats(
    "points",
    "fgm",
    "fga",
    "fg3m",
    "fg3a",
    "ftm",
    "fta",
    "oreb",
    "dreb",
    "ast",
    "stl",
    "blk",
    "tov",
    "pf",
)

INJURY_STATUSES = ("out", "doubtful", "questionable", "probable", "available")

GAME = (
    Column("nba_game_id", "text", required=False),
    Column("game_date", "date"),
    Column("away_team", "team"),
    Column("home_team", "team"),
)


@dataclass(frozen=True)
class Feed:
    """One landing feed and the raw table it becomes."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # canonical key in the raw table (after ids are derived)
    has_player: bool = False  # derive player_lookup from player_name
    # the largest plausible value per numeric column (plausibility.py: with the identities
    # between made and attempted shots and points, breaking one quarantines the row)
    most: Mapping[str, float] = field(default_factory=dict)
    # the pipeline runs without it (what it feeds falls back to defaults or NO_LINE), so a
    # deployment may declare it absent in its check policy; schedule and box scores are not
    optional: bool = False
    # ...through the player registry (a source's own spelling, no person id): the NBA's
    # feeds carry its names, every other feed's names must resolve or are quarantined
    resolves_names: bool = False

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


FEEDS: dict[str, Feed] = {
    feed.name: feed
    for feed in (
        Feed(
            "schedule",
            (
                *GAME,
                Column("season_year", "int"),
                Column("season_type", "text", choices=("regular", "playin", "playoffs")),
                Column("tipoff_utc", "timestamp"),
                Column("game_status", "text", choices=("scheduled", "final")),
                Column("away_score", "int", required=False, non_negative=True),
                Column("home_score", "int", required=False, non_negative=True),
            ),
            key=("game_id",),
        ),
        Feed(
            "player_boxscores",
            (
                *GAME,
                Column("team", "team"),
                Column("player_id", "text", required=False),
                Column("player_name", "text"),
                Column("status", "text", choices=("active", "dnp", "inactive")),
                Column("dnp_reason", "text", required=False),
                Column("starter", "flag"),
                Column("minutes", "minutes", required=False, non_negative=True),
                *(Column(c.name, "int", required=False, non_negative=True) for c in BOX_STATS),
                Column("plus_minus", "int", required=False),
            ),
            key=("game_id", "player_lookup"),
            has_player=True,
            most=PLAYER_MOST,
        ),
        Feed(
            "rosters",
            (
                *GAME,
                Column("team", "team"),
                Column("player_id", "text"),
                Column("player_name", "text"),
            ),
            key=("game_id", "player_id"),
            has_player=True,
            optional=True,  # the registry falls back to box scores and the alias file
        ),
        Feed(
            "team_boxscores",
            (
                *GAME,
                Column("team", "team"),
                # team player-minutes: 240:00, 265:00 with one OT
                Column("minutes", "minutes", non_negative=True),
                *BOX_STATS,
                Column("team_rebounds", "int", required=False, non_negative=True),
                Column("team_turnovers", "int", required=False, non_negative=True),
            ),
            key=("game_id", "team_abbr"),
            most=TEAM_MOST,
        ),
        Feed(
            "shots",
            (
                *GAME,
                Column("event_num", "int"),
                Column("period", "int", non_negative=True),
                Column("team", "team"),
                Column("player_id", "text", required=False),
                Column("player_name", "text"),
                Column("shot_type", "text", choices=("2pt", "3pt")),
                Column("shot_distance", "float", non_negative=True),
                Column("made", "flag"),
                Column("assisted", "flag", required=False),
            ),
            key=("game_id", "event_num"),
            has_player=True,
            optional=True,
        ),
        Feed(
            "player_props",
            (
                *GAME,
                Column("tipoff_utc", "timestamp"),
                Column("snapshot_utc", "timestamp"),
                Column("bookmaker", "text"),
                Column("player_name", "text"),
                Column("line", "float", non_negative=True),
                Column("over_price", "int", required=False),
                Column("under_price", "int", required=False),
            ),
            key=("game_id", "player_lookup", "bookmaker", "snapshot_utc"),
            has_player=True,
            optional=True,
            resolves_names=True,
        ),
        Feed(
            "game_lines",
            (
                *GAME,
                Column("tipoff_utc", "timestamp"),
                Column("snapshot_utc", "timestamp"),
                Column("bookmaker", "text"),
                Column("home_spread", "float"),
                Column("total", "float", non_negative=True),
            ),
            key=("game_id", "bookmaker", "snapshot_utc"),
            optional=True,
        ),
        Feed(
            "injury_report",
            (
                *GAME,
                Column("team", "team"),
                Column("player_name", "text"),
                Column("report_utc", "timestamp"),
                Column("status", "text", choices=INJURY_STATUSES),
                Column("reason", "text", required=False),
            ),
            key=("game_id", "player_lookup", "report_utc"),
            has_player=True,
            optional=True,
            resolves_names=True,
        ),
    )
}


@dataclass(frozen=True)
class Payload:
    path: Path
    game_date: date
    frame: pd.DataFrame


class PayloadError(ValueError):
    """A landing file that cannot be read at all (not a bad row: a bad file)."""


def landing_path(root: Path, feed: str, game_date: date) -> Path:
    return root / feed / f"{game_date.isoformat()}.csv"


def write_payload(root: Path, feed: str, game_date: date, frame: pd.DataFrame) -> Path:
    """Write one payload atomically (temp file + rename: never half a file)."""
    path = landing_path(root, feed, game_date)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".csv.tmp")
    frame.to_csv(tmp, index=False)
    tmp.replace(path)
    return path


def read_payloads(root: Path, feed: str, dates: list[date]) -> Iterator[Payload]:
    """Every landed file of ``feed`` for ``dates`` (dates without a file had no games)."""
    declared = FEEDS[feed].column_names
    for game_date in dates:
        path = landing_path(root, feed, game_date)
        if not path.exists():
            continue
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        except pd.errors.EmptyDataError as error:
            raise PayloadError(
                f"{path}: empty file (0 bytes, not even a header); a date without data is "
                "landed as a file holding only the header line"
            ) from error
        except (pd.errors.ParserError, UnicodeDecodeError) as error:
            raise PayloadError(f"{path}: unreadable CSV ({error})") from error
        missing = [c for c in declared if c not in frame.columns]
        if missing:
            raise PayloadError(
                f"{path}: missing column(s) {', '.join(missing)} required by feed {feed!r}; "
                f"expected columns: {', '.join(declared)}"
            )
        yield Payload(path, game_date, frame[declared])
