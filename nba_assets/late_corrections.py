"""Late corrections: a past date's box scores re-landed -> everything built from them is rebuilt.

The stats feed corrects box scores days later. When a results feed is
re-materialized for a date older than yesterday by a run that did not also
rebuild what depends on it, this sensor requests one ranged run of every
downstream asset from that date through yesterday: phase 3 for the date itself,
and phases 4-6 for every later date, because rolling windows read it; the player
registry too, and the props and injury reports whose names resolve through it.
"""

from datetime import UTC, date, datetime, timedelta

from dagster import (
    AssetKey,
    AssetRecordsFilter,
    AssetSelection,
    DagsterRun,
    DefaultSensorStatus,
    EventLogRecord,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    define_asset_job,
    sensor,
)

from nba_assets.partitions import RANGE_END, RANGE_START, game_day, parse_day
from nba_assets.settings import SETTINGS

SENSOR_TAG = "nba_assets/late_correction"
RESULT_FEEDS = [
    AssetKey(["nba_raw", name]) for name in ("player_boxscores", "team_boxscores", "shots")
]
DOWNSTREAM = AssetSelection.assets(*RESULT_FEEDS).downstream(include_self=False)
late_corrections_job = define_asset_job("late_corrections", selection=DOWNSTREAM)


def yesterday(now: datetime) -> date:
    return game_day(now) - timedelta(days=1)


def corrected_date(
    record: EventLogRecord, run: DagsterRun | None, dependents: set[AssetKey], now: datetime
) -> date | None:
    """The record's game date if it is a late correction whose dependents were not rebuilt."""
    partition = record.partition_key
    if partition is None or parse_day(partition) >= yesterday(now):
        return None  # the nightly results run, not a correction
    if run is not None and (
        SENSOR_TAG in run.tags  # our own rebuild
        or run.asset_selection is None  # a run of every asset
        or dependents <= run.asset_selection  # a run that rebuilt the dependents itself
    ):
        return None
    return parse_day(partition)


@sensor(
    job=late_corrections_job,
    minimum_interval_seconds=300,
    default_status=DefaultSensorStatus.RUNNING
    if SETTINGS.automation
    else DefaultSensorStatus.STOPPED,
    description="Rebuilds downstream tables and files when a past date's box scores are corrected.",
)
def late_corrections_sensor(context: SensorEvaluationContext) -> SensorResult | SkipReason:
    if context.cursor is None:  # first tick: start from now, not from all history
        newest = context.instance.event_log_storage.get_maximum_record_id() or 0
        return SensorResult(skip_reason=SkipReason("watching from now on"), cursor=str(newest))
    after, now = int(context.cursor), datetime.now(UTC)
    records = [
        record
        for key in RESULT_FEEDS
        for record in context.instance.fetch_materializations(
            AssetRecordsFilter(asset_key=key, after_storage_id=after), limit=10_000
        ).records
    ]
    newest = max([after, *(r.storage_id for r in records)])
    dependents = set(DOWNSTREAM.resolve(context.repository_def.asset_graph))
    # one lookup per run: a ranged run leaves one record per date and feed
    runs = {i: context.instance.get_run_by_id(i) for i in {r.run_id for r in records if r.run_id}}
    dates = {
        day
        for record in records
        if (day := corrected_date(record, runs.get(record.run_id), dependents, now)) is not None
    }
    if not dates:
        return SensorResult(skip_reason=SkipReason("no late corrections"), cursor=str(newest))
    first, last = min(dates), yesterday(now)
    return SensorResult(
        run_requests=[
            RunRequest(
                run_key=f"late-correction:{first}:{newest}",
                tags={RANGE_START: first.isoformat(), RANGE_END: last.isoformat(), SENSOR_TAG: "1"},
            )
        ],
        cursor=str(newest),
    )
