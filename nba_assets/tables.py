"""The table catalogue: every table declared once, as data (``table_entry.Table``).

Each entry becomes a daily-partitioned asset (key ``<dataset>/<name>``, group =
dataset), with its checks and its description, through one factory
(``assets/factory.py``). Adding a table = one SQL file (or landing feed) + one entry.
Importing the catalogue imports no model code: a Python builder is named, and imported
when its table is first built.
"""

from __future__ import annotations

from typing import Any

from nba_assets.features import FEATURE_VERSION, FEATURES
from nba_assets.package_files import sql_text
from nba_assets.scoring import Z_95
from nba_assets.settings import SETTINGS
from nba_assets.sources.landing import FEEDS
from nba_assets.sources.player_registry import KEY as PLAYERS_KEY
from nba_assets.table_entry import Table, TableKind
from nba_assets.warehouse.dialect import referenced_tables


def _raw(name: str, summary: str, **extra: Any) -> Table:
    """A raw feed, keyed as its landing feed declares; all but the schedule follow the schedule
    (their coverage is judged against it)."""
    checks = ("no_duplicate_keys", "game_id_format", "quarantine_rate", *extra.pop("checks", ()))
    upstream = extra.pop("upstream", ()) or (() if name == "schedule" else ("nba_raw/schedule",))
    return Table(
        "nba_raw",
        name,
        "game_date",
        FEEDS[name].key,
        upstream=upstream,
        kind=TableKind.FEED,
        checks=checks,
        summary=summary,
        **extra,
    )


def _analytics(name: str, key: tuple[str, ...], **extra: Any) -> Table:
    checks = (
        "no_duplicate_keys",
        "game_id_format",
        "covers_scheduled_dates",
        *extra.pop("checks", ()),
    )
    return Table("nba_analytics", name, "game_date", key, checks=checks, **extra)


# How history carries across seasons (phase 4 and the pre-game rosters): windows reach back this many
# days whatever the season, so opening night reads the previous season's games; season averages are
# shrunk toward that carried history as if it were this many games of the season (10 of 82: it
# weighs half at game 10, an eighth by the All-Star break).
CARRY_PARAMS: dict[str, int] = {"carry_days": 365, "prior_games": 10}


def _precompute(name: str, date_column: str, key: tuple[str, ...], **extra: Any) -> Table:
    """A rolling-feature table: no rows in the warehouse's first bootstrap days (nothing to carry
    yet), and its checks know it."""
    checks = ("no_duplicate_keys", "covers_scheduled_dates", *extra.pop("checks", ()))
    params = {**CARRY_PARAMS, **extra.pop("params", {})}
    return Table(
        "nba_precompute",
        name,
        date_column,
        key,
        checks=checks,
        params=params,
        bootstrap_days=SETTINGS.bootstrap_days,
        **extra,
    )


FEATURE_PARAMS: dict[str, Any] = {
    "feature_version": FEATURE_VERSION,
    "feature_count": len(FEATURES),
    **{f"default_{feature.name}": float(feature.default) for feature in FEATURES},
}

# props and injury reports resolve their player names through the registry
RESOLVED = ("nba_raw/schedule", "nba_raw/players")

