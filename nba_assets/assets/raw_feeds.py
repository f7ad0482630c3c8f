"""Loading a raw table: landing payloads for the range -> parsed rows + quarantine, atomically.

Feeds that name players in a source's own spelling resolve them through the player
registry as usable on each row's date (``sources/player_registry.py``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from nba_assets.partitions import days
from nba_assets.sources.landing import FEEDS
from nba_assets.sources.parsing import parse_payloads
from nba_assets.sources.player_registry import load_registry
from nba_assets.sources.resources import Source
from nba_assets.tables import Table
from nba_assets.warehouse import Warehouse
from nba_assets.warehouse.base import range_params


@dataclass(frozen=True)
class FeedLoad:
    rows: int
    quarantined: int
    files: int
    parse_seconds: float
    seconds: float  # warehouse time


def scheduled_games(warehouse: Warehouse, start: date, end: date) -> set[str]:
    """Game ids nba_raw.schedule has over [start, end): rows of other games are quarantined."""
    games = warehouse.query(
        "SELECT game_id FROM nba_raw.schedule WHERE game_date >= @start_date AND game_date < @end_date",
        range_params(start, end, None),
    )
    return set(games["game_id"])


def load_feed(
    table: Table, warehouse: Warehouse, source: Source, start: date, end: date
) -> FeedLoad:
    feed = FEEDS[table.feed or table.name]
    payloads = list(source.payloads(feed.name, days(start, end)))
    began = time.perf_counter()
    registry = load_registry(warehouse, end) if feed.resolves_names else None
    scheduled = None if feed.name == "schedule" else scheduled_games(warehouse, start, end)
    # an off-day range: typed empty columns
    parsed = parse_payloads(feed, payloads, registry, scheduled)
    parse_seconds = time.perf_counter() - began
    written = warehouse.replace_range_from_frame(table.target, parsed.rows, start, end)
    quarantine = warehouse.replace_range_from_frame(table.quarantine, parsed.rejected, start, end)
    return FeedLoad(
        rows=written.rows,
        quarantined=quarantine.rows,
        files=len(payloads),
        parse_seconds=parse_seconds,
        seconds=written.seconds + quarantine.seconds,
    )
