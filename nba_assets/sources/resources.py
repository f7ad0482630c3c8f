"""Source resources: where each raw asset gets the payloads for its date range.

Every source lands payloads under its landing root in the landing format
(``landing.py``) and the raw assets parse from there, so re-parsing never
re-fetches and a bad parse can be replayed from the same files.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from dagster import ConfigurableResource
from pydantic import Field

from nba_assets.partitions import season_year_of
from nba_assets.sources.demo.league import generate_season
from nba_assets.sources.landing import FEEDS, Payload, read_payloads, write_payload


class Source(ConfigurableResource):
    """Delivers landing payloads for a feed and a list of game dates."""

    landing_dir: str = Field(description="Landing root: <landing_dir>/<feed>/<YYYY-MM-DD>.csv")

    @property
    def root(self) -> Path:
        return Path(self.landing_dir)

    def land(self, feed: str, dates: list[date]) -> None:
        """Make sure the payloads for ``dates`` are in the landing root (fetch what is missing)."""

    def land_metadata(self) -> dict[str, Any]:
        """What fetching has cost so far (requests, API credits), for the asset's metadata."""
        return {}

    def payloads(self, feed: str, dates: list[date]) -> Iterator[Payload]:
        self.land(feed, dates)
        yield from read_payloads(self.root, feed, dates)


class FilesSource(Source):
    """Payloads dropped into the landing directory by hand or by another system."""

    def land(self, feed: str, dates: list[date]) -> None:
        """Nothing to fetch; but a landing root without a schedule/ folder is a wrong path, not
        an off season: say so instead of building empty tables."""
        if not (self.root / "schedule").is_dir():
            raise FileNotFoundError(
                f"{self.root}: no schedule/ folder. The files source reads "
                "<NBA_ASSETS_LANDING_DIR>/files/<feed>/<YYYY-MM-DD>.csv (README, Your own data); "
                "is NBA_ASSETS_LANDING_DIR the folder above files/?"
            )


class DemoSource(Source):
    """The deterministic demo league: generated into the landing root on first use."""

    seed: int = Field(default=7, description="Same seed, same league, byte for byte.")

    def land(self, feed: str, dates: list[date]) -> None:
        for season_year in sorted({season_year_of(d) for d in dates}):
            marker = self.root / "_generated" / f"season-{season_year}-seed-{self.seed}"
            if not marker.exists():
                self._generate(season_year)
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()

    def _generate(self, season_year: int) -> None:
        frames = generate_season(season_year, self.seed)
        for name in FEEDS:
            for game_date, rows in frames[name].groupby("game_date", sort=True):
                write_payload(self.root, name, date.fromisoformat(str(game_date)), rows)
