"""Phase 6 exports on the demo season: shapes validate, numbers match the tables, writes are atomic.

The documents are read back from disk and compared with what the prediction tables
say, recomputed here with pandas; the check is shown failing on each way files go wrong.
"""

from __future__ import annotations

import json
import shutil
import threading
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from jsonschema.validators import validator_for

from nba_assets.exports import write
from nba_assets.exports.catalogue import BEST_BETS_PER_DAY, EXPORTS, PUBLISHED_SYSTEM
from nba_assets.exports.store import ExportStore, split_gcs
from nba_assets.exports.write import InvalidExport, audit_export, write_export
from nba_assets.models.config import prediction_config
from nba_assets.scoring import Z_95, wilson_interval
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEASON_RANGE, SYSTEMS, file_digests

DAY = date(2021, 12, 8)
BY_NAME = {export.name: export for export in EXPORTS}


def load(root: Path, relative: str) -> dict:
    return json.loads((root / relative).read_text())


@pytest.fixture(scope="module")
def warehouse(demo_season_warehouse: Path) -> DuckDBWarehouse:
    return DuckDBWarehouse(path=str(demo_season_warehouse))


@pytest.fixture
def copies(tmp_path: Path, demo_season_warehouse: Path, demo_season_exports: Path):
    """A writable copy of the demo warehouse and of its export files."""
    shutil.copy(demo_season_warehouse, tmp_path / "w.duckdb")
    shutil.copytree(demo_season_exports, tmp_path / "exports")
    return DuckDBWarehouse(path=str(tmp_path / "w.duckdb")), ExportStore(
        root=str(tmp_path / "exports")
    )


def test_every_file_validates_against_its_schema(demo_season_exports: Path, warehouse) -> None:
    predicted_days = warehouse.query(
        "SELECT COUNT(DISTINCT game_date) AS n FROM nba_predictions.player_prop_predictions"
    )["n"][0]
    graded_days = warehouse.query(
        "SELECT COUNT(DISTINCT game_date) AS n FROM nba_predictions.prediction_accuracy"
    )["n"][0]
    counts = {}
    for export in EXPORTS:
        validator = validator_for(export.schema)(export.schema)
        files = sorted((demo_season_exports / export.folder).glob("*.json"))
        counts[export.name] = len(files)
        for path in files:
            errors = list(validator.iter_errors(json.loads(path.read_text())))
            assert not errors, f"{path}: {errors[0].message}"
    assert counts["predictions"] == predicted_days > 30
    assert counts["results"] == graded_days == predicted_days
    assert counts["best_bets"] > 30 and counts["system_performance"] > 30


def test_files_are_two_space_indented_utf8_json(demo_season_exports: Path) -> None:
    """The documents' byte format (``encode``): what ``json.dumps(indent=2, ensure_ascii=False)``
    writes, names with accents as UTF-8, one newline at the end."""
    files = sorted(demo_season_exports.rglob("*.json"))
    for path in files:
        raw = path.read_bytes()
        expected = json.dumps(json.loads(raw), indent=2, ensure_ascii=False) + "\n"
        assert raw == expected.encode(), path
    assert any(not raw.isascii() for raw in (p.read_bytes() for p in files))


def test_predictions_file_holds_every_system_for_every_player(
    demo_season_exports: Path, warehouse
) -> None:
    document = load(demo_season_exports, f"predictions/{DAY}.json")
    rows = warehouse.query(
        "SELECT p.*, IFNULL(f.applied_adjustment, 0) AS applied FROM "
        "nba_predictions.player_prop_predictions p LEFT JOIN "
        "nba_predictions.system_daily_performance f USING (game_date, system_id, scoring_tier) "
        "WHERE game_date = @day",
        {"day": DAY},
    )
    players = [player for game in document["games"] for player in game["players"]]
    assert len(players) == document["total_players"] == rows["player_lookup"].nunique()
    assert document["total_with_lines"] == rows.loc[rows["line"].notna(), "player_lookup"].nunique()
    assert len(document["games"]) == rows["game_id"].nunique()
    expected = rows.set_index(["player_lookup", "system_id"])
    for player in players:
        assert sorted(player["predictions"]) == sorted(SYSTEMS)
        for system_id, prediction in player["predictions"].items():
            row = expected.loc[(player["player_lookup"], system_id)]
            assert prediction["predicted_points"] == pytest.approx(
                row["predicted_points"], abs=1e-3
            )
            assert prediction["adjusted_points"] == pytest.approx(
                row["predicted_points"] + row["applied"], abs=2e-3
            )
            assert prediction["recommendation"] == row["recommendation"]
    # the feedback kept some tier corrections by December: adjusted differs from predicted somewhere
    assert (rows["applied"] != 0).any()


