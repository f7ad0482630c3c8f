"""Check rules any table can carry, one rule judging every table that names it. Their SQL is in
``sql/checks/generic/<rule>.sql``, written against ``@this_*`` placeholders that ``generic_sql``
fills from the table's catalogue entry (its target, date column and key), and returns the
offending rows. ``rolling_averages_populated`` builds its query here: its columns are the
entry's rolling columns less those the policy's absent feeds excuse, and its population
depends on the key."""

from __future__ import annotations

from typing import Any

import pandas as pd

from nba_assets.checks.check_input import (
    EXAMPLES,
    CheckInput,
    Outcome,
    Rule,
    generic_sql,
    not_judged,
)
from nba_assets.checks.coverage import coverage
from nba_assets.partitions import compress_dates


def no_duplicate_keys(check: CheckInput, rule: Rule) -> Outcome:
    duplicates = check.query(generic_sql(check.table, "no_duplicate_keys"))
    found = len(duplicates)
    return found <= rule["max_duplicate_groups"], {
        "duplicate_groups": found,
        "extra_rows": int((duplicates["copies"] - 1).sum()) if found else 0,
        "threshold": rule["max_duplicate_groups"],
        "examples": ", ".join(duplicates["key_value"].head(EXAMPLES)),
        "dates_with_duplicates": compress_dates(list(pd.to_datetime(duplicates["day"]).dt.date)),
    }


def game_id_format(check: CheckInput, rule: Rule) -> Outcome:
    bad = check.query(generic_sql(check.table, "game_id_format"), pattern=rule["pattern"])
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
        reasons = check.query(generic_sql(check.table, "quarantine_rate"))
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
