"""The real 2024-25 pick'em points lines landed as ``player_props`` (``sources/real/pickem_lines.py``).

Real-data tier: the file carries no licence to redistribute and stays in ``../shared``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from nba_assets.sources.real.landing import real_feeds_2024_25
from nba_assets.sources.real.pickem_lines import pickem_props

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def landed() -> tuple[pd.DataFrame, dict[str, int]]:
    schedule = real_feeds_2024_25()["schedule"]
    props, dropped = pickem_props(schedule)
    return props.merge(
        schedule[["nba_game_id", "game_date"]], on=["nba_game_id", "game_date"]
    ), dropped


def test_one_quote_per_app_player_and_pull_of_a_scheduled_game(landed) -> None:
    props, dropped = landed
    assert len(props) == 12_002  # every row matched its schedule game on date and id
    assert not props.duplicated(["nba_game_id", "bookmaker", "player_name", "snapshot_utc"]).any()
    assert set(props["bookmaker"]) == {"prizepicks", "underdog"}
    assert props["game_date"].between("2024-10-22", "2025-01-12").all()
    lines = props["line"].astype(float)
    assert ((lines * 2) % 1 == 0).all() and lines.between(0.5, 60).all()
    assert (props["over_price"] == "").all()  # the file's prices are placeholders: none landed
    assert dropped == {
        "exact repeat (sides)": 14,
        "the other side of a line (sides)": 12_062,
        "no game of that ET date and teams (quotes)": 57,
        "second line of one app, player and pull (quotes)": 19,
    }


def test_every_quote_is_taken_before_its_tipoff(landed) -> None:
    props, _ = landed
    tipoff, snapshot = pd.to_datetime(props["tipoff_utc"]), pd.to_datetime(props["snapshot_utc"])
    assert (snapshot < tipoff).all()
    # an event in two daily files: two pulls, the later one just before the tip-off
    twice = props.groupby(["nba_game_id", "bookmaker", "player_name"])["snapshot_utc"].nunique()
    assert (twice == 2).sum() > 500


def test_the_postponed_game_has_no_quotes(landed) -> None:
    props, _ = landed
    postponed = (props["game_date"] == "2025-01-11") & (props["away_team"] == "HOU")
    assert not postponed.any()
