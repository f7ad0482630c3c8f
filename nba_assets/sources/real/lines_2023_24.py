"""The real 2023-24 stretch with sportsbook lines (2024-01-23 .. 2024-05-23) as a landing.

Four feeds, each from the source that has it (data README, ``props_history`` sections 1-2):

- ``schedule`` and ``team_boxscores``: the complete 2023-24 team game logs (regular season,
  play-in and playoffs: the three season types the landing format knows), with each game's
  real tip-off from the API-NBA box scores (the logs have no time);
- ``player_boxscores``: API-NBA's player rows. Its game ids are not the NBA's, so each game
  is matched to the log's game by US-Eastern date and teams; its player ids are not the
  NBA's either, so the NBA person id is taken from nba_api's static player list when the
  folded name matches exactly one player (else left empty: the registry then knows him by
  name). Names are landed as API-NBA writes them;
- ``player_props``: The Odds API quotes, each book's market as a snapshot at its
  ``bookmakers.markets.last_update``, Over/Under paired, ladders folded to the main line
  (``live/odds/quotes.main_lines``), quotes at or after tip-off dropped and counted.

The box scores end with the games of 2024-05-23, so the landing does too: later quotes
(the conference finals of 2024-05-24 and 05-25) have nothing to grade them and are counted as dropped.
Nothing is copied into the repository: the files are read from ``../shared`` when called.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
from nba_api.stats.static import players as static_players

from nba_assets.identifiers import fold_name
from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.sources.landing import FEEDS
from nba_assets.sources.live.odds.quotes import main_lines, team_code
from nba_assets.sources.live.stats_nba import rows as nba_stats
from nba_assets.sources.player_names import without_suffix
from nba_assets.sources.real.landing import REAL_DATA_DIR, TEAM_LOGS, require_real_dir

FIRST, LAST = date(2024, 1, 23), date(2024, 5, 23)
BOXSCORES = "props_history/btam_evbets_apisports_boxscores_2024-01-23_to_2024-05-23.parquet"
POINTS_QUOTES = "props_history/btam_evbets_oddsapi_player_points_2024-03-02_to_2024-05-24.parquet"
SEASON = "2023-24"
GAME_KEY = ["game_date", "away_team", "home_team"]

# API-NBA column -> landing column (``tpm``/``tpa`` are threes, ``plusMinus`` the +/-).
BOX_COLUMNS = {
    "points": "points",
    "fgm": "fgm",
    "fga": "fga",
    "tpm": "fg3m",
    "tpa": "fg3a",
    "ftm": "ftm",
    "fta": "fta",
    "offReb": "oreb",
    "defReb": "dreb",
    "assists": "ast",
    "steals": "stl",
    "blocks": "blk",
    "turnovers": "tov",
    "pFouls": "pf",
    "plusMinus": "plus_minus",
}
SUFFIX_IN_FIRST = r"\s+((?:Jr|Sr)\.?|II|III|IV)$"
DNP_REASON = "API-NBA lists him with 0 minutes"


class GameMatchError(ValueError):
    """An API-NBA game with no NBA game of the same US-Eastern date and teams."""


@dataclass
class Landing2324:
    """The landing frames and what was left out of them, and why."""

    feeds: dict[str, pd.DataFrame]
    dropped: Counter[str] = field(default_factory=Counter)  # reason -> rows
    team_point_mismatches: pd.DataFrame = field(default_factory=pd.DataFrame)
    person_ids: dict[str, int] = field(default_factory=dict)  # matched / unmatched names


def _et_date(utc: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(utc, utc=True)
    return stamps.dt.tz_convert(ZoneInfo(GAME_TIMEZONE)).dt.date.map(date.isoformat)


def season_log(real_dir: Path) -> pd.DataFrame:
    """The 2023-24 team-log rows of the landed span (regular season, play-in, playoffs)."""
    teams = pd.read_parquet(real_dir / TEAM_LOGS)
    log = teams[(teams["SEASON"] == SEASON) & teams["GAME_ID"].str[:3].isin(nba_stats.SEASON_TYPES)]
    log = log[log["GAME_DATE"].between(FIRST.isoformat(), LAST.isoformat())]
    return nba_stats.home_away_matchups(log)


def api_games(box: pd.DataFrame, schedule: pd.DataFrame) -> pd.DataFrame:
    """API-NBA game id -> the NBA game (id, date, teams) and its real tip-off (UTC)."""
    games = box.drop_duplicates("game_id")
    frame = pd.DataFrame(
        {
            "game_id": games["game_id"],
            "game_date": _et_date(games["date"]),
            "away_team": games["away_team"].map(team_code),
            "home_team": games["home_team"].map(team_code),
            "tipoff_utc": pd.to_datetime(games["date"], utc=True).map(pd.Timestamp.isoformat),
        }
    )
    matched = frame.merge(schedule[["nba_game_id", *GAME_KEY]], on=GAME_KEY, how="left")
    if matched["nba_game_id"].isna().any():
        raise GameMatchError(
            f"{BOXSCORES}: API-NBA games with no NBA game of that ET date and teams:\n"
            + matched[matched["nba_game_id"].isna()].to_string(index=False)
        )
    return matched


def person_ids(names: pd.Series) -> pd.Series:
    """NBA person id per name where its folded name (else suffix-free) is one player's."""
    listed = pd.DataFrame(static_players.get_players())
    exact = listed.groupby(listed["full_name"].map(fold_name))["id"].agg(list)
    bare = listed.groupby(listed["full_name"].map(lambda n: fold_name(without_suffix(n))))["id"]
    bare = bare.agg(list)

    def one(name: str) -> str:
        for table, key in ((exact, fold_name(name)), (bare, fold_name(without_suffix(name)))):
            ids = table.get(key, [])
            if len(ids) == 1:
                return str(ids[0])
        return ""

    return names.map({name: one(name) for name in names.unique()})


