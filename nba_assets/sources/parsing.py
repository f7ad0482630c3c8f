"""Payload rows -> typed raw-table rows, with every bad row quarantined and explained.

A row is rejected (never silently dropped) when a required field is missing,
a value does not parse, a team code is unknown, a stat is negative, a value is
not one of the allowed choices, its date is not the payload's date, its player
name does not resolve to exactly one player of the registry (feeds that carry a
source's own spelling: props, injury reports), or its key repeats an earlier
row. Rejected rows keep the file, row number, reason and the original text so a
user can look at them in ``nba_raw.<table>_quarantine``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from nba_assets.identifiers import TEAM_CODES, game_id, parse_minutes, player_lookup
from nba_assets.sources.landing import Column, Feed, Payload
from nba_assets.sources.plausibility import impossible
from nba_assets.sources.player_resolution import Registry, resolve

RENAMES = {"team": "team_abbr", "away_team": "away_team_abbr", "home_team": "home_team_abbr"}
QUARANTINE_COLUMNS = ["game_date", "source_file", "row_number", "reason", "payload"]
_TRUE = {"1", "true", "t", "yes", "y"}
_FALSE = {"0", "false", "f", "no", "n"}
_STRIP = np.frompyfunc(str.strip, 1, 1)  # every cell in one pass, not a .str.strip() per column


@dataclass(frozen=True)
class Parsed:
    rows: pd.DataFrame
    rejected: pd.DataFrame


def _minutes(value: str) -> float | None:
    try:
        return parse_minutes(value)
    except ValueError:
        return float("nan")  # marks "present but unparseable"


def _convert(column: Column, text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Typed values and a mask of non-empty values that failed to parse."""
    empty = text == ""
    if column.kind == "int":
        number = pd.to_numeric(text.where(~empty), errors="coerce")
        whole = number.notna() & (number == number.round())
        values = number.where(whole).astype("Int64")
        return values, ~empty & ~whole
    if column.kind == "float":
        values = pd.to_numeric(text.where(~empty), errors="coerce").astype("float64")
        return values, ~empty & values.isna()
    if column.kind == "date":
        stamps = pd.to_datetime(text.where(~empty), format="%Y-%m-%d", errors="coerce")
        return stamps.dt.date.where(stamps.notna(), None), ~empty & stamps.isna()
    if column.kind == "timestamp":
        stamps = pd.to_datetime(text.where(~empty), utc=True, errors="coerce", format="ISO8601")
        return stamps, ~empty & stamps.isna()
    if column.kind == "minutes":
        values = pd.Series([_minutes(v) for v in text], index=text.index, dtype="float64")
        return values.where(values.notna(), None).astype("float64"), ~empty & values.isna()
    if column.kind == "flag":
        lowered = text.str.lower()
        values = lowered.map(lambda v: True if v in _TRUE else False if v in _FALSE else None)
        return values.astype("boolean"), ~empty & values.isna()
    if column.kind == "team":
        upper = text.str.upper()
        return upper.where(~empty).astype("string"), ~empty & ~upper.isin(TEAM_CODES)
    lowered = text if not column.choices else text.str.lower()
    bad = ~empty & ~lowered.isin(column.choices) if column.choices else empty & False
    return lowered.where(~empty).astype("string"), bad


def _describe(column: Column, text: pd.Series) -> pd.Series:
    if column.kind == "team":
        return column.name + ": unknown team code '" + text + "'"
    if column.choices:
        allowed = "|".join(column.choices)
        return column.name + ": '" + text + f"' is not one of {allowed}"
    return column.name + ": cannot parse '" + text + f"' as {column.kind}"


def _players(feed: Feed, rows: pd.DataFrame, ok: pd.Series, registry: Registry | None) -> pd.Series:
    """Fill ``player_lookup`` (and ``player_id`` for resolved feeds) of the ``ok`` rows;
    the reason each row that did not resolve is rejected ("" for the others)."""
    rows.insert(1, "player_lookup", pd.Series(pd.NA, index=rows.index, dtype="string"))
    reasons = pd.Series("", index=rows.index, dtype=object)
    if not feed.resolves_names:
        rows.loc[ok, "player_lookup"] = [player_lookup(n) for n in rows.loc[ok, "player_name"]]
        return reasons
    if registry is None:
        raise ValueError(f"{feed.name}: player names resolve through the player registry; pass one")
    resolved = resolve(registry, rows.loc[ok, "player_name"], rows.loc[ok, "game_date"])
    rows.insert(2, "player_id", pd.Series(pd.NA, index=rows.index, dtype="string"))
    rows.loc[ok, "player_id"] = resolved.player_id
    rows.loc[ok, "player_lookup"] = resolved.player_lookup
    reasons[ok] = resolved.reason
    return reasons


# why rows are rejected: one text, a text per row, or a function of the mask of the rows being
# rejected that writes theirs (a reason is built only for the rows it rejects: most masks are empty)
Why = str | pd.Series | Callable[[pd.Series], pd.Series]


class _Reasons:
    """Why each row is rejected: its first reason, "" while it has none."""

    def __init__(self, index: pd.Index) -> None:
        self.text = pd.Series("", index=index, dtype=object)
        self.open = np.ones(len(index), dtype=bool)  # no reason yet

    def reject(self, mask: pd.Series, why: Why) -> None:
        first = mask.fillna(False).to_numpy(dtype=bool) & self.open
        if not first.any():
            return
        self.open &= ~first
        rows = pd.Series(first, index=self.text.index)
        if callable(why):
            self.text[rows] = why(rows)  # built for these rows only
        else:
            self.text[rows] = why[rows] if isinstance(why, pd.Series) else why

    @property
    def ok(self) -> pd.Series:
        return pd.Series(self.open.copy(), index=self.text.index)


