"""Resolving a source's player names to the registry's players, as known on each row's date.

A name matches a registry key that was usable on the row's game date: a roster listing
from that date on, a box score from the next date on (``player_registry.py``), an alias
file entry always. Its exact key is tried first, its suffix-free key only when nothing
matched exactly (``player_names.py``). One player found: the row gets his person id and
the registry's ``player_lookup`` for him on that date (the name he was last listed
under). None: the row is quarantined as an unknown name, never made a new player. Two or
more: quarantined as ambiguous, naming every candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from nba_assets.identifiers import player_lookup
from nba_assets.sources.player_aliases import AliasEntry
from nba_assets.sources.player_names import MATCH_ORDER, name_keys

ALWAYS = pd.Timestamp("1900-01-01")  # when an alias file entry becomes usable


@dataclass(frozen=True)
class Registry:
    """What the registry knows, with the first date each piece of it may be used."""

    keys: pd.DataFrame  # alias_key, match, player_id, usable_from
    names: pd.DataFrame  # player_id, usable_from, player_lookup (his name from that date on)

    @classmethod
    def build(
        cls, keys: pd.DataFrame, names: pd.DataFrame, aliases: Sequence[AliasEntry]
    ) -> Registry:
        """The registry's rows (usable from their dates) plus the alias file (usable always)."""
        entries = [(key, entry) for entry in aliases for key in name_keys(entry.alias)]
        alias_keys = pd.DataFrame(
            {
                "alias_key": [key.key for key, _ in entries],
                "match": [key.match for key, _ in entries],
                "player_id": [entry.player_id for _, entry in entries],
                "usable_from": ALWAYS,
            }
        )
        alias_names = pd.DataFrame(
            {
                "player_id": [entry.player_id for entry in aliases],
                "usable_from": ALWAYS,
                "player_lookup": [player_lookup(entry.nba_name) for entry in aliases],
            }
        )
        keys, names = _stack(keys, alias_keys), _stack(names, alias_names)
        keys["usable_from"], names["usable_from"] = (
            _day(keys["usable_from"]),
            _day(names["usable_from"]),
        )
        return cls(
            keys.groupby(["alias_key", "match", "player_id"], as_index=False)["usable_from"].min(),
            names.drop_duplicates().sort_values(["usable_from", "player_id", "player_lookup"]),
        )


@dataclass(frozen=True)
class Resolved:
    """Per input row: the person id and lookup, or the reason it was not resolved."""

    player_id: pd.Series
    player_lookup: pd.Series
    reason: pd.Series  # "" when resolved


def _stack(*frames: pd.DataFrame) -> pd.DataFrame:
    """The frames' rows one after the other (empty ones left out: they carry no types)."""
    rows = [frame for frame in frames if len(frame)]
    return pd.concat(rows, ignore_index=True) if rows else frames[0].copy()


def _day(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).astype("datetime64[us]")


def _candidates(registry: Registry, query: pd.DataFrame) -> pd.DataFrame:
    """(row, player_id) pairs from the strongest match that found anyone for the row."""
    found, matched = [], pd.Index([])
    for match in MATCH_ORDER:
        keys = registry.keys[registry.keys["match"] == match]
        hits = query.merge(keys, left_on=match, right_on="alias_key")
        hits = hits[(hits["usable_from"] <= hits["day"]) & ~hits["row"].isin(matched)]
        found.append(hits[["row", "day", "player_id"]].drop_duplicates())
        matched = matched.union(pd.Index(hits["row"].unique()))
    return pd.concat(found, ignore_index=True)


def _lookups(registry: Registry, candidates: pd.DataFrame) -> pd.Series:
    """Each candidate's ``player_lookup`` on the row's date: the name he was last listed under."""
    asof = pd.merge_asof(
        candidates.reset_index().sort_values("day"),
        registry.names.rename(columns={"usable_from": "day"}),
        on="day",
        by="player_id",
        direction="backward",
    )
    return asof.set_index("index")["player_lookup"].reindex(candidates.index)


def _query(names: pd.Series, dates: pd.Series) -> pd.DataFrame:
    """One row per input row: its position, date and the keys of its name."""
    keys = {name: name_keys(name) for name in names.unique()}
    return pd.DataFrame(
        {
            "row": range(len(names)),
            "day": _day(pd.Series(list(dates))),
            **{  # text even when empty: an empty chunk's keys still join the registry's
                match: pd.Series([keys[name][i].key for name in names], dtype=object)
                for i, match in enumerate(MATCH_ORDER)
            },
        }
    )


def _reasons(names: pd.Series, candidates: pd.DataFrame, count: pd.Series) -> pd.Series:
    """Why each row was not resolved: nobody found, or several (each named); "" otherwise."""
    text = pd.Series(list(names), dtype=object)
    reason = pd.Series("", index=count.index, dtype=object)
    unknown = count.to_numpy() == 0
    reason[unknown] = [
        f"unknown player name '{name}' (no registry entry or alias)" for name in text[unknown]
    ]
    listed = (candidates["player_id"] + " (" + candidates["player_lookup"] + ")").groupby(
        candidates["row"]
    )
    several = count[count > 1].index
    reason[several] = [
        f"ambiguous player name '{text[row]}': " + " or ".join(listed.get_group(row))
        for row in several
    ]
    return reason


def _relevant(registry: Registry, query: pd.DataFrame) -> Registry:
    """The registry's rows that any of the query's keys can match: a chunk's joins then cost
    what the chunk holds, not what every season in the registry does."""
    wanted = pd.unique(query[list(MATCH_ORDER)].to_numpy().ravel())
    keys = registry.keys[registry.keys["alias_key"].isin(wanted)]
    names = registry.names[registry.names["player_id"].isin(keys["player_id"].unique())]
    return Registry(keys, names)


def resolve(registry: Registry, names: pd.Series, dates: pd.Series) -> Resolved:
    """Resolve each name as known on its row's game date (``names`` and ``dates`` aligned),
    each (name, date) once: a day's book quotes repeat a player's name dozens of times."""
    pairs = pd.DataFrame({"name": names.to_numpy(), "day": dates.to_numpy()})
    pair_of_row = pairs.groupby(["name", "day"], sort=False, dropna=False).ngroup().to_numpy()
    unique = pairs.drop_duplicates(ignore_index=True)  # in the order ngroup numbers them
    query = _query(unique["name"], unique["day"])
    registry = _relevant(registry, query)
    candidates = _candidates(registry, query)
    candidates["player_lookup"] = _lookups(registry, candidates)
    candidates = candidates.sort_values(["row", "player_id"])
    count = candidates.groupby("row")["player_id"].size().reindex(query["row"], fill_value=0)
    single = candidates[candidates["row"].isin(count[count == 1].index)].set_index("row")

    def aligned(values: pd.Series) -> pd.Series:
        by_pair = values.reindex(query["row"]).to_numpy()
        return pd.Series(by_pair[pair_of_row], index=names.index, dtype=object)

    return Resolved(
        aligned(single["player_id"]),
        aligned(single["player_lookup"]),
        aligned(_reasons(unique["name"], candidates, count)),
    )
