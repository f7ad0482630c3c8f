"""The check rules named in the catalogue, by name.

Generic rules (``generic_rules.py``) judge any table from its catalogue entry, their SQL in
``sql/checks/generic/<rule>.sql`` naming the table through ``@this_*`` placeholders; table rules
(``table_rules.py``) are written for one table, their SQL in ``sql/checks/<rule>.sql`` where it
stands alone. ``check_input.py`` holds what every rule is given and returns.
"""

from __future__ import annotations

from collections.abc import Callable

from nba_assets.checks.check_input import CheckInput, Outcome, Rule
from nba_assets.checks.generic_rules import (
    covers_scheduled_dates,
    game_id_format,
    no_duplicate_keys,
    quarantine_rate,
    rolling_averages_populated,
)
from nba_assets.checks.table_rules import (
    feature_quality,
    feature_ranges,
    feature_variance,
    grading_covers_finished_games,
    lines_have_every_system,
    predictions_within_bounds,
    team_points_match_players,
    usage_rate_population,
)

__all__ = ["RULES", "CheckInput", "Outcome", "Rule", "covers_scheduled_dates"]

RULES: dict[str, Callable[[CheckInput, Rule], Outcome]] = {
    rule.__name__: rule
    for rule in (
        no_duplicate_keys,
        game_id_format,
        covers_scheduled_dates,
        usage_rate_population,
        team_points_match_players,
        quarantine_rate,
        rolling_averages_populated,
        feature_ranges,
        feature_variance,
        feature_quality,
        lines_have_every_system,
        predictions_within_bounds,
        grading_covers_finished_games,
    )
}
