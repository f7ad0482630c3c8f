"""The real 2024-25 pick'em points lines (PrizePicks, Underdog; opening night .. 2025-01-12) as
``player_props`` rows, to grade the models against a market on the 2024-25 season.

From the data README (``props_history`` section 4): one row per side of a player's line on one app
for one event, pulled once a day by the file's date; the pull time is not in the rows. A pull is
taken as made at 21:00 UTC of its file's date, or just before the tip-off when that is earlier: an
event the historical endpoint still listed had not started, and these apps post no in-game points
lines. An event in two daily files keeps both pulls (the pipeline takes each app's last pre-tip
line). Prices are placeholders (−137 on nearly every row), so none is landed: the pipeline prices a
quote without one at −110. Exact repeats and events with no game of that US-Eastern date and teams
in the schedule (the postponed Rockets @ Hawks of 2025-01-11) are dropped and counted.

Nothing is copied into the repository: the file is read from ``../shared`` when called.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.sources.landing import FEEDS
from nba_assets.sources.live.odds.quotes import team_code
from nba_assets.sources.real.landing import REAL_DATA_DIR, require_real_dir

PICKEM = "props_history/spon7ge_oddsapi_dfs_prizepicks_underdog_2024-10-22_to_2025-01-12.parquet"
PULL_HOUR_UTC = 21
GAME_KEY = ["game_date", "away_team", "home_team"]


def pull_times(source_files: pd.Series, tipoffs: pd.Series) -> pd.Series:
    """21:00 UTC of the file's date (``.../MM_DD_YYYY.csv``), or a second before the tip-off."""
    day = pd.to_datetime(source_files.str.extract(r"(\d\d_\d\d_\d{4})\.csv$")[0], format="%m_%d_%Y")
    pulled = (day + pd.Timedelta(hours=PULL_HOUR_UTC)).dt.tz_localize("UTC")
    return pulled.where(pulled < tipoffs, tipoffs - pd.Timedelta(seconds=1))


def pickem_props(
    schedule: pd.DataFrame, real_dir: Path = REAL_DATA_DIR
) -> tuple[pd.DataFrame, Counter[str]]:
    """``player_props`` rows of the points market for the games in ``schedule`` (a landing
    schedule frame), and the rows left out, by reason."""
    require_real_dir(real_dir)
    raw = pd.read_parquet(real_dir / PICKEM)
    points = raw[raw["market"] == "player_points"]
    dropped: Counter[str] = Counter()
    unique = points.drop_duplicates(
        ["game_id", "bookmaker", "player", "side", "line", "source_file"]
    )
    dropped["exact repeat (sides)"] = len(points) - len(unique)
    tipoff = pd.to_datetime(unique["commence_time"], utc=True)
    frame = pd.DataFrame(
        {
            "game_date": tipoff.dt.tz_convert(GAME_TIMEZONE).dt.date.map(lambda d: d.isoformat()),
            "away_team": unique["away_team"].map(team_code),
            "home_team": unique["home_team"].map(team_code),
            "tipoff_utc": tipoff.map(pd.Timestamp.isoformat),
            "snapshot_utc": pull_times(unique["source_file"], tipoff).map(pd.Timestamp.isoformat),
            "bookmaker": unique["bookmaker"].str.lower(),
            "player_name": unique["player"],
            "line": unique["line"].astype(str),
            "over_price": "",
            "under_price": "",
        }
    )
    # the Over and Under of one line are one quote
    quotes = frame.drop_duplicates(
        ["game_date", "away_team", "home_team", "bookmaker", "player_name", "snapshot_utc", "line"]
    )
    dropped["the other side of a line (sides)"] = len(frame) - len(quotes)
    games = schedule[["nba_game_id", *GAME_KEY]]
    matched = quotes.merge(games, on=GAME_KEY, how="left")
    dropped["no game of that ET date and teams (quotes)"] = int(matched["nba_game_id"].isna().sum())
    kept = matched.dropna(subset=["nba_game_id"])
    # two lines of one app, player and pull: the event was listed twice; keep the higher-sorted
    key = ["nba_game_id", "bookmaker", "player_name", "snapshot_utc"]
    single = kept.sort_values([*key, "line"]).drop_duplicates(key, keep="last")
    dropped["second line of one app, player and pull (quotes)"] = len(kept) - len(single)
    return single[FEEDS["player_props"].column_names].reset_index(drop=True), dropped
