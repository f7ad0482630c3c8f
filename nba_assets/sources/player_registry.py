"""The player registry (``nba_raw.players``): who the NBA listed on each date, by every name.

Identity is the NBA's person id (a source without one is identified by its folded name,
``name:<lookup>``). Each game date's partition holds the players the NBA listed that day,
from the pre-game rosters and from the box scores (DNP and inactive rows included), each
with the name the NBA used, its ``player_lookup``, and every key the player is matched by:
the NBA name itself, its suffix-free variant, and the reviewed alias file's names for him.

Point in time: props and injury reports for date D are parsed before D's games, so they
resolve against what was usable on D (``player_resolution.py``): box scores of earlier dates
(a box score exists only after its games), rosters of D and before (published before tip-off)
and the alias file. Re-parsing D after its box score arrived gives the same rows. A rookie
on his debut day is known through the roster, or through an alias file entry where a source
has no rosters; otherwise his rows are quarantined until he has been listed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from nba_assets.identifiers import player_lookup
from nba_assets.sources.player_aliases import AliasEntry, load_aliases
from nba_assets.sources.player_names import MATCH_ORDER, name_keys
from nba_assets.sources.player_resolution import Registry
from nba_assets.warehouse import Warehouse, range_params

COLUMNS = [
    "game_date",
    "player_id",
    "player_name",
    "player_lookup",
    "seen_in",
    "alias",
    "alias_key",
    "match",
    "alias_source",
    "alias_reason",
]
KEY = ("game_date", "player_id", "alias_key", "match")
LISTING = ["game_date", "player_id", "player_name", "player_lookup", "seen_in"]
SEEN_IN = ("roster", "box_score")  # a roster listing wins: it is usable on its own date
GENERATED = "generational suffix dropped or added"
LISTED = {
    "player_boxscores": "box_score",
    "rosters": "roster",
}  # raw table -> how its listing is seen
# A roster listing is usable from its game date, a box score's from the next date.
USABLE_FROM = "IF(seen_in = 'roster', game_date, DATE_ADD(game_date, INTERVAL 1 DAY))"


def _listings(sightings: pd.DataFrame) -> pd.DataFrame:
    """One listing per player and date (the roster's when both listed him)."""
    order = sightings["seen_in"].map({s: i for i, s in enumerate(SEEN_IN)})
    ranked = sightings.assign(_order=order).sort_values(["game_date", "player_id", "_order"])
    listed = ranked.drop_duplicates(["game_date", "player_id"]).drop(columns="_order")
    return listed.assign(player_lookup=listed["player_name"].map(player_lookup))


def _keyed(listed: pd.DataFrame, names: pd.Series, source: str, reasons: pd.Series | str):
    """A row per key of each listed player's name (``names`` aligned with ``listed``)."""
    keys = {name: name_keys(name) for name in names.unique()}
    frames = []
    for i, match in enumerate(MATCH_ORDER):
        generated = match == "suffix_free" and source == "nba"
        frames.append(
            listed[LISTING].assign(
                alias=names.map(lambda name, i=i: keys[name][i].text),
                alias_key=names.map(lambda name, i=i: keys[name][i].key),
                match=match,
                alias_source="generated" if generated else source,
                alias_reason=GENERATED if generated else reasons,
            )
        )
    return pd.concat(frames)


def registry_rows(sightings: pd.DataFrame, aliases: Sequence[AliasEntry]) -> pd.DataFrame:
    """Registry rows from who was listed (game_date, player_id, player_name, seen_in)."""
    listed = _listings(sightings)
    own = _keyed(listed, listed["player_name"], "nba", "")
    by_player = pd.DataFrame(
        {
            "player_id": [e.player_id for e in aliases],
            "alias": [e.alias for e in aliases],
            "why": [f"{e.source}: {e.reason}" for e in aliases],
        }
    )
    aliased = listed.merge(by_player, on="player_id")
    reviewed = _keyed(aliased, aliased["alias"], "alias_file", aliased["why"])
    frame = pd.concat([own, reviewed])[COLUMNS].drop_duplicates(list(KEY))
    return frame.sort_values(list(KEY), kind="stable").reset_index(drop=True)


def _sightings(warehouse: Warehouse, start: date, end: date) -> pd.DataFrame:
    selects = [
        f"SELECT game_date, player_id, player_name, player_lookup, '{seen}' AS seen_in "
        f"FROM nba_raw.{table} WHERE game_date >= @start_date AND game_date < @end_date"
        for table, seen in LISTED.items()
        if warehouse.table_exists("nba_raw", table)
    ]
    if not selects:
        return pd.DataFrame(columns=["game_date", "player_id", "player_name", "seen_in"])
    rows = warehouse.query(" UNION ALL ".join(selects), range_params(start, end))
    rows["game_date"] = pd.to_datetime(rows["game_date"]).dt.date
    person = rows["player_id"].astype("string").replace("", pd.NA)
    rows["player_id"] = person.fillna("name:" + rows["player_lookup"]).astype(object)
    return rows.drop(columns="player_lookup")


def build_players(warehouse: Warehouse, start: date, end: date) -> list[pd.DataFrame]:
    """The catalogue's builder for ``nba_raw/players`` over ``[start, end)`` (one piece)."""
    return [registry_rows(_sightings(warehouse, start, end), load_aliases())]


def load_registry(
    warehouse: Warehouse, end: date, aliases: Sequence[AliasEntry] | None = None
) -> Registry:
    """What is usable on some date before ``end``: the registry's rows and the alias file."""
    aliases = load_aliases() if aliases is None else aliases
    if not warehouse.table_exists("nba_raw", "players"):
        empty = pd.DataFrame(columns=["alias_key", "match", "player_id", "usable_from"])
        names = pd.DataFrame(columns=["player_id", "usable_from", "player_lookup"])
        return Registry.build(empty, names, aliases)
    usable = f"SELECT *, {USABLE_FROM} AS usable_from FROM nba_raw.players"
    params = {"end_date": end}
    keys = warehouse.query(
        f"SELECT alias_key, match, player_id, MIN(usable_from) AS usable_from FROM ({usable}) "
        "WHERE usable_from < @end_date GROUP BY alias_key, match, player_id",
        params,
    )
    # a player's name as of each date it changed: the registry lists him every date he played,
    # and a lookup is the name of his latest listing (a date's ties: the last name in order)
    names = warehouse.query(
        "SELECT player_id, usable_from, player_lookup FROM ("
        "SELECT *, LAG(player_lookup) OVER (PARTITION BY player_id ORDER BY usable_from) AS earlier_lookup "
        f"FROM (SELECT player_id, usable_from, MAX(player_lookup) AS player_lookup FROM ({usable}) "
        "WHERE usable_from < @end_date GROUP BY player_id, usable_from)"
        ") WHERE earlier_lookup IS DISTINCT FROM player_lookup",
        params,
    )
    return Registry.build(keys, names, aliases)
