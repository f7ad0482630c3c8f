"""The real 2025-26 opening week (games of 2025-10-21..27) landed as seen before its games.

The week is to be predicted, not graded (the reference data has no 2025-26 player box
scores), so only what is known before tip-off is landed:

- ``schedule``: the week's games from the nba_api 2025-26 league game log, landed
  ``scheduled`` without scores; tip-off is each game's real ``game_time`` from the
  sportsbook quotes (the log has none; a game without quotes keeps the converter's
  assumed 19:00 US-Eastern);
- ``rosters``: each team's players for each of its games, derived (``place_players``);
- the quotes themselves as the odds snapshot files they came from
  (``write_real_odds_snapshots``), for ``NBA_ASSETS_ODDS_SNAPSHOT_DIR``.

The quotes state no licence: everything is read from ``../shared`` when called, never
vendored. See the data README (sections 1 and 4) for provenance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from nba_assets.sources.landing import FEEDS
from nba_assets.sources.live.odds.files import write_snapshots
from nba_assets.sources.live.odds.quotes import team_code
from nba_assets.sources.live.stats_nba import rows as nba_stats
from nba_assets.sources.player_aliases import load_aliases
from nba_assets.sources.player_registry import registry_rows
from nba_assets.sources.player_resolution import Registry, resolve
from nba_assets.sources.real.landing import (
    PLAYER_LOGS,
    REAL_DATA_DIR,
    require_real_dir,
    write_feeds,
)

OPENING_WEEK = [date(2025, 10, 21) + timedelta(days=i) for i in range(7)]
LEAGUE_LOG_2025_26 = "nba_api_fixtures/tidy/leaguegamelog__LeagueGameLog.parquet"
SEASON_TOTALS_2025_26 = "nba_api_fixtures/tidy/leaguedashplayerstats__LeagueDashPlayerStats.parquet"
PROPS_2025_26 = "mylesthomas_betting/player_points_props_2025_26_first_week.parquet"

# How each player of the season totals got his opening-week team (``place_players``).
BY_QUOTES = "quotes"  # the one team common to all his quoted games
BY_SEASON_TEAM = "season_team"  # quoted, not unique: his Feb-2026 team, one of the two
BY_LAST_SEASON = "last_2024_25_team"  # quoted, not unique: his last 2024-25 team, one of the two
UNQUOTED = "unquoted"  # never quoted: his Feb-2026 team, unchecked
UNPLACED = "unplaced"  # quoted, and neither earlier team is in his game: left off every roster

GAME_KEY = ["game_date", "away_team", "home_team"]


@dataclass(frozen=True)
class OpeningWeek:
    feeds: dict[str, pd.DataFrame]  # landing frames: schedule, rosters
    players: pd.DataFrame  # player_id, player_name, season_team, last_team, team, rule

    @property
    def placed_by(self) -> dict[str, int]:
        """Players per placement rule (``UNPLACED``: on no roster)."""
        counts = self.players["rule"].value_counts()
        rules = (BY_QUOTES, BY_SEASON_TEAM, BY_LAST_SEASON, UNQUOTED, UNPLACED)
        return {rule: int(counts.get(rule, 0)) for rule in rules}

    @property
    def movers(self) -> pd.DataFrame:
        """Players the quotes put on another team than the Feb-2026 season totals."""
        placed = self.players[self.players["rule"] != UNPLACED]
        return placed[placed["team"] != placed["season_team"]]


def quoted_games(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per quoted event: its US-Eastern date, team codes and real UTC tip-off."""
    events = quotes.drop_duplicates("event_id")
    return pd.DataFrame(
        {
            "event_id": events["event_id"],
            "game_date": events["game_date_et"],
            "away_team": events["away_team"].map(team_code),
            "home_team": events["home_team"].map(team_code),
            "tipoff_utc": events["game_time"].map(lambda t: pd.Timestamp(t).isoformat()),
        }
    ).reset_index(drop=True)


