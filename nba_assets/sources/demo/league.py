"""The demo league: a deterministic synthetic NBA season in the landing format.

``generate_season(season_year, seed)`` returns one DataFrame per landing feed
(columns exactly as ``FEEDS`` declares them, values as text-ready as a real
feed): 1,230 regular-season games with pre-game rosters, box scores, shots,
sportsbook props (each book spelling names its own way) and game lines, and
injury reports, plus the documented bad rows of
``bad_rows``. The same arguments always give byte-identical frames.

The season is built in the order a real one happens: rosters and schedule,
trades, who is available, the games, then what the books quoted beforehand.
"""

from __future__ import annotations

import pandas as pd

from nba_assets.sources.demo.availability import build_availability, report_times
from nba_assets.sources.demo.bad_rows import inject_bad_rows
from nba_assets.sources.demo.frames import (
    injury_frame,
    player_box_frame,
    roster_frame,
    schedule_frame,
    shots_frame,
    team_box_frame,
    tipoffs,
)
from nba_assets.sources.demo.games import game_context, latent_form, simulate
from nba_assets.sources.demo.market import build_market
from nba_assets.sources.demo.quotes import lines_frame, props_frame
from nba_assets.sources.demo.roster import build_league
from nba_assets.sources.demo.schedule import build_schedule, opening_night
from nba_assets.sources.demo.shots import shot_events
from nba_assets.sources.demo.streams import stream
from nba_assets.sources.demo.trades import game_rosters, pick_trades


def generate_season(season_year: int, seed: int) -> dict[str, pd.DataFrame]:
    """Every landing feed of one regular season (``season_year`` 2021 = 2021-22)."""
    league = build_league(season_year, seed)
    games = build_schedule(season_year, seed)
    rosters = game_rosters(league, games, pick_trades(league, opening_night(season_year), seed))
    availability = build_availability(league, games, rosters, seed)
    n_days = int(games["day"].max()) + 1
    form = latent_form(len(league.names), n_days, stream(seed, season_year, "form"))
    ctx = game_context(games, rosters, form)
    available = ~availability.out & ~availability.rest
    box = simulate(league, ctx, available, stream(seed, season_year, "games"))
    shots = shot_events(box, stream(seed, season_year, "shots"))
    tips, reports = tipoffs(games), report_times(games)
    market = build_market(
        league,
        ctx,
        availability,
        box,
        games["day"].to_numpy(),
        tips,
        reports,
        stream(seed, season_year, "market"),
    )
    frames = {
        "schedule": schedule_frame(season_year, games, box),
        "rosters": roster_frame(league, games, ctx),
        "player_boxscores": player_box_frame(league, games, ctx, box, availability),
        "team_boxscores": team_box_frame(games, ctx, box),
        "shots": shots_frame(league, games, ctx, shots),
        "player_props": props_frame(league, games, ctx, market, tips),
        "game_lines": lines_frame(games, market, tips),
        "injury_report": injury_frame(league, games, ctx, availability, reports),
    }
    inject_bad_rows(frames, stream(seed, season_year, "bad rows"))
    return frames
