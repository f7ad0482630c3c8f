from datetime import date

import pytest

from nba_assets.identifiers import GAME_ID_PATTERN, game_id, parse_minutes, player_lookup
from nba_assets.partitions import compress_dates


@pytest.mark.parametrize(
    ("name", "lookup"),
    [
        ("P.J. Washington", "pjwashington"),
        ("Jaren Jackson Jr.", "jarenjacksonjr"),
        ("Nikola Jokić", "nikolajokic"),
        ("Luka Dončić", "lukadoncic"),
        ("Robert Williams III", "robertwilliams"),  # alias: sources disagree on the suffix
        ("Shai Gilgeous-Alexander", "shaigilgeousalexander"),
        ("D'Angelo Russell", "dangelorussell"),
    ],
)
def test_player_lookup_folds_names(name: str, lookup: str) -> None:
    assert player_lookup(name) == lookup


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("34:30", 34.5),
        ("13:60", 14.0),  # the NBA ships this; it means 14:00
        ("0:07", round(7 / 60, 4)),
        ("PT25M30.00S", 25.5),
        ("", None),
        (None, None),
        ("48", 48.0),
    ],
)
def test_parse_minutes(text: str | None, minutes: float | None) -> None:
    assert parse_minutes(text) == minutes


def test_parse_minutes_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="12:xx"):
        parse_minutes("12:xx")


def test_game_id_is_date_away_home() -> None:
    value = game_id(date(2021, 10, 19), "BKN", "MIL")
    assert value == "20211019_BKN_MIL"
    assert __import__("re").match(GAME_ID_PATTERN, value)


def test_compress_dates_folds_runs() -> None:
    days = [date(2022, 1, d) for d in (4, 5, 6, 7, 8, 9, 12, 20, 21)]
    assert compress_dates(days) == "2022-01-04..2022-01-09, 2022-01-12, 2022-01-20..2022-01-21"
    assert compress_dates([]) == ""
