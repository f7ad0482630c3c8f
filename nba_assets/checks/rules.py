"""The check rules named in the catalogue, each a SQL query over the run's date range.

A check runs once per run (not per partition), so each rule judges the whole
range and puts per-date detail in its metadata. Numbers go in as numeric
metadata so the UI plots them over time on the check's page. Each rule reads its
thresholds from the policy in effect (``policy.py``); ``results.py`` turns its
outcome into the check result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from nba_assets.checks.policy import CheckPolicy, active_policy
from nba_assets.features import FEATURE_NAMES, FEATURES
from nba_assets.package_files import sql_text
from nba_assets.partitions import compress_dates
from nba_assets.tables import Table
from nba_assets.warehouse import Warehouse

EXAMPLES = 5


@dataclass(frozen=True)
class CheckInput:
    warehouse: Warehouse
    table: Table
    start: date
    end: date
    rows_written: int
    rows_quarantined: int
    policy: CheckPolicy = field(default_factory=active_policy)

    def query(self, sql: str, **params: Any) -> pd.DataFrame:
        return self.warehouse.query(sql, {"start_date": self.start, "end_date": self.end, **params})

    @property
    def in_range(self) -> str:
        column = self.table.date_column
        return f"{column} >= @start_date AND {column} < @end_date"

    def not_fed(self, feeds: Mapping[str, str | None]) -> dict[str, str]:
        """The columns (of ``column -> optional feed``) whose feed the policy declares absent:
        they can only hold defaults here, so a rule leaves them out and says so."""
        return {column: feed for column, feed in feeds.items() if feed in self.policy.absent_feeds}


def not_judged(excused: Mapping[str, str]) -> dict[str, str]:
    """The metadata naming what an absent feed kept a rule from judging (none: nothing)."""
    if not excused:
        return {}
    return {
        "feed_not_configured": ", ".join(sorted(set(excused.values()))),
        "not_judged": ", ".join(excused),
    }


Rule = Mapping[str, Any]  # a rule's values in effect: thresholds, blocking, population
Outcome = tuple[bool, dict[str, Any]]


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
    expected_sql = sql_text("checks", "expected_game_dates")
    dates = check.query(
        f"WITH expected AS ({expected_sql}), "
        f"present AS (SELECT DISTINCT {check.table.date_column} AS game_date "
        f"FROM {check.table.target.qualified} WHERE {check.in_range}) "
        "SELECT e.game_date AS day, p.game_date IS NOT NULL AS present "
        "FROM expected AS e LEFT JOIN present AS p ON e.game_date = p.game_date ORDER BY day",
        **check.table.coverage_params,
    )
    expected = len(dates)
    missing = list(pd.to_datetime(dates.loc[~dates["present"].astype(bool), "day"]).dt.date)
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


def usage_rate_population(check: CheckInput, rule: Rule) -> Outcome:
    per_date = check.query(
        "SELECT game_date, COUNTIF(minutes_played > 0) AS played, "
        "COUNTIF(minutes_played > 0 AND usage_rate IS NOT NULL) AS with_usage, "
        "COUNTIF(COALESCE(minutes_played, 0) = 0 AND usage_rate IS NOT NULL) AS dnp_with_usage "
        f"FROM {check.table.target.qualified} WHERE {check.in_range} "
        "GROUP BY game_date ORDER BY game_date"
    )
    played, with_usage = int(per_date["played"].sum()), int(per_date["with_usage"].sum())
    dnp_with_usage = int(per_date["dnp_with_usage"].sum())
    pct = 100.0 * with_usage / played if played else 100.0
    low = per_date[per_date["with_usage"] < per_date["played"] * rule["min_pct"] / 100]
    passed = pct >= rule["min_pct"] and dnp_with_usage <= rule["max_dnp_with_usage"]
    return passed, {
        "played_rows": played,
        "with_usage_rate": with_usage,
        "pct": round(pct, 2),
        "threshold": rule["min_pct"],
        "dnp_rows_with_usage_rate": dnp_with_usage,
        "dates_below_threshold": compress_dates(list(pd.to_datetime(low["game_date"]).dt.date))
        or "none",
    }


def team_points_match_players(check: CheckInput, rule: Rule) -> Outcome:
    compared = check.query(
        "WITH players AS (SELECT game_id, team_abbr, SUM(points) AS player_points "
        "FROM nba_raw.player_boxscores WHERE game_date >= @start_date AND game_date < @end_date "
        "GROUP BY game_id, team_abbr) "
        "SELECT t.game_id, t.team_abbr, t.points, p.player_points "
        f"FROM {check.table.target.qualified} t JOIN players p "
        "ON t.game_id = p.game_id AND t.team_abbr = p.team_abbr "
        "WHERE t.game_date >= @start_date AND t.game_date < @end_date"
    )
    wrong = compared[compared["points"] != compared["player_points"]]
    return len(wrong) <= rule["max_mismatches"], {
        "team_rows_compared": len(compared),
        "mismatches": len(wrong),
        "threshold": rule["max_mismatches"],
        "examples": ", ".join(
            f"{r.game_id} {r.team_abbr}: team {r.points} vs players {r.player_points}"
            for r in wrong.head(EXAMPLES).itertuples()
        ),
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


def feature_ranges(check: CheckInput, rule: Rule) -> Outcome:
    bounds = {f"low_{i}": f.low for i, f in enumerate(FEATURES)} | {
        f"high_{i}": f.high for i, f in enumerate(FEATURES)
    }
    tests = ", ".join(
        f"COUNT(IF({f.name} IS NULL OR {f.name} < @low_{i} OR {f.name} > @high_{i}, 1, NULL)) "
        f"AS {f.name}"
        for i, f in enumerate(FEATURES)
    )
    bad = check.query(
        f"SELECT {tests} FROM {check.table.target.qualified} WHERE {check.in_range}", **bounds
    ).iloc[0]
    offenders = {name: int(bad[name]) for name in FEATURE_NAMES if int(bad[name])}
    total = sum(offenders.values())
    return total <= rule["max_bad_values"], {
        "bad_values": total,
        "features_out_of_range": len(offenders),
        "threshold": rule["max_bad_values"],
        "examples": ", ".join(f"{k}: {v}" for k, v in list(offenders.items())[:EXAMPLES]),
    }


def feature_variance(check: CheckInput, rule: Rule) -> Outcome:
    """A feature constant on a whole date is a broken input; some may be uniform on a date, never
    on a range. A feature filled from an optional feed is judged only on dates that feed has rows
    for: a date without any quote leaves every line at its default, and that is the feed's
    coverage (its own checks), not a broken feature."""
    excused = check.not_fed({f.name: f.feed for f in FEATURES})
    judged = [n for n in FEATURE_NAMES if n not in excused]
    spreads = ", ".join(["COUNT(*) AS n_rows", *(f"MAX({n}) - MIN({n}) AS {n}" for n in judged)])
    per_date = check.query(
        f"SELECT {check.table.date_column} AS day, {spreads} "
        f"FROM {check.table.target.qualified} WHERE {check.in_range} GROUP BY day ORDER BY day"
    )
    per_date = per_date[per_date["n_rows"] >= rule["min_rows"]]
    feeds = {f.name: f.feed for f in FEATURES if f.feed and f.name in judged}
    fed = {feed: _dates_with_rows(check, feed) for feed in set(feeds.values())}

    def judged_on(name: str, day: date) -> bool:
        return name not in feeds or day in fed[feeds[name]]

    days = [pd.Timestamp(d).date() for d in per_date["day"]]
    judged_daily = [n for n in judged if n not in rule["uniform_on_a_date_allowed"]]
    constant = [
        f"{day:%Y-%m-%d} {name}"
        for day, row in zip(days, per_date.itertuples(), strict=True)
        for name in judged_daily
        if judged_on(name, day) and getattr(row, name) == 0
    ]
    if len(per_date) > 1:  # over the range, every feature must move (a stuck default never does)
        for name in (n for n in judged if n not in rule["constant_allowed"]):
            spread = [
                v for day, v in zip(days, per_date[name], strict=True) if judged_on(name, day)
            ]
            if len(spread) > 1 and all(v == 0 for v in spread):
                constant.append(f"whole range {name}")
    return len(constant) <= rule["max_constant"], {
        "dates_judged": len(per_date),
        "constant_feature_dates": len(constant),
        "threshold": rule["max_constant"],
        "examples": ", ".join(constant[:EXAMPLES]),
        **{
            f"dates_without_{feed}": sum(day not in dates for day in days)
            for feed, dates in sorted(fed.items())
        },
        **not_judged(excused),
    }


def _dates_with_rows(check: CheckInput, feed: str) -> set[date]:
    rows = check.query(
        f"SELECT DISTINCT game_date FROM nba_raw.{feed} "
        "WHERE game_date >= @start_date AND game_date < @end_date"
    )
    return {pd.Timestamp(d).date() for d in rows["game_date"]}


def feature_quality(check: CheckInput, rule: Rule) -> Outcome:
    stats = check.query(
        "SELECT COUNT(*) AS n_rows, AVG(feature_quality_score) AS mean, "
        "MIN(feature_quality_score) AS low, "
        "APPROX_QUANTILES(feature_quality_score, 10)[OFFSET(1)] AS p10, "
        "APPROX_QUANTILES(feature_quality_score, 10)[OFFSET(5)] AS p50, "
        "AVG(default_feature_count) AS defaults_per_row "
        f"FROM {check.table.target.qualified} WHERE {check.in_range}"
    ).iloc[0]
    mean = float(stats["mean"]) if int(stats["n_rows"]) else 100.0
    return mean >= rule["min_mean"], {
        "rows": int(stats["n_rows"]),
        "mean": round(mean, 2),
        "p10": float(stats["p10"] or 0),
        "median": float(stats["p50"] or 0),
        "min": float(stats["low"] or 0),
        "defaults_per_row": round(float(stats["defaults_per_row"] or 0), 2),
        "threshold": rule["min_mean"],
    }


def lines_have_every_system(check: CheckInput, rule: Rule) -> Outcome:
    expected_sql = sql_text("checks", "expected_game_dates")
    counts = check.query(
        f"WITH expected AS ({expected_sql}), "
        "lined AS (SELECT game_date, player_lookup FROM nba_analytics.upcoming_player_game_context "
        "WHERE game_date IN (SELECT game_date FROM expected) AND current_points_line IS NOT NULL), "
        "predicted AS (SELECT game_date, player_lookup, COUNT(DISTINCT system_id) AS systems "
        f"FROM {check.table.target.qualified} WHERE {check.in_range} "
        "AND recommendation <> 'NO_LINE' GROUP BY game_date, player_lookup) "
        "SELECT l.game_date, l.player_lookup, IFNULL(p.systems, 0) AS systems "
        "FROM lined AS l LEFT JOIN predicted AS p "
        "ON p.game_date = l.game_date AND p.player_lookup = l.player_lookup",
        **check.table.coverage_params,
    )
    short = counts[counts["systems"] < rule["systems"]]
    return len(short) <= rule["max_missing"], {
        "players_with_a_line": len(counts),
        "missing_some_system": len(short),
        "systems_expected": rule["systems"],
        "threshold": rule["max_missing"],
        "examples": ", ".join(
            f"{r.game_date:%Y-%m-%d} {r.player_lookup}: {r.systems}"
            for r in short.head(EXAMPLES).itertuples()
        ),
    }


def predictions_within_bounds(check: CheckInput, rule: Rule) -> Outcome:
    bad = check.query(
        "SELECT system_id, COUNT(*) AS n_rows FROM "
        f"{check.table.target.qualified} WHERE {check.in_range} AND ("
        "predicted_points IS NULL OR predicted_points < 0 OR predicted_points > @max_points "
        "OR (line IS NULL) <> (recommendation = 'NO_LINE') "
        "OR (line IS NOT NULL AND (confidence < 0 OR confidence > 100 "
        "OR ABS(edge - (predicted_points - line)) > 0.001 "
        "OR p_over < 0 OR p_under < 0 OR p_over + p_under > 1.000001)) "
        # a call is never placed at a loss: positive expected value at a named book's price
        "OR (recommendation IN ('OVER', 'UNDER') AND (expected_value IS NULL "
        "OR expected_value <= 0 OR best_book IS NULL))) GROUP BY system_id",
        max_points=rule["max_points"],
    )
    total = int(bad["n_rows"].sum())
    return total <= rule["max_bad_rows"], {
        "bad_rows": total,
        "threshold": rule["max_bad_rows"],
        "by_system": ", ".join(f"{r.system_id}: {r.n_rows}" for r in bad.itertuples()) or "none",
    }


def grading_covers_finished_games(check: CheckInput, rule: Rule) -> Outcome:
    per_date = check.query(
        "SELECT p.game_date, COUNT(*) AS finished, COUNT(a.player_lookup) AS graded "
        "FROM nba_predictions.player_prop_predictions AS p "
        "JOIN nba_analytics.player_game_summary AS g "
        "ON g.game_id = p.game_id AND g.player_lookup = p.player_lookup AND g.game_date = p.game_date "
        f"LEFT JOIN {check.table.target.qualified} AS a ON a.game_date = p.game_date "
        "AND a.player_lookup = p.player_lookup AND a.system_id = p.system_id "
        "WHERE p.game_date >= @start_date AND p.game_date < @end_date "
        "AND g.game_date >= @start_date AND g.game_date < @end_date "
        "GROUP BY p.game_date ORDER BY p.game_date"
    )
    finished, graded = int(per_date["finished"].sum()), int(per_date["graded"].sum())
    short = per_date[per_date["graded"] < per_date["finished"]]
    return finished - graded <= rule["max_ungraded"], {
        "finished_predictions": finished,
        "graded": graded,
        "ungraded": finished - graded,
        "threshold": rule["max_ungraded"],
        "dates_short": compress_dates(list(pd.to_datetime(short["game_date"]).dt.date)) or "none",
    }


RULES: dict[str, Callable[[CheckInput, Rule], Outcome]] = {
    rule.__name__: rule
    for rule in (
        no_duplicate_keys,
        game_id_format,
        covers_scheduled_dates,
        usage_rate_population,
        team_points_match_players,
        quarantine_rate,
        rolling_averages_populated,
        feature_ranges,
        feature_variance,
        feature_quality,
        lines_have_every_system,
        predictions_within_bounds,
        grading_covers_finished_games,
    )
}
