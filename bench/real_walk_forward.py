"""Benchmark: every prediction system walk-forward on the real 2024-25 season, against a naive average.

Not a test: an evaluation to rerun while working on the models. It builds phases 1-4 once from the
real logs in ``../shared/data/real`` (never copied into the repository) into a DuckDB file under
/tmp, then runs ``predict_range`` over the season exactly as the pipeline does (each system refit
weekly on games before its cutoff, the ensemble weighted on earlier graded days) and scores every
system and the naive last-10 average (``points_avg_last_10`` of the same feature row) on the SAME
rows: every player-game with minutes > 0 that has a feature row; then again on the player-games with
a real 2024-25 pick'em line (PrizePicks, Underdog: opening night .. 2025-01-12, landed as
``player_props`` by ``sources/real_pickem_lines.py``), with the line itself scored as a prediction.

Bootstrap: 7 days (phase 4 from 2024-10-29; the rosters derived from box scores need a week), set
through NBA_ASSETS_BOOTSTRAP_DAYS before the package is imported.

    .venv/bin/python bench/real_walk_forward.py              # build once, then score
    .venv/bin/python bench/real_walk_forward.py --rebuild    # after a change to the SQL features
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ["NBA_ASSETS_BOOTSTRAP_DAYS"] = "7"  # read once, when nba_assets.settings is imported

import pandas as pd

from nba_assets.assets.compute import compute_tables
from nba_assets.models.predict import load_inputs, predict_range
from nba_assets.sources.real.landing import real_feeds_2024_25, write_feeds
from nba_assets.sources.real.pickem_lines import pickem_props
from nba_assets.sources.resources import FilesSource
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse

SEASON = (date(2024, 10, 22), date(2025, 4, 14))  # [opening night, the day after the last game]
PHASES = ("nba_raw", "nba_analytics", "nba_precompute")
WORK = Path(tempfile.gettempdir()) / "nba_real_2024_25_lines"
NAIVE = "naive_last_10"


def build(work: Path) -> DuckDBWarehouse:
    """Phases 1-4 of the real season into ``work``/warehouse.duckdb (landing written alongside)."""
    shutil.rmtree(work, ignore_errors=True)
    feeds = real_feeds_2024_25()
    feeds["player_props"], dropped = pickem_props(feeds["schedule"])
    landed = write_feeds(work / "landing", feeds)
    print(f"landed {landed}; pick'em rows left out: {dict(dropped)}", file=sys.stderr)
    warehouse = DuckDBWarehouse(path=str(work / "warehouse.duckdb"))
    began = time.perf_counter()
    tables = [t for t in TABLES if t.dataset in PHASES]
    compute_tables(warehouse, FilesSource(landing_dir=str(work / "landing")), *SEASON, tables)
    print(f"phases 1-4 built in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return warehouse


def score(
    predictions: pd.DataFrame, inputs: pd.DataFrame, lined_only: bool = False
) -> pd.DataFrame:
    """MAE, its ratio to the naive last-10 average and the bias, per system, on the same rows:
    player-games every system predicted and the player played (actual_points not null); with
    ``lined_only``, those with a pick'em line, the line scored as a prediction too."""
    key = ["game_date", "player_lookup"]
    graded = inputs.loc[inputs["actual_points"].notna(), [*key, "actual_points", "line"]]
    naive = inputs[[*key, "points_avg_last_10"]].rename(columns={"points_avg_last_10": NAIVE})
    wide = predictions.pivot_table(index=key, columns="system_id", values="predicted_points")
    table = wide.reset_index().merge(naive, on=key).merge(graded, on=key)
    table = table.dropna(subset=[NAIVE, *wide.columns, *(["line"] if lined_only else [])])
    rows = []
    for system in [NAIVE, *wide.columns, *(["line"] if lined_only else [])]:
        error = table[system] - table["actual_points"]
        rows.append({"system": system, "rows": len(error), "mae": error.abs().mean(),
                     "bias": error.mean()})  # fmt: skip
    scored = pd.DataFrame(rows)
    return scored.assign(ratio=scored["mae"] / scored.loc[0, "mae"])[
        ["system", "rows", "mae", "ratio", "bias"]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=WORK, help="warehouse and models (scratch)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild phases 1-4 first")
    args = parser.parse_args()
    database = args.work / "warehouse.duckdb"
    warehouse = build(args.work) if args.rebuild or not database.exists() else None
    warehouse = warehouse or DuckDBWarehouse(path=str(database))
    began = time.perf_counter()
    models = args.work / "models"
    predictions = predict_range(warehouse, *SEASON, models)
    seconds = time.perf_counter() - began
    predictions.to_parquet(args.work / "predictions.parquet")  # for a closer look
    inputs = load_inputs(warehouse, *SEASON)
    print(f"real 2024-25 walk-forward, {SEASON[0]}..{SEASON[1]} ({seconds:.0f} s to predict)")
    for lined_only, title in ((False, "every player-game played"), (True, "with a pick'em line")):
        print(f"\n{title}:")
        table = score(predictions, inputs, lined_only)
        print(table.to_string(index=False, float_format=lambda v: f"{v:.4f}"))


if __name__ == "__main__":
    main()
