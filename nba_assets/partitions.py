"""Game-date partitions, seasons and bootstrap windows.

One daily partitions definition over US-Eastern game dates. Off days are
partitions too (they materialize quickly with zero rows), and today's partition
exists (end offset 1) so pre-game contexts can run for today's slate.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from dagster import AssetExecutionContext, DailyPartitionsDefinition

from nba_assets.settings import SETTINGS

GAME_TIMEZONE = "America/New_York"
# the tags that make one run cover a partition range (what the CLI's --partition-range sets)
RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"

daily_partitions = DailyPartitionsDefinition(
    start_date=SETTINGS.first_game_date.isoformat(),
    timezone=GAME_TIMEZONE,
    end_offset=1,
)


def game_day(moment: datetime | None = None) -> date:
    """The US-Eastern date of ``moment`` (default: now): the partition it belongs to."""
    return (
        (moment or datetime.now(ZoneInfo(GAME_TIMEZONE))).astimezone(ZoneInfo(GAME_TIMEZONE)).date()
    )


def season_year_of(game_date: date) -> int:
    """The year a season starts in (2021 = 2021-22); seasons open in autumn."""
    return game_date.year if game_date.month >= 8 else game_date.year - 1


def season_label(season_year: int) -> str:
    return f"{season_year}-{(season_year + 1) % 100:02d}"


def date_range(context: AssetExecutionContext) -> tuple[date, date]:
    """The run's game dates as [start, end): works for one partition and for ranges."""
    window = context.partition_time_window
    return window.start.date(), window.end.date()


def days(start: date, end: date) -> list[date]:
    """Every calendar date in [start, end)."""
    return [start + timedelta(days=i) for i in range((end - start).days)]


def date_chunks(start: date, end: date, size: int) -> list[tuple[date, date]]:
    """[start, end) as consecutive [a, b) ranges of at most ``size`` days (one for an empty
    range): a step's work in bounded pieces."""
    bounds = [*range(0, (end - start).days, size), (end - start).days]
    pairs = [(start + timedelta(a), start + timedelta(b)) for a, b in pairwise(bounds)]
    return pairs or [(start, end)]


def parse_day(text: str) -> date:
    return datetime.strptime(text, "%Y-%m-%d").date()


def compress_dates(dates: list[date]) -> str:
    """``2022-01-04..2022-01-09, 2022-01-12`` — consecutive runs folded into ranges."""
    runs: list[tuple[date, date]] = []
    for day in sorted(set(dates)):
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return ", ".join(f"{a}" if a == b else f"{a}..{b}" for a, b in runs)
