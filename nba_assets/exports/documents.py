"""Rows of an export's SQL for one date -> the JSON document for that date.

Only shaping lives here (grouping, summaries of the rows given); what the rows are
is the SQL's business (``sql/exports``). Documents carry no wall-clock timestamp,
so rebuilding a date from the same tables writes the same bytes.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

import pandas as pd

DECIMALS = 3


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


def records(rows: pd.DataFrame, columns: dict[str, str]) -> list[dict[str, Any]]:
    """``rows`` as dicts, ``columns`` mapping output name -> row column."""
    return [
        {name: plain(row[column]) for name, column in columns.items()}
        for row in rows.to_dict("records")
    ]


def encode(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def _mean(series: pd.Series) -> float | None:
    return plain(series.mean()) if series.notna().any() else None


def _share(part: int, whole: int) -> float | None:
    return plain(part / whole) if whole else None


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
    for row in rows.to_dict("records"):  # one pass in plain Python: ~50k rows a month
        game = games.setdefault(
            row["game_id"],
            {
                "game_id": row["game_id"],
                "tipoff_utc": plain(row["tipoff_utc"]),
                "away_team": row["away_team_abbr"],
                "home_team": row["home_team_abbr"],
                "players": [],
            },
        )
        key = (row["game_id"], row["player_lookup"])
        if key not in players:
            players[key] = {
                "player_lookup": row["player_lookup"],
                "player_full_name": plain(row["player_full_name"]),
                "team_abbr": row["team_abbr"],
                "opponent_team_abbr": row["opponent_team_abbr"],
                "scoring_tier": row["scoring_tier"],
                "line": plain(row["line"]),
                "books_quoting": plain(row["books_quoting"]),
                "predictions": {},
            }
            game["players"].append(players[key])
        players[key]["predictions"][row["system_id"]] = {
            name: plain(row[column]) for name, column in SYSTEM_PREDICTION.items()
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
        "mae": _mean(graded["absolute_error"]),
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


WINDOWS = {
    "last_7_days": {"rows": "rows_7d", "mae": "mae_7d", "bias": "bias_7d"},
    "last_30_days": {
        "rows": "rows_30d",
        "mae": "mae_30d",
        "bias": "bias_30d",
        "picks": "picks_30d",
        "hit_rate": "hit_rate_30d",
    },
    "season": {
        "rows": "season_rows",
        "mae": "season_mae",
        "bias": "season_bias",
        "picks": "season_picks",
        "hit_rate": "season_hit_rate",
    },
}


def performance_document(day: date, rows: pd.DataFrame) -> dict[str, Any]:
    """Each system's accuracy entering ``day``: overall and per scoring tier."""

    def windows(row: dict[str, Any]) -> dict[str, Any]:
        return {
            window: {name: plain(row[column]) for name, column in fields.items()}
            for window, fields in WINDOWS.items()
        } | {"applied_adjustment": plain(row["applied_adjustment"])}

    systems = []
    for system_id, system in rows.groupby("system_id", sort=True):
        by_tier = {row["scoring_tier"]: row for row in system.to_dict("records")}
        overall = by_tier.pop("all")
        systems.append(
            {
                "system_id": system_id,
                **windows(overall),
                "tiers": {tier: windows(row) for tier, row in sorted(by_tier.items())},
            }
        )
    return {"as_of": day.isoformat(), "systems": systems}
