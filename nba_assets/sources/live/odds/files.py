"""The odds fallback without an API key: snapshot CSVs, one file per snapshot.

The format of the sportsbook snapshots in ``shared/data/real/mylesthomas_betting``
(taken from The Odds API by a scraper): files named ``raw_YYYYMMDD_HHMMSS.csv``
(the snapshot time in ``SNAPSHOT_TIMEZONE`` unless configured otherwise: the files
do not say), one row per player, book and line, with the columns
``event_id, player, market, line, bookmaker, game, game_time, over_odds,
under_odds``; ``game`` is "Away Team @ Home Team" in full names, ``game_time``
the UTC tip-off, prices American. Only ``player_points`` rows are read (these
files carry no spreads or totals); quotes at or after tip-off, compared with each
event's own tip-off, are dropped and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.sources.landing import FEEDS, PayloadError
from nba_assets.sources.live.odds.quotes import PROPS_MARKET, Quotes, main_lines, team_code

COLUMNS = ("event_id", "player", "market", "line", "bookmaker", "game", "game_time")
PRICES = ("over_odds", "under_odds")

# The scraper behind the real files asks The Odds API's historical endpoints for a time
# written in UTC ("...T17:00:00Z") and names the file after that time. Measured on the real
# 2025-26 first week (9,894 quotes, every file named 17:00): read as UTC, every quote is
# before its event's tip-off (at least 70 minutes); read as US Eastern (21:00 UTC), 418
# quotes of two Sunday matinees would be priced 90 and 170 minutes into the games.
SNAPSHOT_TIMEZONE = "UTC"


class SnapshotTimezoneError(ValueError):
    """The configured snapshot time zone is not an IANA zone name."""


def snapshot_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SnapshotTimezoneError(
            f"odds snapshot time zone {name!r} (NBA_ASSETS_ODDS_SNAPSHOT_TZ) is not an IANA "
            "zone name: use e.g. UTC or America/New_York"
        ) from None


def snapshot_time(path: Path, timezone: str = SNAPSHOT_TIMEZONE) -> pd.Timestamp:
    """The UTC time a snapshot was taken, from its name read in ``timezone``."""
    try:
        local = datetime.strptime(path.stem, "raw_%Y%m%d_%H%M%S")
    except ValueError:
        raise PayloadError(f"{path}: not a snapshot name (raw_YYYYMMDD_HHMMSS.csv)") from None
    return pd.Timestamp(local, tz=snapshot_zone(timezone)).tz_convert("UTC")


def _price(text: pd.Series) -> pd.Series:
    """American prices as written ("-114.0" -> "-114"); empty stays empty."""
    number = pd.to_numeric(text, errors="coerce")
    return number.map(lambda v: "" if pd.isna(v) else str(int(v)))


def read_snapshot(path: Path, timezone: str = SNAPSHOT_TIMEZONE) -> pd.DataFrame:
    """One snapshot file as ``player_props`` landing rows, in-game quotes still in."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in (*COLUMNS, *PRICES) if c not in frame.columns]
    if missing:
        raise PayloadError(f"{path}: missing column(s) {', '.join(missing)} of an odds snapshot")
    frame = frame[frame["market"] == PROPS_MARKET]
    teams = frame["game"].str.split(" @ ", n=1, expand=True).reindex(columns=[0, 1])
    tipoff = pd.to_datetime(frame["game_time"], utc=True, format="ISO8601")
    rows = pd.DataFrame(
        {
            "nba_game_id": "",
            "game_date": tipoff.dt.tz_convert(GAME_TIMEZONE).dt.date.astype(str),
            "away_team": teams[0].map(team_code),
            "home_team": teams[1].map(team_code),
            "tipoff_utc": tipoff.map(pd.Timestamp.isoformat),
            "snapshot_utc": snapshot_time(path, timezone).isoformat(),
            "bookmaker": frame["bookmaker"],
            "player_name": frame["player"],
            "line": frame["line"],
            "over_price": _price(frame["over_odds"]),
            "under_price": _price(frame["under_odds"]),
        }
    )
    return rows[FEEDS["player_props"].column_names]


def write_snapshots(quotes: pd.DataFrame, folder: Path) -> list[Path]:
    """Quotes written back as the snapshot files they were read from, one per ``snapshot_file``.

    The real quotes are kept as one table (``game_time`` a UTC timestamp); this restores the
    scraper's folder, so what the snapshot reader lands is what a deployment would get.
    """
    folder.mkdir(parents=True, exist_ok=True)
    tipoff = pd.to_datetime(quotes["game_time"], utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    paths = []
    for name, rows in quotes.assign(game_time=tipoff).groupby("snapshot_file", sort=True):
        path = folder / str(name)
        snapshot_time(path)  # a name the reader would refuse fails here, naming it
        rows[[*COLUMNS, *PRICES]].to_csv(path, index=False)
        paths.append(path)
    return paths


def snapshot_props(
    folder: Path, dates: Sequence[date], timezone: str = SNAPSHOT_TIMEZONE
) -> Quotes:
    """The pre-game main lines in the folder's snapshots for games on ``dates``.

    A quote is pre-game when its snapshot was taken before its own event's tip-off (never
    a rule on the date); the others are dropped and counted in ``in_game_dropped``.
    """
    wanted = {d.isoformat() for d in dates}
    frames = [read_snapshot(path, timezone) for path in sorted(folder.glob("raw_*.csv"))]
    props = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=FEEDS["player_props"].column_names)
    )
    props = props[props["game_date"].isin(wanted)]
    taken = pd.to_datetime(props["snapshot_utc"], utc=True, format="ISO8601")
    pre_game = taken < pd.to_datetime(props["tipoff_utc"], utc=True, format="ISO8601")
    return Quotes(
        main_lines(props[pre_game]),
        pd.DataFrame(columns=FEEDS["game_lines"].column_names),
        int((~pre_game).sum()),
    )
