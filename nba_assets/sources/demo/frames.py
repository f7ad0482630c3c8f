"""Simulation arrays -> landing-format DataFrames (the text a real feed would send).

Columns and order come from ``FEEDS``; minutes are "MM:SS", timestamps ISO-8601
UTC ("2021-10-20T00:30:00Z"), dates "YYYY-MM-DD", flags 1/0, and missing values
(DNP stats, unassisted misses) are empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nba_assets.sources.demo.availability import AILMENTS, STATUSES, Availability
from nba_assets.sources.demo.games import Box, GameContext
from nba_assets.sources.demo.roster import TEAMS, League
from nba_assets.sources.landing import BOX_STATS, FEEDS

CODES = np.array(TEAMS, dtype=object)
REASONS = np.array([f"Injury/Illness - {a}" for a in AILMENTS] + ["Rest"], dtype=object)


def iso_utc(stamps: np.ndarray) -> np.ndarray:
    """datetime64 (UTC) -> "YYYY-MM-DDTHH:MM:SSZ" strings."""
    return np.char.add(np.datetime_as_string(stamps.astype("datetime64[s]"), unit="s"), "Z")


def clock(seconds: np.ndarray) -> np.ndarray:
    """Seconds -> "MM:SS" (minutes may exceed 59: "240:00")."""
    minutes, secs = np.divmod(seconds.astype(int), 60)
    return np.array([f"{m}:{s:02d}" for m, s in zip(minutes, secs, strict=True)], dtype=object)


def tipoffs(games: pd.DataFrame) -> np.ndarray:
    """Tip-off times as naive UTC datetime64[s]."""
    return games["tipoff_utc"].dt.tz_convert(None).to_numpy().astype("datetime64[s]")


def game_columns(games: pd.DataFrame, game: np.ndarray) -> dict[str, np.ndarray]:
    """The GAME columns (nba_game_id, game_date, away_team, home_team) for rows of ``game``."""
    dates = pd.to_datetime(games["game_date"]).dt.strftime("%Y-%m-%d").to_numpy()
    return {
        "nba_game_id": games["nba_game_id"].to_numpy()[game],
        "game_date": dates[game],
        "away_team": CODES[games["away"].to_numpy()][game],
        "home_team": CODES[games["home"].to_numpy()][game],
    }


def frame(feed: str, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(columns)[FEEDS[feed].column_names]


def schedule_frame(season_year: int, games: pd.DataFrame, box: Box) -> pd.DataFrame:
    points = box.stats["points"].sum(axis=1)
    n = len(games)
    return frame(
        "schedule",
        {
            **game_columns(games, np.arange(n)),
            "season_year": np.full(n, season_year),
            "season_type": np.full(n, "regular", dtype=object),
            "tipoff_utc": iso_utc(tipoffs(games)),
            "game_status": np.full(n, "final", dtype=object),
            "away_score": points[::2],
            "home_score": points[1::2],
        },
    )


def roster_frame(league: League, games: pd.DataFrame, ctx: GameContext) -> pd.DataFrame:
    """Each team's players for each game as listed before tip-off: everyone the box score
    will list (injured and resting players included)."""
    tg = np.repeat(np.arange(len(ctx.team)), ctx.players.shape[1])
    players = ctx.players.reshape(-1)
    return frame(
        "rosters",
        {
            **game_columns(games, tg // 2),
            "team": CODES[ctx.team[tg]],
            "player_id": np.array(league.player_ids, dtype=object)[players],
            "player_name": np.array(league.names, dtype=object)[players],
        },
    )


def player_box_frame(
    league: League, games: pd.DataFrame, ctx: GameContext, box: Box, availability: Availability
) -> pd.DataFrame:
    players = ctx.players.reshape(-1)
    played = box.seconds.reshape(-1) > 0
    inactive = availability.out.reshape(-1)
    rested = availability.rest.reshape(-1)
    reason = REASONS[np.maximum(availability.reason.reshape(-1), 0)]
    status = np.select([played, inactive], ["active", "inactive"], "dnp").astype(object)
    dnp_reason = np.select(
        [played, inactive | rested], ["", reason], "DNP - Coach's Decision"
    ).astype(object)
    dnp_reason[rested & ~played] = "DNP - Rest"
    tg = np.repeat(np.arange(len(ctx.team)), ctx.players.shape[1])
    stats = {
        name: pd.array(np.where(played, box.stats[name].reshape(-1), 0), dtype="Int64")
        for name in [c.name for c in BOX_STATS] + ["plus_minus"]
    }
    for values in stats.values():
        values[~played] = pd.NA
    return frame(
        "player_boxscores",
        {
            **game_columns(games, tg // 2),
            "team": CODES[ctx.team[tg]],
            "player_id": np.array(league.player_ids, dtype=object)[players],
            "player_name": np.array(league.names, dtype=object)[players],
            "status": status,
            "dnp_reason": dnp_reason,
            "starter": box.starter.reshape(-1).astype(int),
            "minutes": np.where(played, clock(box.seconds.reshape(-1)), ""),
            **stats,
        },
    )


def team_box_frame(games: pd.DataFrame, ctx: GameContext, box: Box) -> pd.DataFrame:
    tg = np.arange(len(ctx.team))
    return frame(
        "team_boxscores",
        {
            **game_columns(games, tg // 2),
            "team": CODES[ctx.team],
            "minutes": clock(box.team_minutes * 60),
            **{c.name: box.stats[c.name].sum(axis=1) for c in BOX_STATS},
            "team_rebounds": box.team_rebounds,
            "team_turnovers": box.team_turnovers,
        },
    )


def shots_frame(
    league: League, games: pd.DataFrame, ctx: GameContext, shots: dict[str, np.ndarray]
) -> pd.DataFrame:
    tg = shots["tg"]
    players = ctx.players[tg, shots["slot"]]
    assisted = pd.array(shots["assisted"].astype(int), dtype="Int64")
    assisted[~shots["made"]] = pd.NA
    table = frame(
        "shots",
        {
            **game_columns(games, tg // 2),
            "event_num": shots["event_num"],
            "period": shots["period"],
            "team": CODES[ctx.team[tg]],
            "player_id": np.array(league.player_ids, dtype=object)[players],
            "player_name": np.array(league.names, dtype=object)[players],
            "shot_type": np.where(shots["zone"] == 2, "3PT", "2PT").astype(object),
            "shot_distance": shots["distance"],
            "made": shots["made"].astype(int),
            "assisted": assisted,
        },
    )
    order = np.lexsort((shots["event_num"], tg // 2))
    return table.iloc[order].reset_index(drop=True)


def injury_frame(
    league: League,
    games: pd.DataFrame,
    ctx: GameContext,
    availability: Availability,
    report_times: np.ndarray,
) -> pd.DataFrame:
    """One row per listed player per report (report_times: (games, 3) datetime64 UTC)."""
    tg, slot, k = np.nonzero(availability.reports >= 0)
    players = ctx.players[tg, slot]
    reason = availability.reason[tg, slot]
    return frame(
        "injury_report",
        {
            **game_columns(games, tg // 2),
            "team": CODES[ctx.team[tg]],
            "player_name": np.array(league.names, dtype=object)[players],
            "report_utc": iso_utc(report_times[tg // 2, k]),
            "status": np.array(STATUSES, dtype=object)[availability.reports[tg, slot, k]],
            "reason": np.where(reason >= 0, REASONS[np.maximum(reason, 0)], ""),
        },
    )
