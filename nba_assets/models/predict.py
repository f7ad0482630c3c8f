"""player_prop_predictions for a date range: every system, the line, the price and the call.

One row per (game_date, player_lookup, system_id) for every feature-store row in
the range. The line is the consensus of each book's last pre-tip quote; without
one the call is NO_LINE (never a placeholder line). Each prediction gets P(over) and
P(under) from its system's calibrated spread (``probability.py``), every book's quote is
priced with them (``pricing.py``), and the call is the side with the higher positive
expected value at its best book: never a call that loses money at the best price.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from nba_assets.models.config import PredictionConfig, prediction_config
from nba_assets.models.ensemble import ensemble
from nba_assets.models.moving_average import MovingAverage
from nba_assets.models.prediction_cache import PredictionCache
from nba_assets.models.pricing import best_prices
from nba_assets.models.probability import MIN_ERRORS, OutcomeSpread, centred, market_weight
from nba_assets.models.similarity import Similarity
from nba_assets.models.walk_forward import KEY, first_history_day, walk_forward
from nba_assets.models.xgboost_model import XGBoostPoints
from nba_assets.models.zone_matchup import ZoneMatchup
from nba_assets.package_files import sql_text
from nba_assets.partitions import date_chunks
from nba_assets.settings import SETTINGS
from nba_assets.warehouse import Warehouse, range_params

log = logging.getLogger(__name__)  # shown in the run's logs (dagster.yaml python_logs)
INPUTS_SQL = sql_text("models", "prediction_inputs")
QUOTES_SQL = sql_text("models", "book_quotes")
INPUT_DECIMALS = 6
CHUNK_DAYS = 92  # a quarter of a season per chunk of a ranged run
TEXT, NUMBER, COUNT = "object", "float64", "Int64"
# the table's columns and types (an empty range still writes a typed frame)
DTYPES = {
    "game_date": "datetime64[us]",
    "player_lookup": TEXT,
    "system_id": TEXT,
    "game_id": TEXT,
    "team_abbr": TEXT,
    "opponent_team_abbr": TEXT,
    "scoring_tier": TEXT,
    "predicted_points": NUMBER,
    "line": NUMBER,
    "books_quoting": COUNT,
    "edge": NUMBER,
    "recommendation": TEXT,
    "confidence": NUMBER,
    "model_version": TEXT,
    "feature_version": TEXT,
    "p_over": NUMBER,
    "p_under": NUMBER,
    "expected_value": NUMBER,
    "best_book": TEXT,
    "best_line": NUMBER,
    "best_price": COUNT,
    "books_priced": COUNT,
}
COLUMNS = list(DTYPES)


def load_inputs(warehouse: Warehouse, start: date, end: date) -> pd.DataFrame:
    inputs = warehouse.query(
        INPUTS_SQL,
        range_params(start, end),
    )
    # Deterministic inputs. A fixed row order: XGBoost's row sampling and the similarity pool's
    # ties follow it, and the warehouse returns rows in whatever order its writes left them.
    # Rounded to 6 decimals: DuckDB's parallel aggregates can differ in the last bit between two
    # builds of the same rows, which is enough to swap two near-tied neighbors.
    inputs = inputs.assign(game_date=pd.to_datetime(inputs["game_date"]))
    numbers = inputs.select_dtypes("float").columns
    inputs[numbers] = inputs[numbers].round(INPUT_DECIMALS)
    return inputs.sort_values(["game_date", "player_lookup"], ignore_index=True)


def scoring_tier(season_average: pd.Series, tiers: dict[str, float]) -> pd.Series:
    tier = pd.Series("bench", index=season_average.index)
    for name, floor in sorted(tiers.items(), key=lambda item: item[1]):
        tier = tier.mask(season_average >= floor, name)
    return tier


def price_calls(
    rows: pd.DataFrame, graded: pd.DataFrame, quotes: pd.DataFrame, lookback_days: int
) -> pd.DataFrame:
    """P(over), P(under) at the consensus line and each side's best book, per prediction.

    A system's market weight and spread for date D are fit on its own graded predictions of the
    ``lookback_days`` before D (out of sample: each was made before its game), so a probability
    never rests on D's or later outcomes; with enough lined games there, on those (the games
    the probabilities are for), else on all of them. Fit per (system, date); every book of a
    chunk is then priced at once.
    """
    rows = rows.reset_index(drop=True)
    history = {
        system: (pd.DatetimeIndex(frame["game_date"]), frame)
        for system, frame in graded.sort_values("game_date", kind="stable").groupby("system_id")
    }
    centre, p_over, p_under = (np.full(len(rows), np.nan) for _ in range(3))
    spreads = {}
    for (system, day), at in rows.groupby(["system_id", "game_date"], sort=True).indices.items():
        dates, frame = history.get(system, (pd.DatetimeIndex([]), graded.iloc[:0]))
        since = day - timedelta(days=lookback_days)
        recent = frame.iloc[dates.searchsorted(since) : dates.searchsorted(day)]
        lined = recent[recent["line"].notna()]
        weight = market_weight(lined["predicted_points"], lined["line"], lined["actual_points"])
        if len(lined) >= MIN_ERRORS:
            recent = lined.assign(
                predicted_points=centred(lined["predicted_points"], lined["line"], weight)
            )
        spread = spreads[system, day] = OutcomeSpread.fit(
            recent["predicted_points"], recent["actual_points"]
        )
        group = rows.iloc[at]
        centre[at] = centred(group["predicted_points"], group["line"], weight)
        p_over[at], p_under[at] = spread.over_under(centre[at], group["line"])
    books = quotes.merge(rows[[*KEY, "system_id"]].assign(centre=centre), on=KEY)
    book_over, book_under = (np.full(len(books), np.nan) for _ in range(2))
    for (system, day), at in books.groupby(["system_id", "game_date"]).indices.items():
        book_over[at], book_under[at] = spreads[system, day].over_under(
            books["centre"].to_numpy()[at], books["line"].to_numpy()[at]
        )
    best = best_prices(books.assign(p_over=book_over, p_under=book_under), [*KEY, "system_id"])
    priced = rows.assign(p_over=p_over, p_under=p_under)
    return priced.merge(best, on=[*KEY, "system_id"], how="left")


def recommend(rows: pd.DataFrame, config: PredictionConfig) -> pd.DataFrame:
    """OVER / UNDER / PASS / NO_LINE from expected value, with the call's price and confidence.

    The call is the side whose best book pays the higher expected value, when that is above
    ``min_expected_value`` (never negative); else PASS. Confidence = 100·P(the call wins at its
    best book's line) (for a PASS, the likelier side's at the consensus line); the edge stays
    predicted − consensus line, and p_over / p_under are at the consensus line.
    """
    lined = rows["line"].notna()
    ev_over, ev_under = rows["ev_over"].fillna(-np.inf), rows["ev_under"].fillna(-np.inf)
    over = lined & (ev_over > config.min_expected_value) & (ev_over >= ev_under)
    under = lined & ~over & (ev_under > config.min_expected_value)
    call = np.select([~lined, over, under], ["NO_LINE", "OVER", "UNDER"], "PASS")
    side = {
        column: rows[f"best_over_{column}"].where(over, rows[f"best_under_{column}"].where(under))
        for column in ("book", "line", "price")
    }
    chance = rows["best_over_p"].where(
        over, rows["best_under_p"].where(under, rows[["p_over", "p_under"]].max(axis=1))
    )
    return rows.assign(
        edge=rows["predicted_points"] - rows["line"],
        recommendation=call,
        confidence=(100 * chance).round(1).where(lined),
        expected_value=rows["ev_over"].where(over, rows["ev_under"].where(under)).round(4),
        best_book=side["book"],
        best_line=side["line"],
        best_price=side["price"],
    )


def predict_range(warehouse: Warehouse, start: date, end: date, model_store: Path) -> pd.DataFrame:
    """The range's rows (``predict_chunks`` in one frame)."""
    return pd.concat(predict_chunks(warehouse, start, end, model_store), ignore_index=True)


