"""The real 2025-26 first-week quotes (9,894, eight books) resolved against the real 2025-26
rosters (stats.nba.com season totals: 535 players with their person ids), listed the day
before opening night. Real-data tier: the quotes carry no licence and stay in ``../shared``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from nba_assets.identifiers import fold_name
from nba_assets.sources.player_aliases import load_aliases
from nba_assets.sources.player_names import without_suffix
from nba_assets.sources.player_resolution import Registry, resolve
from nba_assets.sources.real.landing import REAL_DATA_DIR
from nba_assets_tests.conftest import listed_registry, listings, real_roster_2025_26

PROPS = REAL_DATA_DIR / "mylesthomas_betting" / "player_points_props_2025_26_first_week.parquet"
OPENING_EVE = date(2025, 10, 20)

# the books write their "Jr." without the period
JUNIORS = (
    "Michael Porter",
    "Jaren Jackson",
    "Wendell Carter",
    "Gary Trent",
    "Kelly Oubre",
    "Jabari Smith",
    "Jaime Jaquez",
    "Tim Hardaway",
)

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def roster() -> dict[str, str]:
    return real_roster_2025_26()


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory, roster: dict[str, str]) -> Registry:
    listed = listings(OPENING_EVE, roster)
    return listed_registry(tmp_path_factory.mktemp("registry"), listed, date(2025, 10, 28))


@pytest.fixture(scope="module")
def resolved(registry: Registry) -> pd.DataFrame:
    quotes = pd.read_parquet(PROPS)
    days = quotes["game_date_et"].map(date.fromisoformat)
    result = resolve(registry, quotes["player"], days)
    return quotes.assign(
        player_id=result.player_id, player_lookup=result.player_lookup, reason=result.reason
    )


def test_at_least_99_5_percent_of_real_quotes_resolve(resolved: pd.DataFrame) -> None:
    ok = resolved["reason"] == ""
    assert ok.mean() >= 0.995
    assert int(ok.sum()) == 9894  # every one: the week has no name the registry cannot place
    # one person id per name, and no two names of one person left apart
    assert resolved.groupby("player")["player_id"].nunique().max() == 1
    assert resolved.groupby("player_id")["player_lookup"].nunique().max() == 1


def _how(book: str, nba: str) -> str:
    if fold_name(book) == fold_name(nba):
        return "folding"  # accents, case, punctuation
    if fold_name(without_suffix(book)) == fold_name(without_suffix(nba)):
        return "suffix"
    return "alias file"


def test_every_alias_case_in_the_real_quotes(resolved: pd.DataFrame, roster) -> None:
    """Every name the books write differently from the NBA, and what resolved it."""
    nba_names = {person: name for name, person in roster.items()}
    names = resolved.drop_duplicates("player").set_index("player")["player_id"].map(nba_names)
    cases = {book: (nba, _how(book, nba)) for book, nba in names.items() if book != nba}
    assert cases == {
        # the known cases: a nickname or given name (reviewed alias file) ...
        "Nicolas Claxton": ("Nic Claxton", "alias file"),
        "Herb Jones": ("Herbert Jones", "alias file"),
        "Carlton Carrington": ("Bub Carrington", "alias file"),
        "Ron Holland": ("Ronald Holland II", "alias file"),
        # ... a suffix the books drop or add ...
        "Jimmy Butler": ("Jimmy Butler III", "suffix"),
        "Derrick Jones": ("Derrick Jones Jr.", "suffix"),
        "Isaiah Stewart II": ("Isaiah Stewart", "suffix"),
        # ... and spellings folding makes one: "Jr" without its period, initials, accents
        **{f"{name} Jr": (f"{name} Jr.", "folding") for name in JUNIORS},
        "R.J. Barrett": ("RJ Barrett", "folding"),
        "C.J. McCollum": ("CJ McCollum", "folding"),
        "A.J. Green": ("AJ Green", "folding"),
        "Luka Doncic": ("Luka Dončić", "folding"),
        "Nikola Jokic": ("Nikola Jokić", "folding"),
        "Kristaps Porzingis": ("Kristaps Porziņģis", "folding"),
        "Nikola Vucevic": ("Nikola Vučević", "folding"),
        "Nikola Jovic": ("Nikola Jović", "folding"),
        "Egor Demin": ("Egor Dëmin", "folding"),
        "Dennis Schroder": ("Dennis Schröder", "folding"),
        "Moussa Diabate": ("Moussa Diabaté", "folding"),
        "Jonas Valanciunas": ("Jonas Valančiūnas", "folding"),
        "Jusuf Nurkic": ("Jusuf Nurkić", "folding"),
        "Tidjane Salaun": ("Tidjane Salaün", "folding"),
    }
    assert "P.J. Washington" in names.index and names["P.J. Washington"] == "P.J. Washington"


def test_the_alias_file_names_the_nbas_players(roster: dict[str, str]) -> None:
    """Each reviewed entry's person id carries the NBA name it says (2025-26 rosters)."""
    nba_names = {person: name for name, person in roster.items()}
    assert {e.player_id: nba_names.get(e.player_id) for e in load_aliases()} == {
        e.player_id: e.nba_name for e in load_aliases()
    }
