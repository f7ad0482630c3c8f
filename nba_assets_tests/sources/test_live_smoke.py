"""Against the real sites: only with NBA_ASSETS_LIVE_TESTS=1 (and a network).

Lands the last week's schedule from stats.nba.com, one finished game's box
score and shots, and, with NBA_ASSETS_ODDS_API_KEY set, today's lines (the
events list is free; one event's odds costs a few credits).
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.sources.landing import FEEDS, read_payloads
from nba_assets.sources.live.source import LiveSource
from nba_assets.sources.parsing import parse_payloads

pytestmark = pytest.mark.skipif(
    os.environ.get("NBA_ASSETS_LIVE_TESTS") != "1", reason="set NBA_ASSETS_LIVE_TESTS=1 to run"
)


def _today() -> date:
    return datetime.now(ZoneInfo(GAME_TIMEZONE)).date()


def test_stats_nba_com_lands_a_recent_game(tmp_path: Path) -> None:
    days = [_today() - timedelta(days=i) for i in range(1, 4)]
    source = LiveSource(landing_dir=str(tmp_path), requests_per_minute=12)
    source.land("schedule", days)
    schedule = parse_payloads(FEEDS["schedule"], list(read_payloads(tmp_path, "schedule", days)))
    assert schedule.rejected.empty
    final = schedule.rows[schedule.rows["game_status"] == "final"]
    if final.empty:
        pytest.skip(f"no finished NBA game on {days}")
    game = final.iloc[0]
    one = LiveSource(landing_dir=str(tmp_path / "one"), games=[game["nba_game_id"]])
    for feed in ("player_boxscores", "shots"):
        one.land(feed, [game["game_date"]])
        parsed = parse_payloads(
            FEEDS[feed], list(read_payloads(tmp_path / "one", feed, [game["game_date"]]))
        )
        assert parsed.rejected.empty and len(parsed.rows) > 20


@pytest.mark.skipif(not os.environ.get("NBA_ASSETS_ODDS_API_KEY"), reason="no odds API key")
def test_the_odds_api_lists_todays_lines(tmp_path: Path) -> None:
    # outside a Dagster run the key is passed as a value (in a run, dagster.EnvVar resolves it)
    source = LiveSource(
        landing_dir=str(tmp_path), odds_api_key=os.environ["NBA_ASSETS_ODDS_API_KEY"]
    )
    source.land("player_props", [_today()])
    assert source.land_metadata()["odds_api_requests"] >= 1
