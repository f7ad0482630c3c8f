"""The nba_api source on real recorded stats.nba.com bodies, served at the HTTP layer.

Nothing above ``requests`` is replaced: ``nba_api`` builds and sends each
request, ``responses`` answers it with the body the site once returned for that
exact URL, and the landed CSVs go through the same parser as every other source.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import responses
from nba_api.stats.endpoints import boxscoretraditionalv3, scoreboardv3

from nba_assets.environments import source_for
from nba_assets.settings import load_settings
from nba_assets.sources.live.archive import ARCHIVE_DIR, Archive
from nba_assets.sources.live.retries import Patience, TryAgain, with_retries
from nba_assets.sources.live.source import LiveSource
from nba_assets.sources.live.stats_nba.client import ArchiveMiss, StatsClient, StatsRequestError
from nba_assets.sources.live.stats_nba.parse import GameRef, ShapeError, box_score
from nba_assets.sources.live.stats_nba.rows import box_players_to_landing
from nba_assets_tests.conftest import parsed_landing
from nba_assets_tests.recorded_nba_api import FIXTURES, STATS_URL, serve, stats_nba_com

MITCHELL_GAME, MITCHELL_DAY = "0022200552", date(2023, 1, 2)  # CHI @ CLE, one overtime
BOX_FILE = "boxscoretraditionalv3__GameID-0022200552__de19d57c.json"
BOX_PARAMS = {
    "EndPeriod": "0", "EndRange": "0", "GameID": MITCHELL_GAME,
    "RangeType": "0", "StartPeriod": "0", "StartRange": "0",
}  # fmt: skip
NBA_FEEDS = ("schedule", "player_boxscores", "team_boxscores", "shots")


def _source(root: Path, **config) -> LiveSource:
    return LiveSource(landing_dir=str(root), requests_per_minute=60_000, max_attempts=1, **config)


@pytest.fixture(scope="module")
def mitchell_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four stats.nba.com feeds of 0022200552, landed through the live source."""
    root = tmp_path_factory.mktemp("mitchell")
    with stats_nba_com() as mock:
        source = _source(root, games=[MITCHELL_GAME])
        for feed in NBA_FEEDS:
            source.land(feed, [MITCHELL_DAY])
        # summary, box score, play-by-play: each asked once, then answered by the archive
        assert [call.request.path_url.split("?")[0] for call in mock.calls] == [
            "/stats/boxscoresummaryv2",
            "/stats/boxscoretraditionalv3",
            "/stats/playbyplayv3",
        ]
    return root


def test_schedule_row_from_the_game_summary(mitchell_landing: Path) -> None:
    rows, rejected = parsed_landing(mitchell_landing, "schedule", [MITCHELL_DAY])
    assert rejected.empty
    game = rows.iloc[0]
    assert (game["game_id"], game["nba_game_id"]) == ("20230102_CHI_CLE", MITCHELL_GAME)
    assert (game["season_year"], game["season_type"], game["game_status"]) == (
        2022,
        "regular",
        "final",
    )
    assert (game["away_score"], game["home_score"]) == (134, 145)


def test_player_rows_keep_dnps_inactives_and_names(mitchell_landing: Path) -> None:
    rows, rejected = parsed_landing(mitchell_landing, "player_boxscores", [MITCHELL_DAY])
    assert rejected.empty
    assert rows["status"].value_counts().to_dict() == {"active": 19, "inactive": 10, "dnp": 4}
    by_name = rows.set_index("player_lookup")
    mitchell = by_name.loc["donovanmitchell"]
    assert (mitchell["points"], mitchell["minutes"], mitchell["player_id"]) == (71, 49.8, "1628378")
    assert (mitchell["fgm"], mitchell["fga"], mitchell["fg3a"], mitchell["fta"]) == (22, 34, 15, 25)
    assert by_name.loc["evanmobley", ["status", "dnp_reason"]].tolist() == [
        "dnp",
        "DNP - Injury/Illness",
    ]
    # the summary's inactive list adds players the v3 box score leaves out
    assert by_name.loc["dariusgarland", ["status", "team_abbr"]].tolist() == ["inactive", "CLE"]
    assert by_name.loc["dariusgarland", ["minutes", "points"]].isna().all()
    assert by_name.loc["nikolavucevic", "player_name"] == "Nikola Vučević"
    assert by_name.loc["derrickjonesjr", "points"] == 6
    assert rows.groupby("team_abbr")["starter"].sum().to_dict() == {"CHI": 5, "CLE": 5}