def test_results_summary_counts_only_real_picks(demo_season_exports: Path, warehouse) -> None:
    document = load(demo_season_exports, f"results/{DAY}.json")
    graded = warehouse.query(
        "SELECT * FROM nba_predictions.prediction_accuracy WHERE game_date = @day "
        "AND system_id = @system",
        {"day": DAY, "system": PUBLISHED_SYSTEM},
    )
    picks = graded[graded["is_graded_pick"]]
    summary = document["summary"]
    assert summary["total_predictions"] == len(graded) == len(document["results"])
    assert summary["picks"] == len(picks) == summary["correct"] + summary["incorrect"]
    assert summary["correct"] == int(picks["is_correct"].sum())
    assert summary["win_rate"] == pytest.approx(picks["is_correct"].mean(), abs=1e-3)
    played = graded[graded["grade_status"] == "graded"]
    assert summary["voided"] == len(graded) - len(played)
    assert summary["mae"] == pytest.approx(played["absolute_error"].mean(), abs=1e-3)
    assert summary["pass_count"] == int((played["recommendation"] == "PASS").sum()) > 0
    results = pd.DataFrame(document["results"])
    assert set(results.loc[results["result"] == "PASS", "recommendation"]) == {"PASS"}
    assert (results.loc[results["result"] == "VOID", "error"].isna()).all()
    assert document["schema_version"] == 2
    interval = wilson_interval(summary["correct"], summary["picks"])
    assert interval is not None
    assert (summary["win_rate_low"], summary["win_rate_high"]) == pytest.approx(interval, abs=1e-3)
    assert summary["win_rate_low"] < summary["win_rate"] < summary["win_rate_high"]
    errors = played["absolute_error"]
    half = Z_95 * errors.std(ddof=1) / len(errors) ** 0.5
    assert summary["mae_low"] == pytest.approx(errors.mean() - half, abs=1e-3)
    assert summary["mae_high"] == pytest.approx(errors.mean() + half, abs=1e-3)
    best, worst = (
        document["highlights"]["best_prediction"],
        document["highlights"]["worst_prediction"],
    )
    assert best["error"] == results["error"].min() and worst["error"] == results["error"].max()


def test_best_bets_are_the_calls_worth_the_most_at_their_best_book(
    demo_season_exports: Path,
) -> None:
    least = prediction_config().best_bets_min_expected_value
    for path in sorted((demo_season_exports / "best-bets").glob("*.json")):
        document = json.loads(path.read_text())
        assert document["schema_version"] == 2 and document["min_expected_value"] == least
        picks = document["picks"]
        assert len(picks) <= BEST_BETS_PER_DAY
        assert [p["rank"] for p in picks] == list(range(1, len(picks) + 1))
        assert all(p["expected_value"] >= least and p["line"] is not None for p in picks)
        assert all(p["best_book"] and 0 < p["probability"] <= 1 for p in picks)
        # the expected value is the probability priced at the best book's American odds
        for p in picks:
            price = p["best_price"]
            win = price / 100 if price > 0 else 100 / abs(price)
            assert p["probability"] * win - (1 - p["probability"]) <= p["expected_value"] + 5e-3
        values = [p["expected_value"] for p in picks]
        assert values == sorted(values, reverse=True), path
        assert all(p["result"] in ("WIN", "LOSS", "PUSH", "VOID") for p in picks)  # all graded


def test_performance_json_is_the_newest_dated_document(demo_season_exports: Path) -> None:
    folder = demo_season_exports / "systems" / "performance"
    newest = max(folder.glob("*.json"))
    latest = demo_season_exports / "systems" / "performance.json"
    assert latest.read_bytes() == newest.read_bytes()
    document = json.loads(latest.read_text())
    assert {s["system_id"] for s in document["systems"]} == set(SYSTEMS)
    xgboost = next(s for s in document["systems"] if s["system_id"] == "xgboost")
    assert (
        xgboost["season"]["rows"] > xgboost["last_30_days"]["rows"] > xgboost["last_7_days"]["rows"]
    )


def test_every_performance_rate_carries_its_interval(demo_season_exports: Path, warehouse) -> None:
    """The 30-day figures are the table's; the season's are recomputed from prediction_accuracy."""
    document = load(demo_season_exports, f"systems/performance/{DAY}.json")
    assert document["schema_version"] == 2
    table = warehouse.query(
        "SELECT * FROM nba_predictions.system_daily_performance "
        "WHERE game_date = @day AND scoring_tier = 'all'",
        {"day": DAY},
    ).set_index("system_id")
    graded = warehouse.query(
        "SELECT system_id, absolute_error, is_graded_pick, is_correct "
        "FROM nba_predictions.prediction_accuracy "
        "WHERE game_date >= '2021-08-01' AND game_date < @day AND grade_status = 'graded' "
        "AND signed_error IS NOT NULL",
        {"day": DAY},
    )
    for system in document["systems"]:
        row, days30 = table.loc[system["system_id"]], system["last_30_days"]
        assert days30["hits"] == row["hits_30d"] and days30["picks"] == row["picks_30d"] > 0
        assert days30["hit_rate_low"] == pytest.approx(row["hit_rate_30d_low"], abs=1e-3)
        assert days30["hit_rate_high"] == pytest.approx(row["hit_rate_30d_high"], abs=1e-3)
        assert days30["mae_low"] == pytest.approx(row["mae_30d_low"], abs=1e-3)
        assert days30["mae_low"] < days30["mae"] < days30["mae_high"]
        assert system["last_7_days"]["mae_low"] < system["last_7_days"]["mae"]
        mine = graded[graded["system_id"] == system["system_id"]]
        picks = mine[mine["is_graded_pick"]]
        season = system["season"]
        assert (season["picks"], season["hits"]) == (len(picks), int(picks["is_correct"].sum()))
        interval = wilson_interval(season["hits"], season["picks"])
        assert (season["hit_rate_low"], season["hit_rate_high"]) == pytest.approx(
            interval, abs=1e-3
        )
        errors = mine["absolute_error"]
        half = Z_95 * errors.std(ddof=1) / len(errors) ** 0.5
        assert season["mae_low"] == pytest.approx(errors.mean() - half, abs=1e-3)
        assert season["mae_high"] == pytest.approx(errors.mean() + half, abs=1e-3)


