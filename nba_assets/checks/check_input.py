"""What a check rule is given (``CheckInput``) and what it gives back, with the helpers rules share.

A check runs once per run (not per partition), so each rule judges the whole
range and puts per-date detail in its metadata. Numbers go in as numeric
metadata so the UI plots them over time on the check's page. Each rule reads its
thresholds from the policy in effect (``policy.py``); ``results.py`` turns its
outcome into the check result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from nba_assets.checks.policy import CheckPolicy, active_policy
from nba_assets.package_files import sql_text
from nba_assets.table_entry import Table
from nba_assets.warehouse import Warehouse, range_params

EXAMPLES = 5
# a generic rule's SQL names the table it judges through @this_* placeholders: identifiers, which
# can't be query parameters, so they are written in from the catalogue entry (values never are)
PLACEHOLDER = re.compile(r"@(this_\w+)")


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
        return self.warehouse.query(sql, range_params(self.start, self.end, params))

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


def table_sql(check: CheckInput, rule: str) -> str:
    """The query of a rule written for one table (``sql/checks/<rule>.sql``), refused on any other
    table: the file names the table it judges."""
    sql = sql_text("checks", rule)
    if check.table.target.qualified not in sql:
        raise ValueError(
            f"sql/checks/{rule}.sql does not read {check.table.target.qualified}: the rule is "
            f"written for one table; take it off {check.table.path} in nba_assets/tables.py"
        )
    return sql


class UnknownPlaceholder(ValueError):
    """A generic rule's SQL names a ``@this_*`` placeholder the catalogue entry does not supply."""


def placeholders(table: Table) -> dict[str, str]:
    """What each ``@this_*`` placeholder of a generic rule stands for on ``table``."""
    return {
        "this_table": table.target.qualified,
        "this_date": table.date_column,
        "this_key": ", ".join(table.key),
        "this_key_text": " || ' | ' || ".join(f"CAST({k} AS STRING)" for k in table.key),
        "this_quarantine": table.quarantine.qualified,
    }


def generic_sql(table: Table, rule: str) -> str:
    """The query of a rule any table can carry (``sql/checks/generic/<rule>.sql``) for ``table``:
    each ``@this_*`` placeholder replaced by the table's identifier; values stay parameters."""
    known = placeholders(table)

    def identifier(match: re.Match[str]) -> str:
        if match[1] not in known:
            raise UnknownPlaceholder(
                f"sql/checks/generic/{rule}.sql: unknown placeholder @{match[1]}; a generic rule "
                f"names its table through {', '.join(f'@{name}' for name in known)} "
                "(placeholders() in nba_assets/checks/check_input.py)"
            )
        return known[match[1]]

    return PLACEHOLDER.sub(identifier, sql_text("checks/generic", rule))