def test_team_rows_count_the_overtime(mitchell_landing: Path) -> None:
    rows, rejected = parsed_landing(mitchell_landing, "team_boxscores", [MITCHELL_DAY])
    assert rejected.empty
    teams = rows.set_index("team_abbr")
    assert teams["minutes"].to_dict() == {"CLE": 265.0, "CHI": 265.0}
    assert teams["points"].to_dict() == {"CLE": 145, "CHI": 134}
    assert teams.loc["CLE", ["fga", "fta", "tov"]].tolist() == [92, 45, 10]


def test_shots_match_the_box_score(mitchell_landing: Path) -> None:
    shots, rejected = parsed_landing(mitchell_landing, "shots", [MITCHELL_DAY])
    players, _ = parsed_landing(mitchell_landing, "player_boxscores", [MITCHELL_DAY])
    assert rejected.empty and len(shots) == 187
    per_player = shots.groupby("player_lookup").agg(
        fga=("made", "size"), fgm=("made", "sum"), fg3a=("shot_type", lambda s: (s == "3pt").sum())
    )
    box = players.set_index("player_lookup").loc[per_player.index, ["fga", "fgm", "fg3a"]]
    pd.testing.assert_frame_equal(per_player.astype("int64"), box.astype("int64"))
    mitchell = shots[shots["player_lookup"] == "donovanmitchell"]
    paint = (mitchell["shot_type"] == "2pt") & (mitchell["shot_distance"] <= 8)
    assert (paint.sum(), mitchell.loc[paint, "made"].sum()) == (13, 9)
    assert mitchell.loc[mitchell["made"], "assisted"].sum() == 7


def test_replay_from_the_archive_needs_no_network(mitchell_landing: Path, tmp_path: Path) -> None:
    shutil.copytree(mitchell_landing / ARCHIVE_DIR, tmp_path / ARCHIVE_DIR)
    with responses.RequestsMock() as mock:  # any request at all would fail
        replay = _source(tmp_path, games=[MITCHELL_GAME], offline=True)
        for feed in NBA_FEEDS:
            replay.land(feed, [MITCHELL_DAY])
        assert len(mock.calls) == 0
    for feed in NBA_FEEDS:
        name = f"{feed}/{MITCHELL_DAY}.csv"
        assert (tmp_path / name).read_bytes() == (mitchell_landing / name).read_bytes()
    with pytest.raises(ArchiveMiss, match="0022300001"):
        _source(tmp_path, games=["0022300001"], offline=True).land("schedule", [date(2023, 11, 3)])


def test_scoreboard_lists_a_date_with_real_tipoffs(tmp_path: Path) -> None:
    with stats_nba_com():
        _source(tmp_path).land("schedule", [date(2025, 11, 5), date(2025, 7, 15)])
    assert not (tmp_path / "schedule" / "2025-07-15.csv").exists()  # summer: no games
    rows, rejected = parsed_landing(tmp_path, "schedule", [date(2025, 11, 5)])
    assert rejected.empty and len(rows) == 11 and set(rows["game_status"]) == {"final"}
    game = rows.set_index("game_id").loc["20251105_SAS_LAL"]
    assert game["tipoff_utc"] == pd.Timestamp("2025-11-06T03:00Z")
    assert (game["away_score"], game["home_score"]) == (116, 118)


