"""stats.nba.com response bodies (as ``nba_api`` fetched them) -> landing feed frames.

Bodies are read as JSON, fresh or from the archive, by the same functions; a
missing field raises ``ShapeError`` naming the endpoint, the game and the field,
so a change on the site's side is a clear failure, not a silently empty table.
Box scores become the tidy rows ``nba_stats`` converts (one converter per shape,
shared with the reference data); the NBA's own ids stay as ``nba_game_id`` and
``player_id``.

- ``scoreboardv3`` -> schedule (real tip-off times, scheduled and final games);
- ``boxscoresummaryv2`` -> one game's schedule row and its inactive list;
- ``boxscoretraditionalv3`` -> player rows (DNPs included) and team totals;
- ``playbyplayv3`` -> shots (distance, 2pt/3pt, made, assisted);
- ``leaguegamelog`` (teams) -> tidy game-log rows for ``nba_stats``' log converters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from nba_assets.sources.landing import FEEDS
from nba_assets.sources.live.stats_nba import rows as nba_stats

FINAL_STATUS = 3  # scoreboard / summary game status: 1 scheduled, 2 in progress, 3 final
V3_STATS = {
    "points": "pts",
    "fieldGoalsMade": "fgm",
    "fieldGoalsAttempted": "fga",
    "threePointersMade": "fg3m",
    "threePointersAttempted": "fg3a",
    "freeThrowsMade": "ftm",
    "freeThrowsAttempted": "fta",
    "reboundsOffensive": "oreb",
    "reboundsDefensive": "dreb",
    "assists": "ast",
    "steals": "stl",
    "blocks": "blk",
    "turnovers": "tov",
    "foulsPersonal": "pf",
}
INACTIVE_COMMENT = "Inactive"  # boxscoresummaryv2 lists inactive players without a reason


class ShapeError(ValueError):
    """A response that lacks a field the parser needs (the site changed its shape)."""


@dataclass(frozen=True)
class GameRef:
    """A game as the schedule knows it: what every per-game row is stamped with."""

    nba_game_id: str
    game_date: str  # YYYY-MM-DD, US Eastern
    away_team: str
    home_team: str
    final: bool


def need(obj: Any, name: str, endpoint: str, game: str) -> Any:
    if not isinstance(obj, dict) or name not in obj:
        raise ShapeError(
            f"{endpoint} for game {game}: response has no field {name!r} "
            "(has the site changed its response shape?)"
        )
    return obj[name]


def result_set(body: dict, name: str, endpoint: str, game: str) -> pd.DataFrame:
    """One ``resultSets`` table of an older endpoint, as a frame with the NBA's headers."""
    for table in need(body, "resultSets", endpoint, game):
        if need(table, "name", endpoint, game) == name:
            rows = need(table, "rowSet", endpoint, game)
            return pd.DataFrame(rows, columns=need(table, "headers", endpoint, game))
    raise ShapeError(f"{endpoint} for game {game}: no result set {name!r}")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _season(nba_game_id: str) -> tuple[int, str] | None:
    """(season start year, season type) from the id; None for preseason / All-Star / Cup final."""
    season_type = nba_stats.SEASON_TYPES.get(nba_game_id[:3])
    return None if season_type is None else (2000 + int(nba_game_id[3:5]), season_type)


def _schedule_row(game: GameRef, tipoff_utc: str, away_score: Any, home_score: Any) -> dict:
    season_year, season_type = _season(game.nba_game_id)  # type: ignore[misc]
    return {
        "nba_game_id": game.nba_game_id,
        "game_date": game.game_date,
        "away_team": game.away_team,
        "home_team": game.home_team,
        "season_year": str(season_year),
        "season_type": season_type,
        "tipoff_utc": tipoff_utc,
        "game_status": "final" if game.final else "scheduled",
        "away_score": _text(away_score) if game.final else "",
        "home_score": _text(home_score) if game.final else "",
    }


def _schedule(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=FEEDS["schedule"].column_names)


def scoreboard_schedule(body: dict, game_date: str) -> pd.DataFrame:
    """``schedule`` rows of one date from ``scoreboardv3`` (season games only)."""
    get = _reader("scoreboardv3", f"on {game_date}")
    rows = []
    for game in get(get(body, "scoreboard"), "games"):
        nba_game_id = get(game, "gameId")
        if _season(nba_game_id) is None:
            continue
        field = _reader("scoreboardv3", nba_game_id)
        home, away = field(game, "homeTeam"), field(game, "awayTeam")
        ref = GameRef(
            nba_game_id,
            game_date,
            field(away, "teamTricode"),
            field(home, "teamTricode"),
            field(game, "gameStatus") == FINAL_STATUS,
        )
        tipoff = field(game, "gameTimeUTC")
        rows.append(_schedule_row(ref, tipoff, field(away, "score"), field(home, "score")))
    return _schedule(rows)


