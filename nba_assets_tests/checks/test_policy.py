"""The check policy file: merged over the packaged rules in the documented order, refused with
the file and the key named when anything in it is unknown or mistyped, and shown in status."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from nba_assets.assets.exports import build_export_asset
from nba_assets.assets.factory import build_table_asset
from nba_assets.checks.policy import (
    CheckPolicy,
    active_policy,
    checked_assets,
    load_policy,
    packaged_rules,
)
from nba_assets.checks.policy_file import OPTIONAL_FEEDS, CheckPolicyError
from nba_assets.exports.catalogue import EXPORTS
from nba_assets.features import FEATURES
from nba_assets.settings import load_settings, pinned_paths
from nba_assets.status import render_json, render_text
from nba_assets.tables import TABLES, TABLES_BY_PATH
from nba_assets_tests.conftest import PROJECT, policy_file

DEPLOYED = PROJECT / "deploy" / "checks.partial-feeds.yaml"
TEAM_POINTS, COVERAGE = "team_points_match_players", "covers_scheduled_dates"
TEAMS = "nba_raw/team_boxscores"

MERGED = """
absent_feeds: [shots, game_lines]
rules:
  covers_scheduled_dates:
    min_pct: 90
    tables:
      nba_analytics/upcoming_player_game_context: {min_pct: 50, blocking: true}
  team_points_match_players:
    blocking: false
    max_mismatches: 100000
