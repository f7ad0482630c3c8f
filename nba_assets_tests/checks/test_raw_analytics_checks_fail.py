"""Every check can fail: break the data the way real pipelines break and watch it fail.

Rule-level cases corrupt a copy of a materialized warehouse and evaluate the rule
over the range; pipeline cases corrupt landing payloads and run Dagster, so the
blocking gate (downstream assets not run) is exercised for real.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from dagster import AssetCheckSeverity

from nba_assets.checks.results import evaluate
from nba_assets.checks.rules import CheckInput
from nba_assets.sources.landing import landing_path
from nba_assets.tables import TABLES_BY_PATH
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import (
    check_results,
    corruptible_copy,
    files_resources,
    materialize_range,
    policy_file,
)

START, END = date(2021, 10, 19), date(2021, 10, 24)  # partition keys, inclusive
BROKEN_DAY = date(2021, 10, 21)
PHASES_1_3 = None  # all catalogue assets


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory, demo_landing: Path) -> Path:
    """The demo league's payloads for the test range, as a `files` landing directory."""
    root = tmp_path_factory.mktemp("landing")
    for feed_dir in demo_landing.iterdir():
        if feed_dir.name.startswith("_"):
            continue
        for day in pd.date_range(START, END).date:
            source = landing_path(demo_landing, feed_dir.name, day)
            if source.exists():
                target = landing_path(root, feed_dir.name, day)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, target)
    return root


@pytest.fixture(scope="module")
def clean_warehouse(tmp_path_factory: pytest.TempPathFactory, landing: Path) -> Path:
    path = tmp_path_factory.mktemp("clean") / "warehouse.duckdb"
    result = materialize_range(
        files_resources(DuckDBWarehouse(path=str(path)), landing), START, END
    )
    assert result.success and all(check_results(result).values())
    return path


@pytest.fixture
def broken(tmp_path: Path, clean_warehouse: Path):
    """A copy of the clean warehouse and a way to corrupt it with SQL."""
    return corruptible_copy(clean_warehouse, tmp_path / "warehouse.duckdb")


def judge(warehouse: DuckDBWarehouse, table: str, check: str, quarantined: int = 0):
    end = date.fromordinal(END.toordinal() + 1)
    return evaluate(check, CheckInput(warehouse, TABLES_BY_PATH[table], START, end, 1, quarantined))


def meta(result) -> dict:
    return {k: v.value for k, v in result.metadata.items()}


def test_duplicate_keys_fail(broken) -> None:
    warehouse = broken(
        "INSERT INTO nba_analytics.player_game_summary "
        "SELECT * FROM nba_analytics.player_game_summary LIMIT 2"
    )
    result = judge(warehouse, "nba_analytics/player_game_summary", "no_duplicate_keys")
    assert not result.passed
    assert meta(result)["duplicate_groups"] == 2 and meta(result)["extra_rows"] == 2


def test_mixed_game_id_formats_fail(broken) -> None:
    warehouse = broken(
        "UPDATE nba_raw.shots SET game_id = nba_game_id "
        "WHERE event_num = (SELECT MIN(event_num) FROM nba_raw.shots)"
    )
    result = judge(warehouse, "nba_raw/shots", "game_id_format")
    assert not result.passed
    assert meta(result)["bad_rows"] >= 1


def test_a_missing_date_fails_coverage_and_is_named(broken) -> None:
    warehouse = broken(
        f"DELETE FROM nba_analytics.team_offense_game_summary WHERE game_date = '{BROKEN_DAY}'"
    )
    result = judge(warehouse, "nba_analytics/team_offense_game_summary", "covers_scheduled_dates")
    assert not result.passed
    assert meta(result)["dates_missing"] == 1
    assert meta(result)["missing_ranges"] == str(BROKEN_DAY)


def test_usage_rate_missing_for_played_rows_fails(broken) -> None:
    warehouse = broken(
        "UPDATE nba_analytics.player_game_summary SET usage_rate = NULL "
        "WHERE minutes_played > 0 AND HASH(player_lookup) % 10 = 0"
    )
    result = judge(warehouse, "nba_analytics/player_game_summary", "usage_rate_population")
    assert not result.passed
    assert 80 < meta(result)["pct"] < 95


def test_usage_rate_on_a_dnp_fails(broken) -> None:
    warehouse = broken(
        "UPDATE nba_analytics.player_game_summary SET usage_rate = 20 "
        "WHERE player_lookup = (SELECT MIN(player_lookup) FROM nba_analytics.player_game_summary "
        "WHERE minutes_played IS NULL)"
    )
    result = judge(warehouse, "nba_analytics/player_game_summary", "usage_rate_population")
    assert not result.passed
    assert meta(result)["dnp_rows_with_usage_rate"] >= 1
    assert meta(result)["pct"] == 100.0  # the population of played rows is still complete


def test_team_points_differing_from_players_fail(broken) -> None:
    warehouse = broken(
        "UPDATE nba_raw.team_boxscores SET points = points + 2 "
        "WHERE game_id = (SELECT MIN(game_id) FROM nba_raw.team_boxscores) AND is_home"
    )
    result = judge(warehouse, "nba_raw/team_boxscores", "team_points_match_players")
    assert not result.passed
    assert meta(result)["mismatches"] == 1


def test_a_check_that_cannot_run_fails_with_the_reason(broken) -> None:
    warehouse = broken("DROP TABLE nba_raw.schedule")
    result = judge(warehouse, "nba_raw/player_boxscores", "covers_scheduled_dates")
    assert not result.passed
    assert "schedule" in meta(result)["error"]


