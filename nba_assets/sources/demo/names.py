"""Fictional player names for the demo league, unique across every season of a seed.

Names are first × last combinations taken through a seeded permutation, so a
player id always maps to the same name and two ids never share one (nor a
``player_lookup``). The lists include what real box scores contain and what
id folding has to survive: accents, initials ("P.J."), suffixes ("Jr.", "III").
Books write them their own way (``book_name``), as real ones do, so the demo's props
only join the box scores through the player registry.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from nba_assets.sources.demo.streams import stream
from nba_assets.sources.player_names import without_suffix

FIRST_NAMES = """
Aaron Adrian Alec Andre Armand Austin Bennett Blake Brandon Brice Caleb Carter Cedric Chase
Colby Cole Corey Curtis Dalen Damon Dante Darius Davion Deandre Dejan Derrick Desmond Devin
Dorian Dwayne Elijah Emeka Emil Evan Fabian Felix Garrett Grayson Hakeem Hunter Isaiah Ivan
Jabari Jalen Jamal Jarrett Javon Jaylen Jerome Joaquín Jonah Jordan Josiah Julian Kai Keegan
Kendall Keon Khalil Killian Kobe Landon Lamar Lance Luka Malik Marcus Marko Mason Mateo Micah
Miles Milan Moses Nate Nikola Noah Omar Oscar Quentin Rafael Rashad Reggie Rodrigo Roman Sasha
Sekou Simone Stefan Terrell Theo Tobias Trent Tristan Tyrell Udo Vince Wendell Xavier Yannick
Zion Zoran P.J. C.J. T.J. R.J. D.J. A.J. K.J. O.G. Álvaro Andrés
""".split()

LAST_NAMES = """
Abernathy Adebayo Alcott Ambrose Ashworth Bamford Barlow Beckford Bellamy Birchfield Blackwood
Bramley Brookings Caldwell Calloway Carrington Castellano Chadwick Cobbins Corley Crenshaw
Dabney Dalton Delacroix Drummond Dunmore Eastman Ellery Fairbanks Farrow Fenwick Galloway
Garrison Gladwell Goodwin Granger Hadley Halloway Hargrove Hollings Holloway Hutchins Ingram
Jefferies Kimbrough Kingsley Lacewell Langford Lattimore Lockhart Mabry Mansfield Marchetti
McAllister McCrory Merriweather Montague Moorcroft Nettles Norwood Oakley Okafor Oyelaran
Pemberton Pettaway Prescott Quarles Radcliffe Ravensworth Redmond Rockwell Rutherford Sallis
Sandoval Shackleford Silvester Stallworth Stroud Summerville Tillman Trapp Underhill Vance
Wainwright Westbrooke Whitfield Winslow Woodard Yarbrough Zeller Jokanović Vukčević Marković
Šarić Kovačić Dragić Radović Petrović Đorđević Núñez Hernández Pérez Gonçalves Müller Schröder
Bjørklund Ødegaard Søndergaard Çelik Yılmaz Sánchez Ibáñez Muñoz Lindqvist Nyström Häusler
Tavárez Ndiaye Diallo Mbemba Kouyaté Traoré Okonkwo Adeyemi Nwachukwu Obi-Fletcher
Smith-Ramsey Van-Dorn O'Neal-Brown D'Angelo-Price Baptiste Beaumont Dubois Lemaire Moreau
Rousseau Fontaine Laurent Gallardo Kalinić Tomašević Hadžić Jovanović Halvorsen Eriksen
""".split()

SUFFIXES = ("Jr.", "III", "II", "Sr.")


def _combinations(seed: int) -> np.ndarray:
    """Every (first, last) pair index in a seeded order: position = player uid."""
    total = len(FIRST_NAMES) * len(LAST_NAMES)
    return stream(seed, "names").permutation(total)


def player_names(seed: int, uids: np.ndarray) -> list[str]:
    """The name of each player uid (uids must be < the number of combinations)."""
    combos = _combinations(seed)[uids]
    names = []
    for combo in combos.tolist():
        first, last = divmod(combo, len(LAST_NAMES))
        suffix = SUFFIXES[combo % 4] if combo % 17 == 0 else ""
        names.append(" ".join(p for p in (FIRST_NAMES[first], LAST_NAMES[last], suffix) if p))
    return names


def _no_accents(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _no_periods(name: str) -> str:
    """ "P.J. Smith Jr." -> "PJ Smith Jr" (initials and suffix without their periods)."""
    return re.sub(r"\.", "", name)


# How each demo book writes a player (real books differ the same ways).
BOOK_STYLES = {
    "draftkings": lambda name: name,
    "fanduel": lambda name: _no_accents(_no_periods(name)),
    "betmgm": without_suffix,
    "caesars": _no_accents,
}


def book_name(name: str, book: str) -> str:
    """The name as ``book`` writes it: ``"Luka Šarić Jr."`` -> ``"Luka Saric Jr"`` at fanduel."""
    return BOOK_STYLES[book](name)