def box_names(box: pd.DataFrame) -> pd.Series:
    """The "First Last" names API-NBA writes, a suffix it files under the first name moved to the
    end ("Nick Jr." + "Smith" -> "Nick Smith Jr.", as every other source writes it)."""
    first = box["firstname"].str.strip()
    suffix = first.str.extract(SUFFIX_IN_FIRST, expand=False)
    first = first.str.replace(SUFFIX_IN_FIRST, "", regex=True).str.strip()
    names = first + " " + box["lastname"].str.strip() + (" " + suffix).fillna("")
    return names.str.strip()


def player_rows(box: pd.DataFrame, games: pd.DataFrame) -> pd.DataFrame:
    """``player_boxscores`` rows; a 0-minute row is landed ``dnp`` with empty stats."""
    game = games.set_index("game_id")
    names = box_names(box)
    counted = box[[c for c in BOX_COLUMNS if c != "plusMinus"]].abs().sum(axis=1)
    played = (box["minutes"] > 0) | (counted > 0)  # 8 rows: under a minute, yet a stat
    frame = pd.DataFrame(
        {
            "nba_game_id": box["game_id"].map(game["nba_game_id"]),
            **{c: box["game_id"].map(game[c]) for c in GAME_KEY},
            "team": box["team"].map(team_code),
            "player_id": person_ids(names),
            "player_name": names,
            "status": played.map({True: "active", False: "dnp"}),
            "dnp_reason": played.map({True: "", False: DNP_REASON}),  # 166 rows, no stat
            "starter": "false",  # API-NBA does not say; no feature reads it
            "minutes": box["minutes"].astype(str).where(played, ""),
        }
    )
    for source, column in BOX_COLUMNS.items():
        frame[column] = box[source].astype(str).where(played, "")
    columns = FEEDS["player_boxscores"].column_names
    return frame[columns].sort_values(["game_date", "nba_game_id", "team", "player_name"])


