"""The player registry: name keys, resolution as known on a date, the reviewed alias file.

Real NBA names and person ids (public facts) in small hand-made registries; the real
first week of 2025-26 quotes against the real rosters is ``sources/real/test_player_registry.py``.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nba_assets.identifiers import fold_name
from nba_assets.sources.demo.names import BOOK_STYLES, FIRST_NAMES, LAST_NAMES, book_name
from nba_assets.sources.demo.names import player_names as demo_player_names
from nba_assets.sources.landing import FEEDS, Payload
from nba_assets.sources.player_aliases import AliasFileError, load_aliases
from nba_assets.sources.player_names import name_keys, without_suffix
from nba_assets.sources.player_registry import registry_rows
from nba_assets.sources.player_resolution import resolve
from nba_assets_tests.conftest import listed_registry, listings, parse_payload

DAY = date(2025, 10, 22)


@pytest.mark.parametrize(
    "name, exact, suffix_free",
    [
        ("Craig Porter Jr", "craigporterjr", "craigporter"),
        ("Craig Porter Jr.", "craigporterjr", "craigporter"),
        ("Jimmy Butler III", "jimmybutleriii", "jimmybutler"),
        ("Gary Payton II", "garypaytonii", "garypayton"),
        ("Marcus Morris Sr.", "marcusmorrissr", "marcusmorris"),
        ("Kelly Oubre Jr.", "kellyoubrejr", "kellyoubre"),
        ("Nikola Jokić", "nikolajokic", "nikolajokic"),
        ("P.J. Washington", "pjwashington", "pjwashington"),
        ("PJ Washington", "pjwashington", "pjwashington"),
        ("Shai Gilgeous-Alexander", "shaigilgeousalexander", "shaigilgeousalexander"),
        ("De'Aaron Fox", "deaaronfox", "deaaronfox"),
        ("Jones Jr., Derrick", "jonesjrderrick", "jonesjrderrick"),  # family-name-first: kept
        ("Nene", "nene", "nene"),
        ("Ja Jr.", "jajr", "jajr"),  # two words: "Jr." is not dropped from a two-word name
    ],
)
def test_name_keys(name: str, exact: str, suffix_free: str) -> None:
    keys = name_keys(name)
    assert [(k.key, k.match) for k in keys] == [(exact, "exact"), (suffix_free, "suffix_free")]
    assert keys[1].text == without_suffix(name)


def _registry(tmp_path: Path, players: dict[str, str], seen_in: str = "box_score"):
    """``players`` listed on the day before DAY; usable on DAY either way."""
    listed = listings(DAY - timedelta(1), players, seen_in)
    return listed_registry(tmp_path, listed, DAY + timedelta(30))


def _resolved(registry, names: list[str], day: date = DAY) -> list[tuple]:
    result = resolve(registry, pd.Series(names), pd.Series([day] * len(names)))
    return [
        reason or (pid, lookup)
        for pid, lookup, reason in zip(
            result.player_id, result.player_lookup, result.reason, strict=True
        )
    ]


@pytest.mark.parametrize(
    "nba_name, person, book_name_, lookup",
    [
        # a book adds or drops a suffix the NBA does not / does write
        ("Craig Porter", "1641854", "Craig Porter Jr", "craigporter"),
        ("Craig Porter Jr.", "1641854", "Craig Porter", "craigporterjr"),
        ("Jimmy Butler III", "202710", "Jimmy Butler", "jimmybutleriii"),
        ("Jimmy Butler", "202710", "Jimmy Butler III", "jimmybutler"),
        ("Isaiah Stewart", "1630191", "Isaiah Stewart II", "isaiahstewart"),
        ("Kelly Oubre Jr.", "1626162", "Kelly Oubre Jr", "kellyoubrejr"),
        ("Kelly Oubre Jr.", "1626162", "Kelly Oubre", "kellyoubrejr"),
        # accents and punctuation
        ("Nikola Jokić", "203999", "Nikola Jokic", "nikolajokic"),
        ("P.J. Washington", "1629023", "PJ Washington", "pjwashington"),
        ("RJ Barrett", "1629628", "R.J. Barrett", "rjbarrett"),
        # nicknames and given names: the reviewed alias file
        ("Nic Claxton", "1629651", "Nicolas Claxton", "nicclaxton"),
        ("Herbert Jones", "1630529", "Herb Jones", "herbertjones"),
        ("Bub Carrington", "1642267", "Carlton Carrington", "bubcarrington"),
        ("Ronald Holland II", "1641842", "Ron Holland", "ronaldhollandii"),
    ],
)
def test_a_source_spelling_resolves_to_the_nba_players_entry(
    tmp_path: Path, nba_name: str, person: str, book_name_: str, lookup: str
) -> None:
    registry = _registry(tmp_path, {nba_name: person, "Tyus Jones": "1626145"})
    assert _resolved(registry, [book_name_, nba_name]) == [(person, lookup), (person, lookup)]


def test_unknown_and_ambiguous_names_are_reasons_not_players(tmp_path: Path) -> None:
    registry = _registry(tmp_path, {"Gary Payton": "56", "Gary Payton II": "1627780"})
    assert _resolved(registry, ["Gary Payton", "Gary Payton II", "Gary Payton Jr", "Gary P."]) == [
        ("56", "garypayton"),  # an exact name wins over another player's suffix-free one
        ("1627780", "garypaytonii"),
        "ambiguous player name 'Gary Payton Jr': 1627780 (garypaytonii) or 56 (garypayton)",
        "unknown player name 'Gary P.' (no registry entry or alias)",
    ]


def test_a_chunk_without_names_or_matches_resolves_to_nothing(tmp_path: Path) -> None:
    """An off-season month has no rows; a month of unknown names matches no registry row."""
    registry = _registry(tmp_path, {"Tyus Jones": "1626145"})
    assert _resolved(registry, []) == []
    assert _resolved(registry, ["Gary P."]) == [
        "unknown player name 'Gary P.' (no registry entry or alias)"
    ]


def test_a_box_score_is_known_the_next_day_a_roster_the_same_day(tmp_path: Path) -> None:
    """Props for D are parsed before D's games: D's box score cannot name anyone for them."""
    listed = pd.concat(
        [
            listings(DAY, {"Cooper Flagg": "1642843"}, "box_score"),  # debut box score on D
            listings(DAY, {"Kon Knueppel": "1642851"}, "roster"),  # on D's pre-game roster
        ]
    )
    registry = listed_registry(tmp_path, listed, DAY + timedelta(2))
    assert _resolved(registry, ["Cooper Flagg", "Kon Knueppel"], DAY) == [
        "unknown player name 'Cooper Flagg' (no registry entry or alias)",
        ("1642851", "konknueppel"),
    ]
    assert _resolved(registry, ["Cooper Flagg"], DAY + timedelta(1)) == [("1642843", "cooperflagg")]
    # the same name on both days in one call (as a chunk of quotes has it), each row its own date
    names = pd.Series(["Cooper Flagg", "Kon Knueppel", "Cooper Flagg", "Cooper Flagg"])
    days = pd.Series([DAY, DAY, DAY + timedelta(1), DAY])
    result = resolve(registry, names, days)
    assert result.player_id.fillna("-").tolist() == ["-", "1642851", "1642843", "-"]
    assert (
        result.reason.tolist()[::3]
        == ["unknown player name 'Cooper Flagg' (no registry entry or alias)"] * 2
    )


def test_the_lookup_follows_the_name_the_nba_last_listed(tmp_path: Path) -> None:
    """Jimmy Butler became "Jimmy Butler III" on the NBA's pages: one person id throughout."""
    listed = pd.concat(
        [
            listings(date(2025, 4, 1), {"Jimmy Butler": "202710"}, "box_score"),
            listings(date(2025, 10, 21), {"Jimmy Butler III": "202710"}, "box_score"),
        ]
    )
    registry = listed_registry(tmp_path, listed, date(2025, 11, 1))
    assert _resolved(registry, ["Jimmy Butler", "Jimmy Butler III"], date(2025, 10, 21)) == [
        ("202710", "jimmybutler"),
        ("202710", "jimmybutler"),
    ]
    assert _resolved(registry, ["Jimmy Butler"], date(2025, 10, 22)) == [
        ("202710", "jimmybutleriii")
    ]


