"""What a call is worth at a book's price, and which book pays the most for it.

A bet of one unit at American price A wins A/100 (A > 0) or 100/|A| (A < 0); it loses the unit,
and a push returns it. Its expected value is P(win)·payout − P(lose). Each book quotes its own
line and prices, so each side of a player-game is priced at every book, with the probabilities at
that book's line, and the best book for a side is the one with the highest expected value. A quote
without prices is priced at −110, the standard price of a points line (counted in ``books_priced``).
"""

from __future__ import annotations

import pandas as pd

ASSUMED_PRICE = -110
SIDES = ("over", "under")


def payout(price: pd.Series) -> pd.Series:
    """Units won per unit staked at American ``price``."""
    price = price.astype(float)
    return (price / 100).where(price > 0, 100 / price.abs())


def expected_value(p_win: pd.Series, p_lose: pd.Series, price: pd.Series) -> pd.Series:
    return p_win * payout(price) - p_lose


def best_prices(quotes: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Per ``key`` of ``quotes`` (one row per book: line, over_price, under_price, and p_over /
    p_under at the book's own line): each side's best book, its line, price, probability there
    and expected value."""
    priced = quotes.assign(
        over_price=quotes["over_price"].astype(float).fillna(ASSUMED_PRICE),
        under_price=quotes["under_price"].astype(float).fillna(ASSUMED_PRICE),
    )
    priced["ev_over"] = expected_value(priced["p_over"], priced["p_under"], priced["over_price"])
    priced["ev_under"] = expected_value(priced["p_under"], priced["p_over"], priced["under_price"])
    best = []
    for side in SIDES:
        # the highest expected value; ties to the better price, then the book's name (stable)
        ranked = priced.sort_values(
            [*key, f"ev_{side}", f"{side}_price", "bookmaker"],
            ascending=[*(True for _ in key), False, False, True],
        )
        top = ranked.drop_duplicates(key)[
            [*key, "bookmaker", "line", f"{side}_price", f"p_{side}", f"ev_{side}"]
        ]
        best.append(
            top.rename(
                columns={
                    "bookmaker": f"best_{side}_book",
                    "line": f"best_{side}_line",
                    f"{side}_price": f"best_{side}_price",
                    f"p_{side}": f"best_{side}_p",
                }
            ).set_index(key)
        )
    counts = quotes.assign(has_price=quotes["over_price"].notna() & quotes["under_price"].notna())
    books = counts.groupby(key)["has_price"].agg(books_priced="sum").astype(int)
    return pd.concat([*best, books], axis=1).reset_index()
