"""stats.nba.com rows -> landing feed frames.

The inputs are the endpoints' rows with column names exactly as the NBA ships
them (tidy frames, one row per player or team):

- ``boxscoretraditionalv3`` players, plus the game's ``gameDate`` and a
  ``home_away`` flag (H/A) taken from the response's homeTeam/awayTeam blocks;
- ``boxscoretraditionalv3`` team totals (``gameId``, ``teamTricode``, stats);
- ``leaguegamefinder`` / ``leaguegamelog`` team rows (one per team per game);
- ``playergamelogs``-style player rows as scraped into snake_case (one per
  player per game played), mapped onto the box-score names.

The outputs carry the columns of ``landing.FEEDS``; typing, ids and validation
stay in ``parsing.parse_payloads``, so what a source sent is what gets landed.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd

from nba_assets.identifiers import parse_minutes
from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.sources.landing import BOX_STATS, FEEDS

REGULATION_MINUTES = 240  # 5 players x 48 minutes
OVERTIME_MINUTES = 25  # 5 players x 5 minutes

# Game-id prefix -> season type; preseason, All-Star and Cup-final ids are not season games.
SEASON_TYPES = {"002": "regular", "004": "playoffs", "005": "playin"}

# stats.nba.com stat column -> landing column (box scores use camelCase, game logs upper case).
BOX_COLUMNS = {"pts": "points", **{s.name: s.name for s in BOX_STATS if s.name != "points"}}
LOG_COLUMNS = {"PTS": "points", **{s.name.upper(): s.name for s in BOX_STATS if s.name != "points"}}

# Player game-log column -> boxscoretraditionalv3 column (the others already share the name).
PLAYER_LOG_COLUMNS = {
    "game_id": "gameId",
    "date": "gameDate",
    "team": "teamTricode",
    "player_id": "personId",
    "player": "playerName",
    "threes_made": "fg3m",
    "threes_attempted": "fg3a",
    "plus_minus": "plusMinus",
}

# Game logs carry no tip-off time: games are landed at this local time on their date.
ASSUMED_TIPOFF = time(19, 0)


class NbaStatsError(ValueError):
    """Rows that cannot describe a game (e.g. no single home and away team)."""


def team_minutes(player_minutes: float) -> str:
    """Team player-minutes as ``"MMM:00"``, snapped to 240 plus 25 per overtime.

    Sources round each player's minutes, so their sums drift (a game log's MIN
    is 237..244 for a regulation game; box-score sums give 239:59..240:02), but
    a team always plays exactly five times the game's length.
    """
    overtimes = max(0, round((player_minutes - REGULATION_MINUTES) / OVERTIME_MINUTES))
    return f"{REGULATION_MINUTES + OVERTIME_MINUTES * overtimes}:00"


def player_status(comment: str) -> str:
    """``active`` without a comment, ``dnp`` for "DNP - ...", else ``inactive``.

    Non-DNP comments are DND (did not dress), NWT (not with team), suspensions
    and the inactive list: the player was not available to the coach.
    """
    if not comment:
        return "active"
    return "dnp" if comment.upper().startswith("DNP") else "inactive"


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string").fillna("").str.strip()


def _landing(feed: str, frame: pd.DataFrame) -> pd.DataFrame:
    return frame[FEEDS[feed].column_names].reset_index(drop=True)


def box_score_games(players: pd.DataFrame) -> pd.DataFrame:
    """One row per ``gameId``: game_date, away_team, home_team (from the player rows)."""
    teams = players.drop_duplicates(["gameId", "teamTricode"])
    sides = teams.pivot(index="gameId", columns="home_away", values="teamTricode")
    if set(sides.columns) != {"A", "H"} or sides.isna().any(axis=None):
        raise NbaStatsError(f"box score games without one home and one away team:\n{sides}")
    dates = players.groupby("gameId")["gameDate"].agg(lambda d: sorted(set(d)))
    if (dates.str.len() != 1).any():
        raise NbaStatsError(f"box score games with several dates:\n{dates[dates.str.len() != 1]}")
    return pd.DataFrame(
        {"game_date": dates.str[0], "away_team": sides["A"], "home_team": sides["H"]}
    ).rename_axis("nba_game_id")


def box_players_to_landing(players: pd.DataFrame) -> pd.DataFrame:
    """``player_boxscores`` rows from boxscoretraditionalv3 players.

    DNP and inactive rows are kept with the comment as ``dnp_reason``; their
    minutes and stats are left empty (the NBA sends zeros) so no average can
    count a game the player did not play.
    """
    games = box_score_games(players)
    comment = _text(players["comment"])
    status = comment.map(player_status)
    played = status == "active"
    frame = pd.DataFrame(
        {
            "nba_game_id": players["gameId"],
            "team": players["teamTricode"],
            "player_id": _text(players["personId"]),
            "player_name": players["playerName"],
            "status": status,
            "dnp_reason": comment,
            "starter": _text(players["startPosition"]).ne("").map({True: "true", False: "false"}),
            "minutes": _text(players["minutes"]).where(played, ""),
        }
    ).join(games, on="nba_game_id")
    for source, column in {**BOX_COLUMNS, "plusMinus": "plus_minus"}.items():
        frame[column] = _text(players[source]).where(played, "")
    return _landing("player_boxscores", frame)


def player_logs_to_landing(logs: pd.DataFrame) -> pd.DataFrame:
    """``player_boxscores`` rows from player game logs (regular season only).

    Logs list games played, so every row is ``active``. They do not say who
    started and the landing format requires the flag: ``starter`` is landed
    ``false`` for everyone (only phase 3's ``starter_flag`` carries it; no
    feature reads it).
    """
    logs = logs[logs["SEASON_TYPE"] == "Regular Season"]
    box = logs.rename(columns=PLAYER_LOG_COLUMNS).assign(
        home_away=logs["home_away"].map({"HOME": "H", "AWAY": "A"}),
        comment="",
        startPosition="",
    )
    return box_players_to_landing(box)


def box_teams_to_landing(totals: pd.DataFrame, players: pd.DataFrame) -> pd.DataFrame:
    """``team_boxscores`` rows from boxscoretraditionalv3 team totals.

    Team minutes come from the players' minutes (snapped to 240/265/...);
    team rebounds and turnovers are not in the totals and are left empty.
    """
    minutes = players["minutes"].map(parse_minutes).astype("float64").fillna(0.0)
    played = minutes.groupby([players["gameId"], players["teamTricode"]]).sum()
    frame = pd.DataFrame(
        {
            "nba_game_id": totals["gameId"],
            "team": totals["teamTricode"],
            "minutes": [
                team_minutes(played[key])
                for key in zip(totals["gameId"], totals["teamTricode"], strict=True)
            ],
            **{column: totals[source] for source, column in BOX_COLUMNS.items()},
            "team_rebounds": "",
            "team_turnovers": "",
        }
    ).join(box_score_games(players), on="nba_game_id")
    return _landing("team_boxscores", frame)


def _log_games(log: pd.DataFrame) -> pd.DataFrame:
    """Per team row: its game's away and home team, read from MATCHUP.

    "IND vs. ATL" is IND at home, "BKN @ PHI" is BKN away; both rows of a game
    must name the same pair (neutral-site listings with "@" on both sides do not).
    """
    parts = log["MATCHUP"].str.extract(r"^(\w{3}) (vs\.|@) (\w{3})$")
    if parts.isna().any(axis=None):
        raise NbaStatsError(
            f"unreadable MATCHUP values: {log.loc[parts[0].isna(), 'MATCHUP'].unique()}"
        )
    at_home = parts[1] == "vs."
    pairs = pd.DataFrame(
        {
            "away_team": parts[2].where(at_home, parts[0]),
            "home_team": parts[0].where(at_home, parts[2]),
        }
    )
    per_game = pairs.groupby(log["GAME_ID"]).nunique()
    bad = per_game[(per_game > 1).any(axis=1)].index
    if len(bad) or log["GAME_ID"].value_counts().ne(2).any():
        raise NbaStatsError(f"games without one home and one away row: {list(bad)[:5]}")
    return pairs


def home_away_matchups(log: pd.DataFrame) -> pd.DataFrame:
    """Game-log rows with MATCHUP rebuilt from a HOME_AWAY column (H/A).

    Logs that fixed neutral-site games ("MIA @ WAS" on both rows) in HOME_AWAY
    only can then go through the MATCHUP-reading converters unchanged.
    """
    teams = log["MATCHUP"].str.extract(r"^(\w{3}) (?:vs\.|@) (\w{3})$")
    opponent = teams[1].where(teams[0] == log["TEAM_ABBREVIATION"], teams[0])
    side = log["HOME_AWAY"].map({"H": " vs. ", "A": " @ "})
    return log.assign(MATCHUP=log["TEAM_ABBREVIATION"] + side + opponent)


def _season_games(log: pd.DataFrame) -> pd.DataFrame:
    return log[log["GAME_ID"].str[:3].isin(SEASON_TYPES)]


def game_log_to_schedule(log: pd.DataFrame) -> pd.DataFrame:
    """``schedule`` rows (final games with scores) from team game-log rows.

    The log has no tip-off time; ``tipoff_utc`` is the game date at 19:00
    US-Eastern converted to UTC: an assumed time, good enough to order pre-game
    inputs (lines, injuries) by date, not to compare with real quote times.
    """
    log = _season_games(log)
    games = log.join(_log_games(log))
    home = games[games["TEAM_ABBREVIATION"] == games["home_team"]].set_index("GAME_ID")
    away = games[games["TEAM_ABBREVIATION"] == games["away_team"]].set_index("GAME_ID")
    frame = pd.DataFrame(
        {
            "nba_game_id": home.index,
            "game_date": home["GAME_DATE"],
            "away_team": home["away_team"],
            "home_team": home["home_team"],
            "season_year": home["SEASON_ID"].str[-4:],
            "season_type": home.index.str[:3].map(SEASON_TYPES),
            "tipoff_utc": home["GAME_DATE"].map(assumed_tipoff_utc),
            "game_status": "final",
            "away_score": away.loc[home.index, "PTS"],
            "home_score": home["PTS"],
        }
    )
    return _landing("schedule", frame.sort_values(["game_date", "nba_game_id"]))


def game_log_to_team_boxscores(log: pd.DataFrame) -> pd.DataFrame:
    """``team_boxscores`` rows from team game-log rows (MIN snapped to 240/265/...)."""
    log = _season_games(log)
    sides = _log_games(log)
    frame = pd.DataFrame(
        {
            "nba_game_id": log["GAME_ID"],
            "game_date": log["GAME_DATE"],
            "team": log["TEAM_ABBREVIATION"],
            "minutes": log["MIN"].map(team_minutes),
            **{column: log[source] for source, column in LOG_COLUMNS.items()},
            "team_rebounds": "",
            "team_turnovers": "",
        }
    ).join(sides)
    return _landing("team_boxscores", frame.sort_values(["game_date", "nba_game_id", "team"]))


def assumed_tipoff_utc(game_date: str) -> str:
    local = datetime.combine(date.fromisoformat(game_date), ASSUMED_TIPOFF, ZoneInfo(GAME_TIMEZONE))
    return local.astimezone(ZoneInfo("UTC")).isoformat()
