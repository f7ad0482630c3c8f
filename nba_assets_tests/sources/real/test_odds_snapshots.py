"""The odds snapshot files on the real 2025-26 first week (9,894 sportsbook quotes).

Real-data tier: the quotes (MylesThomas/betting) state no licence, so they are read from
``../shared`` and written back into their snapshot files here, never vendored; the same
format runs on a clone through the synthetic folder (``sources/test_live_odds_and_injuries.py``).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from nba_assets.sources.live.odds.files import SNAPSHOT_TIMEZONE
from nba_assets.sources.live.source import LiveSource
from nba_assets.sources.real.landing import REAL_DATA_DIR
from nba_assets.sources.real.opening_week import PROPS_2025_26, write_real_odds_snapshots
from nba_assets_tests.conftest import (
    listed_registry,
    listings,
    parsed_landing,
    real_roster_2025_26,
)

PROPS = REAL_DATA_DIR / PROPS_2025_26
WEEK = [date(2025, 10, 21 + i) for i in range(7)]

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def snapshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("snapshots")
    assert len(write_real_odds_snapshots(folder)) == 7  # one file a day, each named 17:00
    return folder


def test_snapshot_files_land_pre_game_main_lines(snapshot_dir: Path, tmp_path: Path) -> None:
    source = LiveSource(landing_dir=str(tmp_path), odds_snapshot_dir=str(snapshot_dir))
    source.land("player_props", WEEK)
    # names resolve through the registry of the 2025-26 rosters (sources/real/test_player_registry.py)
    listed = listings(date(2025, 10, 20), real_roster_2025_26())
    registry = listed_registry(tmp_path, listed, WEEK[-1] + timedelta(1))
    rows, rejected = parsed_landing(tmp_path, "player_props", WEEK, registry)
    assert rejected.empty
    # 9,894 quotes, every one before its own game's tip-off (file times read as UTC); they
    # hold 5,163 player-book-snapshots (alternate lines folded into one) for 53 games
    assert source.land_metadata()["odds_in_game_quotes_dropped"] == 0
    assert len(rows) == 5163 and rows["game_id"].nunique() == 53
    assert (rows["snapshot_utc"] < rows["tipoff_utc"]).all()
    sga = rows[(rows["player_lookup"] == "shaigilgeousalexander") & (rows["game_date"] == WEEK[0])]
    by_book = sga.set_index("bookmaker")
    assert by_book.loc["draftkings", ["line", "over_price", "under_price"]].tolist() == [
        32.5,
        -114,
        -112,
    ]
    assert by_book.loc["bovada", "line"] == 31.5  # of ten alternates, the one nearest even money
    assert sga["game_id"].unique().tolist() == ["20251021_HOU_OKC"]
    assert sga["snapshot_utc"].iloc[0] == pd.Timestamp("2025-10-21T17:00Z")
    assert sga["player_id"].unique().tolist() == ["1628983"]  # the NBA's person id


@pytest.mark.parametrize(
    "zone, kept, dropped, games, earliest_lead",
    [
        # the default: every quote before its game's tip-off, the closest 70 minutes before
        ("UTC", 9894, 0, 53, pd.Timedelta(minutes=70)),
        # US Eastern would put the 17:00 files at 21:00 UTC: both 2025-10-26 matinees (BKN @ SAS
        # 18:10 UTC, BOS @ DET 19:30 UTC) would have complete prop boards mid-game
        ("America/New_York", 9476, 418, 51, pd.Timedelta(minutes=60)),
    ],
)
def test_file_times_fit_utc_against_each_games_tipoff(
    zone: str, kept: int, dropped: int, games: int, earliest_lead: pd.Timedelta
) -> None:
    """The evidence for ``SNAPSHOT_TIMEZONE``: each quote against its own event's tip-off."""
    quotes = pd.read_parquet(PROPS)
    taken = quotes["snapshot_label"].dt.tz_localize(zone).dt.tz_convert("UTC")
    lead = quotes["game_time"] - taken
    pre_game = lead > pd.Timedelta(0)
    assert (int(pre_game.sum()), int((~pre_game).sum())) == (kept, dropped)
    assert quotes.loc[pre_game, "event_id"].nunique() == games
    assert lead[pre_game].min() == earliest_lead
    assert SNAPSHOT_TIMEZONE == "UTC"
