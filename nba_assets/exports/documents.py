"""Rows of an export's SQL for one date -> the JSON document for that date.

Only shaping lives here (grouping, summaries of the rows given); what the rows are
is the SQL's business (``sql/exports``). Documents carry no wall-clock timestamp,
so rebuilding a date from the same tables writes the same bytes.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import orjson
import pandas as pd

from nba_assets.scoring import Z_95, wilson_interval

DECIMALS = 3
RESULTS_SCHEMA_VERSION = 2  # 2: the summary's win rate and MAE carry 95 % intervals
PERFORMANCE_SCHEMA_VERSION = 2  # 2: every window's MAE and hit rate carry 95 % intervals


def plain(value: Any) -> Any:
    """A JSON-ready scalar: NaN/NA -> null, numpy -> Python, floats rounded, dates ISO."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, DECIMALS)
    return value


def plain_column(column: pd.Series) -> list[Any]:
    """``plain`` of each value, by the column's type: floats (most of a document's values) in one
    pass, text as it is, a time once per distinct value (a game's rows share its tip-off)."""
    values = column.tolist()
    if column.dtype == "float64":
        return [None if math.isnan(v) else round(v, DECIMALS) for v in values]
    if column.dtype == object:
        return [v if type(v) is str else plain(v) for v in values]
    if column.dtype.kind == "M":  # datetimes, with or without a time zone
        distinct = {value: plain(value) for value in set(values)}
        return [distinct[v] for v in values]
    return [plain(v) for v in values]


def plain_records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """``rows`` as dicts of ``plain`` values, converted a column at a time."""
    columns = {name: plain_column(rows[name]) for name in rows.columns}
    rows_of_values = zip(*columns.values(), strict=True)
    return [dict(zip(columns, values, strict=True)) for values in rows_of_values]


def records(rows: pd.DataFrame, columns: dict[str, str]) -> list[dict[str, Any]]:
    """``rows`` as dicts, ``columns`` mapping output name -> row column."""
    return [
        {name: row[column] for name, column in columns.items()}
        for row in plain_records(rows[list(dict.fromkeys(columns.values()))])
    ]


def encode(document: dict[str, Any]) -> bytes:
    """Two-space indented UTF-8 JSON: byte for byte what ``json.dumps(document, indent=2,
    ensure_ascii=False)`` writes (checked on every file of four demo seasons), in a twentieth
    of the time (it was half of writing a predictions document)."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def _mean(series: pd.Series) -> float | None:
    return plain(series.mean()) if series.notna().any() else None


def _share(part: int, whole: int) -> float | None:
    return plain(part / whole) if whole else None


def _share_interval(part: int, whole: int) -> tuple[float | None, float | None]:
    """The 95 % Wilson interval of part / whole (``scoring.wilson_interval``), nulls without any."""
    interval = wilson_interval(part, whole)
    return (plain(interval[0]), plain(interval[1])) if interval else (None, None)


def _mean_interval(series: pd.Series) -> tuple[float | None, float | None]:
    """mean ± z·sd/√n (sd the sample sd, the low end at least 0); nulls below 2 values."""
    values = series.dropna().astype(float)
    if len(values) < 2:
        return None, None
    mean, half = values.mean(), Z_95 * values.std(ddof=1) / math.sqrt(len(values))
    return plain(max(mean - half, 0.0)), plain(mean + half)


SYSTEM_PREDICTION = {
    "predicted_points": "predicted_points",
    "adjusted_points": "adjusted_points",
    "edge": "edge",
    "recommendation": "recommendation",
    "confidence": "confidence",
    "p_over": "p_over",
    "p_under": "p_under",
    "expected_value": "expected_value",
    "best_book": "best_book",
    "best_line": "best_line",
    "best_price": "best_price",
    "model_version": "model_version",
}


def predictions_document(day: date, rows: pd.DataFrame) -> dict[str, Any]:
    """Every system's prediction per player, players grouped by game (rows in SQL order)."""
    games: dict[str, dict[str, Any]] = {}
    players: dict[tuple[str, str], dict[str, Any]] = {}
    for row in plain_records(rows):  # one pass in plain Python: ~50k rows a month
        game = games.setdefault(
            row["game_id"],
            {
                "game_id": row["game_id"],
                "tipoff_utc": row["tipoff_utc"],
                "away_team": row["away_team_abbr"],
                "home_team": row["home_team_abbr"],
                "players": [],
            },
        )
        key = (row["game_id"], row["player_lookup"])
        if key not in players:
            players[key] = {
                "player_lookup": row["player_lookup"],
                "player_full_name": row["player_full_name"],
                "team_abbr": row["team_abbr"],
                "opponent_team_abbr": row["opponent_team_abbr"],
                "scoring_tier": row["scoring_tier"],
                "line": row["line"],
                "books_quoting": row["books_quoting"],
                "predictions": {},
            }
            game["players"].append(players[key])
        players[key]["predictions"][row["system_id"]] = {
            name: row[column] for name, column in SYSTEM_PREDICTION.items()
        }
    return {
        "schema_version": 2,
        "game_date": day.isoformat(),
        "feature_version": plain(rows["feature_version"].iloc[0]) if len(rows) else None,
        "systems": sorted(rows["system_id"].unique().tolist()),
        "total_players": int(rows["player_lookup"].nunique()),
        "total_with_lines": int(rows.loc[rows["line"].notna(), "player_lookup"].nunique()),
        "games": list(games.values()),
    }


