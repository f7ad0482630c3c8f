"""The live source: stats.nba.com through ``nba_api``, lines from an odds API, injury reports.

Like every source it lands payloads in the landing format; unlike the others it
fetches them, so it also keeps every response body in the landing archive
(``archive.py``). A date is (re)landed when its landing file is missing or the
date is yesterday or later (results and lines still move); everything else is
read from the landing as it is. ``offline`` re-lands from the archive only: a
replay never touches the network and fails on a body it does not hold.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from dagster import EnvVar
from pydantic import Field, PrivateAttr

from nba_assets.partitions import game_day
from nba_assets.sources.landing import landing_path, write_payload
from nba_assets.sources.live.archive import Archive
from nba_assets.sources.live.injuries import report_rows
from nba_assets.sources.live.odds import api as odds_api
from nba_assets.sources.live.odds.files import SNAPSHOT_TIMEZONE, snapshot_props, snapshot_zone
from nba_assets.sources.live.stats_nba.client import SOURCE as NBA_API
from nba_assets.sources.live.stats_nba.client import StatsClient
from nba_assets.sources.live.stats_nba.feeds import NBA_FEEDS, NbaApiFeeds
from nba_assets.sources.resources import Source

SETTLED_AFTER_DAYS = 1  # dates before yesterday (US Eastern) are final once landed


class LiveSource(Source):
    """stats.nba.com (games, box scores, shots, inactive lists) via nba_api; lines from The
    Odds API (key) or snapshot files; injury reports from files."""

    requests_per_minute: float = Field(
        default=20.0, description="stats.nba.com request rate (the site blocks fast clients)"
    )
    timeout_seconds: float = Field(default=30.0, description="Per-request timeout.")
    max_attempts: int = Field(default=4, description="Tries per request (timeouts, 429, 5xx).")
    backoff_seconds: float = Field(default=5.0, description="First retry wait; doubles per try.")
    give_up_seconds: float = Field(
        default=180.0, description="A request that has not succeeded by then fails its step."
    )
    bulk_min_dates: int = Field(
        default=4, description="Ranges with this many past dates read season game logs."
    )
    games: list[str] = Field(
        default_factory=list, description="Only these NBA game ids (e.g. re-land corrected games)."
    )
    offline: bool = Field(default=False, description="Re-land from the archive only (no network).")
    odds_api_key: str | None = Field(
        default=None, description="The Odds API key (pass dagster.EnvVar; never logged)."
    )
    odds_regions: str = Field(default="us", description="The Odds API bookmaker regions.")
    odds_snapshot_minutes: list[int] = Field(
        default_factory=lambda: [360, 90, 15],
        description="Past dates: historical snapshots this many minutes before each tip-off.",
    )
    odds_snapshot_dir: str | None = Field(
        default=None, description="Without a key: a folder of raw_YYYYMMDD_HHMMSS.csv snapshots."
    )
    odds_snapshot_timezone: str = Field(
        default=SNAPSHOT_TIMEZONE,
        description="IANA zone of the time in a snapshot file's name (the files do not say).",
    )
    injury_report_dir: str | None = Field(
        default=None, description="A folder of injury_report_YYYYMMDD_HHMM.csv reports."
    )
    _stats: StatsClient | None = PrivateAttr(default=None)
    _odds: odds_api.OddsApiClient | None = PrivateAttr(default=None)
    _in_game_dropped: int = PrivateAttr(default=0)

    @property
    def stats(self) -> StatsClient:
        if self._stats is None:
            self._stats = StatsClient(
                Archive(self.root, NBA_API),
                requests_per_minute=self.requests_per_minute,
                timeout_seconds=self.timeout_seconds,
                max_attempts=self.max_attempts,
                backoff_seconds=self.backoff_seconds,
                give_up_seconds=self.give_up_seconds,
                offline=self.offline,
            )
        return self._stats

    @property
    def odds(self) -> odds_api.OddsApiClient:
        if self._odds is None:
            self._odds = odds_api.OddsApiClient(
                self.odds_api_key or "",
                Archive(self.root, odds_api.SOURCE),
                regions=self.odds_regions,
                timeout_seconds=self.timeout_seconds,
                max_attempts=self.max_attempts,
                backoff_seconds=self.backoff_seconds,
                give_up_seconds=self.give_up_seconds,
            )
        return self._odds

    def land_metadata(self) -> dict[str, Any]:
        """Requests sent so far, and the odds API credits used and left (from its headers)."""
        metadata: dict[str, Any] = {
            "nba_api_requests": self._stats.requests_sent if self._stats else 0,
            "odds_in_game_quotes_dropped": self._in_game_dropped,
        }
        if self._odds is not None:
            metadata["odds_api_requests"] = self._odds.requests_sent
            metadata |= {f"odds_api_credits_{k}": v for k, v in self._odds.credits.items()}
        return metadata

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
        settled = game_day() - timedelta(SETTLED_AFTER_DAYS)
        return game_date >= settled or not landing_path(self.root, feed, game_date).exists()

    def _fetch(self, feed: str, dates: list[date]) -> pd.DataFrame:
        if feed in NBA_FEEDS:
            return NbaApiFeeds(self.stats, self.bulk_min_dates, self.games).frames(feed, dates)
        if feed in ("player_props", "game_lines") and self.odds_api_key:
            quotes = odds_api.OddsApiFeeds(self.odds, self.odds_snapshot_minutes).quotes(dates)
            self._in_game_dropped += quotes.in_game_dropped
            return quotes.props if feed == "player_props" else quotes.lines
        if feed == "player_props" and self.odds_snapshot_dir:
            folder = Path(self.odds_snapshot_dir)
            quotes = snapshot_props(folder, dates, self.odds_snapshot_timezone)
            self._in_game_dropped += quotes.in_game_dropped
            return quotes.props
        if feed == "injury_report" and self.injury_report_dir:
            return report_rows(Path(self.injury_report_dir), dates)
        return pd.DataFrame()  # no configured origin for this feed: nothing to land


def live_source(landing_dir: Path) -> LiveSource:
    """The live source configured from the environment (README "Live sources")."""
    key = "NBA_ASSETS_ODDS_API_KEY"

    def optional(name: str) -> str | None:
        return os.environ.get(name) or None

    timezone = optional("NBA_ASSETS_ODDS_SNAPSHOT_TZ") or SNAPSHOT_TIMEZONE
    snapshot_zone(timezone)  # a misspelt zone fails here, naming the variable
    return LiveSource(
        landing_dir=str(landing_dir),
        requests_per_minute=float(optional("NBA_ASSETS_NBA_REQUESTS_PER_MINUTE") or 20),
        timeout_seconds=float(optional("NBA_ASSETS_NBA_TIMEOUT_SECONDS") or 30),
        give_up_seconds=float(optional("NBA_ASSETS_SOURCE_GIVE_UP_SECONDS") or 180),
        odds_api_key=EnvVar(key) if optional(key) else None,
        odds_snapshot_dir=optional("NBA_ASSETS_ODDS_SNAPSHOT_DIR"),
        odds_snapshot_timezone=timezone,
        injury_report_dir=optional("NBA_ASSETS_INJURY_REPORT_DIR"),
    )
