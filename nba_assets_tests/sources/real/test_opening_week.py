"""The real 2025-26 opening week (2025-10-21..27) landed as seen before its games.

Real-data tier: the quotes that give the tip-offs and correct the rosters carry no licence,
so they are read from ``../shared`` here, never vendored.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from nba_assets.sources.live.odds.quotes import team_code
from nba_assets.sources.live.source import LiveSource
from nba_assets.sources.real.landing import PLAYER_LOGS, REAL_DATA_DIR
from nba_assets.sources.real.opening_week import (
    LEAGUE_LOG_2025_26,
    OPENING_WEEK,
    PROPS_2025_26,
    UNPLACED,
    OpeningWeek,
    real_opening_week,
    write_real_landing_opening_week,
    write_real_odds_snapshots,
)
from nba_assets_tests.conftest import listed_registry, parsed_landing

GAMES = "derived/games_2014_15_to_2025_26_completed.parquet"

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def week() -> OpeningWeek:
    return real_opening_week()


@pytest.fixture(scope="module")
def quotes() -> pd.DataFrame:
    quotes = pd.read_parquet(REAL_DATA_DIR / PROPS_2025_26)
    return quotes.assign(
        away=quotes["away_team"].map(team_code), home=quotes["home_team"].map(team_code)
    )


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("opening-week")
    assert write_real_landing_opening_week(root) == {"schedule": 53, "rosters": 1873}
    return root


def test_schedule_is_the_weeks_games_before_tipoff(week: OpeningWeek, quotes) -> None:
    schedule = week.feeds["schedule"]
    log = pd.read_parquet(REAL_DATA_DIR / LEAGUE_LOG_2025_26)
    played = log[log["GAME_DATE"].between("2025-10-21", "2025-10-27")]
    assert len(schedule) == played["GAME_ID"].nunique() == 53
    games = pd.read_parquet(REAL_DATA_DIR / GAMES).set_index("game_id")
    teams = games.loc[schedule["nba_game_id"], ["game_date", "away_team", "home_team"]]
    assert (
        teams.values.tolist() == schedule[["game_date", "away_team", "home_team"]].values.tolist()
    )
    assert schedule.groupby("game_date").size().tolist() == [2, 12, 2, 12, 5, 9, 11]
    assert (schedule["game_status"] == "scheduled").all()
    assert (schedule[["away_score", "home_score"]] == "").all(axis=None)
    # every game was quoted: its tip-off is the books' game_time, not the assumed 19:00 ET
    events = quotes.drop_duplicates("event_id")[["game_date_et", "away", "home", "game_time"]]
    matched = schedule.merge(
        events,
        left_on=["game_date", "away_team", "home_team"],
        right_on=["game_date_et", "away", "home"],
        how="left",
        validate="one_to_one",
    )
    assert matched["game_time"].notna().all()
    assert (pd.to_datetime(matched["tipoff_utc"], utc=True) == matched["game_time"]).all()
    assert schedule["tipoff_utc"].iloc[0] == "2025-10-21T23:35:00+00:00"  # HOU @ OKC


def test_every_roster_row_plays_that_game(week: OpeningWeek) -> None:
    rosters, schedule = week.feeds["rosters"], week.feeds["schedule"]
    game = ["nba_game_id", "game_date", "away_team", "home_team"]
    assert set(map(tuple, rosters[game].values)) == set(map(tuple, schedule[game].values))
    on_team = (rosters["team"] == rosters["away_team"]) | (rosters["team"] == rosters["home_team"])
    assert on_team.all()
    assert not rosters.duplicated(["nba_game_id", "player_id"]).any()
    # one team per player for the week; 15 to 22 players per team-game
    assert rosters.groupby("player_id")["team"].nunique().max() == 1
    sizes = rosters.groupby(["nba_game_id", "team"]).size()
    assert len(sizes) == 106 and sizes.between(15, 22).all()


def test_players_placed_by_rule(week: OpeningWeek) -> None:
    # 535 players in the Feb-2026 season totals, 258 of them quoted in the week
    assert week.placed_by == {
        "quotes": 222,  # one team common to all of his quoted games
        "season_team": 29,  # one game: his Feb-2026 team is in it
        "last_2024_25_team": 4,  # one game: his last 2024-25 team is in it
        "unquoted": 277,  # never quoted: his Feb-2026 team as it is
        "unplaced": 3,
    }
    assert week.feeds["rosters"]["player_id"].nunique() == 535 - 3
    unplaced = week.players[week.players["rule"] == UNPLACED]
    assert sorted(unplaced["player_name"]) == [
        "Cole Anthony",
        "Guerschon Yabusele",
        "Tyrese Martin",
    ]
    movers = week.movers.set_index("player_name")
    # placed on another team than the February totals say: traded between October and February
    assert len(movers) == 32
    assert movers.loc["Kristaps Porziņģis", ["season_team", "team"]].tolist() == ["GSW", "ATL"]
    assert movers.loc["Luke Kennard", ["season_team", "team"]].tolist() == ["LAL", "ATL"]
    assert movers.loc["Tyus Jones", ["season_team", "team"]].tolist() == ["DAL", "ORL"]
    assert movers.loc["Keon Ellis", ["season_team", "rule"]].tolist() == [
        "CLE",
        "last_2024_25_team",
    ]


def test_quoted_players_with_a_2024_25_game_are_on_a_team_of_their_games(
    week: OpeningWeek, quotes: pd.DataFrame, landing: Path, tmp_path: Path
) -> None:
    """Resolved as the raw props asset resolves them (a registry of the landed rosters)."""
    rows, _ = parsed_landing(landing, "rosters", OPENING_WEEK)
    listed = rows[["game_date", "player_id", "player_name"]].assign(seen_in="roster")
    registry = listed_registry(tmp_path, listed, OPENING_WEEK[-1] + timedelta(1))
    snapshots = tmp_path / "snapshots"
    write_real_odds_snapshots(snapshots)
    source = LiveSource(landing_dir=str(tmp_path / "live"), odds_snapshot_dir=str(snapshots))
    source.land("player_props", OPENING_WEEK)
    props, rejected = parsed_landing(tmp_path / "live", "player_props", OPENING_WEEK, registry)
    # every quoted name is listed under the person id it resolves to, except the 3 unplaced
    # (10 of 5,163 main lines; in a run with the 2024-25 box scores Cole Anthony's resolve too)
    assert (len(props), len(rejected)) == (5153, 10)
    unknown = rejected["reason"].str.extract(r"unknown player name '(.+)'")[0]
    assert unknown.notna().all() and set(unknown) == {
        "Cole Anthony",
        "Guerschon Yabusele",
        "Tyrese Martin",
    }
    team = rows.drop_duplicates("player_id").set_index("player_id")["team_abbr"]
    props = props.assign(team=props["player_id"].map(team))
    assert (
        (props["team"] == props["away_team_abbr"]) | (props["team"] == props["home_team_abbr"])
    ).all()
    logs = pd.read_parquet(REAL_DATA_DIR / PLAYER_LOGS)
    returning = week.players[week.players["player_id"].isin(logs["player_id"].astype(str))]
    quoted = returning[returning["rule"] != "unquoted"]
    assert len(quoted) == 219 and (quoted["rule"] != UNPLACED).sum() == 218  # Cole Anthony: none
    moved = quoted[(quoted["rule"] != UNPLACED) & (quoted["team"] != quoted["last_team"])]
    assert len(moved) == 51  # summer 2025 moves among them
    by_name = moved.set_index("player_name")[["last_team", "team"]]
    assert by_name.loc["Kevin Durant"].tolist() == ["PHX", "HOU"]
    assert by_name.loc["Kristaps Porziņģis"].tolist() == ["BOS", "ATL"]
    assert by_name.loc["Tyus Jones"].tolist() == ["PHX", "ORL"]
    assert by_name.loc["Luke Kennard"].tolist() == ["MEM", "ATL"]


def test_landed_files_parse_without_rejected_rows(landing: Path) -> None:
    schedule, rejected = parsed_landing(landing, "schedule", OPENING_WEEK)
    assert rejected.empty and len(schedule) == 53
    assert schedule["game_id"].iloc[0] == "20251021_HOU_OKC"
    assert schedule["nba_game_id"].iloc[0] == "0022500001"
    assert (schedule["season_year"] == 2025).all()
    rosters, rejected = parsed_landing(landing, "rosters", OPENING_WEEK)
    assert rejected.empty and len(rosters) == 1873
    assert set(rosters["game_id"]) == set(schedule["game_id"])
    assert sorted(p.name for p in (landing / "rosters").iterdir()) == [
        f"{d.isoformat()}.csv" for d in OPENING_WEEK
    ]