def predict_chunks(
    warehouse: Warehouse, start: date, end: date, model_store: Path
) -> Iterator[pd.DataFrame]:
    """The range's rows, ``CHUNK_DAYS`` at a time: a chunk's rows do not depend on where it
    starts (its lead-in is predicted as in any range, and read back from the prediction cache),
    so neither memory nor the per-date loops grow with the range."""
    cache = PredictionCache(model_store)
    for chunk_start, chunk_end in date_chunks(start, end, CHUNK_DAYS):
        yield predict_chunk(warehouse, chunk_start, chunk_end, model_store, cache)


def empty_predictions() -> pd.DataFrame:
    return pd.DataFrame(columns=COLUMNS).astype(DTYPES)


def component_predictions(
    inputs: pd.DataFrame, start: date, end: date, model_store: Path, cache: PredictionCache
) -> pd.DataFrame:
    """Every system but the ensemble, walk-forward over [start, end)."""
    config = prediction_config()
    systems = [
        MovingAverage(),
        ZoneMatchup(),
        Similarity(config.similarity_neighbors),
        XGBoostPoints(model_store, config.min_training_rows),
    ]
    every, history = config.retrain_every_days, config.history_days
    predictions = []
    for system in systems:
        began = time.perf_counter()
        predictions.append(walk_forward(system, inputs, start, end, every, history, cache))
        seconds = time.perf_counter() - began
        log.info(f"predictions [{start}, {end}): {system.system_id} in {seconds:.1f}s")
    return pd.concat(predictions, ignore_index=True)


