"""Check rules written for one table: what they judge is that table's meaning (a team's points are
its players' points, a prediction's call has a positive expected value). Where the query stands
alone it is a file, ``sql/checks/<rule>.sql``; the feature rules build theirs from the feature list."""

from __future__ import annotations

from datetime import date

import pandas as pd

from nba_assets.checks.check_input import (
    EXAMPLES,
    CheckInput,
    Outcome,
    Rule,
    not_judged,
    table_sql,
)
from nba_assets.checks.coverage import dates_with_rows
from nba_assets.features import FEATURE_NAMES, FEATURES
from nba_assets.package_files import sql_text
from nba_assets.partitions import compress_dates
from nba_assets.tables import TABLES_BY_PATH


def usage_rate_population(check: CheckInput, rule: Rule) -> Outcome:
    per_date = check.query(table_sql(check, "usage_rate_population"))
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
    compared = check.query(table_sql(check, "team_points_match_players"))
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
    fed = {feed: _fed_dates(check, feed) for feed in set(feeds.values())}

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


def _fed_dates(check: CheckInput, feed: str) -> set[date]:
    raw = TABLES_BY_PATH[f"nba_raw/{feed}"]
    return set(dates_with_rows(check.warehouse, raw, check.start, check.end))


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
    bad = check.query(table_sql(check, "predictions_within_bounds"), max_points=rule["max_points"])
    total = int(bad["n_rows"].sum())
    return total <= rule["max_bad_rows"], {
        "bad_rows": total,
        "threshold": rule["max_bad_rows"],
        "by_system": ", ".join(f"{r.system_id}: {r.n_rows}" for r in bad.itertuples()) or "none",
    }


def grading_covers_finished_games(check: CheckInput, rule: Rule) -> Outcome:
    per_date = check.query(table_sql(check, "grading_covers_finished_games"))
    finished, graded = int(per_date["finished"].sum()), int(per_date["graded"].sum())
    short = per_date[per_date["graded"] < per_date["finished"]]
    return finished - graded <= rule["max_ungraded"], {
        "finished_predictions": finished,
        "graded": graded,
        "ungraded": finished - graded,
        "threshold": rule["max_ungraded"],
        "dates_short": compress_dates(list(pd.to_datetime(short["game_date"]).dt.date)) or "none",
    }
