"""Daily automation: yesterday's results in the morning, today's slate at midday (US-Eastern).

Two asset jobs over the daily partitions and a schedule each, plus a schedule
per export deadline that runs the exports' freshness checks. All are off by
default in the embedded setup (turn them on in the UI under Automation, or set
``NBA_ASSETS_AUTOMATION=on`` in a deployment); times come from the environment.
Each run is one partition, so it goes through the same assets, checks and pool
limit as a backfill.
"""

from __future__ import annotations

from datetime import timedelta

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

from nba_assets.checks.freshness import DEADLINES, FRESHNESS_CHECKS
from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.settings import SETTINGS

DEFAULT_STATUS = (
    DefaultScheduleStatus.RUNNING if SETTINGS.automation else DefaultScheduleStatus.STOPPED
)


def _select(*paths: str) -> AssetSelection:
    return AssetSelection.assets(*(path.split("/") for path in paths))


# After the night's games: box scores (and the registry's listings from them) -> game
# summaries -> grading -> the results files.
RESULTS = _select(
    "nba_raw/schedule",
    "nba_raw/player_boxscores",
    "nba_raw/team_boxscores",
    "nba_raw/shots",
    "nba_raw/players",
    "nba_analytics/player_game_summary",
    "nba_analytics/team_offense_game_summary",
    "nba_analytics/team_defense_game_summary",
    "nba_predictions/prediction_accuracy",
    "exports/results",
    "exports/best_bets",
)
# Before tonight's games: schedule, rosters (today's registry listings), lines, injuries ->
# contexts -> features -> predictions -> files.
SLATE = _select(
    "nba_raw/schedule",
    "nba_raw/rosters",
    "nba_raw/players",
    "nba_raw/player_props",
    "nba_raw/game_lines",
    "nba_raw/injury_report",
    "nba_analytics/upcoming_player_game_context",
    "nba_analytics/upcoming_team_game_context",
    "nba_predictions/player_prop_predictions",
    "nba_predictions/system_daily_performance",
    "exports/predictions",
    "exports/best_bets",
    "exports/system_performance",
) | AssetSelection.groups("nba_precompute")


def daily(
    name: str, selection: AssetSelection, cron: str, days_back: int, what: str
) -> ScheduleDefinition:
    """A schedule running ``selection`` for the partition ``days_back`` days before its tick."""

    @schedule(
        cron_schedule=cron,
        job=define_asset_job(name, selection=selection),
        name=f"{name}_schedule",
        execution_timezone=GAME_TIMEZONE,
        default_status=DEFAULT_STATUS,
        description=f"{what} ({cron}, US-Eastern).",
    )
    def _daily(context: ScheduleEvaluationContext) -> RunRequest:
        day = (context.scheduled_execution_time - timedelta(days=days_back)).date()
        return RunRequest(run_key=f"{name}:{day}", partition_key=day.isoformat())

    return _daily


def freshness_schedules() -> list[ScheduleDefinition]:
    """At each export deadline, run the freshness checks of the exports due then."""
    schedules = []
    for deadline in sorted(set(DEADLINES.values()), key=lambda d: d.due):
        due = sorted(path for path, d in DEADLINES.items() if d == deadline)
        checks = [FRESHNESS_CHECKS[path] for path in due]
        name = f"exports_due_{deadline.due:%H%M}"
        schedules.append(
            ScheduleDefinition(
                name=f"{name}_schedule",
                job=define_asset_job(name, selection=AssetSelection.checks(*checks)),
                cron_schedule=deadline.cron,
                execution_timezone=GAME_TIMEZONE,
                default_status=DEFAULT_STATUS,
                description=f"Warns if {', '.join(due)} missed {deadline.due:%H:%M}.",
            )
        )
    return schedules


SCHEDULES = [
    daily("daily_results", RESULTS, SETTINGS.results_cron, 1, "Grades yesterday's games"),
    daily("daily_slate", SLATE, SETTINGS.slate_cron, 0, "Predicts today's slate"),
    *freshness_schedules(),
]