def test_rewriting_a_range_leaves_every_file_byte_identical(copies, tmp_path: Path) -> None:
    warehouse, store = copies
    before = file_digests(tmp_path / "exports")
    for _ in range(2):
        for export in EXPORTS:
            write_export(export, warehouse, store, *DEMO_SEASON_RANGE)
    assert file_digests(tmp_path / "exports") == before
    assert not [p for p in (tmp_path / "exports").rglob(".*")]  # no temporary files left


def test_a_range_written_in_pieces_equals_the_range_at_once(
    demo_season_warehouse: Path,
    demo_season_exports: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(write, "EXPORT_CHUNK_DAYS", 5)
    store = ExportStore(root=str(tmp_path / "pieces"))
    warehouse = DuckDBWarehouse(path=str(demo_season_warehouse))
    for export in EXPORTS:
        write_export(export, warehouse, store, *DEMO_SEASON_RANGE)
    pieces = file_digests(tmp_path / "pieces")
    assert len(pieces) > 100
    assert pieces == file_digests(demo_season_exports)


def test_a_date_that_loses_its_rows_loses_its_file(copies, tmp_path: Path) -> None:
    warehouse, store = copies
    with duckdb.connect(warehouse.path) as db:
        db.execute("DELETE FROM nba_predictions.player_prop_predictions WHERE game_date = ?", [DAY])
    write = write_export(BY_NAME["predictions"], warehouse, store, *DEMO_SEASON_RANGE)
    assert write.removed == 1 and not (tmp_path / "exports" / f"predictions/{DAY}.json").exists()
    passed, _ = audit_export(BY_NAME["predictions"], warehouse, store, *DEMO_SEASON_RANGE)
    assert passed


def test_a_document_that_breaks_its_schema_is_not_written(copies, tmp_path: Path) -> None:
    warehouse, store = copies
    path = tmp_path / "exports" / f"predictions/{DAY}.json"
    old = path.read_bytes()
    with duckdb.connect(warehouse.path) as db:
        db.execute(
            "UPDATE nba_predictions.player_prop_predictions SET predicted_points = -4 "
            "WHERE game_date = ? AND system_id = 'similarity'",
            [DAY],
        )
    with pytest.raises(
        InvalidExport, match=rf"predictions/{DAY}\.json: .*predicted_points must be bigger"
    ):
        write_export(BY_NAME["predictions"], warehouse, store, DAY, date(2021, 12, 9))
    assert path.read_bytes() == old


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda p: p.unlink(), "missing"),
        (lambda p: p.write_text('{"game_date": "2021-12-08", "games": ['), "invalid"),
        (
            lambda p: p.write_text(p.read_text().replace('"OVER"', '"MAYBE"', 1)),
            "invalid",
        ),
        (lambda p: p.write_text(p.read_text().replace(str(DAY), "2021-12-09", 1)), "invalid"),
        (
            lambda p: shutil.copy(p, p.with_name("2021-10-20.json")),  # a bootstrap day: no rows
            "stray",
        ),
    ],
    ids=["deleted", "truncated", "bad-enum", "wrong-date", "stray-file"],
)
def test_the_exports_check_fails_on_damaged_files(copies, tmp_path: Path, damage, reason) -> None:
    warehouse, store = copies
    damage(tmp_path / "exports" / f"predictions/{DAY}.json")
    passed, metadata = audit_export(BY_NAME["predictions"], warehouse, store, *DEMO_SEASON_RANGE)
    assert not passed and metadata[reason] == 1, metadata


def test_readers_never_see_half_a_file(tmp_path: Path) -> None:
    store = ExportStore(root=str(tmp_path))
    versions = [json.dumps({"v": i, "pad": "x" * 2_000_000}).encode() for i in range(2)]
    store.write("a/file.json", versions[0])
    seen: list[bytes] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(store.read("a/file.json"))

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(40):
        store.write("a/file.json", versions[i % 2])
    stop.set()
    reader.join()
    assert seen and all(content in versions for content in seen)


def test_gcs_roots_name_a_bucket_and_prefix() -> None:
    assert split_gcs("gs://nba-props/v1/") == ("nba-props", "v1")
    assert split_gcs("gs://nba-props") == ("nba-props", "")
    with pytest.raises(ValueError, match="needs a bucket"):
        split_gcs("gs:///v1")
