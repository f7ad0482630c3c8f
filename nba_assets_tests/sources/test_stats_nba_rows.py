"""Real 2023-24 stats.nba.com rows -> landing CSVs -> parse_payload, checked against the NBA's totals.

The rows are the vendored slice of the real data (``fixtures/``: hoopR's four box scores and
nba_api's 2023-24 league game finder; see their PROVENANCE.md).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from nba_assets.sources.landing import BOX_STATS, FEEDS, read_payloads
from nba_assets.sources.live.stats_nba import rows as nba_stats
from nba_assets.sources.parsing import parse_payloads
from nba_assets.sources.real.landing import SourceDisagreement, merge_team_rows, write_real_landing
from nba_assets_tests.vendored import FIXTURES_DIR

BOX_SCORE_GAMES = {"0022300001", "0022300300", "0022300600", "0022300900"}
OVERTIME_GAME = "0022300300"
STATS = [c.name for c in BOX_STATS]


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("real_landing")
    return root, write_real_landing(root, FIXTURES_DIR)


@pytest.fixture(scope="module")
def parsed(landing: tuple[Path, dict[str, int]]) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Per feed: (rows, rejected) over every landed date, as the raw assets would parse them."""
    root, _ = landing
    result = {}
    for feed in ("schedule", "team_boxscores", "player_boxscores"):
        dates = sorted(date.fromisoformat(p.stem) for p in (root / feed).glob("*.csv"))
        parsed = parse_payloads(FEEDS[feed], list(read_payloads(root, feed, dates)))
        result[feed] = (parsed.rows, parsed.rejected)
    return result


@pytest.mark.parametrize(
    ("player_minutes", "expected"),
    [(239, "240:00"), (244, "240:00"), (240.0333, "240:00"), (263, "265:00"), (292, "290:00")],
)
def test_team_minutes_snap_to_whole_periods(player_minutes: float, expected: str) -> None:
    assert nba_stats.team_minutes(player_minutes) == expected


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("", "active"),
        ("DNP - Coach's Decision", "dnp"),
        ("DND - Injury/Illness", "inactive"),
        ("NWT - Personal", "inactive"),
        ("Inactive - Injury/Illness", "inactive"),
    ],
)
def test_player_status_from_comment(comment: str, expected: str) -> None:
    assert nba_stats.player_status(comment) == expected


def test_neutral_site_listing_is_refused() -> None:
    log = pd.DataFrame({"GAME_ID": ["0022300001"] * 2, "MATCHUP": ["BKN @ CLE", "CLE @ BKN"]})
    with pytest.raises(nba_stats.NbaStatsError, match="0022300001"):
        nba_stats.game_log_to_team_boxscores(log)


def test_disagreeing_sources_raise() -> None:
    row = {"nba_game_id": "0022300001", "game_date": "2023-11-03", "team": "IND", "points": 121}
    with pytest.raises(SourceDisagreement, match="0022300001"):
        merge_team_rows(pd.DataFrame([row]), pd.DataFrame([{**row, "points": 120}]))


def test_every_landed_row_parses(landing, parsed) -> None:
    _, written = landing
    assert written == {"schedule": 1230, "team_boxscores": 2460, "player_boxscores": 103}
    for feed, (rows, rejected) in parsed.items():
        assert rejected.empty, f"{feed}: {rejected['reason'].tolist()[:5]}"
        assert len(rows) == written[feed]


def test_schedule_is_the_whole_regular_season(parsed) -> None:
    schedule, _ = parsed["schedule"]
    assert schedule["game_id"].is_unique and schedule["nba_game_id"].nunique() == 1230
    assert set(schedule["season_type"]) == {"regular"} and set(schedule["season_year"]) == {2023}
    assert set(schedule["game_status"]) == {"final"}
    assert schedule["game_date"].min() == date(2023, 10, 24)
    assert schedule["game_date"].max() == date(2024, 4, 14)
    assert set(schedule["home_team_abbr"]) == set(schedule["away_team_abbr"])
    assert schedule["home_team_abbr"].nunique() == 30
    # 19:00 Eastern: 23:00 UTC under daylight time, 00:00 UTC next day under standard time.
    tipoffs = schedule.set_index("nba_game_id")["tipoff_utc"]
    assert tipoffs["0022300001"] == pd.Timestamp("2023-11-03T23:00Z")
    assert tipoffs[OVERTIME_GAME] == pd.Timestamp("2023-12-12T00:00Z")


def test_scores_match_team_points(parsed) -> None:
    schedule, _ = parsed["schedule"]
    teams = parsed["team_boxscores"][0].set_index(["game_id", "team_abbr"])["points"]
    home = teams.loc[list(zip(schedule["game_id"], schedule["home_team_abbr"], strict=True))]
    away = teams.loc[list(zip(schedule["game_id"], schedule["away_team_abbr"], strict=True))]
    assert (home.to_numpy() == schedule["home_score"].to_numpy()).all()
    assert (away.to_numpy() == schedule["away_score"].to_numpy()).all()


def test_player_sums_equal_team_totals(parsed) -> None:
    players, _ = parsed["player_boxscores"]
    teams, _ = parsed["team_boxscores"]
    assert set(players["nba_game_id"]) == BOX_SCORE_GAMES
    sums = players.groupby(["game_id", "team_abbr"])[STATS].sum()
    totals = teams.set_index(["game_id", "team_abbr"]).loc[sums.index, STATS]
    assert len(sums) == 8
    pd.testing.assert_frame_equal(sums.astype("int64"), totals.astype("int64"))


def test_team_minutes_include_overtime(parsed) -> None:
    teams, _ = parsed["team_boxscores"]
    box = teams[teams["nba_game_id"].isin(BOX_SCORE_GAMES)]
    minutes = box.set_index("nba_game_id")["minutes"]
    assert minutes[OVERTIME_GAME].tolist() == [265.0, 265.0]
    assert set(minutes.drop(OVERTIME_GAME)) == {240.0}
    assert set(teams["minutes"]) == {240.0, 265.0, 290.0}
    assert box["team_rebounds"].isna().all() and box["team_turnovers"].isna().all()


def test_player_rows_keep_minutes_quirks_and_dnps(parsed) -> None:
    players, _ = parsed["player_boxscores"]
    by_name = players.set_index("player_lookup")
    assert by_name.loc["ashtonhagans", "minutes"] == 14.0
    assert by_name.loc["giannisantetokounmpo", ["points", "minutes"]].tolist() == [32, 40.95]
    assert players["status"].value_counts().to_dict() == {"active": 76, "dnp": 24, "inactive": 3}
    benched = players[players["status"] != "active"]
    assert benched["dnp_reason"].notna().all()
    assert benched[["minutes", "points", "plus_minus"]].isna().all(axis=None)
    assert by_name.loc["toumanicamara", ["status", "dnp_reason"]].tolist() == [
        "inactive",
        "DND - Injury/Illness",
    ]
    assert players.groupby("game_id")["starter"].sum().eq(10).all()