def predict_chunk(
    warehouse: Warehouse, start: date, end: date, model_store: Path, cache: PredictionCache
) -> pd.DataFrame:
    config = prediction_config()
    # the spreads of [start, end) are fit on the lookback before each date, and the ensemble's
    # predictions there are weighed on the lookback before theirs: two lookbacks of components, so
    # a date's probabilities do not depend on where the range starts
    components_from = start - timedelta(days=2 * config.ensemble_lookback_days)
    history_from = first_history_day(
        components_from, config.retrain_every_days, config.history_days
    )
    inputs = load_inputs(warehouse, history_from, end)
    if not (inputs["game_date"].dt.date >= start).any():  # bootstrap days: no feature rows
        return empty_predictions()
    components = component_predictions(inputs, components_from, end, model_store, cache)
    outcomes = inputs[[*KEY, "actual_points", "line"]]
    combined = ensemble(
        components.merge(outcomes, on=KEY),
        config.ensemble_lookback_days,
        config.ensemble_temperature,
    )
    predictions = pd.concat([components, combined.assign(system_id="ensemble")], ignore_index=True)
    in_range = predictions["game_date"].dt.date.between(start, end - timedelta(days=1))
    described = ["game_id", "team_abbr", "opponent_team_abbr", "line", "books_quoting"]
    context = inputs[[*KEY, *described, "points_avg_season", "feature_version"]]
    rows = predictions[in_range].merge(context, on=KEY, validate="many_to_one")
    graded = predictions.merge(inputs[[*KEY, "actual_points", "line"]], on=KEY).dropna(
        subset=["actual_points"]
    )
    quotes = warehouse.query(QUOTES_SQL, range_params(start, end))
    quotes = quotes.assign(game_date=pd.to_datetime(quotes["game_date"]))
    rows = price_calls(rows, graded, quotes, config.ensemble_lookback_days)
    rows = recommend(rows, config).assign(
        scoring_tier=lambda f: scoring_tier(f["points_avg_season"], config.scoring_tiers),
    )
    ordered = rows[COLUMNS].sort_values(["game_date", "player_lookup", "system_id"])
    log.info(f"predictions [{start}, {end}): {len(ordered):,} rows")
    return ordered.astype(DTYPES).reset_index(drop=True)


def build_predictions(warehouse: Warehouse, start: date, end: date) -> Iterator[pd.DataFrame]:
    """The catalogue's builder (written a chunk at a time): models are kept under the
    deployment's model dir."""
    return predict_chunks(warehouse, start, end, SETTINGS.model_dir)