def team_point_mismatches(players: pd.DataFrame, teams: pd.DataFrame) -> pd.DataFrame:
    """Team-games whose API-NBA player points do not sum to the team log's points."""
    summed = players.assign(points=pd.to_numeric(players["points"]).fillna(0))
    summed = summed.groupby(["nba_game_id", "team"], as_index=False)["points"].sum()
    logged = teams[["nba_game_id", "game_date", "team", "points"]].astype({"points": int})
    both = logged.merge(summed, on=["nba_game_id", "team"], suffixes=("_log", "_players"))
    return both[both["points_log"] != both["points_players"]].reset_index(drop=True)


def quote_rows(quotes: pd.DataFrame) -> tuple[pd.DataFrame, Counter[str]]:
    """``player_props`` rows: one per book, player, line and quote time, Over and Under paired."""
    key = [
        "id",
        "bookmakers.key",
        "outcomes_description",
        "outcomes_point",
        "bookmakers.markets.last_update",
    ]
    prices = quotes.pivot_table(
        index=[*key, "commence_time", "away_team", "home_team"],
        columns="outcomes_name",
        values="outcomes_price",
        aggfunc="first",
    ).reset_index()
    tipoff = pd.to_datetime(prices["commence_time"], utc=True)
    snapshot = pd.to_datetime(prices["bookmakers.markets.last_update"], utc=True)
    frame = pd.DataFrame(
        {
            "nba_game_id": "",
            "game_date": _et_date(prices["commence_time"]),
            "away_team": prices["away_team"].map(team_code),
            "home_team": prices["home_team"].map(team_code),
            "tipoff_utc": tipoff.map(pd.Timestamp.isoformat),
            "snapshot_utc": snapshot.map(pd.Timestamp.isoformat),
            "bookmaker": prices["bookmakers.key"],
            "player_name": prices["outcomes_description"],
            "line": prices["outcomes_point"].astype(str),
            "over_price": prices["Over"].map(lambda p: "" if pd.isna(p) else str(int(p))),
            "under_price": prices["Under"].map(lambda p: "" if pd.isna(p) else str(int(p))),
        }
    )
    dropped: Counter[str] = Counter()
    in_game = snapshot >= tipoff
    dropped["quote at or after tip-off (line-pairs)"] = int(in_game.sum())
    after = frame["game_date"] > LAST.isoformat()
    dropped["game after the last box score, 2024-05-23 (line-pairs)"] = int(
        (after & ~in_game).sum()
    )
    kept = frame[~in_game & ~after]
    folded = main_lines(kept)
    dropped["alternate line of a ladder (line-pairs)"] = len(kept) - len(folded)
    return folded[FEEDS["player_props"].column_names], dropped


def real_2023_24_lines(real_dir: Path = REAL_DATA_DIR) -> Landing2324:
    """The landing frames of 2024-01-23 .. 2024-05-23 and the accounting of what was left out."""
    require_real_dir(real_dir)
    log = season_log(real_dir)
    schedule = nba_stats.game_log_to_schedule(log)
    teams = nba_stats.game_log_to_team_boxscores(log)
    box = pd.read_parquet(real_dir / BOXSCORES)
    games = api_games(box, schedule)
    players = player_rows(box, games)
    tipoffs = games.set_index("nba_game_id")["tipoff_utc"]
    real_tip = schedule["nba_game_id"].map(tipoffs)
    schedule = schedule.assign(tipoff_utc=real_tip.fillna(schedule["tipoff_utc"]))
    props, dropped = quote_rows(pd.read_parquet(real_dir / POINTS_QUOTES))
    unboxed = ~schedule["nba_game_id"].isin(games["nba_game_id"])
    dropped["log game without an API-NBA box score (games, kept)"] = int(unboxed.sum())
    ids = players.drop_duplicates("player_name")["player_id"]
    return Landing2324(
        feeds={
            "schedule": schedule,
            "team_boxscores": teams,
            "player_boxscores": players,
            "player_props": props,
        },
        dropped=dropped,
        team_point_mismatches=team_point_mismatches(players, teams),
        person_ids={
            "names_with_nba_id": int((ids != "").sum()),
            "names_without": int((ids == "").sum()),
        },
    )
