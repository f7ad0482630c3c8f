"""Player-points lines and game lines from The Odds API (v4), archived like every fetch.

- Today and later: the ``events`` list (free) and each event's current
  ``events/{id}/odds``; every fetch is a snapshot, archived with its fetch time,
  and landing a date uses every snapshot archived for it (run it a few times
  before tip-off and the landing holds several pre-game snapshots per game).
- Past dates: ``historical/.../events`` and ``historical/.../events/{id}/odds``
  at fixed times before each tip-off (``snapshot_minutes``); historical bodies
  never change, so the archive answers them forever after.

The key comes from ``dagster.EnvVar`` and is sent only as the request's
``apiKey`` parameter: it is never archived, logged or put in an error message.
The credits used and left (``x-requests-used`` / ``x-requests-remaining``) are
kept for the asset's metadata.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import requests

from nba_assets.partitions import GAME_TIMEZONE, game_day
from nba_assets.sources.live.archive import Archive
from nba_assets.sources.live.odds.quotes import (
    LINE_MARKETS,
    PROPS_MARKET,
    Quotes,
    combine,
    event_quotes,
)
from nba_assets.sources.live.retries import RETRIED_STATUS, Patience, TryAgain, with_retries

SOURCE = "odds_api"
HOST = "https://api.the-odds-api.com"
SPORT = "basketball_nba"
MARKETS = ",".join((PROPS_MARKET, *LINE_MARKETS))


class OddsApiError(RuntimeError):
    """The odds API refused a request or kept failing (the message never holds the key)."""


@dataclass
class OddsApiClient:
    api_key: str
    archive: Archive
    regions: str = "us"
    timeout_seconds: float = 30.0
    max_attempts: int = 4
    backoff_seconds: float = 5.0
    give_up_seconds: float = 180.0  # an outage fails the step after this, not after retries
    sleep: Callable[[float], None] = time.sleep
    credits: dict[str, int] = field(default_factory=dict)
    requests_sent: int = 0

    def get(self, path: str, key: str, params: dict[str, Any], reuse: bool) -> tuple[Any, datetime]:
        """(body, fetch time): from the archive when ``reuse``, else fetched and archived."""
        endpoint = path.strip("/").replace("/", "_")
        archived = self.archive.latest(endpoint, key, params) if reuse else None
        if archived is not None:
            return json.loads(archived.body), archived.fetched_utc
        text = self._fetch(path, params)
        fetched = datetime.now(UTC)
        self.archive.save(endpoint, key, params, text, fetched)
        return json.loads(text), fetched

    def snapshots(self, path: str, key: str, params: dict[str, Any]) -> list[tuple[Any, datetime]]:
        """Every archived body of a request, with its fetch time (the live-odds snapshots)."""
        endpoint = path.strip("/").replace("/", "_")
        return [
            (json.loads(a.body), a.fetched_utc) for a in self.archive.history(endpoint, key, params)
        ]

    @property
    def patience(self) -> Patience:
        return Patience(
            self.max_attempts, self.backoff_seconds, self.timeout_seconds, self.give_up_seconds
        )

    def _fetch(self, path: str, params: dict[str, Any]) -> str:
        return with_retries(
            lambda: self._attempt(path, params),
            self.patience,
            self.sleep,
            gave_up=lambda last: OddsApiError(
                f"odds API {path} {params}: gave up ({last}). The API is down or unreachable "
                "from here: run the same range again once it answers"
            ),
        )

    def _attempt(self, path: str, params: dict[str, Any]) -> str:
        self.requests_sent += 1
        try:
            response = requests.get(
                HOST + path,
                params={**params, "apiKey": self.api_key},
                timeout=self.timeout_seconds,
            )
        except requests.RequestException as error:
            # its text may hold the URL, key included: neither message nor chained cause
            raise TryAgain(type(error).__name__) from None
        self._count_credits(response.headers)
        if response.status_code == 200:
            return response.text
        if response.status_code not in RETRIED_STATUS:
            raise OddsApiError(
                f"odds API refused {path} {params}: HTTP {response.status_code} "
                "(bad key, no credits left or bad parameters; not retried)"
            )
        raise TryAgain(f"HTTP {response.status_code}")

    def _count_credits(self, headers: Any) -> None:
        for name in ("remaining", "used", "last"):
            value = headers.get(f"x-requests-{name}")
            if value is not None:
                self.credits[name] = int(float(value))


def _day_bounds(day: date) -> dict[str, str]:
    """The US-Eastern day as the API's commenceTime window (UTC, no fractions)."""
    start = datetime.combine(day, clock(), ZoneInfo(GAME_TIMEZONE)).astimezone(UTC)
    end = start + timedelta(days=1) - timedelta(seconds=1)
    return {
        "commenceTimeFrom": f"{start:%Y-%m-%dT%H:%M:%SZ}",
        "commenceTimeTo": f"{end:%Y-%m-%dT%H:%M:%SZ}",
    }


@dataclass
class OddsApiFeeds:
    client: OddsApiClient
    snapshot_minutes: Sequence[int] = (360, 90, 15)  # before tip-off, for past dates
    today: Callable[[], date] = game_day

    def quotes(self, dates: Sequence[date]) -> Quotes:
        found = []
        for day in dates:
            found += self._live(day) if day >= self.today() else self._historical(day)
        return combine(found)

    def _odds_params(self, **extra: str) -> dict[str, str]:
        return {
            "regions": self.client.regions,
            "markets": MARKETS,
            "oddsFormat": "american",
        } | extra

    def _live(self, day: date) -> list[Quotes]:
        events, _ = self.client.get(f"/v4/sports/{SPORT}/events", str(day), _day_bounds(day), False)
        found = []
        for event in events:
            path = f"/v4/sports/{SPORT}/events/{event['id']}/odds"
            self.client.get(path, str(day), self._odds_params(), reuse=False)
            found += [
                event_quotes(body, fetched)
                for body, fetched in self.client.snapshots(path, str(day), self._odds_params())
            ]
        return found

    def _historical(self, day: date) -> list[Quotes]:
        noon = datetime.combine(day, clock(12), ZoneInfo(GAME_TIMEZONE)).astimezone(UTC)
        params = _day_bounds(day) | {"date": f"{noon:%Y-%m-%dT%H:%M:%SZ}"}
        listing, _ = self.client.get(
            f"/v4/historical/sports/{SPORT}/events", str(day), params, True
        )
        found = []
        for event in listing["data"]:
            tipoff = pd.Timestamp(event["commence_time"]).to_pydatetime()
            for minutes in self.snapshot_minutes:
                at = tipoff - timedelta(minutes=minutes)
                body, _ = self.client.get(
                    f"/v4/historical/sports/{SPORT}/events/{event['id']}/odds",
                    str(day),
                    self._odds_params(date=f"{at:%Y-%m-%dT%H:%M:%SZ}"),
                    reuse=True,
                )
                found.append(
                    event_quotes(body["data"], pd.Timestamp(body["timestamp"]).to_pydatetime())
                )
        return found
