"""Component predictions kept by what they were computed from, so a run recomputes only new rows.

A system's prediction for a row is a function of three things: the model code, the graded rows it
was fit on, and the row's own inputs (every system predicts row by row). The cache keys a file by
the first two (a fingerprint of ``nba_assets/models``, the features and the prediction settings,
plus a hash of the training rows) and a row inside it by its inputs' hash. A daily run's lookback
dates, and a chunk's lead-in, are then read back instead of refit and re-predicted; any change in
the code, the settings, the history or the row's features is a different key, so a stale number is
never read. Files are replaced atomically: two runs writing the same key lose cache rows, never
correctness.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from nba_assets.models.base import PredictionSystem

KEY = ["game_date", "player_lookup"]


@cache
def code_fingerprint() -> str:
    """The model code, its settings and the feature list, hashed: a change to any refits."""
    digest = hashlib.sha256()
    models = files("nba_assets").joinpath("models")
    for name in sorted(p.name for p in models.iterdir() if p.name.endswith((".py", ".yaml"))):
        digest.update(name.encode() + models.joinpath(name).read_bytes())
    digest.update(files("nba_assets").joinpath("features.py").read_bytes())
    return digest.hexdigest()[:12]


def row_hashes(rows: pd.DataFrame) -> pd.Series:
    """Per row, a hash of every input a system may read (never ``actual_points``)."""
    inputs = rows.drop(columns=["actual_points"], errors="ignore")
    return pd.util.hash_pandas_object(inputs.sort_index(axis=1), index=False).astype("int64")


def training_hashes(graded: pd.DataFrame) -> np.ndarray:
    """Per graded row, a hash of it by value, outcomes included: a window's training key is made of
    its rows' (``training_key``), so a range hashes each row once, not once per cutoff."""
    return pd.util.hash_pandas_object(graded.sort_index(axis=1), index=False).to_numpy()


def training_key(hashes: np.ndarray) -> str:
    """The training rows (their ``training_hashes``, in the order the runner gives them)."""
    return hashlib.sha256(hashes.tobytes()).hexdigest()[:16]


class PredictionCache:
    def __init__(self, root: Path) -> None:
        self.root = root / "predictions" / code_fingerprint()

    def predict(
        self,
        system: PredictionSystem,
        history: Callable[[], pd.DataFrame],
        rows: pd.DataFrame,
        key: str,
    ) -> pd.DataFrame:
        """``rows``' KEY, predicted_points and model_version: cached where the inputs match, else
        fit on ``history()`` (whose ``training_key`` is ``key``; built only for a fit) and
        predicted (and kept)."""
        path = self.root / system.system_id / f"{key}.parquet"
        wanted = rows[KEY].assign(row_hash=row_hashes(rows).to_numpy())
        cached = (
            pd.read_parquet(path).astype(wanted.dtypes.to_dict())
            if path.exists()
            else wanted.iloc[:0].assign(predicted_points=0.0, model_version="")
        )
        found = wanted.merge(cached, on=[*KEY, "row_hash"], how="left", validate="one_to_one")
        missing = found["predicted_points"].isna().to_numpy()
        if missing.any():
            system.fit(history())
            fresh = rows[missing].drop(columns="actual_points", errors="ignore")
            found.loc[missing, "predicted_points"] = system.predict(fresh).astype(float).to_numpy()
            found.loc[missing, "model_version"] = system.version
            kept = pd.concat([cached, found[missing]], ignore_index=True)
            kept = kept.drop_duplicates([*KEY, "row_hash"], keep="last")
            self._write(path, kept)
        return found.drop(columns="row_hash")

    @staticmethod
    def _write(path: Path, frame: pd.DataFrame) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        frame.astype({"predicted_points": float}).to_parquet(partial, index=False)
        os.replace(partial, path)
