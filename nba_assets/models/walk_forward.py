"""Walk-forward fitting: a prediction for date D only ever comes from a fit on games before D.

Dates are grouped by their cutoff (the latest retrain day on or before them, on a
fixed calendar so the grouping never depends on where a run's range starts); a
system is fit once per cutoff on graded rows dated before it, so a season is ~25
fits, not one per day.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from nba_assets.models.base import PredictionSystem

CALENDAR_EPOCH = date(2000, 1, 3)  # a Monday: with a 7-day cadence, models are refit on Mondays
KEY = ["game_date", "player_lookup"]


def cutoff_of(day: date, every_days: int) -> date:
    return day - timedelta(days=(day - CALENDAR_EPOCH).days % every_days)


def walk_forward(
    system: PredictionSystem, inputs: pd.DataFrame, start: date, end: date, every_days: int
) -> pd.DataFrame:
    """``system``'s predictions for the inputs' rows dated in [start, end).

    ``inputs`` may hold rows and outcomes from any dates; a fit for cutoff C sees only
    rows dated before C, and ``predict`` never sees ``actual_points``.
    """
    dates = inputs["game_date"].dt.date
    targets = inputs[(dates >= start) & (dates < end)]
    graded = inputs[inputs["actual_points"].notna()]
    blocks = []
    for cutoff, rows in targets.groupby(
        dates[targets.index].map(lambda d: cutoff_of(d, every_days))
    ):
        system.fit(graded[graded["game_date"].dt.date < cutoff].reset_index(drop=True))
        predicted = system.predict(rows.drop(columns="actual_points"))
        blocks.append(
            rows[KEY].assign(
                system_id=system.system_id,
                predicted_points=predicted.astype(float),
                model_version=system.version,
            )
        )
    columns = [*KEY, "system_id", "predicted_points", "model_version"]
    return pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame(columns=columns)