"""


@pytest.fixture
def merged(tmp_path: Path) -> CheckPolicy:
    return policy_file(tmp_path / "checks.yaml", MERGED)


def test_without_a_file_the_packaged_rules_judge_and_say_so() -> None:
    policy = load_policy(None)
    assert active_policy() == policy  # the tests drop NBA_ASSETS_CHECKS_FILE
    for name, assets in checked_assets().items():
        for asset in assets:
            rule = policy.rule(name, asset)
            assert rule.values == packaged_rules()[name]
            assert (rule.overridden, rule.label) == ((), "packaged")
    assert policy.rule(TEAM_POINTS, TEAMS).blocking  # strict by default
    assert policy.absent_feeds == frozenset()


def test_a_table_entry_wins_over_the_rule_which_wins_over_the_package(merged) -> None:
    context = merged.rule(COVERAGE, "nba_analytics/upcoming_player_game_context")
    assert (context["min_pct"], context.blocking) == (50, True)
    assert context.overridden == ("blocking", "min_pct")
    summary = merged.rule(COVERAGE, "nba_analytics/player_game_summary")
    assert (summary["min_pct"], summary.blocking) == (90, False)  # blocking: packaged
    assert summary.overridden == ("min_pct",)
    teams = merged.rule(TEAM_POINTS, TEAMS)
    assert (teams["max_mismatches"], teams.blocking) == (100000, False)
    assert teams["population"] == packaged_rules()[TEAM_POINTS]["population"]
    assert teams.label == f"{merged.file} (overrides: blocking, max_mismatches)"
    untouched = merged.rule("no_duplicate_keys", TEAMS)
    assert untouched.values == packaged_rules()["no_duplicate_keys"]
    assert untouched.label == f"{merged.file} (overrides: none)"
    assert merged.absent_feeds == {"shots", "game_lines"}


def test_what_an_absent_feed_excuses_is_declared_with_optional_feeds() -> None:
    """A misspelt feed on a column or feature would never be excused: hold them to the feeds."""
    assert {f.feed for f in FEATURES if f.feed} <= set(OPTIONAL_FEEDS)
    for table in TABLES:
        assert set(table.column_feeds) <= set(table.rolling_columns), table.path
        assert set(table.column_feeds.values()) <= set(OPTIONAL_FEEDS), table.path


def test_the_assets_declare_their_gates_as_the_policy_says(merged) -> None:
    def blocking(asset) -> dict[str, bool]:
        return {spec.name: spec.blocking for spec in asset.check_specs}

    teams = TABLES_BY_PATH[TEAMS]
    assert blocking(build_table_asset(teams, "duckdb"))[TEAM_POINTS]  # packaged: a gate
    assert not blocking(build_table_asset(teams, "duckdb", merged))[TEAM_POINTS]
    context = TABLES_BY_PATH["nba_analytics/upcoming_player_game_context"]
    assert blocking(build_table_asset(context, "duckdb", merged))[COVERAGE]  # the table entry
    assert blocking(build_export_asset(EXPORTS[0], merged)) == {"exports_valid": True}


def test_an_empty_file_is_the_packaged_rules(tmp_path: Path) -> None:
    policy = policy_file(tmp_path / "empty.yaml", "# nothing overridden yet\n")
    assert policy.rule(TEAM_POINTS, TEAMS).values == packaged_rules()[TEAM_POINTS]
    assert policy.rule(TEAM_POINTS, TEAMS).label.endswith("(overrides: none)")


BAD_FILES = [
    pytest.param(
        "rules:\n  team_points_match:\n    blocking: false\n",
        "rules.team_points_match: unknown rule; the rules are covers_scheduled_dates,",
        id="unknown rule",
    ),
    pytest.param(
        "rules:\n  team_points_match_players:\n    max_mismatch: 10\n",
        "rules.team_points_match_players.max_mismatch: unknown threshold; "
        "team_points_match_players takes blocking, max_mismatches",
        id="unknown threshold",
    ),
    pytest.param(
        "rules:\n  covers_scheduled_dates:\n    population: every date\n",
        "rules.covers_scheduled_dates.population: the rule's documentation, not a threshold",
        id="documentation is not a threshold",
    ),
    pytest.param(
        "rules:\n  team_points_match_players:\n    blocking: 'no'\n",
        "rules.team_points_match_players.blocking: expected true or false, got 'no'",
        id="blocking as text",
    ),
    pytest.param(
        "rules:\n  covers_scheduled_dates:\n    min_pct: '90%'\n",
        "rules.covers_scheduled_dates.min_pct: expected a number, got '90%'",
        id="number as text",
    ),
    pytest.param(
        "rules:\n  covers_scheduled_dates:\n    min_pct: true\n",
        "rules.covers_scheduled_dates.min_pct: expected a number, got True",
        id="number as boolean",
    ),
    pytest.param(
        "rules:\n  team_points_match_players:\n    max_mismatches: -1\n",
        "rules.team_points_match_players.max_mismatches: expected a number >= 0, got -1",
        id="negative number",
    ),
    pytest.param(
        "rules:\n  feature_variance:\n    uniform_on_a_date_allowed: home_game\n",
        "rules.feature_variance.uniform_on_a_date_allowed: expected a list of names, "
        "got 'home_game'",
        id="list as text",
    ),
    pytest.param(
        "rules:\n  team_points_match_players: false\n",
        "rules.team_points_match_players: expected a mapping, got False",
        id="rule not a mapping",
    ),
    pytest.param(
        "rules:\n  covers_scheduled_dates:\n    tables:\n      nba_raw/shots: {min_pct: 0}\n",
        "rules.covers_scheduled_dates.tables.nba_raw/shots: nba_raw/shots has no "
        "covers_scheduled_dates check; tables with it: nba_raw/player_boxscores,",
        id="table without the rule",
    ),
    pytest.param(
        "rules:\n  covers_scheduled_dates:\n    tables:\n      nba_raw/shot: {min_pct: 0}\n",
        "rules.covers_scheduled_dates.tables.nba_raw/shot: unknown table; tables with it:",
        id="unknown table",
    ),
    pytest.param(
        "rules:\n  team_points_match_players:\n    tables:\n"
        "      nba_raw/team_boxscores: {max_mismatches: many}\n",
        "rules.team_points_match_players.tables.nba_raw/team_boxscores.max_mismatches: "
        "expected a number, got 'many'",
        id="wrong type on a table",
    ),
    pytest.param(
        "absent_feeds: [shot]\n",
        "absent_feeds: 'shot' is not a feed; optional feeds: game_lines, injury_report, "
        "player_props, rosters, shots",
        id="unknown feed",
    ),
    pytest.param(
        "absent_feeds: [player_boxscores]\n",
        "absent_feeds: 'player_boxscores' cannot be absent: the pipeline is built on it",
        id="required feed",
    ),
    pytest.param(
        "absent_feeds: shots\n",
        "absent_feeds: expected a list of feed names, got 'shots'",
        id="feeds not a list",
    ),
    pytest.param(
        "absent_feed: [shots]\n",
        "absent_feed: unknown key; a policy file has absent_feeds, rules",
        id="unknown top-level key",
    ),
    pytest.param(
        "rules:\n  team_points_match_players:\n    blocking: false\n"
        "  team_points_match_players:\n    blocking: true\n",
        "not valid YAML: duplicate key 'team_points_match_players'",
        id="duplicate key",
    ),
    pytest.param("rules: [team_points_match_players]\n", "rules: expected a mapping", id="list"),
    pytest.param(
        "- blocking: false\n", "expected a mapping with absent_feeds and/or rules", id="top"
    ),
    pytest.param("rules: {blocking: false\n", "not valid YAML", id="broken YAML"),
]


@pytest.mark.parametrize("text, message", BAD_FILES)
def test_a_bad_file_is_refused_naming_the_file_and_the_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "checks.yaml"
    with pytest.raises(CheckPolicyError) as refused:
        policy_file(path, text)
    assert str(refused.value).startswith(f"{path}: ")
    assert message in str(refused.value)


def test_a_missing_file_is_refused_naming_the_variable(tmp_path: Path) -> None:
    with pytest.raises(CheckPolicyError, match="NBA_ASSETS_CHECKS_FILE"):
        load_policy(tmp_path / "nowhere.yaml")


def test_the_variable_is_read_against_the_current_directory_and_pinned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NBA_ASSETS_CHECKS_FILE", "policy/checks.yaml")
    settings = load_settings()
    assert settings.checks_file == tmp_path / "policy" / "checks.yaml"
    assert pinned_paths(settings)["NBA_ASSETS_CHECKS_FILE"] == str(settings.checks_file)
    monkeypatch.delenv("NBA_ASSETS_CHECKS_FILE")
    assert load_settings().checks_file is None
    assert "NBA_ASSETS_CHECKS_FILE" not in pinned_paths(load_settings())


def test_a_bad_file_stops_the_code_location_loading(tmp_path: Path) -> None:
    path = tmp_path / "checks.yaml"
    path.write_text("rules:\n  team_points_match_players:\n    blockng: false\n")
    loaded = subprocess.run(
        [sys.executable, "-c", "import nba_assets.definitions"],
        env={**os.environ, "NBA_ASSETS_CHECKS_FILE": str(path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert loaded.returncode != 0
    assert f"CheckPolicyError: {path}: rules.team_points_match_players.blockng" in loaded.stderr


def test_the_shipped_partial_feeds_policy() -> None:
    policy = load_policy(DEPLOYED)
    assert policy.absent_feeds == {"shots", "injury_report", "game_lines"}
    teams = policy.rule(TEAM_POINTS, TEAMS)
    assert (teams.blocking, teams["max_mismatches"], teams.overridden) == (False, 0, ("blocking",))
    overridden = {
        (name, asset)
        for name, assets in checked_assets().items()
        for asset in assets
        if policy.rule(name, asset).overridden
    }
    store = "nba_precompute/ml_feature_store_v2"
    variance = policy.rule("feature_variance", store)
    assert variance["constant_allowed"] == ["vegas_line_move"] and variance.blocking
    assert overridden == {(TEAM_POINTS, TEAMS), ("feature_variance", store)}  # the rest: strict


def test_the_readme_example_is_a_valid_policy(tmp_path: Path) -> None:
    readme = (PROJECT / "README.md").read_text()
    section = readme[readme.index("### Check policy") :]
    example = re.search(r"^```yaml\n(.*?)^```", section, flags=re.S | re.M).group(1)
    policy = policy_file(tmp_path / "checks.yaml", example)
    assert policy.rule(COVERAGE, "nba_analytics/upcoming_player_game_context")["min_pct"] == 80
    assert not policy.rule(TEAM_POINTS, TEAMS).blocking


def test_status_names_the_policy_in_text_and_gives_all_of_it_in_json(merged) -> None:
    start, end = date(2021, 10, 19), date(2021, 10, 20)
    lines = render_text([], start, end, policy=merged).splitlines()
    assert lines[0].startswith("coverage ")
    assert lines[1] == (
        f"check policy: {merged.file}; overrides: covers_scheduled_dates (min_pct), "
        "team_points_match_players (blocking, max_mismatches), covers_scheduled_dates on "
        "nba_analytics/upcoming_player_game_context (blocking, min_pct); "
        "absent feeds: game_lines, shots"
    )
    assert render_text([], start, end).splitlines()[1].startswith("check policy: packaged")
    document = json.loads(render_json([], start, end, policy=merged))["check_policy"]
    assert document["file"] == str(merged.file)
    assert document["absent_feeds"] == ["game_lines", "shots"]
    rules = document["rules"]
    assert set(rules) == set(packaged_rules())
    assert rules[TEAM_POINTS][TEAMS] == {
        "max_mismatches": 100000,
        "blocking": False,
        "overridden": ["blocking", "max_mismatches"],
    }
    assert rules["no_duplicate_keys"]["nba_raw/shots"]["feed_not_configured"] == "shots"
    assert "feed_not_configured" not in rules["no_duplicate_keys"]["nba_raw/player_props"]
    assert rules["exports_valid"]["exports/results"] == {"blocking": True, "overridden": []}
