"""Loading a raw table: landing payloads for the range -> parsed rows + quarantine, atomically.

Feeds that name players in a source's own spelling resolve them through the player
registry as usable on each row's date (``sources/player_registry.py``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pandas as pd

from nba_assets.partitions import date_chunks, days
from nba_assets.sources.landing import FEEDS
from nba_assets.sources.parsing import parse_payloads
from nba_assets.sources.player_registry import load_registry
from nba_assets.sources.resources import Source
from nba_assets.table_entry import Table
from nba_assets.warehouse import Warehouse, range_params

FEED_CHUNK_DAYS = 31


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
        range_params(start, end),
    )
    return set(games["game_id"])


def load_feed(
    table: Table, warehouse: Warehouse, source: Source, start: date, end: date
) -> FeedLoad:
    """The range's payloads parsed ``FEED_CHUNK_DAYS`` at a time (a season of shots is ~900,000
    rows: parsed at once, a gigabyte) and written as one atomic replace."""
    feed = FEEDS[table.name]
    registry = load_registry(warehouse, end) if feed.resolves_names else None
    scheduled = None if feed.name == "schedule" else scheduled_games(warehouse, start, end)
    rejected: list[pd.DataFrame] = []
    counts = {"files": 0, "parse_seconds": 0.0}

    def parsed_chunks() -> Iterator[pd.DataFrame]:
        for chunk_start, chunk_end in date_chunks(start, end, FEED_CHUNK_DAYS):
            payloads = list(source.payloads(feed.name, days(chunk_start, chunk_end)))
            began = time.perf_counter()
            parsed = parse_payloads(feed, payloads, registry, scheduled)  # off days: typed, empty
            counts["files"] += len(payloads)
            counts["parse_seconds"] += time.perf_counter() - began
            rejected.append(parsed.rejected)
            yield parsed.rows

    written = warehouse.replace_range_from_frames(table.target, parsed_chunks(), start, end)
    quarantine = warehouse.replace_range_from_frame(
        table.quarantine, pd.concat(rejected, ignore_index=True), start, end
    )
    return FeedLoad(
        rows=written.rows,
        quarantined=quarantine.rows,
        files=int(counts["files"]),
        parse_seconds=counts["parse_seconds"],
        seconds=written.seconds + quarantine.seconds - counts["parse_seconds"],
    )