def _stack(feed: Feed, payloads: Sequence[Payload]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The payloads' rows as text in one frame, and where each row came from."""
    columns = feed.column_names
    frames = [p.frame.reindex(columns=columns) for p in payloads]
    raw = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    raw = raw.fillna("").astype(str)
    origin = pd.DataFrame(
        {
            "source_file": [str(p.path) for p in payloads for _ in range(len(p.frame))],
            "payload_date": [p.game_date for p in payloads for _ in range(len(p.frame))],
            "row_number": [i + 1 for p in payloads for i in range(len(p.frame))],
        },
        index=raw.index,
    )
    return raw, origin


def _typed(feed: Feed, text: pd.DataFrame, reasons: _Reasons) -> pd.DataFrame:
    """Each declared column typed; a value that is missing, unparseable, negative or
    implausible rejects its row."""
    typed = {
        column.name: _typed_column(column, text[column.name], reasons) for column in feed.columns
    }
    for broken, why in impossible(typed, feed.most):
        reasons.reject(broken, why)
    return pd.DataFrame(typed, index=text.index).rename(columns=RENAMES)


def _typed_column(column: Column, text: pd.Series, reasons: _Reasons) -> pd.Series:
    values, unparseable = _convert(column, text)
    reasons.reject(unparseable, lambda rows: _describe(column, text[rows]))
    if column.required:
        reasons.reject(text == "", f"{column.name}: missing")
    if column.non_negative:
        numeric = pd.to_numeric(values, errors="coerce")
        reasons.reject(numeric < 0, lambda rows: column.name + ": negative value " + text[rows])
    return values


def _add_game_ids(rows: pd.DataFrame, ok: pd.Series) -> None:
    rows.insert(0, "game_id", pd.Series(pd.NA, index=rows.index, dtype="string"))
    games = list(
        zip(
            rows.loc[ok, "game_date"].to_numpy(dtype=object),
            rows.loc[ok, "away_team_abbr"].to_numpy(dtype=object),
            rows.loc[ok, "home_team_abbr"].to_numpy(dtype=object),
            strict=True,
        )
    )
    ids = {game: game_id(*game) for game in set(games)}  # a game's rows share its id
    rows.loc[ok, "game_id"] = [ids[game] for game in games]


def _add_sides(rows: pd.DataFrame, text: pd.DataFrame, ok: pd.Series, reasons: _Reasons) -> None:
    """``is_home`` and ``opponent_team_abbr``; a team that plays neither side rejects its row."""
    home = (rows["team_abbr"] == rows["home_team_abbr"]).astype("boolean")
    rows["is_home"] = home
    rows["opponent_team_abbr"] = rows["away_team_abbr"].where(home, rows["home_team_abbr"])
    reasons.reject(
        ok & ~home.fillna(False) & (rows["team_abbr"] != rows["away_team_abbr"]).fillna(True),
        lambda rows: "team: '" + text["team"][rows] + "' is neither the home nor the away team",
    )


def _quarantined(raw: pd.DataFrame, origin: pd.DataFrame, reasons: _Reasons) -> pd.DataFrame:
    ok = reasons.ok
    bad = origin[~ok]
    return pd.DataFrame(
        {
            "game_date": bad["payload_date"],
            "source_file": pd.array(bad["source_file"], dtype="string"),
            "row_number": pd.array(bad["row_number"], dtype="Int64"),
            "reason": pd.array(reasons.text[~ok], dtype="string"),
            "payload": pd.array(
                [json.dumps(r, ensure_ascii=False) for r in raw[~ok].to_dict("records")],
                dtype="string",
            ),
        },
        columns=QUARANTINE_COLUMNS,
    )


def parse_payloads(
    feed: Feed,
    payloads: Sequence[Payload],
    registry: Registry | None = None,
    scheduled: Collection[str] | None = None,
) -> Parsed:
    """Parse many payload files in one vectorised pass (cost per row, not per file).

    Feeds whose names resolve through the player registry need ``registry`` (as usable
    on each row's date: ``player_registry.load_registry``); with ``scheduled`` (the game ids
    of nba_raw.schedule over the range), a row of any other game is quarantined."""
    raw, origin = _stack(feed, payloads)
    text = pd.DataFrame(_STRIP(raw.to_numpy(dtype=object)), index=raw.index, columns=raw.columns)
    reasons = _Reasons(raw.index)
    rows = _typed(feed, text, reasons)
    reasons.reject(
        rows["game_date"].notna() & (rows["game_date"] != origin["payload_date"]),
        lambda rows: (
            "game_date: row is not for the payload's date "
            + origin["payload_date"][rows].astype(str)
        ),
    )
    ok = reasons.ok  # the rows ids are derived for
    _add_game_ids(rows, ok)
    if scheduled is not None:  # a game the schedule of that date does not have
        reasons.reject(
            ok & ~rows["game_id"].isin(scheduled),
            lambda bad: (
                "game_id: " + rows["game_id"][bad] + " is not in nba_raw.schedule for its date"
            ),
        )
    if feed.has_player:
        unresolved = _players(feed, rows, ok, registry)
        reasons.reject(unresolved != "", unresolved)
    if "team_abbr" in rows.columns:
        _add_sides(rows, text, ok, reasons)
    valid = reasons.ok
    duplicate = valid & rows[list(feed.key)].where(valid).duplicated(keep="first")
    reasons.reject(duplicate, "duplicate key (" + ", ".join(feed.key) + ") of an earlier row")
    rejected = _quarantined(raw, origin, reasons)
    return Parsed(rows[reasons.ok].reset_index(drop=True), rejected.reset_index(drop=True))
