"""What a box score can hold: declared limits per column and the identities between columns.

A value that parses can still be impossible: minutes of -5 or 1,000, 200 points, more
threes made than attempted. Such rows would become negative or absurd usage rates and
averages downstream, so they are quarantined at the raw boundary with a reason naming the
field, the value and the limit, like every other bad row. The limits are the sport's
(records with a margin, overtime included), not what one season produced.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

# the largest plausible value per player-game (records: 100 points, 36 FGM, 63 FGA, 14 3PM, 28
# FTM, 39 FTA, 21 OREB, 29 DREB, 30 AST, 11 STL, 17 BLK, 14 TOV; six fouls foul a player out;
# the longest game went six overtimes: 48 + 6 × 5 = 78 minutes)
PLAYER_MOST = {
    "minutes": 78,
    "points": 100,
    "fgm": 40,
    "fga": 70,
    "fg3m": 20,
    "fg3a": 35,
    "ftm": 30,
    "fta": 40,
    "oreb": 25,
    "dreb": 35,
    "ast": 35,
    "stl": 15,
    "blk": 20,
    "tov": 15,
    "pf": 6,
}
# per team-game (records: 186 points, 79 FGM, 153 FGA; player-minutes 5 × 78 = 390)
TEAM_MOST = {
    "minutes": 390,
    "points": 200,
    "fgm": 85,
    "fga": 160,
    "fg3m": 40,
    "fg3a": 90,
    "ftm": 70,
    "fta": 100,
    "oreb": 45,
    "dreb": 80,
    "ast": 60,
    "stl": 30,
    "blk": 30,
    "tov": 45,
    "pf": 60,
}
# (made, attempted): a shot made was a shot attempted; a three is a field goal
MADE_WITHIN_ATTEMPTED = (
    ("fgm", "fga"),
    ("fg3m", "fg3a"),
    ("ftm", "fta"),
    ("fg3m", "fgm"),
    ("fg3a", "fga"),
)


def impossible(typed: dict[str, pd.Series], most: dict[str, float]) -> Iterator[tuple]:
    """(mask, reason) for each rule a row breaks: a value above its limit, more made than
    attempted, points that are not 2 × FGM + 3PM + FTM. The reason is a function of the rows
    being rejected (``parsing.Why``): their texts are built for those rows only."""
    numbers = {name: pd.to_numeric(typed[name], errors="coerce") for name in most if name in typed}
    for name, limit in most.items():
        if name in numbers:
            value = numbers[name]
            yield (
                value > limit,
                lambda rows, name=name, value=value, limit=limit: (
                    f"{name}: " + value[rows].astype(str) + f" is above the plausible {limit}"
                ),
            )
    for made, attempted in MADE_WITHIN_ATTEMPTED:
        if made in numbers and attempted in numbers:
            yield (
                numbers[made] > numbers[attempted],
                lambda rows, made=made, attempted=attempted: (
                    f"{made}: "
                    + numbers[made][rows].astype(str)
                    + f" made is more than {attempted} "
                    + numbers[attempted][rows].astype(str)
                ),
            )
    if {"points", "fgm", "fg3m", "ftm"} <= numbers.keys():
        scored = 2 * numbers["fgm"] + numbers["fg3m"] + numbers["ftm"]
        yield (
            numbers["points"] != scored,
            lambda rows: (
                "points: "
                + numbers["points"][rows].astype(str)
                + " is not 2 × fgm + fg3m + ftm = "
                + scored[rows].astype(str)
            ),
        )
