"""Walk-forward fitting: a prediction for date D only ever comes from a fit on games before D.

Dates are grouped by their cutoff (the latest retrain day on or before them, on a
fixed calendar so the grouping never depends on where a run's range starts); a
system is fit once per cutoff on the graded rows of the ``history_days`` before it,
so a season is ~25 fits, not one per day, and the fit for a cutoff is the same
whichever range asks for it: a daily run reads back what a backfill computed
(``prediction_cache.py``) and costs the same after one season or eight.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta
from functools import partial

import pandas as pd

from nba_assets.models.base import PredictionSystem
from nba_assets.models.prediction_cache import PredictionCache, training_hashes, training_key

log = logging.getLogger(__name__)  # shown in the run's logs (dagster.yaml python_logs)
PROGRESS_SECONDS = 5.0  # a walk-forward says how far it got at most this often
CALENDAR_EPOCH = date(2000, 1, 3)  # a Monday: with a 7-day cadence, models are refit on Mondays
KEY = ["game_date", "player_lookup"]
COLUMNS = [*KEY, "system_id", "predicted_points", "model_version"]


def cutoff_of(day: date, every_days: int) -> date:
    return day - timedelta(days=(day - CALENDAR_EPOCH).days % every_days)


def fit_predict(
    system: PredictionSystem, history: pd.DataFrame, rows: pd.DataFrame
) -> pd.DataFrame:
    system.fit(history)
    predicted = system.predict(rows.drop(columns="actual_points"))
    return rows[KEY].assign(predicted_points=predicted.astype(float), model_version=system.version)


def walk_forward(
    system: PredictionSystem,
    inputs: pd.DataFrame,
    start: date,
    end: date,
    every_days: int,
    history_days: int,
    cache: PredictionCache | None = None,
) -> pd.DataFrame:
    """``system``'s predictions for the inputs' rows dated in [start, end).

    ``inputs`` must hold the rows of the ``history_days`` before the first cutoff
    (``first_history_day``); a fit for cutoff C sees only graded rows dated in
    [C − history_days, C), and ``predict`` never sees ``actual_points``.
    """
    dates = inputs["game_date"].dt.date
    targets = inputs[(dates >= start) & (dates < end)]
    graded = inputs[inputs["actual_points"].notna()]
    graded_dates = dates[graded.index]
    hashes = None if cache is None else training_hashes(graded)
    blocks = []
    cutoffs = targets.groupby(dates[targets.index].map(lambda d: cutoff_of(d, every_days)))
    began = reported = time.monotonic()
    for done, (cutoff, rows) in enumerate(cutoffs):
        if time.monotonic() - reported >= PROGRESS_SECONDS:  # a long piece is never silent
            reported = time.monotonic()
            log.info(
                f"{system.system_id} [{start}, {end}): {done} / {cutoffs.ngroups} cutoffs "
                f"({reported - began:.0f}s)"
            )
        window = (graded_dates >= cutoff - timedelta(days=history_days)) & (graded_dates < cutoff)
        history = partial(_rows, graded, window)
        if cache is None:
            predicted = fit_predict(system, history(), rows)
        else:
            key = training_key(hashes[window.to_numpy()])
            predicted = cache.predict(system, history, rows, key)
        blocks.append(predicted.assign(system_id=system.system_id))
    return (
        pd.concat(blocks, ignore_index=True)[COLUMNS] if blocks else pd.DataFrame(columns=COLUMNS)
    )


def _rows(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    return frame[mask].reset_index(drop=True)


def first_history_day(start: date, every_days: int, history_days: int) -> date:
    """The earliest date a walk-forward from ``start`` fits on."""
    return cutoff_of(start, every_days) - timedelta(days=history_days)