def opening_week_schedule(log: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """``schedule`` rows of the week: scheduled, no scores, the quotes' tip-off where known."""
    week = {d.isoformat() for d in OPENING_WEEK}
    schedule = nba_stats.game_log_to_schedule(log[log["GAME_DATE"].isin(week)])
    events = quoted_games(quotes).drop_duplicates(GAME_KEY)  # one tip-off per game
    known = schedule[GAME_KEY].merge(events, on=GAME_KEY, how="left")["tipoff_utc"]
    return schedule.assign(
        tipoff_utc=known.fillna(schedule["tipoff_utc"]),
        game_status="scheduled",
        away_score="",
        home_score="",
    )


def roster_registry(totals: pd.DataFrame, listed_on: date) -> Registry:
    """The registry as it would be with the season totals' players on one day's rosters
    (a roster listing is usable from its own date; the alias file always)."""
    listed = pd.DataFrame(
        {
            "game_date": listed_on,
            "player_id": totals["PLAYER_ID"].astype(str),
            "player_name": totals["PLAYER_NAME"],
            "seen_in": "roster",
        }
    )
    rows = registry_rows(listed, load_aliases())
    keys = rows[["alias_key", "match", "player_id"]].assign(usable_from=rows["game_date"])
    names = rows[["player_id", "player_lookup"]].assign(usable_from=rows["game_date"])
    return Registry.build(keys, names.drop_duplicates(), load_aliases())


def quoted_players(quotes: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """One row per player and quoted event: the NBA person id the registry resolves his
    quoted name to, and the event's two teams (an unresolvable name is an error)."""
    pairs = quotes.drop_duplicates(["event_id", "player"])
    days = pairs["game_date_et"].map(date.fromisoformat)
    resolved = resolve(registry, pairs["player"], days)
    failed = resolved.reason[resolved.reason != ""]
    if not failed.empty:
        raise ValueError(f"quoted names the season totals do not resolve: {failed.tolist()[:5]}")
    games = quoted_games(quotes).set_index("event_id")
    return pd.DataFrame(
        {
            "player_id": resolved.player_id.to_numpy(),
            "away_team": pairs["event_id"].map(games["away_team"]).to_numpy(),
            "home_team": pairs["event_id"].map(games["home_team"]).to_numpy(),
        }
    ).drop_duplicates()


def last_teams(logs: pd.DataFrame) -> dict[str, str]:
    """Person id -> team of his latest game in the (partial) 2024-25 player logs."""
    latest = logs.sort_values(["date", "game_id"]).drop_duplicates("player_id", keep="last")
    return dict(zip(latest["player_id"].astype(str), latest["team"], strict=True))


def _placement(teams: set[str], season_team: str, last_team: str | None) -> tuple[str, str]:
    """(team, rule) of a quoted player from the teams common to all his quoted games."""
    if len(teams) == 1:
        return next(iter(teams)), BY_QUOTES
    if season_team in teams:
        return season_team, BY_SEASON_TEAM
    if last_team in teams:
        return str(last_team), BY_LAST_SEASON
    return "", UNPLACED


def place_players(totals: pd.DataFrame, quoted: pd.DataFrame, last: dict[str, str]) -> pd.DataFrame:
    """Each season-totals player's opening-week team, and the rule that gave it.

    The reference data has no rosters from October 2025, so they are derived. Start: the
    team each player has in the 2025-26 season totals recorded in Feb 2026 (``UNQUOTED``
    players keep it, unchecked: a bench player traded before February is listed on his
    new team, a player signed later is listed too). Correction: books quote a player only
    for his own team's games, so a quoted player's team is the single team common to all
    his quoted games that week (``BY_QUOTES``); when that is not one team (a single game:
    both of its teams), his Feb-2026 team if it is one of them (``BY_SEASON_TEAM``), else
    his last 2024-25 team (``last``) if it is (``BY_LAST_SEASON``), else he is left
    ``UNPLACED``, on no roster, rather than guessed.
    """
    games = zip(quoted["away_team"], quoted["home_team"], strict=True)
    teams = pd.Series([{away, home} for away, home in games], index=quoted.index)
    common = teams.groupby(quoted["player_id"]).agg(lambda sets: set.intersection(*sets))
    rows = []
    for person, name, season_team in zip(
        totals["PLAYER_ID"].astype(str),
        totals["PLAYER_NAME"],
        totals["TEAM_ABBREVIATION"],
        strict=True,
    ):
        if person in common.index:
            team, rule = _placement(common[person], season_team, last.get(person))
        else:
            team, rule = season_team, UNQUOTED
        rows.append((person, name, season_team, last.get(person, ""), team, rule))
    columns = ["player_id", "player_name", "season_team", "last_team", "team", "rule"]
    return pd.DataFrame(rows, columns=columns)


def opening_week_rosters(schedule: pd.DataFrame, players: pd.DataFrame) -> pd.DataFrame:
    """``rosters`` rows: every placed player under each of his team's games."""
    game = ["nba_game_id", *GAME_KEY]
    sides = pd.concat(
        [schedule[game].assign(team=schedule[side]) for side in ("away_team", "home_team")]
    )
    placed = players.loc[players["rule"] != UNPLACED, ["team", "player_id", "player_name"]]
    rows = sides.merge(placed, on="team").sort_values(["game_date", "nba_game_id", "team"])
    return rows[FEEDS["rosters"].column_names].reset_index(drop=True)


def real_opening_week(real_dir: Path = REAL_DATA_DIR) -> OpeningWeek:
    """The week's landing frames and how every roster player was placed."""
    require_real_dir(real_dir)
    quotes = pd.read_parquet(real_dir / PROPS_2025_26)
    totals = pd.read_parquet(real_dir / SEASON_TOTALS_2025_26)
    schedule = opening_week_schedule(pd.read_parquet(real_dir / LEAGUE_LOG_2025_26), quotes)
    registry = roster_registry(totals, OPENING_WEEK[0])
    players = place_players(
        totals,
        quoted_players(quotes, registry),
        last_teams(pd.read_parquet(real_dir / PLAYER_LOGS)),
    )
    feeds = {"schedule": schedule, "rosters": opening_week_rosters(schedule, players)}
    return OpeningWeek(feeds, players)


def write_real_landing_opening_week(root: Path, real_dir: Path = REAL_DATA_DIR) -> dict[str, int]:
    """The week's ``schedule`` and ``rosters`` under ``root`` (rows per feed, as ``write_feeds``)."""
    return write_feeds(root, real_opening_week(real_dir).feeds)


def write_real_odds_snapshots(folder: Path, real_dir: Path = REAL_DATA_DIR) -> list[Path]:
    """The week's 9,894 quotes as their ``raw_YYYYMMDD_HHMMSS.csv`` snapshot files in ``folder``."""
    require_real_dir(real_dir)
    return write_snapshots(pd.read_parquet(real_dir / PROPS_2025_26), folder)
