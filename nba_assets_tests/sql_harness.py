"""Run the phase-3 SQL files on DuckDB against tiny hand-written leagues.

Rows are written as landing text (what a source delivers) and go through
``parse_payload``, so the raw tables have exactly the types the raw assets
produce; the SQL then runs through ``DuckDBWarehouse.replace_range_from_sql``,
the same path as the assets.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from itertools import chain
from pathlib import Path
from typing import Any

import pandas as pd

from nba_assets.assets.compute import compute_table, compute_tables
from nba_assets.sources.landing import BOX_STATS, FEEDS, Payload
from nba_assets.sources.player_registry import load_registry
from nba_assets.sources.player_resolution import Registry
from nba_assets.table_entry import Table
from nba_assets.tables import TABLES, TABLES_BY_PATH
from nba_assets.warehouse.base import Target
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import parse_payload

# the five phase-3 tables in catalogue order (each after the tables it reads)
ANALYTICS: dict[str, Table] = {t.name: t for t in TABLES if t.dataset == "nba_analytics"}
STAT_NAMES = tuple(c.name for c in BOX_STATS)


def utc(text: str) -> str:
    """A landing timestamp: ``"2024-01-21 01:00"`` -> ISO-8601 UTC."""
    return datetime.fromisoformat(text).strftime("%Y-%m-%dT%H:%M:%SZ")


def tipoff(game_date: date) -> str:
    """Every test game tips off at 01:00 UTC the next day (8 pm US Eastern)."""
    return utc(f"{game_date + timedelta(days=1)} 01:00")


class League:
    """Landing rows per feed, added game by game, then loaded into ``nba_raw``."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def add(self, feed: str, game_date: date, away: str, home: str, **row: Any) -> None:
        row = {"game_date": game_date.isoformat(), "away_team": away, "home_team": home, **row}
        self.rows[feed].append({k: "" if v is None else str(v) for k, v in row.items()})

    def schedule(self, game_date: date, away: str, home: str, **row: Any) -> None:
        defaults = {"season_year": 2023, "season_type": "regular", "game_status": "scheduled"}
        self.add("schedule", game_date, away, home, tipoff_utc=tipoff(game_date), **defaults | row)

    def game(
        self,
        game_date: date,
        away: str,
        home: str,
        lines: dict[str, list[dict[str, Any]]],
        team_minutes: str = "240:00",
        team_extra: dict[str, dict[str, Any]] | None = None,
        with_team_box: bool = True,
        season_year: int = 2023,
    ) -> None:
        """A final game: player lines per team; team boxes are the sums of the players' stats."""
        totals = {}
        for team, players in lines.items():
            for line in players:
                self.add("player_boxscores", game_date, away, home, team=team, **_box_line(line))
            totals[team] = {s: sum(p.get(s, 0) for p in players) for s in STAT_NAMES}
        if with_team_box:
            for team, total in totals.items():
                extra = (team_extra or {}).get(team, {})
                self.add(
                    "team_boxscores", game_date, away, home, team=team, minutes=team_minutes,
                    **total, **extra,
                )  # fmt: skip
        scores = {"away_score": totals[away]["points"], "home_score": totals[home]["points"]}
        self.schedule(game_date, away, home, game_status="final", season_year=season_year, **scores)

    def load(self, warehouse: DuckDBWarehouse) -> None:
        """Parse each feed's rows (failing on any quarantined row) and write its raw table.

        A feed without rows gets an empty table, as a deployment without it has. Props and
        injury reports come last: their names resolve through the player registry, built from
        the scene's rosters and box scores as the assets build it.
        """
        resolving = [name for name in FEEDS if FEEDS[name].resolves_names]
        for name in FEEDS:
            if name not in resolving:
                self._load_feed(warehouse, name, None)
        days = sorted(date.fromisoformat(r["game_date"]) for r in chain(*self.rows.values()))
        first, end = days[0], days[-1] + timedelta(1)
        compute_table(TABLES_BY_PATH["nba_raw/players"], warehouse, None, first, end)
        registry = load_registry(warehouse, end)
        for name in resolving:
            self._load_feed(warehouse, name, registry)

    def _load_feed(self, warehouse: DuckDBWarehouse, name: str, registry: Registry) -> None:
        feed = FEEDS[name]
        frame = self._frame(name)
        if frame.empty:  # an empty payload gives the table its columns and types
            payloads = [Payload(Path(f"{name}/none.csv"), date(2000, 1, 1), frame)]
            days = [date(2000, 1, 1)]
        else:
            payloads = [
                Payload(Path(f"{name}/{day}.csv"), date.fromisoformat(day), rows)
                for day, rows in frame.groupby("game_date")
            ]
            days = sorted(date.fromisoformat(d) for d in frame["game_date"])
        parsed = []
        for payload in payloads:
            result = parse_payload(feed, payload, registry)
            assert result.rejected.empty, result.rejected.to_dict("records")
            parsed.append(result.rows)
        target = Target("nba_raw", name, "game_date", feed.key)
        warehouse.replace_range_from_frame(
            target, pd.concat(parsed, ignore_index=True), days[0], days[-1] + timedelta(1)
        )

    def _frame(self, name: str) -> pd.DataFrame:
        return pd.DataFrame(self.rows.get(name, []), columns=FEEDS[name].column_names).fillna("")


def _box_line(line: dict[str, Any]) -> dict[str, Any]:
    """A player's landing row: zeros and 24 minutes unless given; DNP/inactive rows blank."""
    if line.get("status", "active") != "active":
        return {"starter": 0, **line}
    defaults = {"status": "active", "minutes": "24:00", "starter": 0}
    return {**defaults, **dict.fromkeys(STAT_NAMES, 0), **line}


def build(warehouse: DuckDBWarehouse, start: date, end: date) -> dict[str, int]:
    """Materialize the five analytics tables for ``[start, end)`` with the catalogue's params."""
    return compute_tables(warehouse, None, start, end, ANALYTICS.values())


def run_sql(
    warehouse: DuckDBWarehouse, name: str, start: date, end: date, **params: Any
) -> pd.DataFrame:
    """One analytics table's rows for ``[start, end)``, without writing them."""
    table = ANALYTICS[name]
    values = {"start_date": start, "end_date": end, **table.sql_params, **params}
    return warehouse.query(table.sql, values)


def table(warehouse: DuckDBWarehouse, name: str) -> pd.DataFrame:
    return warehouse.query(f"SELECT * FROM nba_analytics.{name}")


def split_line(line: dict[str, Any], parts: int) -> list[dict[str, Any]]:
    """One box line that stands for several players (only its totals matter) as ``parts``
    plausible player lines: counts and minutes split evenly, remainders to the first lines (so
    each line's made stays within attempted), points 2 × FGM + 3PM + FTM. The first line keeps
    the name; the others are "<name> 2", "<name> 3"..."""
    whole, seconds = (int(x) for x in str(line["minutes"]).split(":"))
    counts = {k: v for k, v in line.items() if k in STAT_NAMES and k != "points"}

    def share(total: int, i: int) -> int:
        return total // parts + (i < total % parts)

    lines = []
    for i in range(parts):
        clock = share(whole * 60 + seconds, i)
        split = {k: share(v, i) for k, v in counts.items()}
        points = 2 * split["fgm"] + split["fg3m"] + split["ftm"]
        name = line["player_name"] if i == 0 else f"{line['player_name']} {i + 1}"
        lines.append(
            line
            | split
            | {"player_name": name, "minutes": f"{clock // 60}:{clock % 60:02d}", "points": points}
        )
    assert sum(x["points"] for x in lines) == line["points"], line  # the totals were consistent
    return lines
