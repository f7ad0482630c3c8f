"""Loading a raw table: landing payloads for the range -> parsed rows + quarantine, atomically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from nba_assets.partitions import days
from nba_assets.sources.landing import FEEDS, Feed, Payload
from nba_assets.sources.parsing import Parsed, parse_payload
from nba_assets.sources.resources import Source
from nba_assets.tables import Table
from nba_assets.warehouse import Warehouse


@dataclass(frozen=True)
class FeedLoad:
    rows: int
    quarantined: int
    files: int
    seconds: float


def _nothing(feed: Feed, start: date) -> Parsed:
    """The typed empty result, so an off-day range still creates/keeps the right columns."""
    return parse_payload(feed, Payload(Path("-"), start, pd.DataFrame(columns=feed.column_names)))


def load_feed(
    table: Table, warehouse: Warehouse, source: Source, start: date, end: date
) -> FeedLoad:
    feed = FEEDS[table.feed or table.name]
    parsed = [parse_payload(feed, p) for p in source.payloads(feed.name, days(start, end))]
    parts = [_nothing(feed, start), *parsed]
    rows = pd.concat([p.rows for p in parts], ignore_index=True)
    rejected = pd.concat([p.rejected for p in parts], ignore_index=True)
    written = warehouse.replace_range_from_frame(table.target, rows, start, end)
    quarantine = warehouse.replace_range_from_frame(table.quarantine, rejected, start, end)
    return FeedLoad(
        rows=written.rows,
        quarantined=quarantine.rows,
        files=len(parsed),
        seconds=written.seconds + quarantine.seconds,
    )