def test_bulk_ranges_read_the_season_game_log(tmp_path: Path) -> None:
    week = [date(2025, 10, 21 + i) for i in range(7)]
    with stats_nba_com() as mock:
        source = _source(tmp_path)
        source.land("schedule", week)
        source.land("team_boxscores", week)
        assert len(mock.calls) == 1  # one leaguegamelog request for the whole week
    schedule, rejected = parsed_landing(tmp_path, "schedule", week)
    teams, rejected_teams = parsed_landing(tmp_path, "team_boxscores", week)
    assert rejected.empty and rejected_teams.empty
    assert (len(schedule), len(teams)) == (53, 106)
    assert schedule.groupby("game_date").size().loc[date(2025, 10, 21)] == 2
    both = teams.groupby("game_id")["points"].sum()
    scores = schedule.set_index("game_id")[["away_score", "home_score"]].sum(axis=1)
    pd.testing.assert_series_equal(both.sort_index(), scores.sort_index(), check_names=False)


def test_docs_box_score_with_suffixes_and_dnps(tmp_path: Path) -> None:
    """0022500165 (MIL @ TOR, 2025-11-04): numbers arrive as strings in this recording."""
    client = StatsClient(Archive(tmp_path, "nba_api"), requests_per_minute=60_000, max_attempts=1)
    with stats_nba_com():
        body = client.get(boxscoretraditionalv3.BoxScoreTraditionalV3, "g", game_id="0022500165")
    players, _ = box_score(body, GameRef("0022500165", "2025-11-04", "MIL", "TOR", True))
    landed = box_players_to_landing(players).set_index("player_name")
    assert landed.loc["Gary Trent Jr.", ["points", "minutes", "status"]].tolist() == [
        "6",
        "21:26",
        "active",
    ]
    assert landed.loc["Thanasis Antetokounmpo", "status"] == "dnp"
    assert landed.loc["Ja'Kobe Walter", "points"] == "8"
    assert landed.groupby("team")["points"].apply(
        lambda p: p.replace("", "0").astype(int).sum()
    ).to_dict() == {
        "MIL": 100,
        "TOR": 128,
    }


def _box_body(edit) -> str:
    body = json.loads((FIXTURES / "raw" / BOX_FILE).read_text())
    edit(body["boxScoreTraditional"]["homeTeam"]["players"])
    return json.dumps(body)


def test_thirteen_sixty_minutes_are_fourteen(tmp_path: Path) -> None:
    def thirteen_sixty(players: list[dict]) -> None:
        players[7]["statistics"]["minutes"] = "13:60"  # Raul Neto, as the NBA sometimes ships it

    with stats_nba_com(**{BOX_FILE: _box_body(thirteen_sixty)}):
        _source(tmp_path, games=[MITCHELL_GAME]).land("player_boxscores", [MITCHELL_DAY])
    rows, _ = parsed_landing(tmp_path, "player_boxscores", [MITCHELL_DAY])
    assert rows.set_index("player_lookup").loc["raulneto", "minutes"] == 14.0


def test_a_changed_shape_names_endpoint_game_and_field(tmp_path: Path) -> None:
    def drop_minutes(players: list[dict]) -> None:
        del players[0]["statistics"]["minutes"]

    with (
        stats_nba_com(**{BOX_FILE: _box_body(drop_minutes)}),
        pytest.raises(ShapeError, match=r"boxscoretraditionalv3 for game 0022200552.*'minutes'"),
    ):
        _source(tmp_path, games=[MITCHELL_GAME]).land("player_boxscores", [MITCHELL_DAY])


def _client(root: Path, waits: list[float], **config) -> StatsClient:
    return StatsClient(Archive(root, "nba_api"), sleep=waits.append, **config)


def test_server_errors_are_retried_with_backoff(tmp_path: Path) -> None:
    waits: list[float] = []
    text = (FIXTURES / "raw" / BOX_FILE).read_text()
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, STATS_URL + "boxscoretraditionalv3", status=503)
        mock.add(responses.GET, STATS_URL + "boxscoretraditionalv3", body="<html>busy</html>")
        serve(mock, "boxscoretraditionalv3", BOX_PARAMS, text)
        client = _client(tmp_path, waits, requests_per_minute=1e9, backoff_seconds=2.0)
        body = client.get(boxscoretraditionalv3.BoxScoreTraditionalV3, "g", game_id=MITCHELL_GAME)
    assert body["boxScoreTraditional"]["gameId"] == MITCHELL_GAME
    assert client.requests_sent == 3
    assert [w for w in waits if w >= 1] == [2.0, 4.0]  # 503, then a non-JSON body


