"""The odds fallback without an API key: snapshot CSVs, one file per snapshot.

The format of the sportsbook snapshots in ``shared/data/real/mylesthomas_betting``
(taken from The Odds API by a scraper): files named ``raw_YYYYMMDD_HHMMSS.csv``
(the snapshot time, local to ``snapshot_timezone``: the files do not say, US
Eastern by default), one row per player, book and line, with the columns
``event_id, player, market, line, bookmaker, game, game_time, over_odds,
under_odds``; ``game`` is "Away Team @ Home Team" in full names, ``game_time``
the UTC tip-off, prices American. Only ``player_points`` rows are read (these
files carry no spreads or totals); quotes at or after tip-off are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.sources.landing import FEEDS, PayloadError
from nba_assets.sources.odds_quotes import PROPS_MARKET, main_lines, team_code

COLUMNS = ("event_id", "player", "market", "line", "bookmaker", "game", "game_time")
PRICES = ("over_odds", "under_odds")


def snapshot_time(path: Path, timezone: str = GAME_TIMEZONE) -> pd.Timestamp:
    try:
        local = datetime.strptime(path.stem, "raw_%Y%m%d_%H%M%S")
    except ValueError:
        raise PayloadError(f"{path}: not a snapshot name (raw_YYYYMMDD_HHMMSS.csv)") from None
    return pd.Timestamp(local, tz=ZoneInfo(timezone)).tz_convert("UTC")


def _price(text: pd.Series) -> pd.Series:
    """American prices as written ("-114.0" -> "-114"); empty stays empty."""
    number = pd.to_numeric(text, errors="coerce")
    return number.map(lambda v: "" if pd.isna(v) else str(int(v)))


def read_snapshot(path: Path, timezone: str = GAME_TIMEZONE) -> pd.DataFrame:
    """One snapshot file as ``player_props`` landing rows (pre-game quotes only)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in (*COLUMNS, *PRICES) if c not in frame.columns]
    if missing:
        raise PayloadError(f"{path}: missing column(s) {', '.join(missing)} of an odds snapshot")
    frame = frame[frame["market"] == PROPS_MARKET]
    teams = frame["game"].str.split(" @ ", n=1, expand=True).reindex(columns=[0, 1])
    tipoff = pd.to_datetime(frame["game_time"], utc=True, format="ISO8601")
    taken = snapshot_time(path, timezone)
    rows = pd.DataFrame(
        {
            "nba_game_id": "",
            "game_date": tipoff.dt.tz_convert(GAME_TIMEZONE).dt.date.astype(str),
            "away_team": teams[0].map(team_code),
            "home_team": teams[1].map(team_code),
            "tipoff_utc": tipoff.map(pd.Timestamp.isoformat),
            "snapshot_utc": taken.isoformat(),
            "bookmaker": frame["bookmaker"],
            "player_name": frame["player"],
            "line": frame["line"],
            "over_price": _price(frame["over_odds"]),
            "under_price": _price(frame["under_odds"]),
        }
    )
    return rows[tipoff > taken][FEEDS["player_props"].column_names]


def snapshot_props(
    folder: Path, dates: Sequence[date], timezone: str = GAME_TIMEZONE
) -> pd.DataFrame:
    """The pre-game main lines in the folder's snapshots for games on ``dates``."""
    wanted = {d.isoformat() for d in dates}
    frames = [read_snapshot(path, timezone) for path in sorted(folder.glob("raw_*.csv"))]
    props = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=FEEDS["player_props"].column_names)
    )
    return main_lines(props[props["game_date"].isin(wanted)])
