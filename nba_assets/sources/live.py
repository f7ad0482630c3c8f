"""The live source: stats.nba.com through ``nba_api``, lines from an odds API, injury reports.

Like every source it lands payloads in the landing format; unlike the others it
fetches them, so it also keeps every response body in the landing archive
(``archive.py``). A date is (re)landed when its landing file is missing or the
date is yesterday or later (results and lines still move); everything else is
read from the landing as it is. ``offline`` re-lands from the archive only: a
replay never touches the network and fails on a body it does not hold.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from pydantic import Field, PrivateAttr

from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.sources.archive import Archive
from nba_assets.sources.landing import landing_path, write_payload
from nba_assets.sources.nba_api_client import SOURCE as NBA_API
from nba_assets.sources.nba_api_client import StatsClient
from nba_assets.sources.nba_api_feeds import NBA_FEEDS, NbaApiFeeds
from nba_assets.sources.resources import Source

SETTLED_AFTER_DAYS = 1  # dates before yesterday (US Eastern) are final once landed


class LiveSource(Source):
    """stats.nba.com (games, box scores, shots, inactive lists) via nba_api."""

    requests_per_minute: float = Field(
        default=20.0, description="stats.nba.com request rate (the site blocks fast clients)"
    )
    timeout_seconds: float = Field(default=30.0, description="Per-request timeout.")
    max_attempts: int = Field(default=4, description="Tries per request (timeouts, 429, 5xx).")
    backoff_seconds: float = Field(default=5.0, description="First retry wait; doubles per try.")
    bulk_min_dates: int = Field(
        default=4, description="Ranges with this many past dates read season game logs."
    )
    games: list[str] = Field(
        default_factory=list, description="Only these NBA game ids (e.g. re-land corrected games)."
    )
    offline: bool = Field(default=False, description="Re-land from the archive only (no network).")
    _stats: StatsClient | None = PrivateAttr(default=None)

    @property
    def stats(self) -> StatsClient:
        if self._stats is None:
            self._stats = StatsClient(
                Archive(self.root, NBA_API),
                requests_per_minute=self.requests_per_minute,
                timeout_seconds=self.timeout_seconds,
                max_attempts=self.max_attempts,
                backoff_seconds=self.backoff_seconds,
                offline=self.offline,
            )
        return self._stats

    def land(self, feed: str, dates: list[date]) -> None:
        pending = [d for d in dates if self._needs_landing(feed, d)]
        if not pending:
            return
        frame = self._fetch(feed, pending)
        if frame.empty:
            return
        for game_date, rows in frame.groupby("game_date", sort=True):
            write_payload(self.root, feed, date.fromisoformat(str(game_date)), rows)

    def _needs_landing(self, feed: str, game_date: date) -> bool:
        settled = datetime.now(ZoneInfo(GAME_TIMEZONE)).date() - timedelta(SETTLED_AFTER_DAYS)
        return game_date >= settled or not landing_path(self.root, feed, game_date).exists()

    def _fetch(self, feed: str, dates: list[date]) -> pd.DataFrame:
        if feed in NBA_FEEDS:
            return NbaApiFeeds(self.stats, self.bulk_min_dates, self.games).frames(feed, dates)
        return pd.DataFrame()
