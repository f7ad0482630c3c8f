"""A small, documented set of bad rows injected into every demo season.

They exercise the raw boundary's quarantine: each is a corrupted copy of a
real row placed right after it (on one of the season's first game dates, so
short test ranges see them too), and each must be rejected by
``parse_payloads`` for the stated reason while its original stays valid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

EARLY_DATES = 8  # bad rows go on the season's first game dates


@dataclass(frozen=True)
class BadRow:
    feed: str
    column: str | None  # None: an exact duplicate of the row
    value: str
    reason: str  # start of the quarantine reason parse_payloads gives


BAD_ROWS: tuple[BadRow, ...] = (
    BadRow("schedule", "away_team", "", "away_team: missing"),
    BadRow("player_boxscores", None, "", "duplicate key"),
    BadRow("player_boxscores", "minutes", "12:xx", "minutes: cannot parse"),
    BadRow("player_boxscores", "oreb", "-2", "oreb: negative value"),
    BadRow("team_boxscores", "points", "1o8", "points: cannot parse"),
    BadRow("shots", "team", "XXX", "team: unknown team code"),
    BadRow("shots", "shot_type", "4PT", "shot_type: '4PT' is not one of"),
    BadRow("player_props", "player_name", "", "player_name: missing"),
    BadRow("player_props", "line", "-3.5", "line: negative value"),
    BadRow("game_lines", "snapshot_utc", "yesterday 7pm", "snapshot_utc: cannot parse"),
    BadRow("injury_report", "status", "maybe", "status: 'maybe' is not one of"),
)


def inject_bad_rows(frames: dict[str, pd.DataFrame], rng: np.random.Generator) -> None:
    """Insert every BAD_ROWS copy right after a randomly chosen early row of its feed."""
    for feed in dict.fromkeys(bad.feed for bad in BAD_ROWS):
        table = frames[feed]
        early = sorted(table["game_date"].unique())[:EARLY_DATES]
        candidates = np.flatnonzero(table["game_date"].isin(early).to_numpy())
        if feed == "player_boxscores":
            candidates = np.intersect1d(candidates, np.flatnonzero(table["status"] == "active"))
        bad_rows = [b for b in BAD_ROWS if b.feed == feed]
        sources = rng.choice(candidates, size=len(bad_rows))
        rows = np.concatenate([np.arange(len(table)), sources])
        order = np.argsort(rows, kind="stable")  # each copy lands right after its source
        merged = table.iloc[rows[order]].reset_index(drop=True)
        where = np.argsort(order)[len(table) :]  # positions of the copies
        for bad, at in zip(bad_rows, where, strict=True):
            if bad.column is not None:
                merged[bad.column] = merged[bad.column].astype(object)
                merged.iloc[at, merged.columns.get_loc(bad.column)] = bad.value
        frames[feed] = merged
