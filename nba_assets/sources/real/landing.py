"""The real reference data (``shared/data/real``) written as a landing directory.

A ``files`` source pointed at the result runs the pipeline on real numbers.

2023-24: ``schedule`` and ``team_boxscores`` for the whole regular season (the
nba_api test-suite's leaguegamefinder response: 1,230 games) and
``player_boxscores`` for the four games with a complete box score (hoopR's
cache of boxscoretraditionalv3, DNP rows included).

2024-25: the whole regular season from MylesThomas/betting's team game logs and
partial player game logs (games played only, about 90 % of the points), so
rolling features have every game date to work with.

The 2025-26 opening week, as seen before its games, is ``real/opening_week.py``.

See the data README for provenance and licences.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

import pandas as pd

from nba_assets.settings import LOCAL_ROOT
from nba_assets.sources.landing import write_payload
from nba_assets.sources.live.stats_nba import rows as nba_stats

REAL_DATA_DIR = LOCAL_ROOT.parent / "shared" / "data" / "real"  # next to the checkout
BOX_PLAYERS = "hoopr_nba_stats_raw_sample/boxscoretraditionalv3_players_2023_24_sample.parquet"
BOX_TEAMS = "hoopr_nba_stats_raw_sample/team_totals_2023_24_sample.parquet"
GAME_FINDER = "nba_api_fixtures/tidy/leaguegamefinder_teams__LeagueGameFinderResults.parquet"
SEASON_QUERY = "Season-2023-24_SeasonType-RegularSeason"  # the finder file mixes several queries
TEAM_LOGS = "mylesthomas_betting/team_game_logs_2014_15_to_2024_25.parquet"
PLAYER_LOGS = "mylesthomas_betting/player_game_logs_2024_25_partial.parquet"


class SourceDisagreement(ValueError):
    """Two sources give different numbers for the same team-game."""


def merge_team_rows(box: pd.DataFrame, log: pd.DataFrame) -> pd.DataFrame:
    """Team rows of both sources, each team-game once.

    A game with a complete box score is also in the game log; the two are
    verified to agree, so a difference means one of them was changed or
    misread: raise rather than pick one.
    """
    key = ["nba_game_id", "team"]
    rows = pd.concat([box, log]).astype(str).drop_duplicates()
    conflicts = rows[rows.duplicated(key, keep=False)]
    if not conflicts.empty:
        raise SourceDisagreement(
            "box score and game log differ for the same team-game:\n"
            + conflicts.sort_values(key).to_string(index=False)
        )
    return rows.sort_values(["game_date", *key]).reset_index(drop=True)


def require_real_dir(real_dir: Path) -> None:
    if not real_dir.is_dir():
        raise FileNotFoundError(f"{real_dir}: real data directory not found (see its README)")


def real_feeds(real_dir: Path = REAL_DATA_DIR) -> dict[str, pd.DataFrame]:
    """Landing frames per feed from the real data directory (2023-24)."""
    require_real_dir(real_dir)
    players = pd.read_parquet(real_dir / BOX_PLAYERS)
    totals = pd.read_parquet(real_dir / BOX_TEAMS)
    finder = pd.read_parquet(real_dir / GAME_FINDER)
    log = finder[finder["source_file"].str.contains(SEASON_QUERY, regex=False)]
    return {
        "schedule": nba_stats.game_log_to_schedule(log),
        "team_boxscores": merge_team_rows(
            nba_stats.box_teams_to_landing(totals, players),
            nba_stats.game_log_to_team_boxscores(log),
        ),
        "player_boxscores": nba_stats.box_players_to_landing(players),
    }


def real_feeds_2024_25(real_dir: Path = REAL_DATA_DIR) -> dict[str, pd.DataFrame]:
    """Landing frames for the 2024-25 regular season (games from the team log)."""
    require_real_dir(real_dir)
    teams = pd.read_parquet(real_dir / TEAM_LOGS)
    season = teams[(teams["SEASON"] == "2024-25") & (teams["SEASON_TYPE"] == "Regular Season")]
    # neutral-site games say "X @ Y" on both rows; the file's HOME_AWAY has the designated host
    log = nba_stats.home_away_matchups(season)
    return {
        "schedule": nba_stats.game_log_to_schedule(log),
        "team_boxscores": nba_stats.game_log_to_team_boxscores(log),
        "player_boxscores": nba_stats.player_logs_to_landing(
            pd.read_parquet(real_dir / PLAYER_LOGS)
        ),
    }


def write_feeds(
    root: Path, feeds: dict[str, pd.DataFrame], dates: Collection[date] | None = None
) -> dict[str, int]:
    """Write one CSV per feed per game date under ``root`` (only ``dates`` if given).

    Returns the rows written per feed.
    """
    written = {}
    for feed, frame in feeds.items():
        days = frame["game_date"].map(date.fromisoformat)
        if dates is not None:
            frame, days = frame[days.isin(dates)], days[days.isin(dates)]
        for game_date, rows in frame.groupby(days):
            write_payload(root, feed, game_date, rows)
        written[feed] = len(frame)
    return written


def write_real_landing(
    root: Path, real_dir: Path = REAL_DATA_DIR, dates: Collection[date] | None = None
) -> dict[str, int]:
    """The 2023-24 landing (see ``write_feeds``)."""
    return write_feeds(root, real_feeds(real_dir), dates)


def write_real_landing_2024_25(
    root: Path, real_dir: Path = REAL_DATA_DIR, dates: Collection[date] | None = None
) -> dict[str, int]:
    """The 2024-25 landing (see ``write_feeds``)."""
    return write_feeds(root, real_feeds_2024_25(real_dir), dates)
