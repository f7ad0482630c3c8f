"""What a prediction system is: fit on graded history before a cutoff, predict points for rows.

Rows are ``sql/models/prediction_inputs.sql`` rows (the feature store plus the line).
``predict`` never sees ``actual_points``: the walk-forward runner drops it, so a
system cannot read the outcome it is predicting.
"""

from __future__ import annotations

from typing import Protocol

import pandas as pd


class PredictionSystem(Protocol):
    system_id: str

    def fit(self, history: pd.DataFrame) -> None:
        """Learn from rows with ``actual_points``, all dated before the cutoff."""

    def predict(self, rows: pd.DataFrame) -> pd.Series:
        """Predicted points, aligned with ``rows``' index."""

    @property
    def version(self) -> str:
        """What produced the numbers (recorded on every prediction row)."""
