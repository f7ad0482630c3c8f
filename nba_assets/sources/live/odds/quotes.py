"""Sportsbook quotes (The Odds API's event shape) -> ``player_props`` / ``game_lines`` rows.

One event body holds, per bookmaker, the markets asked for: ``player_points``
(an Over and an Under outcome per player, ``description`` = the player,
``point`` = the line), ``spreads`` (one outcome per team) and ``totals``.
Prices are American. A quote taken at or after tip-off is an in-game quote:
it is dropped here and counted, so no line can ever be an in-game one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
from nba_api.stats.static import teams

from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.sources.landing import FEEDS

PROPS_MARKET = "player_points"
LINE_MARKETS = ("spreads", "totals")
TEAM_CODES_BY_NAME = {t["full_name"]: t["abbreviation"] for t in teams.get_teams()}
TEAM_CODES_BY_NAME["LA Clippers"] = "LAC"  # books write both


class QuoteError(ValueError):
    """A quote that cannot be placed (unknown team name, missing field)."""


@dataclass(frozen=True)
class Quotes:
    props: pd.DataFrame
    lines: pd.DataFrame
    in_game_dropped: int = 0  # player quotes taken at or after their own game's tip-off


def team_code(name: str) -> str:
    try:
        return TEAM_CODES_BY_NAME[name]
    except KeyError:
        raise QuoteError(f"unknown team name {name!r} in an odds quote") from None


def _game(event: dict, snapshot_utc: datetime) -> dict:
    tipoff = pd.Timestamp(event["commence_time"]).tz_convert("UTC")
    return {
        "game_date": tipoff.tz_convert(ZoneInfo(GAME_TIMEZONE)).date().isoformat(),
        "away_team": team_code(event["away_team"]),
        "home_team": team_code(event["home_team"]),
        "tipoff_utc": tipoff.isoformat(),
        "snapshot_utc": pd.Timestamp(snapshot_utc).tz_convert("UTC").isoformat(),
    }


def _props(game: dict, book: str, outcomes: list[dict]) -> list[dict]:
    """One row per player and line: the Over and Under outcomes paired."""
    prices: dict[tuple[str, float], dict[str, str]] = {}
    for outcome in outcomes:
        side = prices.setdefault((outcome["description"], outcome["point"]), {})
        side[outcome["name"].lower()] = str(int(outcome["price"]))
    return [
        {**game, "bookmaker": book, "player_name": player, "line": str(line)}
        | {"over_price": side.get("over", ""), "under_price": side.get("under", "")}
        for (player, line), side in prices.items()
    ]


def _line(game: dict, book: str, markets: dict[str, list[dict]], home: str) -> list[dict]:
    spread = [o["point"] for o in markets.get("spreads", []) if o["name"] == home]
    total = [o["point"] for o in markets.get("totals", []) if o["name"] == "Over"]
    if not spread or not total:
        return []  # a book quoting only one of the two: no row (both columns are required)
    return [{**game, "bookmaker": book, "home_spread": str(spread[0]), "total": str(total[0])}]


def event_quotes(event: dict, snapshot_utc: datetime) -> Quotes:
    """The quotes of one event as seen at ``snapshot_utc``; none if the game had begun
    (its player quotes are then counted in ``in_game_dropped``)."""
    game = _game(event, snapshot_utc)
    props, lines = [], []
    for book in event.get("bookmakers", []):
        markets = {m["key"]: m["outcomes"] for m in book.get("markets", [])}
        props += _props(game, book["key"], markets.get(PROPS_MARKET, []))
        lines += _line(game, book["key"], markets, event["home_team"])
    pre_game = pd.Timestamp(game["snapshot_utc"]) < pd.Timestamp(game["tipoff_utc"])
    return Quotes(
        pd.DataFrame(props if pre_game else [], columns=FEEDS["player_props"].column_names),
        pd.DataFrame(lines if pre_game else [], columns=FEEDS["game_lines"].column_names),
        0 if pre_game else len(props),
    )


def _implied(price: pd.Series) -> pd.Series:
    """Win probability implied by an American price (-110 -> 0.524, +150 -> 0.4)."""
    odds = pd.to_numeric(price, errors="coerce")
    return (-odds / (100 - odds)).where(odds < 0, 100 / (odds + 100))


def main_lines(props: pd.DataFrame) -> pd.DataFrame:
    """One line per player, book and snapshot: the most balanced Over/Under pair.

    Books (Bovada above all) also quote alternate lines in the same market; the
    main line is the one priced nearest to even on both sides, and alternates
    would otherwise repeat the raw table's key.
    """
    skew = (_implied(props["over_price"]) - _implied(props["under_price"])).abs().fillna(1.0)
    key = ["game_date", "away_team", "home_team", "player_name", "bookmaker", "snapshot_utc"]
    ranked = props.assign(_skew=skew).sort_values([*key, "_skew", "line"], kind="stable")
    return ranked.drop_duplicates(key).drop(columns="_skew").reset_index(drop=True)


def combine(quotes: list[Quotes]) -> Quotes:
    return Quotes(
        main_lines(pd.concat([q.props for q in quotes], ignore_index=True))
        if quotes
        else pd.DataFrame(columns=FEEDS["player_props"].column_names),
        pd.concat([q.lines for q in quotes], ignore_index=True)
        if quotes
        else pd.DataFrame(columns=FEEDS["game_lines"].column_names),
        sum(q.in_game_dropped for q in quotes),
    )