TABLES: tuple[Table, ...] = (
    _raw("schedule", "Games by US-Eastern date: teams, tip-off, status, scores."),
    _raw(
        "rosters",
        "Each team's listed players for a game (injured included), known before tip-off.",
    ),
    _raw(
        "player_boxscores",
        "One row per rostered player per game (played, DNP, inactive), minutes as decimals.",
        checks=("covers_scheduled_dates",),
        results=True,
    ),
    _raw(
        "team_boxscores",
        "Two rows per game: team totals (= sum of players) plus team-only stats.",
        upstream=("nba_raw/schedule", "nba_raw/player_boxscores"),
        checks=("covers_scheduled_dates", "team_points_match_players"),
        results=True,
    ),
    _raw("shots", "One row per field-goal attempt, with distance and type."),
    Table(
        "nba_raw",
        "players",
        "game_date",
        PLAYERS_KEY,
        kind=TableKind.PYTHON,
        builder="nba_assets.sources.player_registry:build_players",
        upstream=("nba_raw/player_boxscores", "nba_raw/rosters"),
        summary="The player registry: who the NBA listed on each date (rosters before tip-off, "
        "box scores after), keyed by person id, with every name each is matched by (the NBA's, "
        "its suffix-free variant, the reviewed alias file's). Built by "
        "nba_assets/sources/player_registry.py.",
    ),
    _raw(
        "player_props",
        "Player-points lines: one row per book per snapshot (in-game quotes kept, never used); "
        "player names resolved through nba_raw.players.",
        upstream=RESOLVED,
    ),
    _raw(
        "game_lines",
        "Spread and total: one row per book per snapshot.",
    ),
    _raw(
        "injury_report",
        "Official injury report entries: one row per player per report time; player names "
        "resolved through nba_raw.players.",
        upstream=RESOLVED,
    ),
    _analytics(
        "player_game_summary",
        ("game_id", "player_lookup"),
        checks=("usage_rate_population",),
        results=True,
    ),
    _analytics(
        "team_offense_game_summary",
        ("game_id", "team_abbr"),
        results=True,
    ),
    _analytics(
        "team_defense_game_summary",
        ("game_id", "defending_team_abbr"),
        results=True,
    ),
    _analytics(
        "upcoming_player_game_context",
        ("game_date", "player_lookup"),
        params={"lookback_days": 30, "late_season_from_day": 143, **CARRY_PARAMS},
        # without a rosters feed, rosters come from box-score history: the warehouse's first games
        # list nobody yet
        bootstrap_days=7,
    ),
    _analytics(
        "upcoming_team_game_context",
        ("game_id", "team_abbr"),
        params={"lookback_days": 30},
    ),
    _precompute(
        "team_defense_zone_analysis",
        "analysis_date",
        ("analysis_date", "team_abbr"),
        checks=("rolling_averages_populated",),
        rolling_columns=("paint_pct_allowed_last_15", "defensive_rating_last_15"),
        column_feeds={"paint_pct_allowed_last_15": "shots"},
    ),
    _precompute(
        "player_shot_zone_analysis",
        "analysis_date",
        ("analysis_date", "player_lookup"),
        checks=("rolling_averages_populated",),
        rolling_columns=("paint_rate_last_10", "three_pt_rate_last_10"),
        column_feeds={"paint_rate_last_10": "shots", "three_pt_rate_last_10": "shots"},
    ),
    _precompute(
        "player_daily_cache",
        "cache_date",
        ("cache_date", "player_lookup"),
        checks=("rolling_averages_populated",),
        rolling_columns=("points_avg_last_10", "minutes_avg_last_10", "usage_rate_last_10"),
    ),
    _precompute(
        "player_composite_factors",
        "game_date",
        ("game_date", "player_lookup"),
        checks=("game_id_format", "rolling_averages_populated"),
        rolling_columns=("team_pace_last_10", "opponent_pace_last_10", "points_avg_last_10"),
    ),
    _precompute(
        "player_recent_form",
        "game_date",
        ("game_date", "player_lookup"),
        checks=("rolling_averages_populated",),
        rolling_columns=("minutes_ewm_3", "points_ewm_8", "ppm_ewm_20"),
    ),
    _precompute(
        "ml_feature_store_v2",
        "game_date",
        ("game_date", "player_lookup"),
        params=FEATURE_PARAMS,
        checks=("game_id_format", "feature_ranges", "feature_variance", "feature_quality"),
    ),
    Table(
        "nba_predictions",
        "player_prop_predictions",
        "game_date",
        ("game_date", "player_lookup", "system_id"),
        kind=TableKind.PYTHON,
        builder="nba_assets.models.predict:build_predictions",
        upstream=tuple(sorted(referenced_tables(sql_text("models", "prediction_inputs")))),
        bootstrap_days=SETTINGS.bootstrap_days,
        checks=(
            "no_duplicate_keys",
            "covers_scheduled_dates",
            "lines_have_every_system",
            "predictions_within_bounds",
        ),
        summary="Points predicted by five systems (moving_average, zone_matchup, similarity, "
        "xgboost walk-forward, ensemble) per player with a game, with the consensus pre-tip line, "
        "the edge and OVER / UNDER / PASS / NO_LINE. Built by nba_assets/models (config.yaml).",
    ),
    Table(
        "nba_predictions",
        "prediction_accuracy",
        "game_date",
        ("game_date", "player_lookup", "system_id"),
        bootstrap_days=SETTINGS.bootstrap_days,
        checks=("no_duplicate_keys", "game_id_format", "grading_covers_finished_games"),
    ),
    Table(
        "nba_predictions",
        "system_daily_performance",
        "game_date",
        ("game_date", "system_id", "scoring_tier"),
        bootstrap_days=SETTINGS.bootstrap_days,
        lag_game_dates=1,  # from the game date after the first graded one
        params={"z_95": Z_95},  # its intervals' z, the one nba_assets/scoring.py uses
    ),
)

TABLES_BY_PATH: dict[str, Table] = {table.path: table for table in TABLES}