PLAYER_GAME = {
    "player_lookup": "player_lookup",
    "player_full_name": "player_full_name",
    "game_id": "game_id",
    "team": "team_abbr",
    "opponent": "opponent_team_abbr",
    "scoring_tier": "scoring_tier",
}
RESULT = {
    **PLAYER_GAME,
    "predicted": "predicted_points",
    "actual": "actual_points",
    "minutes": "minutes_played",
    "line": "line",
    "recommendation": "recommendation",
    "confidence": "confidence",
    "result": "result",
    "error": "absolute_error",
    "bias": "signed_error",
    "void_reason": "void_reason",
}


def results_document(day: date, rows: pd.DataFrame, system_id: str) -> dict[str, Any]:
    """The graded predictions of one system, with the day's summary and its best and worst call."""
    graded = rows[rows["result"] != "VOID"]
    wins, losses = int((rows["result"] == "WIN").sum()), int((rows["result"] == "LOSS").sum())
    win_rate_low, win_rate_high = _share_interval(wins, wins + losses)
    mae_low, mae_high = _mean_interval(graded["absolute_error"])
    summary = {
        "total_predictions": len(rows),
        "graded": len(graded),
        "voided": len(rows) - len(graded),
        "picks": wins + losses,
        "correct": wins,
        "incorrect": losses,
        "pushes": int((rows["result"] == "PUSH").sum()),
        "pass_count": int((rows["result"] == "PASS").sum()),
        "no_line_count": int((rows["result"] == "NO_LINE").sum()),
        "win_rate": _share(wins, wins + losses),
        "win_rate_low": win_rate_low,
        "win_rate_high": win_rate_high,
        "mae": _mean(graded["absolute_error"]),
        "mae_low": mae_low,
        "mae_high": mae_high,
        "bias": _mean(graded["signed_error"]),
        "within_3_pct": _share(int(graded["within_3"].sum()), len(graded)),
        "within_5_pct": _share(int(graded["within_5"].sum()), len(graded)),
    }
    ranked = graded.sort_values(["absolute_error", "player_lookup"])
    highlights = {
        "best_prediction": records(ranked.head(1), RESULT)[0] if len(ranked) else None,
        "worst_prediction": records(ranked.tail(1), RESULT)[0] if len(ranked) else None,
    }
    return {
        "schema_version": RESULTS_SCHEMA_VERSION,
        "game_date": day.isoformat(),
        "system_id": system_id,
        "summary": summary,
        "highlights": highlights,
        "results": records(rows, RESULT),
    }


BEST_BET = {
    "rank": "pick_rank",
    **PLAYER_GAME,
    "recommendation": "recommendation",
    "line": "line",
    "predicted": "predicted_points",
    "edge": "edge",
    "confidence": "confidence",
    "probability": "probability",
    "expected_value": "expected_value",
    "best_book": "best_book",
    "best_line": "best_line",
    "best_price": "best_price",
    "actual": "actual_points",
    "result": "result",
}


def best_bets_document(
    day: date, rows: pd.DataFrame, system_id: str, min_expected_value: float
) -> dict[str, Any]:
    return {
        "schema_version": 2,
        "game_date": day.isoformat(),
        "system_id": system_id,
        "min_expected_value": min_expected_value,
        "picks": records(rows, BEST_BET),
    }


WINDOWS = {  # every rate with its 95 % interval (sql/exports/system_performance.sql)
    "last_7_days": {
        "rows": "rows_7d",
        "mae": "mae_7d",
        "mae_low": "mae_7d_low",
        "mae_high": "mae_7d_high",
        "bias": "bias_7d",
    },
    "last_30_days": {
        "rows": "rows_30d",
        "mae": "mae_30d",
        "mae_low": "mae_30d_low",
        "mae_high": "mae_30d_high",
        "bias": "bias_30d",
        "picks": "picks_30d",
        "hits": "hits_30d",
        "hit_rate": "hit_rate_30d",
        "hit_rate_low": "hit_rate_30d_low",
        "hit_rate_high": "hit_rate_30d_high",
    },
    "season": {
        "rows": "season_rows",
        "mae": "season_mae",
        "mae_low": "season_mae_low",
        "mae_high": "season_mae_high",
        "bias": "season_bias",
        "picks": "season_picks",
        "hits": "season_hits",
        "hit_rate": "season_hit_rate",
        "hit_rate_low": "season_hit_rate_low",
        "hit_rate_high": "season_hit_rate_high",
    },
}


def performance_document(day: date, rows: pd.DataFrame) -> dict[str, Any]:
    """Each system's accuracy entering ``day``: overall and per scoring tier."""

    def windows(row: dict[str, Any]) -> dict[str, Any]:
        return {
            window: {name: row[column] for name, column in fields.items()}
            for window, fields in WINDOWS.items()
        } | {"applied_adjustment": row["applied_adjustment"]}

    systems = []
    for system_id, system in rows.groupby("system_id", sort=True):
        by_tier = {row["scoring_tier"]: row for row in plain_records(system)}
        overall = by_tier.pop("all")
        systems.append(
            {
                "system_id": system_id,
                **windows(overall),
                "tiers": {tier: windows(row) for tier, row in sorted(by_tier.items())},
            }
        )
    return {
        "schema_version": PERFORMANCE_SCHEMA_VERSION,
        "as_of": day.isoformat(),
        "systems": systems,
    }
