"""Lines (The Odds API, or snapshot files) and injury reports, landed by the live source.

The snapshot-file fallback runs here on a small synthetic folder in the real files' format
(``fixtures/odds_snapshots_synthetic``: the real quotes have no licence, so they are not
copied); ``sources/real/test_odds_snapshots.py`` runs it on the real 2025-26 first week.
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

from nba_assets.sources.live.archive import ARCHIVE_DIR, Archive
from nba_assets.sources.live.odds.api import HOST, SPORT, OddsApiClient, OddsApiError, OddsApiFeeds
from nba_assets.sources.live.odds.files import SnapshotTimezoneError
from nba_assets.sources.live.source import LiveSource, live_source
from nba_assets_tests.conftest import listed_registry, listings, parsed_landing
from nba_assets_tests.vendored import FIXTURES_DIR, SYNTHETIC_ODDS

SNAPSHOTS = FIXTURES_DIR / SYNTHETIC_ODDS
SNAPSHOT_DATES = [*(date(2025, 10, 21 + i) for i in range(7)), date(2025, 11, 3)]
KEY = "test-key-not-a-secret"
# the NBA's names and person ids of the synthetic quotes' players, on a roster before the week
SNAPSHOT_ROSTER = {
    "Shai Gilgeous-Alexander": "1628983",
    "Jabari Smith Jr.": "1631095",
    "Stephen Curry": "201939",
    "Gary Payton II": "1627780",
    "Donovan Mitchell": "1628378",
    "Jalen Brunson": "1628973",
    "Michael Porter Jr.": "1629008",
    "Victor Wembanyama": "1641705",
    "Kawhi Leonard": "202695",
    "Robert Williams III": "1629057",
    "Derrick Jones Jr.": "1627884",
    "Jaren Jackson Jr.": "1628991",
    "Cade Cunningham": "1630595",
    "Jimmy Butler III": "202710",
    "Herbert Jones": "1630529",
}


@pytest.fixture(scope="module")
def snapshot_registry(tmp_path_factory: pytest.TempPathFactory):
    listed = listings(date(2025, 10, 20), SNAPSHOT_ROSTER)
    return listed_registry(tmp_path_factory.mktemp("registry"), listed, date(2025, 11, 4))


def _utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def test_snapshot_files_land_pre_game_main_lines(tmp_path: Path, snapshot_registry) -> None:
    """The synthetic folder's cases are listed in its PROVENANCE.md (file times are UTC)."""
    source = LiveSource(landing_dir=str(tmp_path), odds_snapshot_dir=str(SNAPSHOTS))
    source.land("player_props", SNAPSHOT_DATES)
    rows, rejected = parsed_landing(tmp_path, "player_props", SNAPSHOT_DATES, snapshot_registry)
    assert rejected["reason"].tolist() == [
        "unknown player name 'Jimmy Buttler' (no registry entry or alias)"
    ]
    # 28 quotes: 1 rebounds quote not read, 2 taken after their game's tip-off dropped,
    # 5 bovada alternates folded into their main line, 1 unknown name -> 19 player-book-snapshots
    assert len(rows) == 19
    assert source.land_metadata()["odds_in_game_quotes_dropped"] == 2
    assert (rows["snapshot_utc"] < rows["tipoff_utc"]).all()
    matinee = rows[rows["game_id"] == "20251026_BKN_SAS"]  # 15:30 ET = 19:30 UTC tip-off
    assert matinee["snapshot_utc"].unique().tolist() == [_utc("2025-10-26T17:00")]
    kawhi = rows[rows["player_lookup"] == "kawhileonard"]  # the 20:00 file's evening game
    assert kawhi["line"].tolist() == [24.5, 25.5]
    sga = rows[rows["player_lookup"] == "shaigilgeousalexander"].set_index("bookmaker")
    assert sga.loc["draftkings", "line"] == 32.5  # not the same book's rebounds line
    assert sga.loc["bovada", ["line", "over_price", "under_price"]].tolist() == [31.5, -115, -115]
    mitchell = rows[rows["player_lookup"] == "donovanmitchell"].sort_values("snapshot_utc")
    assert mitchell["line"].tolist() == [27.5, 28.5]  # one row per snapshot: the line moved
    assert mitchell["snapshot_utc"].tolist() == [_utc("2025-10-21T17:00"), _utc("2025-10-22T12:00")]
    assert set(mitchell["game_id"]) == {"20251022_CLE_NYK"}
    games = rows.drop_duplicates("player_lookup").set_index("player_lookup")
    # 02:00 / 02:30 UTC the next day is still the US-Eastern evening of the game date
    assert games.loc["stephencurry", "game_id"] == "20251021_GSW_LAL"
    assert games.loc["kawhileonard", "game_id"] == "20251026_POR_LAC"  # "LA Clippers"
    assert games.loc["jarenjacksonjr", "snapshot_utc"] == _utc("2025-11-03T12:00")
    assert games.loc["jarenjacksonjr", "game_date"] == date(2025, 11, 3)
    suffixed = {"jabarismithjr", "garypaytonii", "derrickjonesjr", "jarenjacksonjr"}
    assert suffixed | {"robertwilliams"} <= set(rows["player_lookup"])  # the NBA's III rename
    # through the registry: the alias file's nickname, a dropped suffix; the NBA's person ids
    assert games.loc["herbertjones", ["player_name", "player_id"]].tolist() == [
        "Herb Jones",
        "1630529",
    ]
    assert games.loc["jimmybutleriii", ["player_name", "player_id"]].tolist() == [
        "Jimmy Butler",
        "202710",
    ]