def test_registry_rows_hold_every_name_with_its_origin() -> None:
    listed = pd.concat(
        [
            listings(DAY, {"Nic Claxton": "1629651"}, "box_score"),
            listings(DAY, {"Nic Claxton": "1629651", "Craig Porter Jr.": "1641854"}, "roster"),
        ]
    )
    rows = registry_rows(listed, load_aliases())
    assert set(rows["seen_in"]) == {"roster"}  # listed twice on one date: the roster's row
    porter = rows[rows["player_id"] == "1641854"].set_index("match")
    assert porter.loc["exact", ["alias", "alias_key", "alias_source"]].tolist() == [
        "Craig Porter Jr.",
        "craigporterjr",
        "nba",
    ]
    assert porter.loc["suffix_free", ["alias", "alias_key", "alias_source"]].tolist() == [
        "Craig Porter",
        "craigporter",
        "generated",
    ]
    claxton = rows[(rows["player_id"] == "1629651") & (rows["alias_source"] == "alias_file")]
    assert claxton["alias"].unique().tolist() == ["Nicolas Claxton"]
    assert claxton["alias_reason"].str.startswith("The Odds API").all()
    assert (rows["player_lookup"][rows["player_id"] == "1629651"] == "nicclaxton").all()
    assert not rows.duplicated(["game_date", "player_id", "alias_key", "match"]).any()


