"""Canonical identifiers fixed at the raw boundary and used everywhere after.

- game_id: ``YYYYMMDD_AWAY_HOME`` (source-independent; the source's own id is kept
  as ``nba_game_id``).
- player_lookup: full name folded to ASCII lowercase letters and digits. Box scores and
  shots take it from the NBA's own name; props and injury reports resolve theirs through
  the player registry (``sources/player_registry.py``): folding alone is not identity.
- team_abbr: one of the 30 three-letter codes.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

import pandas as pd

TEAM_CODES: frozenset[str] = frozenset(
    "ATL BKN BOS CHA CHI CLE DAL DEN DET GSW HOU IND LAC LAL MEM "
    "MIA MIL MIN NOP NYK OKC ORL PHI PHX POR SAC SAS TOR UTA WAS".split()
)

GAME_ID_PATTERN = r"^[0-9]{8}_[A-Z]{3}_[A-Z]{3}$"

# Names the NBA itself changed (older box scores spell them this way); folded form ->
# canonical lookup, so a player's box-score history keeps one lookup. Names other sources
# use are aliases in the player registry (sources/player_aliases.yaml), not here.
PLAYER_ALIASES: dict[str, str] = {
    "nicolasclaxton": "nicclaxton",
    "kenyonmartinjr": "kjmartin",
    "marcusmorrissr": "marcusmorris",
    "robertwilliamsiii": "robertwilliams",
    "cameronthomas": "camthomas",
}

_NON_ALNUM = re.compile(r"[^a-z0-9]")
_MINUTES = re.compile(r"^\s*(?:PT)?(\d{1,3})(?::|M)(\d{1,2}(?:\.\d+)?)S?\s*$")


def fold_name(name: str) -> str:
    """``"P.J. Washington"`` -> ``"pjwashington"``, ``"Nikola Jokić"`` -> ``"nikolajokic"``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("", ascii_name.lower())


@lru_cache(maxsize=65536)
def player_lookup(name: str) -> str:
    """The lookup of an NBA name: folded, then the NBA's own renames applied."""
    folded = fold_name(name)
    return PLAYER_ALIASES.get(folded, folded)


def game_id(game_date: date, away_team: str, home_team: str) -> str:
    return f"{game_date:%Y%m%d}_{away_team}_{home_team}"


def parse_minutes(text: str | float | None) -> float | None:
    """Decimal minutes from ``"MM:SS"`` (also ``"PT34M12.00S"`` and plain numbers).

    ``"13:60"`` (as the NBA sometimes ships it) is 14.0 minutes. Empty means
    the player did not play and gives ``None``; anything else unparseable raises
    ``ValueError``.
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    if isinstance(text, int | float):
        return float(text)
    stripped = text.strip()
    if not stripped:
        return None
    match = _MINUTES.match(stripped)
    if match:
        return round(int(match.group(1)) + float(match.group(2)) / 60.0, 4)
    try:
        return float(stripped)
    except ValueError:
        raise ValueError(f"cannot parse minutes {text!r}") from None
