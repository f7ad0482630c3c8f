"""Lines (The Odds API, or snapshot files) and injury reports, landed by the live source.

The snapshot-file fallback runs on the real 2025-26 first-week quotes
(shared/data/real/mylesthomas_betting), written back into their snapshot files.
The Odds API has no recorded responses here: its bodies below follow the v4
documentation's shape with made-up prices, served at the HTTP layer.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
import responses

from nba_assets.sources.archive import ARCHIVE_DIR, Archive
from nba_assets.sources.landing import FEEDS, read_payloads
from nba_assets.sources.live import LiveSource
from nba_assets.sources.odds_api import HOST, SPORT, OddsApiClient, OddsApiError, OddsApiFeeds
from nba_assets.sources.parsing import parse_payloads
from nba_assets.sources.real_landing import REAL_DATA_DIR

PROPS = REAL_DATA_DIR / "mylesthomas_betting" / "player_points_props_2025_26_first_week.parquet"
WEEK = [date(2025, 10, 21 + i) for i in range(7)]
KEY = "test-key-not-a-secret"


def _parsed(root: Path, feed: str, dates: list[date]) -> tuple[pd.DataFrame, pd.DataFrame]:
    parsed = parse_payloads(FEEDS[feed], list(read_payloads(root, feed, dates)))
    return parsed.rows, parsed.rejected


@pytest.fixture(scope="module")
def snapshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not PROPS.exists():
        pytest.skip(f"{PROPS} is absent")
    folder = tmp_path_factory.mktemp("snapshots")
    quotes = pd.read_parquet(PROPS)
    quotes["game_time"] = quotes["game_time"].map(lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ"))
    columns = ["event_id", "player", "market", "line", "bookmaker", "game", "game_time"]
    for name, rows in quotes.groupby("snapshot_file"):
        rows[[*columns, "over_odds", "under_odds"]].to_csv(folder / name, index=False)
    return folder


def test_snapshot_files_land_pre_game_main_lines(snapshot_dir: Path, tmp_path: Path) -> None:
    LiveSource(landing_dir=str(tmp_path), odds_snapshot_dir=str(snapshot_dir)).land(
        "player_props", WEEK
    )
    rows, rejected = _parsed(tmp_path, "player_props", WEEK)
    assert rejected.empty
    # 9,894 quotes; 418 taken after tip-off (17:00 ET snapshots of early games) are dropped;
    # the other 9,476 hold 4,949 player-book-snapshots (alternate lines folded into one)
    assert len(rows) == 4949
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
    assert sga["snapshot_utc"].iloc[0] == pd.Timestamp("2025-10-21T21:00Z")


def _event(event_id: str, commence: str, **markets: list[dict]) -> dict:
    return {
        "id": event_id,
        "sport_key": SPORT,
        "commence_time": commence,
        "home_team": "Cleveland Cavaliers",
        "away_team": "Chicago Bulls",
        "bookmakers": [
            {
                "key": "draftkings",
                "title": "DraftKings",
                "markets": [{"key": k, "outcomes": v} for k, v in markets.items()],
            }
        ],
    }


MARKETS = {
    "player_points": [
        {"name": "Over", "description": "Donovan Mitchell", "price": -115, "point": 27.5},
        {"name": "Under", "description": "Donovan Mitchell", "price": -105, "point": 27.5},
    ],
    "spreads": [
        {"name": "Cleveland Cavaliers", "price": -110, "point": -6.5},
        {"name": "Chicago Bulls", "price": -110, "point": 6.5},
    ],
    "totals": [
        {"name": "Over", "price": -110, "point": 231.5},
        {"name": "Under", "price": -110, "point": 231.5},
    ],
}
TIPOFF = "2023-01-03T00:30:00Z"


def _historical(mock: responses.RequestsMock, at: str, taken: str) -> None:
    body = {"timestamp": taken, "data": _event("e1", TIPOFF, **MARKETS)}
    mock.add(
        responses.GET,
        f"{HOST}/v4/historical/sports/{SPORT}/events/e1/odds",
        json=body,
        match=[responses.matchers.query_param_matcher({"date": at}, strict_match=False)],
        headers={"x-requests-remaining": "480", "x-requests-used": "20", "x-requests-last": "10"},
    )


def test_historical_snapshots_before_tipoff(tmp_path: Path) -> None:
    with responses.RequestsMock() as mock:
        listing = {"timestamp": "2023-01-02T17:00:00Z", "data": [_event("e1", TIPOFF)]}
        mock.add(responses.GET, f"{HOST}/v4/historical/sports/{SPORT}/events", json=listing)
        _historical(mock, "2023-01-02T18:30:00Z", "2023-01-02T18:25:00Z")  # 6 h before
        _historical(mock, "2023-01-02T23:00:00Z", "2023-01-02T22:55:00Z")  # 90 min
        _historical(mock, "2023-01-03T00:15:00Z", "2023-01-03T00:35:00Z")  # in-game reply
        client = OddsApiClient(KEY, Archive(tmp_path, "odds_api"), max_attempts=1)
        quotes = OddsApiFeeds(client, today=lambda: date(2026, 1, 1)).quotes([date(2023, 1, 2)])
        assert all(call.request.params["apiKey"] == KEY for call in mock.calls)
    assert quotes.in_game_dropped == 1
    assert quotes.props["snapshot_utc"].tolist() == [
        "2023-01-02T18:25:00+00:00",
        "2023-01-02T22:55:00+00:00",
    ]
    assert quotes.props[["player_name", "line", "over_price", "under_price"]].iloc[0].tolist() == [
        "Donovan Mitchell", "27.5", "-115", "-105",
    ]  # fmt: skip
    assert quotes.lines[["home_team", "home_spread", "total"]].iloc[0].tolist() == [
        "CLE",
        "-6.5",
        "231.5",
    ]
    assert client.credits == {"remaining": 480, "used": 20, "last": 10}
    archived = "".join(p.read_text() for p in (tmp_path / ARCHIVE_DIR).rglob("*.json"))
    assert KEY not in archived and "historical" in str(
        next((tmp_path / ARCHIVE_DIR).rglob("*.json"))
    )


def test_live_snapshots_accumulate_and_report_credits(tmp_path: Path) -> None:
    today, tipoff = date(2099, 1, 2), "2099-01-03T00:30:00Z"  # live: snapshots taken now
    source = LiveSource(landing_dir=str(tmp_path), odds_api_key=KEY, max_attempts=1)
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, f"{HOST}/v4/sports/{SPORT}/events", json=[_event("e1", tipoff)])
        mock.add(
            responses.GET,
            f"{HOST}/v4/sports/{SPORT}/events/e1/odds",
            json=_event("e1", tipoff, **MARKETS),
            headers={"x-requests-remaining": "497", "x-requests-used": "3"},
        )
        feeds = OddsApiFeeds(source.odds, today=lambda: today)
        first, second = feeds.quotes([today]), feeds.quotes([today])
    assert (len(first.props), len(second.props)) == (1, 2)  # the second run sees both snapshots
    assert source.land_metadata() == {
        "nba_api_requests": 0,
        "odds_api_requests": 4,
        "odds_api_credits_remaining": 497,
        "odds_api_credits_used": 3,
    }


def test_a_refused_key_is_not_retried_nor_printed(tmp_path: Path) -> None:
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, f"{HOST}/v4/sports/{SPORT}/events", status=401)
        client = OddsApiClient(KEY, Archive(tmp_path, "odds_api"), max_attempts=3)
        with pytest.raises(OddsApiError, match="HTTP 401") as raised:
            OddsApiFeeds(client, today=lambda: date(2023, 1, 2)).quotes([date(2023, 1, 2)])
        assert len(mock.calls) == 1
    assert KEY not in str(raised.value)


REPORT = """Game Date,Game Time,Matchup,Team,Player Name,Current Status,Reason
01/02/2023,07:30 (ET),CHI@CLE,Chicago Bulls,"Ball, Lonzo",Out,Injury/Illness - Left Knee
,,,,"Jones Jr., Derrick",Questionable,Injury/Illness - Back
,,,Cleveland Cavaliers,"Garland, Darius",Doubtful,Injury/Illness - Right Thumb
,,,,"Mobley, Evan",{mobley},Injury/Illness - Ankle
01/02/2023,08:00 (ET),MIL@DEN,Milwaukee Bucks,,,NOT YET SUBMITTED
"""


def test_injury_reports_land_every_report_with_its_time(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "injury_report_20230102_1330.csv").write_text(REPORT.format(mobley="Probable"))
    (reports / "injury_report_20230102_1730.csv").write_text(
        REPORT.format(mobley="Game Time Decision")
    )
    LiveSource(landing_dir=str(tmp_path), injury_report_dir=str(reports)).land(
        "injury_report", [date(2023, 1, 2)]
    )
    rows, rejected = _parsed(tmp_path, "injury_report", [date(2023, 1, 2)])
    assert len(rows) == 7 and len(rejected) == 1  # an unknown status is quarantined, not guessed
    assert "'game time decision' is not one of out|doubtful" in rejected["reason"].iloc[0]
    latest = (
        rows.sort_values("report_utc").groupby("player_lookup").tail(1).set_index("player_lookup")
    )
    assert latest["status"].to_dict() == {
        "lonzoball": "out",
        "derrickjonesjr": "questionable",
        "dariusgarland": "doubtful",
        "evanmobley": "probable",
    }
    assert latest.loc["dariusgarland", ["team_abbr", "game_id"]].tolist() == [
        "CLE",
        "20230102_CHI_CLE",
    ]
    assert set(rows["report_utc"]) == {
        pd.Timestamp(datetime(2023, 1, 2, 18, 30, tzinfo=UTC)),
        pd.Timestamp(datetime(2023, 1, 2, 22, 30, tzinfo=UTC)),
    }
    assert json.loads(rejected["payload"].iloc[0])["player_name"] == "Evan Mobley"