def summary_game(body: dict, nba_game_id: str) -> tuple[GameRef, pd.DataFrame]:
    """The game and its ``schedule`` row from ``boxscoresummaryv2``.

    The summary has no tip-off time for a finished game: it is landed at the
    assumed 19:00 US-Eastern of ``nba_stats`` (use the scoreboard for real times).
    """
    summary = result_set(body, "GameSummary", "boxscoresummaryv2", nba_game_id)
    lines = result_set(body, "LineScore", "boxscoresummaryv2", nba_game_id)
    if len(summary) != 1 or len(lines) != 2:
        raise ShapeError(
            f"boxscoresummaryv2 for game {nba_game_id}: {len(summary)} GameSummary rows and "
            f"{len(lines)} LineScore rows (expected 1 and 2)"
        )
    game = summary.iloc[0]
    by_team = lines.set_index("TEAM_ID")
    home, away = by_team.loc[game["HOME_TEAM_ID"]], by_team.loc[game["VISITOR_TEAM_ID"]]
    game_date = str(game["GAME_DATE_EST"])[:10]
    ref = GameRef(
        nba_game_id,
        game_date,
        away["TEAM_ABBREVIATION"],
        home["TEAM_ABBREVIATION"],
        int(game["GAME_STATUS_ID"]) == FINAL_STATUS,
    )
    row = _schedule_row(ref, nba_stats.assumed_tipoff_utc(game_date), away["PTS"], home["PTS"])
    return ref, _schedule([row])


def summary_inactives(body: dict, game: GameRef) -> pd.DataFrame:
    """The inactive list as tidy box-score player rows (``comment`` = "Inactive", no stats)."""
    inactive = result_set(body, "InactivePlayers", "boxscoresummaryv2", game.nba_game_id)
    return pd.DataFrame(
        {
            "gameId": game.nba_game_id,
            "gameDate": game.game_date,
            "teamTricode": inactive["TEAM_ABBREVIATION"],
            "home_away": (inactive["TEAM_ABBREVIATION"] == game.home_team).map(
                {True: "H", False: "A"}
            ),
            "personId": inactive["PLAYER_ID"].map(_text),
            "playerName": (inactive["FIRST_NAME"].map(_text) + " " + inactive["LAST_NAME"])
            .str.strip()
            .astype(str),
            "comment": INACTIVE_COMMENT,
            "startPosition": "",
            "minutes": "",
            **{column: "" for column in [*V3_STATS.values(), "plusMinus"]},
        }
    )


def _reader(endpoint: str, game: str) -> Callable[[Any, str], Any]:
    """``need`` bound to one response, so a parser reads ``get(obj, "field")``."""
    return lambda obj, name: need(obj, name, endpoint, game)


def box_score(body: dict, game: GameRef) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(players, team totals) of ``boxscoretraditionalv3`` as the tidy rows ``nba_stats`` reads."""
    get = _reader("boxscoretraditionalv3", game.nba_game_id)
    box = get(body, "boxScoreTraditional")
    players, totals = [], []
    for side, flag in (("homeTeam", "H"), ("awayTeam", "A")):
        team = get(box, side)
        tricode, stats = get(team, "teamTricode"), get(team, "statistics")
        totals.append(
            {"gameId": game.nba_game_id, "teamTricode": tricode}
            | {short: _text(get(stats, name)) for name, short in V3_STATS.items()}
        )
        for player in get(team, "players"):
            line = get(player, "statistics")
            players.append(
                {
                    "gameId": game.nba_game_id,
                    "gameDate": game.game_date,
                    "teamTricode": tricode,
                    "home_away": flag,
                    "personId": _text(get(player, "personId")),
                    "playerName": f"{_text(get(player, 'firstName'))} "
                    f"{_text(get(player, 'familyName'))}".strip(),
                    "comment": _text(get(player, "comment")),
                    "startPosition": _text(get(player, "position")),
                    "minutes": _text(get(line, "minutes")),
                    "plusMinus": _text(get(line, "plusMinusPoints")),
                }
                | {short: _text(get(line, name)) for name, short in V3_STATS.items()}
            )
    return pd.DataFrame(players), pd.DataFrame(totals)


def play_by_play_shots(body: dict, game: GameRef, names: dict[str, str]) -> pd.DataFrame:
    """``shots`` rows (field-goal attempts) from ``playbyplayv3``.

    The play-by-play names players by family name only: full names come from the
    game's box score through ``names`` (personId -> name). A shooter missing there
    is landed without a name, so parsing quarantines the row rather than guessing.
    A made shot is assisted when its description credits a passer ("(Garland 1 AST)").
    """
    get = _reader("playbyplayv3", game.nba_game_id)
    rows = []
    for action in get(get(body, "game"), "actions"):
        if _text(get(action, "isFieldGoal")) != "1":
            continue
        made = get(action, "shotResult") == "Made"
        person = _text(get(action, "personId"))
        assisted = "AST)" in _text(action.get("description"))
        rows.append(
            {
                "nba_game_id": game.nba_game_id,
                "game_date": game.game_date,
                "away_team": game.away_team,
                "home_team": game.home_team,
                "event_num": _text(get(action, "actionNumber")),
                "period": _text(get(action, "period")),
                "team": _text(get(action, "teamTricode")),
                "player_id": person,
                "player_name": names.get(person, ""),
                "shot_type": "3pt" if _text(get(action, "shotValue")) == "3" else "2pt",
                "shot_distance": _text(get(action, "shotDistance")),
                "made": "1" if made else "0",
                "assisted": ("1" if assisted else "0") if made else "",
            }
        )
    return pd.DataFrame(rows, columns=FEEDS["shots"].column_names)


def game_log_rows(body: dict, season: str) -> pd.DataFrame:
    """``leaguegamelog`` rows (one per team per game) with the NBA's column names and types."""
    log = result_set(body, "LeagueGameLog", "leaguegamelog", f"log of {season}")
    for column in ("GAME_ID", "GAME_DATE", "MATCHUP", "TEAM_ABBREVIATION", "SEASON_ID", "MIN"):
        if column not in log.columns:
            raise ShapeError(f"leaguegamelog for season {season}: no column {column!r}")
    return log
