"""The raw and analytics assets on real 2023-24 games, through the ``files`` source.

The games are the vendored slice of the real data (``fixtures/``, see the PROVENANCE.md
files), so this runs on a clone alone. The landing holds the four dates that have complete
box scores (every game of those dates from the league game log, players for the four
box-score games); one ranged run covers 2023-11-03..2024-03-06. Numbers are pinned to the
NBA's own box scores, and usage_rate is compared with the NBA's ``usagePercentage``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from nba_assets.sources.real.landing import write_real_landing
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import check_results, files_resources, materialize_range
from nba_assets_tests.vendored import FIXTURES_DIR, HOOPR_ADVANCED, NBA_API_ADVANCED

BOX_SCORE_DATES = [date(2023, 11, 3), date(2023, 12, 11), date(2024, 1, 21), date(2024, 3, 6)]
OVERTIME_GAME = "0022300300"
ADVANCED = {  # the NBA's boxscoreadvancedv3 per game (0022300001 comes from the nba_api fixture)
    HOOPR_ADVANCED: None,
    NBA_API_ADVANCED: "0022300001",
}
PATHS = [t.path for t in TABLES if t.dataset in ("nba_raw", "nba_analytics")]


@pytest.fixture(scope="module")
def real_warehouse(tmp_path_factory: pytest.TempPathFactory) -> DuckDBWarehouse:
    root = tmp_path_factory.mktemp("real_pipeline")
    write_real_landing(root / "landing", FIXTURES_DIR, dates=BOX_SCORE_DATES)
    warehouse = DuckDBWarehouse(path=str(root / "warehouse.duckdb"))
    resources = files_resources(warehouse, root / "landing")
    start, end = BOX_SCORE_DATES[0], BOX_SCORE_DATES[-1]
    result = materialize_range(resources, start, end, PATHS)
    failed = [key for key, passed in check_results(result).items() if not passed]
    # The four dates are 38+ days apart: the pre-game rosters carry each team's players from
    # its latest box score (365 days back), so even these sparse dates have a context.
    assert failed == []
    return warehouse


def _players(warehouse: DuckDBWarehouse) -> pd.DataFrame:
    return warehouse.query("SELECT * FROM nba_analytics.player_game_summary").set_index(
        ["nba_game_id", "player_lookup"]
    )


def test_team_points_equal_player_points(real_warehouse: DuckDBWarehouse) -> None:
    compared = real_warehouse.query(
        "SELECT t.nba_game_id, t.team_abbr, t.points_scored, SUM(p.points) AS player_points "
        "FROM nba_analytics.team_offense_game_summary t JOIN nba_analytics.player_game_summary p "
        "ON p.game_id = t.game_id AND p.team_abbr = t.team_abbr "
        "GROUP BY t.nba_game_id, t.team_abbr, t.points_scored"
    )
    assert len(compared) == 8
    assert (compared["points_scored"] == compared["player_points"]).all()


def test_overtime_game_has_265_team_minutes(real_warehouse: DuckDBWarehouse) -> None:
    teams = real_warehouse.query(
        "SELECT nba_game_id, team_abbr, team_minutes, overtime_periods, points_scored "
        "FROM nba_analytics.team_offense_game_summary"
    )
    overtime = teams[teams["nba_game_id"] == OVERTIME_GAME].set_index("team_abbr")
    assert overtime["team_minutes"].to_dict() == {"MIL": 265.0, "CHI": 265.0}
    assert overtime["overtime_periods"].to_dict() == {"MIL": 1, "CHI": 1}
    assert overtime["points_scored"].to_dict() == {"MIL": 133, "CHI": 129}
    assert len(teams) == 68  # every game on the four dates, from the league game log


def test_usage_rate_population(real_warehouse: DuckDBWarehouse) -> None:
    players = _players(real_warehouse)
    played = players["minutes_played"] > 0
    assert played.sum() == 76
    assert players.loc[played, "usage_rate"].notna().all()
    assert players.loc[~played, "usage_rate"].isna().all()
    assert players.loc[~played, "player_status"].value_counts().to_dict() == {
        "dnp": 24,
        "inactive": 3,
    }


def test_pinned_player_values(real_warehouse: DuckDBWarehouse) -> None:
    players = _players(real_warehouse)
    giannis = players.loc[(OVERTIME_GAME, "giannisantetokounmpo")]
    # 100·(13 + 0.44·18 + 2)·(265/5) / (40.95·(86 + 0.44·37 + 11))
    assert (giannis["points"], giannis["minutes_played"]) == (32, 40.95)
    assert giannis["usage_rate"] == pytest.approx(26.187, abs=1e-3)
    hagans = players.loc[("0022300900", "ashtonhagans")]
    assert (hagans["points"], hagans["minutes_played"]) == (2, 14.0)
    assert hagans["usage_rate"] == pytest.approx(15.601, abs=1e-3)
    shai = players.loc[("0022300900", "shaigilgeousalexander")]
    assert (shai["points"], shai["usage_rate"]) == (37, pytest.approx(39.483, abs=1e-3))


def test_usage_rate_is_close_to_the_nbas(real_warehouse: DuckDBWarehouse) -> None:
    """The DESIGN formula scales team plays by the player's share of minutes; the NBA's
    usagePercentage (likely counting team plays while he is on the floor) differs a little.
    Measured on the 76 player-games: mean |gap| 0.89 points, median 0.72, 92 % within 2,
    ours 0.65 higher on average, correlation 0.991; largest Andre Drummond (0022300300):
    37.25 vs 30.2."""
    frames = []
    for path, game in ADVANCED.items():
        frame = pd.read_parquet(FIXTURES_DIR / path)
        frames.append(frame if game is None else frame[frame["gameId"] == game])
    nba = pd.concat(frames)
    nba = nba[nba["minutes"].fillna("") != ""]
    ours = _players(real_warehouse).reset_index()
    ours = ours[ours["minutes_played"] > 0].astype({"player_id": str})
    nba = nba.astype({"personId": str})
    joined = ours.merge(nba, left_on=["nba_game_id", "player_id"], right_on=["gameId", "personId"])
    assert len(joined) == 76
    gap = (joined["usage_rate"] - 100 * joined["usagePercentage"]).abs()
    assert gap.mean() < 1.0
    assert gap.median() < 0.8
    assert (gap > 3.0).sum() == 1
    assert joined.loc[gap.idxmax(), "player_lookup"] == "andredrummond"
    assert joined["usage_rate"].corr(100 * joined["usagePercentage"]) > 0.98