def test_snapshot_times_read_in_another_zone(tmp_path: Path, snapshot_registry) -> None:
    """NBA_ASSETS_ODDS_SNAPSHOT_TZ=America/New_York: the same names, four hours (EDT) or five
    (EST) later, so the matinee's 17:00 quotes fall after its tip-off and are dropped too."""
    eastern = "America/New_York"
    source = LiveSource(
        landing_dir=str(tmp_path), odds_snapshot_dir=str(SNAPSHOTS), odds_snapshot_timezone=eastern
    )
    source.land("player_props", SNAPSHOT_DATES)
    rows, _ = parsed_landing(tmp_path, "player_props", SNAPSHOT_DATES, snapshot_registry)
    assert len(rows) == 17 and source.land_metadata()["odds_in_game_quotes_dropped"] == 4
    assert "20251026_BKN_SAS" not in set(rows["game_id"])
    times = rows.groupby("player_lookup")["snapshot_utc"].min()
    assert times["donovanmitchell"] == _utc("2025-10-21T21:00")  # EDT: UTC-4
    assert times["jarenjacksonjr"] == _utc("2025-11-03T17:00")  # after daylight time: UTC-5


def test_a_misspelt_snapshot_zone_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NBA_ASSETS_ODDS_SNAPSHOT_TZ", "US/Eastern Standard")
    with pytest.raises(SnapshotTimezoneError, match="NBA_ASSETS_ODDS_SNAPSHOT_TZ"):
        live_source(tmp_path)
    monkeypatch.setenv("NBA_ASSETS_ODDS_SNAPSHOT_TZ", "America/New_York")
    assert live_source(tmp_path).odds_snapshot_timezone == "America/New_York"


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
        "odds_in_game_quotes_dropped": 0,
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
    # the four players were in the box scores of the day before
    players = {
        "Lonzo Ball": "1628366",
        "Derrick Jones Jr.": "1627884",
        "Darius Garland": "1629636",
        "Evan Mobley": "1630596",
    }
    listed = listings(date(2023, 1, 1), players, seen_in="box_score")
    registry = listed_registry(tmp_path, listed, date(2023, 1, 3))
    rows, rejected = parsed_landing(tmp_path, "injury_report", [date(2023, 1, 2)], registry)
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
