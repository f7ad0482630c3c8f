"""Check rules any table can carry: their SQL is built from the table's catalogue entry (its
target, date column and key), so one rule judges every table that names it."""

from __future__ import annotations

from typing import Any

import pandas as pd

from nba_assets.checks.check_input import EXAMPLES, CheckInput, Outcome, Rule, not_judged
from nba_assets.checks.coverage import coverage
from nba_assets.partitions import compress_dates


def no_duplicate_keys(check: CheckInput, rule: Rule) -> Outcome:
    key = ", ".join(check.table.key)
    label = " || ' | ' || ".join(f"CAST({k} AS STRING)" for k in check.table.key)
    duplicates = check.query(
        f"SELECT {label} AS key_value, COUNT(*) AS copies, MIN({check.table.date_column}) AS day "
        f"FROM {check.table.target.qualified} WHERE {check.in_range} "
        f"GROUP BY {key} HAVING COUNT(*) > 1 ORDER BY day, key_value"
    )
    found = len(duplicates)
    return found <= rule["max_duplicate_groups"], {
        "duplicate_groups": found,
        "extra_rows": int((duplicates["copies"] - 1).sum()) if found else 0,
        "threshold": rule["max_duplicate_groups"],
        "examples": ", ".join(duplicates["key_value"].head(EXAMPLES)),
        "dates_with_duplicates": compress_dates(list(pd.to_datetime(duplicates["day"]).dt.date)),
    }


def game_id_format(check: CheckInput, rule: Rule) -> Outcome:
    bad = check.query(
        f"SELECT game_id, {check.table.date_column} AS day FROM {check.table.target.qualified} "
        f"WHERE {check.in_range} AND (game_id IS NULL OR NOT REGEXP_CONTAINS(game_id, @pattern))",
        pattern=rule["pattern"],
    )
    return len(bad) <= rule["max_bad_rows"], {
        "bad_rows": len(bad),
        "threshold": rule["max_bad_rows"],
        "examples": ", ".join(bad["game_id"].astype(str).head(EXAMPLES)),
    }


def covers_scheduled_dates(check: CheckInput, rule: Rule) -> Outcome:
    covered = coverage(check.warehouse, check.table, check.start, check.end)
    expected, missing = len(covered.expected), covered.missing
    pct = 100.0 * (expected - len(missing)) / expected if expected else 100.0
    return pct >= rule["min_pct"], {
        "dates_expected": expected,
        "bootstrap_days_not_judged": check.table.bootstrap_days,
        "lag_game_dates_not_judged": check.table.lag_game_dates,
        "dates_present": expected - len(missing),
        "dates_missing": len(missing),
        "pct": round(pct, 2),
        "threshold": rule["min_pct"],
        "missing_ranges": compress_dates(missing) or "none",
    }


def quarantine_rate(check: CheckInput, rule: Rule) -> Outcome:
    read = check.rows_written + check.rows_quarantined
    pct = 100.0 * check.rows_quarantined / read if read else 0.0
    metadata: dict[str, Any] = {
        "rows_read": read,
        "rows_quarantined": check.rows_quarantined,
        "pct": round(pct, 3),
        "threshold": rule["max_pct"],
        "allowed_rows": rule["allowed_rows"],
        "quarantine_table": check.table.quarantine.qualified,
    }
    if check.rows_quarantined:
        reasons = check.query(
            "SELECT SPLIT(reason, ':')[OFFSET(0)] AS field, COUNT(*) AS n_rows "
            f"FROM {check.table.quarantine.qualified} "
            "WHERE game_date >= @start_date AND game_date < @end_date GROUP BY field ORDER BY n_rows DESC, field"
        )
        metadata["by_field"] = ", ".join(f"{r.field}: {r.n_rows}" for r in reasons.itertuples())
    return pct <= rule["max_pct"] or check.rows_quarantined <= rule["allowed_rows"], metadata


def rolling_averages_populated(check: CheckInput, rule: Rule) -> Outcome:
    """Judged on the rows that have history to average: a player's row counts once he has a
    played game in the window before its date (a rookie's first game has nothing to average);
    a team table has rows only for teams with games."""
    excused = check.not_fed(check.table.column_feeds)
    columns = [c for c in check.table.rolling_columns if c not in excused]
    counted = ", ".join(["COUNT(*) AS n_rows", *(f"COUNT({c}) AS {c}" for c in columns)])
    day = check.table.date_column
    population = f"SELECT * FROM {check.table.target.qualified} WHERE {check.in_range}"
    if "player_lookup" in check.table.key:
        population = (
            f"SELECT t.* FROM ({population}) AS t JOIN ("
            f"SELECT DISTINCT t.{day} AS day, t.player_lookup "
            f"FROM {check.table.target.qualified} AS t "
            "JOIN nba_analytics.player_game_summary AS g ON g.player_lookup = t.player_lookup "
            f"AND g.game_date < t.{day} AND g.game_date >= DATE_SUB(t.{day}, INTERVAL @carry_days DAY) "
            f"WHERE t.{day} >= @start_date AND t.{day} < @end_date AND g.minutes_played > 0 "
            "AND g.game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) "
            "AND g.game_date < @end_date"
            f") AS h ON h.day = t.{day} AND h.player_lookup = t.player_lookup"
        )
    counts = check.query(
        f"SELECT {counted} FROM ({population}) AS judged",
        carry_days=check.table.params.get("carry_days", 0),
    ).iloc[0]
    rows = int(counts["n_rows"])
    pcts = {c: round(100.0 * int(counts[c]) / rows, 2) if rows else 100.0 for c in columns}
    worst = min(pcts.values(), default=100.0)
    return worst >= rule["min_pct"], {
        "rows": rows,
        "min_pct": worst,
        "threshold": rule["min_pct"],
        **{f"pct_{c}": v for c, v in pcts.items()},
        **not_judged(excused),
    }
