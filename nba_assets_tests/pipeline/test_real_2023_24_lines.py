"""One command on the real 2023-24 stretch with sportsbook lines (2024-01-23 .. 2024-05-23).

The landing (``sources/real/lines_2023_24.py``): schedule and team box scores from the complete team logs,
player box scores from API-NBA, and The Odds API's player-points quotes from 10 books with their
prices. The run is `dagster asset materialize --select '*'` over the range under a policy written
for this data in the test's tmp dir (not a deployment's policy: nobody deploys on this stretch),
and the result is scored with `nba-assets scorecard` over the weeks with lines.

Real-data tier (the files carry no licence and stay in ``../shared``) and slow (one `dagster`
process over four months).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from nba_assets.sources.real.landing import write_feeds
from nba_assets.sources.real.lines_2023_24 import FIRST, LAST, Landing2324, real_2023_24_lines
from nba_assets_tests.conftest import PROJECT, instance_env, one_run_check_evaluations

pytestmark = [pytest.mark.real_data, pytest.mark.slow]

LINES_FROM = "2024-03-02"
POLICY = """\
# This evaluation's landing: team logs, API-NBA player box scores, The Odds API points quotes.
absent_feeds: [shots, injury_report, game_lines, rosters]
rules:
  team_points_match_players:
    # API-NBA's player points miss the team's by 3-4 on 2 of 1,332 team-games
    # (NOP 2024-01-29, TOR 2024-02-22): reported, not a gate.
    blocking: false
"""
# Checks that fail as warnings on this data, and why:
EXPLAINED = {
    # the two team-games above
    ("nba_raw/team_boxscores", "team_points_match_players"),
    # the exports' freshness checks judge today's deadlines, and 2024-05-23 is not today
    *(
        (f"exports/{name}", "fresh_by_deadline")
        for name in ("predictions", "best_bets", "results", "system_performance")
    ),
}


@dataclass(frozen=True)
class LinesRun:
    landing: Landing2324
    warehouse: Path
    home: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def lines_run(tmp_path_factory: pytest.TempPathFactory) -> LinesRun:
    root = tmp_path_factory.mktemp("lines_2023_24")
    landing = real_2023_24_lines()
    written = write_feeds(root / "landing" / "files", landing.feeds)
    print(f"\nlanded rows per feed: {written}\ndropped: {dict(landing.dropped)}")
    print(f"box-score names with an NBA person id: {landing.person_ids}")
    print(f"team points mismatches:\n{landing.team_point_mismatches.to_string(index=False)}")
    policy = root / "checks.lines-2023-24.yaml"
    policy.write_text(POLICY)
    home = root / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text((PROJECT / "dagster.yaml").read_text())
    env = {
        **os.environ,
        **instance_env(home, root / "data"),
        "NBA_ASSETS_SOURCE": "files",
        "NBA_ASSETS_LANDING_DIR": str(root / "landing"),
        "NBA_ASSETS_CHECKS_FILE": str(policy),
    }
    dagster = Path(sys.executable).parent / "dagster"
    completed = subprocess.run(
        [str(dagster), "asset", "materialize", "-m", "nba_assets.definitions", "--select", "*",
         "--partition-range", f"{FIRST}...{LAST}"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=3600,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-4000:]
    return LinesRun(landing, root / "data" / "warehouse.duckdb", home, env)


def query(run: LinesRun, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(run.warehouse), read_only=True) as db:
        return db.execute(sql).df()


def test_the_landing_accounts_for_every_quote(lines_run: LinesRun) -> None:
    landing = lines_run.landing
    assert {k: len(v) for k, v in landing.feeds.items() if k != "player_props"} == {
        "schedule": 666,  # 589 regular season, 6 play-in, 71 playoff games
        "team_boxscores": 1332,
        "player_boxscores": 14271,
    }
    assert landing.dropped["quote at or after tip-off (line-pairs)"] == 163
    assert len(landing.team_point_mismatches) == 2


def test_the_whole_range_is_one_green_run(lines_run: LinesRun) -> None:
    evaluations = one_run_check_evaluations(lines_run.home)
    failed = {(e.asset_key.to_user_string(), e.check_name) for e in evaluations if not e.passed}
    assert failed == EXPLAINED
    assert len(evaluations) >= 50


def test_prop_names_resolve_through_the_registry(lines_run: LinesRun) -> None:
    """Share of landed (main-line) quotes that reached nba_raw.player_props, not quarantine."""
    landed = len(lines_run.landing.feeds["player_props"])
    kept = int(query(lines_run, "SELECT COUNT(*) AS n FROM nba_raw.player_props")["n"][0])
    print(f"\nprop quotes resolved: {kept} of {landed} ({kept / landed:.2%})")
    assert kept / landed > 0.99


def test_the_scorecard_over_the_lined_weeks(lines_run: LinesRun) -> None:
    cli = Path(sys.executable).parent / "nba-assets"
    args = [str(cli), "scorecard", "--start", LINES_FROM, "--end", "2024-05-24"]
    table = subprocess.run(args, cwd=PROJECT, env=lines_run.env, capture_output=True, text=True)
    assert table.returncode == 0, table.stderr[-3000:]
    print(f"\n{table.stdout}")
    as_json = subprocess.run(
        [*args, "--json"], cwd=PROJECT, env=lines_run.env, capture_output=True, text=True
    )
    assert as_json.returncode == 0, as_json.stderr[-3000:]
    assert json.loads(as_json.stdout)


def best_bets_record(run: LinesRun) -> pd.DataFrame:
    """The published best bets (the ``best-bets`` export files) of the lined weeks, each with its
    graded ``profit`` in units from ``prediction_accuracy`` (NULL: void or pending).

    API-NBA lists few DNPs, so a pick on a player who sat out has no box-score row and stays
    ``PENDING`` rather than ``VOID`` (37 of 1,078; a book refunds them): left out of the units."""
    folder = run.warehouse.parent / "exports" / "best-bets"
    picks = [
        {"game_date": doc["game_date"], "system_id": doc["system_id"], **pick}
        for doc in (json.loads(path.read_text()) for path in sorted(folder.glob("*.json")))
        for pick in doc["picks"]
    ]
    frame = pd.DataFrame(picks)
    frame = frame[frame["game_date"] >= LINES_FROM]
    profit = query(
        run,
        "SELECT CAST(game_date AS VARCHAR) AS game_date, player_lookup, system_id, profit "
        "FROM nba_predictions.prediction_accuracy",
    )
    return frame.merge(profit, on=["game_date", "player_lookup", "system_id"], how="left")


def test_the_best_bets_record(lines_run: LinesRun) -> None:
    bets = best_bets_record(lines_run)
    counts = bets["result"].value_counts().to_dict()
    graded = bets[bets["result"].isin(["WIN", "LOSS", "PUSH"])]
    units = graded["profit"].sum()
    print(
        f"\nbest bets {LINES_FROM}..{LAST}: {len(bets)} published on {bets['game_date'].nunique()}"
        f" dates, {counts}; {units:+.2f} units on {len(graded)} graded"
        f" ({units / max(len(graded), 1):+.3f} per bet)"
    )
    by_book = graded.groupby("best_book")["profit"].agg(["size", "sum"]).round(2)
    print(by_book.sort_values("size", ascending=False).to_string())
    assert len(graded) > 0 and graded["profit"].notna().all()