def test_props_rows_are_quarantined_with_the_reason(tmp_path: Path) -> None:
    registry = _registry(tmp_path, {"Gary Payton": "56", "Gary Payton II": "1627780"})
    quote = {
        "nba_game_id": "",
        "game_date": DAY.isoformat(),
        "away_team": "GSW",
        "home_team": "LAL",
        "tipoff_utc": "2025-10-23T02:00:00Z",
        "snapshot_utc": "2025-10-22T17:00:00Z",
        "bookmaker": "fanduel",
        "line": "5.5",
        "over_price": "-110",
        "under_price": "-110",
    }
    names = ["Gary Payton II", "Gary Payton Jr", "Gary P."]
    frame = pd.DataFrame([{**quote, "player_name": n} for n in names])
    parsed = parse_payload(FEEDS["player_props"], Payload(Path("p.csv"), DAY, frame), registry)
    assert parsed.rows[["player_id", "player_lookup"]].values.tolist() == [
        ["1627780", "garypaytonii"]
    ]
    assert parsed.rejected["reason"].str.split(":").str[0].tolist() == [
        "ambiguous player name 'Gary Payton Jr'",
        "unknown player name 'Gary P.' (no registry entry or alias)",
    ]
    assert '"player_name": "Gary P."' in parsed.rejected["payload"].iloc[1]


def test_every_demo_books_spelling_finds_its_one_player() -> None:
    """The demo's books drop periods, accents and suffixes (``demo/names.book_name``): across
    every name the demo can draw, each spelling's strongest key belongs to its own player."""
    names = demo_player_names(7, np.arange(len(FIRST_NAMES) * len(LAST_NAMES)))
    keys = [name_keys(n) for n in names]
    exact = {k[0].key: i for i, k in enumerate(keys)}
    bare = {k[1].key: i for i, k in enumerate(keys)}
    assert len(exact) == len(bare) == len(names)
    for i, name in enumerate(names):
        for book in BOOK_STYLES:
            written, suffix_free = name_keys(book_name(name, book))
            assert exact.get(written.key, bare.get(suffix_free.key)) == i, (name, book)
    assert book_name("Luka Šarić Jr.", "fanduel") == "Luka Saric Jr"
    assert book_name("Luka Šarić Jr.", "betmgm") == "Luka Šarić"
    assert fold_name(book_name("P.J. Hadžić", "caesars")) == fold_name("P.J. Hadžić")


@pytest.mark.parametrize(
    "text, message",
    [
        ("- player_id: '1'\n  nba_name: A B\n  alias: A\n  source: s\n", "reason missing"),
        ("- {player_id: '1', nba_name: A, alias: A, source: s, reason: r, team: X}", "team"),
        ("player_id: '1'", "expected a list"),
        ("- {player_id: '1', nba_name: A, alias: C, source: s, reason: r}\n" * 2, "repeats"),
    ],
)
def test_a_bad_alias_file_names_the_entry_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text(text)
    with pytest.raises(AliasFileError, match=message):
        load_aliases(path)


def test_the_reviewed_alias_file_loads() -> None:
    entries = load_aliases()
    assert len(entries) >= 4 and all(e.source and e.reason for e in entries)
    assert len({(e.player_id, e.alias) for e in entries}) == len(entries)
