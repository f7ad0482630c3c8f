"""`nba-assets scorecard`: every system on the same graded rows, next to the naive last-10
average and the line, each hit rate with its 95 % interval.

The rows are the same for every line of the card (``sql/reports/system_scorecard.sql``):
a player-game counts only if every system predicted it, it was graded and it had a real
line, so no system looks better for having skipped hard games. Two references are scored
on those rows: ``naive_last_10`` (the feature store's last-10 average entering the game,
calling OVER when it is at least the systems' edge threshold above the line, UNDER when
at least that far below, like the systems' own rule) and ``line`` (the consensus line as
a prediction: the market's own MAE, no calls).

Probabilities: when ``prediction_accuracy`` carries ``p_over`` (P(points > line)) each
system's calls are scored by Brier, log loss and a reliability table, and so is a naive
probability on the same player-games: ``naive_last_10``, P(points > line) under a normal
with the player's last-10 mean and sd entering the game (the feature store's
``points_avg_last_10`` / ``points_std_last_10``, the sd at least ``NAIVE_SD_FLOOR``). A
system's probabilities are worth something only where they beat that. Without ``p_over``
the card says there are none. ``confidence`` is never used as one: it is a monotone
transform of the edge with a hand-set spread, not a calibrated probability.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from nba_assets.models.config import prediction_config
from nba_assets.package_files import sql_text
from nba_assets.scoring import (
    BREAK_EVEN_MINUS_110,
    Decile,
    ProbabilityScore,
    probability_score,
    wilson_interval,
)
from nba_assets.warehouse import Warehouse, range_params

NAIVE, LINE = "naive_last_10", "line"
PROBABILITY_COLUMN = "p_over"
NAIVE_SD_FLOOR = 1.0  # ten identical games (sd 0) would otherwise say 0 or 1: a log loss of 34.5
GAME = ["game_date", "player_lookup"]
NEEDED = ("nba_predictions/prediction_accuracy", "nba_precompute/ml_feature_store_v2")


class ScorecardError(RuntimeError):
    """The warehouse cannot be scored (a table it reads was never built)."""


@dataclass(frozen=True)
class SystemScore:
    system_id: str
    rows: int
    mae: float
    bias: float  # mean predicted − actual: + = over-predicting
    mae_vs_naive: float | None  # mae / naive_last_10's mae on the same rows
    picks: int  # graded OVER / UNDER calls, pushes excluded
    hits: int
    hit_rate: float | None  # None without picks
    hit_rate_low: float | None  # 95 % Wilson interval
    hit_rate_high: float | None


@dataclass(frozen=True)
class Scorecard:
    start: date
    end_exclusive: date
    rows: int  # player-games in the population (every line of the card is scored on them)
    edge_threshold: float
    break_even_hit_rate: float
    systems: list[SystemScore]  # systems by MAE, then naive_last_10, then line
    probabilities: dict[str, ProbabilityScore] | None  # None: no p_over column


def _scores(frame: pd.DataFrame) -> list[SystemScore]:
    naive = frame.loc[frame["system_id"] == NAIVE, "mae"]
    naive_mae = float(naive.iloc[0]) if len(naive) and naive.iloc[0] > 0 else None
    scores = []
    for r in frame.itertuples():
        interval = wilson_interval(int(r.hits), int(r.picks))
        scores.append(
            SystemScore(
                system_id=str(r.system_id),
                rows=int(r.graded_rows),
                mae=float(r.mae),
                bias=float(r.bias),
                mae_vs_naive=float(r.mae) / naive_mae if naive_mae else None,
                picks=int(r.picks),
                hits=int(r.hits),
                hit_rate=int(r.hits) / int(r.picks) if r.picks else None,
                hit_rate_low=interval[0] if interval else None,
                hit_rate_high=interval[1] if interval else None,
            )
        )
    references = {NAIVE: 1, LINE: 2}
    return sorted(scores, key=lambda s: (references.get(s.system_id, 0), s.mae, s.system_id))


def naive_p_over(mean: pd.Series, sd: pd.Series, line: pd.Series) -> np.ndarray:
    """P(points > line) under a normal with the last-10 mean and sd (sd ≥ ``NAIVE_SD_FLOOR``).

    No continuity correction: at a half-point line the normal's P(> line) is the natural
    reading, and at a whole line it approximates P(over | not a push), which is what the
    scores compare it with (pushes are left out).
    """
    from scipy.special import ndtr  # 0.13 s to import: not on every CLI start

    sigma = np.maximum(sd.to_numpy(dtype=float), NAIVE_SD_FLOOR)
    return ndtr((mean.to_numpy(dtype=float) - line.to_numpy(dtype=float)) / sigma)


def _naive_score(scored: pd.DataFrame, systems: int) -> ProbabilityScore | None:
    """The naive probability on the player-games every scored system has a probability for."""
    per_game = scored.groupby(GAME, sort=True).agg(
        systems=("system_id", "nunique"),
        mean=("naive_mean", "first"),
        sd=("naive_sd", "first"),
        line=("line", "first"),
        went_over=("went_over", "first"),
    )
    common = per_game[(per_game["systems"] == systems) & per_game["mean"].notna()]
    if common.empty:
        return None
    p = naive_p_over(common["mean"], common["sd"].fillna(NAIVE_SD_FLOOR), common["line"])
    return probability_score(p, common["went_over"].astype(bool))


def _probabilities(calls: pd.DataFrame, order: list[str]) -> dict[str, ProbabilityScore] | None:
    """Each system's P(over) against what happened, pushes and rows without one left out,
    then the naive last-10 probability on the rows every system scored."""
    if PROBABILITY_COLUMN not in calls.columns:
        return None
    scored = calls.dropna(subset=[PROBABILITY_COLUMN, "went_over"])
    by_system = dict(iter(scored.groupby("system_id")))
    scores = {
        system: probability_score(
            by_system[system][PROBABILITY_COLUMN], by_system[system]["went_over"]
        )
        for system in order
        if system in by_system
    }
    naive = _naive_score(scored, len(by_system)) if by_system else None
    return scores | ({NAIVE: naive} if naive else {})


def read_scorecard(warehouse: Warehouse, start: date, end: date) -> Scorecard:
    """The scorecard of game dates [start, end)."""
    missing = [path for path in NEEDED if not warehouse.table_exists(*path.split("/"))]
    if missing:
        raise ScorecardError(
            f"this warehouse has no {', '.join(missing)}: materialize phases 4 and 5 "
            "(nba_precompute, nba_predictions) over the range first"
        )
    threshold = prediction_config().edge_threshold
    params = range_params(start, end, {"edge_threshold": threshold})
    systems = _scores(warehouse.query(sql_text("reports", "system_scorecard"), params))
    calls = warehouse.query(sql_text("reports", "scorecard_probabilities"), params)
    return Scorecard(
        start=start,
        end_exclusive=end,
        rows=systems[0].rows if systems else 0,
        edge_threshold=threshold,
        break_even_hit_rate=BREAK_EVEN_MINUS_110,
        systems=systems,
        probabilities=_probabilities(calls, [s.system_id for s in systems]),
    )


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def _score_line(s: SystemScore) -> str:
    ratio = "-" if s.mae_vs_naive is None else f"{s.mae_vs_naive:.3f}"
    picks = f"{s.picks:,}" if s.system_id != LINE else "-"
    interval = (
        f"{_percent(s.hit_rate_low)} – {_percent(s.hit_rate_high)}"
        if s.hit_rate is not None
        else "-"
    )
    return (
        f"{s.system_id:<16}{s.rows:>8,}{s.mae:>8.3f}{s.bias:>+8.2f}{ratio:>10}{picks:>8}"
        f"{_percent(s.hit_rate):>7}  {interval}"
    )


def _probability_lines(card: Scorecard) -> list[str]:
    if card.probabilities is None:
        return [
            "probabilities: no probabilities in this warehouse "
            f"(prediction_accuracy has no {PROBABILITY_COLUMN} column)"
        ]
    if not card.probabilities:
        return [f"probabilities: {PROBABILITY_COLUMN} is empty on every row of the range"]
    lines = [
        f"probabilities ({PROBABILITY_COLUMN}, pushes excluded; a constant 0.5 scores Brier 0.250, "
        "log loss 0.693):",
        *(
            [
                f"{NAIVE}: P(over) from a normal with the last-10 mean and sd, on the player-games "
                "every system priced"
            ]
            if NAIVE in card.probabilities
            else []
        ),
        f"{'system':<16}{'calls':>8}{'Brier':>8}{'log loss':>10}  said/happened % by decile",
    ]
    for system, score in card.probabilities.items():
        deciles = " ".join(
            f"{100 * d.mean_p:.0f}/{100 * d.observed:.0f}" for d in score.reliability
        )
        lines.append(
            f"{system:<16}{score.n:>8,}{score.brier:>8.3f}{score.log_loss:>10.3f}  {deciles}"
        )
    return lines


def render_text(card: Scorecard) -> str:
    """An aligned table: one line per system, then the two references, then probabilities."""
    header = f"scorecard {card.start} .. {card.end_exclusive} (end exclusive): "
    if not card.systems:
        return header + (
            "no player-game that every system predicted, was graded and had a line "
            "(bootstrap days only, or games not played yet?)"
        )
    lines = [
        header + f"{card.rows:,} player-games every system predicted, graded, with a line",
        "",
        f"{'system':<16}{'rows':>8}{'MAE':>8}{'bias':>8}{'MAE/naive':>10}{'picks':>8}"
        f"{'hit %':>7}  95 % interval",
        *map(_score_line, card.systems),
        "",
        f"picks: OVER / UNDER calls with |edge| ≥ {card.edge_threshold:g} (naive_last_10: "
        "last-10 average − line), pushes excluded",
        f"break-even hit rate at −110: {100 * card.break_even_hit_rate:.2f} %",
        *_probability_lines(card),
    ]
    return "\n".join(lines)


def render_json(card: Scorecard) -> str:
    """The whole card; undefined figures (a hit rate without picks) are null, never NaN."""
    return json.dumps(asdict(card), indent=2, default=str, allow_nan=False)


def scorecard_from_json(text: str) -> Scorecard:
    """A card back from ``render_json`` (to compare cards, e.g. before and after a change)."""
    data: dict[str, Any] = json.loads(text)
    probabilities = data["probabilities"]
    return Scorecard(
        start=date.fromisoformat(data["start"]),
        end_exclusive=date.fromisoformat(data["end_exclusive"]),
        rows=data["rows"],
        edge_threshold=data["edge_threshold"],
        break_even_hit_rate=data["break_even_hit_rate"],
        systems=[SystemScore(**s) for s in data["systems"]],
        probabilities=None
        if probabilities is None
        else {
            system: ProbabilityScore(
                **(score | {"reliability": [Decile(**d) for d in score["reliability"]]})
            )
            for system, score in probabilities.items()
        },
    )
