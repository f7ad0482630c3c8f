"""Freshness of the daily exports: is the partition a reader expects there by its deadline?

Today's slate files (predictions, best bets, system performance) are due by the
slate deadline; yesterday's results by the results deadline (US-Eastern, from
the environment). Dagster's own time-partition freshness check cannot say
"yesterday's partition": with today's partition open (end offset 1) it always
expects today's, so this check names its expected partition itself.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    AssetRecordsFilter,
    MetadataValue,
    asset_check,
)

from nba_assets.partitions import GAME_TIMEZONE, game_day
from nba_assets.settings import SETTINGS

CHECK = "fresh_by_deadline"


@dataclass(frozen=True)
class Deadline:
    """The partition ``days_back`` days before the deadline's date is due at ``due`` (Eastern)."""

    due: time
    days_back: int

    @property
    def cron(self) -> str:
        return f"{self.due.minute} {self.due.hour} * * *"

    def expected_partition(self, now: datetime) -> date:
        """The partition due by the latest deadline that has passed at ``now``."""
        local = now.astimezone(ZoneInfo(GAME_TIMEZONE))
        deadline_day = game_day(local) - timedelta(0 if local.time() >= self.due else 1)
        return deadline_day - timedelta(days=self.days_back)


SLATE_DEADLINE = Deadline(time.fromisoformat(SETTINGS.slate_deadline), days_back=0)
RESULTS_DEADLINE = Deadline(time.fromisoformat(SETTINGS.results_deadline), days_back=1)
DEADLINES: dict[str, Deadline] = {
    "exports/predictions": SLATE_DEADLINE,
    "exports/best_bets": SLATE_DEADLINE,
    "exports/system_performance": SLATE_DEADLINE,
    "exports/results": RESULTS_DEADLINE,
}


def build_freshness_check(path: str, deadline: Deadline) -> AssetChecksDefinition:
    asset_key = AssetKey(path.split("/"))

    @asset_check(
        asset=asset_key,
        name=CHECK,
        description=(
            f"The partition {deadline.days_back} day(s) before today is materialized by "
            f"{deadline.due:%H:%M} US-Eastern (warns, never blocks)."
        ),
    )
    def _fresh(context: AssetCheckExecutionContext) -> AssetCheckResult:
        expected = deadline.expected_partition(datetime.now(UTC))
        records = context.instance.fetch_materializations(
            AssetRecordsFilter(asset_key=asset_key, asset_partitions=[expected.isoformat()]),
            limit=1,
        ).records
        metadata = {
            "expected_partition": expected.isoformat(),
            "deadline": f"{deadline.due:%H:%M} US-Eastern",
        }
        if records:
            metadata["materialized_at"] = MetadataValue.timestamp(records[0].timestamp)
        return AssetCheckResult(
            passed=bool(records),
            severity=AssetCheckSeverity.WARN,
            metadata=metadata,
            description=None if records else f"{path} has no file set for {expected} yet",
        )

    return _fresh


FRESHNESS_CHECKS = {
    path: build_freshness_check(path, deadline) for path, deadline in DEADLINES.items()
}
