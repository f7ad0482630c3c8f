"""The keys a player's name is matched by: "Craig Porter" is the NBA's "Craig Porter Jr.".

Folding (``identifiers.fold_name``: accents, case, punctuation and spaces away) already makes
"P.J. Washington" and "PJ Washington", or "Nikola Jokić" and "Nikola Jokic", one key.
Books also drop or add a generational suffix ("Jimmy Butler" for "Jimmy Butler III",
"Isaiah Stewart II" for "Isaiah Stewart"), so every name has a second, weaker key
without it. A name is looked up by its exact key first and by its suffix-free key only
when nothing matched exactly, so a suffix is never needed to tell two players apart when
one of them is written exactly. Nicknames ("Herb" / "Herbert" Jones) are not generated:
they come from the reviewed alias file (``player_aliases.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nba_assets.identifiers import fold_name

Match = Literal["exact", "suffix_free"]
MATCH_ORDER: tuple[Match, ...] = ("exact", "suffix_free")  # tried in this order

GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv"})


def without_suffix(name: str) -> str:
    """The name without a trailing generational suffix: ``"Kelly Oubre Jr."`` -> ``"Kelly Oubre"``.

    A one-word name keeps its last word (nobody is called "Jr.").
    """
    words = name.replace(",", " ").split()
    if len(words) > 2 and fold_name(words[-1]) in GENERATIONAL:
        words = words[:-1]
    return " ".join(words)


@dataclass(frozen=True)
class NameKey:
    text: str  # the name the key was made from (a generated one for suffix_free)
    key: str
    match: Match


def name_keys(name: str) -> tuple[NameKey, NameKey]:
    """The exact and the suffix-free key of a name (equal when it has no suffix)."""
    bare = without_suffix(name)
    return NameKey(name, fold_name(name), "exact"), NameKey(bare, fold_name(bare), "suffix_free")