def _edit_landing(landing: Path, tmp_path: Path, feed: str, edit) -> Path:
    copy = tmp_path / "landing"
    shutil.copytree(landing, copy)
    path = landing_path(copy, feed, BROKEN_DAY)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    edited = edit(frame)
    if edited is None:
        path.unlink()
    else:
        edited.to_csv(path, index=False)
    return copy


def _inflate_home_points(frame: pd.DataFrame) -> pd.DataFrame:
    """Home teams make 3 free throws their players never made: a consistent team box (so it
    passes the raw boundary) whose points team_points_match_players finds unmatched."""
    home = (frame["team"] == frame["home_team"]) & frame["points"].str.isdigit()
    for column in ("points", "ftm", "fta"):
        frame.loc[home, column] = (frame.loc[home, column].astype(int) + 3).astype(str)
    return frame


def test_blocking_check_stops_downstream_in_the_same_run(landing: Path, tmp_path: Path) -> None:
    copy = _edit_landing(landing, tmp_path, "team_boxscores", _inflate_home_points)
    warehouse = DuckDBWarehouse(path=str(tmp_path / "warehouse.duckdb"))
    result = materialize_range(files_resources(warehouse, copy), START, END, raise_on_error=False)
    assert not result.success
    assert check_results(result)[("nba_raw/team_boxscores", "team_points_match_players")] is False
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "nba_raw/player_boxscores" in materialized
    assert "nba_analytics/team_offense_game_summary" not in materialized  # gated
    assert "nba_analytics/player_game_summary" not in materialized


def test_a_policy_file_turns_the_gate_into_a_warning_and_downstream_runs(
    landing: Path, tmp_path: Path
) -> None:
    copy = _edit_landing(landing, tmp_path, "team_boxscores", _inflate_home_points)
    policy = policy_file(
        tmp_path / "checks.yaml", "rules:\n  team_points_match_players:\n    blocking: false\n"
    )
    warehouse = DuckDBWarehouse(path=str(tmp_path / "warehouse.duckdb"))
    result = materialize_range(
        files_resources(warehouse, copy), START, END, raise_on_error=False, policy=policy
    )
    assert result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [(e.asset_key.to_user_string(), e.check_name) for e in failed] == [
        ("nba_raw/team_boxscores", "team_points_match_players")
    ]
    assert failed[0].severity == AssetCheckSeverity.WARN
    assert failed[0].metadata["mismatches"].value > 0  # still judged, still failing
    assert failed[0].metadata["policy"].value == f"{policy.file} (overrides: blocking)"
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"nba_analytics/team_offense_game_summary", "nba_analytics/player_game_summary"} <= (
        materialized
    )


def test_an_absent_feed_is_reported_not_configured(landing: Path, tmp_path: Path) -> None:
    copy = tmp_path / "landing"
    shutil.copytree(landing, copy, ignore=shutil.ignore_patterns("shots"))
    policy = policy_file(tmp_path / "checks.yaml", "absent_feeds: [shots]\n")
    warehouse = DuckDBWarehouse(path=str(tmp_path / "warehouse.duckdb"))
    paths = [t for t in TABLES_BY_PATH if t.startswith(("nba_raw/", "nba_analytics/"))]
    result = materialize_range(files_resources(warehouse, copy), START, END, paths, policy=policy)
    assert result.success and all(check_results(result).values())
    shots = [e for e in result.get_asset_check_evaluations() if e.asset_key.path[-1] == "shots"]
    assert {e.check_name for e in shots} == set(TABLES_BY_PATH["nba_raw/shots"].checks)
    for evaluation in shots:
        assert evaluation.metadata["feed_not_configured"].value == "shots"
        assert evaluation.description.startswith("feed not configured: shots")
        assert "rows_read" not in evaluation.metadata  # not judged: nothing to judge
    others = [e for e in result.get_asset_check_evaluations() if e not in shots]
    assert others and not [e for e in others if "feed_not_configured" in e.metadata]


def test_a_high_quarantine_rate_fails_and_keeps_the_rows(landing: Path, tmp_path: Path) -> None:
    def garble_minutes(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["minutes"] != "", "minutes"] = "??"
        return frame

    copy = _edit_landing(landing, tmp_path, "player_boxscores", garble_minutes)
    warehouse = DuckDBWarehouse(path=str(tmp_path / "warehouse.duckdb"))
    paths = ["nba_raw/schedule", "nba_raw/player_boxscores"]
    result = materialize_range(
        files_resources(warehouse, copy), START, END, paths, raise_on_error=False
    )
    assert check_results(result)[("nba_raw/player_boxscores", "quarantine_rate")] is False
    kept = warehouse.query(
        "SELECT reason, COUNT(*) AS n FROM nba_raw.player_boxscores_quarantine GROUP BY reason"
    ).set_index("reason")["n"]
    assert kept["minutes: cannot parse '??' as minutes"] > 100


def test_a_missing_payload_date_fails_raw_coverage(landing: Path, tmp_path: Path) -> None:
    copy = _edit_landing(landing, tmp_path, "player_boxscores", lambda frame: None)
    warehouse = DuckDBWarehouse(path=str(tmp_path / "warehouse.duckdb"))
    paths = ["nba_raw/schedule", "nba_raw/player_boxscores"]
    result = materialize_range(
        files_resources(warehouse, copy), START, END, paths, raise_on_error=False
    )
    evaluation = next(
        e for e in result.get_asset_check_evaluations() if e.check_name == "covers_scheduled_dates"
    )
    assert not evaluation.passed
    assert evaluation.metadata["missing_ranges"].value == str(BROKEN_DAY)