def test_a_refusal_is_not_retried_and_says_what_was_asked(tmp_path: Path) -> None:
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, STATS_URL + "boxscoretraditionalv3", status=403)
        client = _client(tmp_path, [], requests_per_minute=1e9)
        with pytest.raises(
            StatsRequestError, match=r"refused boxscoretraditionalv3.*0022200552.*403"
        ):
            client.get(boxscoretraditionalv3.BoxScoreTraditionalV3, "g", game_id=MITCHELL_GAME)
        assert len(mock.calls) == 1
    assert not (tmp_path / ARCHIVE_DIR).exists()  # nothing archived for a refusal


def test_requests_are_spaced_by_the_rate(tmp_path: Path) -> None:
    waits: list[float] = []
    with stats_nba_com():
        client = _client(tmp_path, waits, requests_per_minute=30)
        for game_date in ("2025-11-05", "2025-07-15"):
            client.get(scoreboardv3.ScoreboardV3, game_date, game_date=game_date)
    assert len(waits) == 1 and 1.9 < waits[0] <= 2.0  # 30 a minute: 2 s apart


def test_the_source_is_chosen_by_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBA_ASSETS_SOURCE", "live")
    monkeypatch.setenv("NBA_ASSETS_NBA_REQUESTS_PER_MINUTE", "12")
    monkeypatch.setenv("NBA_ASSETS_ODDS_API_KEY", "from-the-environment")
    source = source_for(load_settings())
    assert isinstance(source, LiveSource) and source.requests_per_minute == 12.0
    assert source.landing_dir.endswith("/live")
    assert type(source.odds_api_key).__name__ == "EnvVar"  # resolved by Dagster at run time


class Clock:
    """Time that moves only when the client sleeps or an attempt takes its timeout."""

    def __init__(self, attempt_seconds: float) -> None:
        self.now, self.attempt_seconds, self.waits = 0.0, attempt_seconds, []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def attempt(self) -> str:
        self.now += self.attempt_seconds
        raise TryAgain(f"ReadTimeout after {self.attempt_seconds:.0f} s")


@pytest.mark.parametrize(
    ("attempt_seconds", "waits", "gave_up_at"),
    [
        (0.0, [5.0, 10.0, 20.0], 35),  # connection refused: every try fails at once
        (30.0, [5.0, 10.0, 20.0], 155),  # every try times out: still inside 3 minutes
        (60.0, [5.0], 125),  # slower timeouts: a third try could end past 180 s, not made
    ],
)
def test_an_outage_gives_up_within_the_budget(attempt_seconds, waits, gave_up_at) -> None:
    clock = Clock(attempt_seconds)
    patience = Patience(max_attempts=4, backoff_seconds=5, attempt_seconds=attempt_seconds)
    with pytest.raises(StatsRequestError) as raised:
        with_retries(
            clock.attempt,
            patience,
            clock.sleep,
            gave_up=lambda last: StatsRequestError(f"scoreboardv3: gave up ({last})"),
            clock=lambda: clock.now,
        )
    assert clock.waits == waits and clock.now == gave_up_at <= patience.give_up_seconds
    assert f"{len(waits) + 1} attempts in {gave_up_at} s, last: ReadTimeout" in str(raised.value)


def test_a_down_site_fails_the_step_naming_the_endpoint_and_what_to_do(tmp_path: Path) -> None:
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, STATS_URL + "boxscoretraditionalv3", status=503)
        client = _client(tmp_path, [], requests_per_minute=1e9)
        with pytest.raises(StatsRequestError) as raised:
            client.get(boxscoretraditionalv3.BoxScoreTraditionalV3, "g", game_id=MITCHELL_GAME)
    message = str(raised.value)
    assert message.startswith("stats.nba.com boxscoretraditionalv3 {")
    assert "gave up (4 attempts in" in message and "last: HTTP 503" in message
    assert "run the same range again once it answers" in message
