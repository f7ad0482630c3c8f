"""Which stats.nba.com endpoints land which feed, chosen by the size of the call.

- Small ranges (daily runs, today's slate): ``scoreboardv3`` per date lists the
  games with real tip-off times, scheduled games included.
- Bulk backfills (at least ``bulk_min_dates`` past dates): ``leaguegamelog`` per
  season and season type, one request for a whole season instead of one per
  date; it lists finished games only and gives the team box scores too (tip-off
  at the assumed 19:00 US-Eastern, see ``nba_stats``).
- Explicit games (``games``): ``boxscoresummaryv2`` per game gives its date,
  teams and score without listing any date.

Player box scores always come per game from ``boxscoretraditionalv3`` plus the
inactive list of ``boxscoresummaryv2`` (a game log has neither DNP rows nor
starters, which phase 3 keeps); shots per game from ``playbyplayv3``. Per-game
endpoints are asked for final games only, so their archived bodies never go stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pandas as pd
from nba_api.stats.endpoints import (
    boxscoresummaryv2,
    boxscoretraditionalv3,
    leaguegamelog,
    playbyplayv3,
    scoreboardv3,
)

from nba_assets.partitions import game_day, season_label, season_year_of
from nba_assets.sources.landing import FEEDS
from nba_assets.sources.live.stats_nba import rows as nba_stats
from nba_assets.sources.live.stats_nba.client import StatsClient
from nba_assets.sources.live.stats_nba.parse import (
    FINAL_STATUS,
    GameRef,
    box_score,
    game_log_rows,
    play_by_play_shots,
    scoreboard_schedule,
    summary_game,
    summary_inactives,
)

NBA_FEEDS = ("schedule", "player_boxscores", "team_boxscores", "shots")
# boxscoresummaryv2 stops carrying data for games from this date (nba_api's own warning)
SUMMARY_V2_LAST_DATE = date(2025, 4, 9)
POSTSEASON_FROM_MONTH = 4  # play-in and playoff logs are asked for ranges reaching April


def _all_final(body: dict, fetched_utc: datetime) -> bool:
    return all(g.get("gameStatus") == FINAL_STATUS for g in body["scoreboard"]["games"])


def _always(body: dict, fetched_utc: datetime) -> bool:
    return True


@dataclass(frozen=True)
class Slate:
    """The games of some dates: schedule rows, the games, and (bulk) the team game log."""

    schedule: pd.DataFrame
    games: list[GameRef]
    log: pd.DataFrame | None = None


@dataclass
class NbaApiFeeds:
    client: StatsClient
    bulk_min_dates: int = 4
    games: Sequence[str] = ()

    def frames(self, feed: str, dates: Sequence[date]) -> pd.DataFrame:
        """The landing rows of ``feed`` (one of ``NBA_FEEDS``) for games on ``dates``."""
        slate = self.slate(dates)
        if feed == "schedule":
            return slate.schedule
        if feed == "team_boxscores" and slate.log is not None:
            return nba_stats.game_log_to_team_boxscores(slate.log)
        final = [g for g in slate.games if g.final]
        converted = [self._game_feed(feed, game) for game in final]
        return pd.concat(converted, ignore_index=True) if converted else pd.DataFrame()

    def slate(self, dates: Sequence[date]) -> Slate:
        wanted = {d.isoformat() for d in dates}
        if self.games:
            return self._explicit_games(wanted)
        past = [d for d in dates if d < game_day()]
        if len(past) >= self.bulk_min_dates:
            return self._from_game_logs(sorted(dates), wanted)
        frames = [
            scoreboard_schedule(
                self.client.get(
                    scoreboardv3.ScoreboardV3, d.isoformat(), _all_final, game_date=d.isoformat()
                ),
                d.isoformat(),
            )
            for d in dates
        ]
        return self._slate(pd.concat(frames, ignore_index=True))

    @staticmethod
    def _slate(schedule: pd.DataFrame, log: pd.DataFrame | None = None) -> Slate:
        games = [
            GameRef(r.nba_game_id, r.game_date, r.away_team, r.home_team, r.game_status == "final")
            for r in schedule.itertuples()
        ]
        return Slate(schedule.reset_index(drop=True), games, log)

    def _explicit_games(self, wanted: set[str]) -> Slate:
        rows = []
        for nba_game_id in self.games:
            game, row = summary_game(self._summary(nba_game_id), nba_game_id)
            if game.game_date in wanted:
                rows.append(row)
        empty = pd.DataFrame(columns=FEEDS["schedule"].column_names)
        return self._slate(pd.concat(rows, ignore_index=True) if rows else empty)

    def _from_game_logs(self, dates: list[date], wanted: set[str]) -> Slate:
        """Finished games of ``dates`` from the season logs (each log fetched once)."""
        fresh_after = datetime.combine(dates[-1] + timedelta(days=2), datetime.min.time(), UTC)
        logs = []
        for season_year in sorted({season_year_of(d) for d in dates}):
            season = season_label(season_year)
            types = ["Regular Season"]
            if any(d.month >= POSTSEASON_FROM_MONTH and d.month < 8 for d in dates):
                types += ["PlayIn", "Playoffs"]
            for season_type in types:
                body = self.client.get(
                    leaguegamelog.LeagueGameLog,
                    f"season-{season}",
                    lambda body, fetched_utc: fetched_utc >= fresh_after,
                    season=season,
                    season_type_all_star=season_type,
                    player_or_team_abbreviation="T",
                )
                logs.append(game_log_rows(body, season))
        log = pd.concat(logs, ignore_index=True)
        log = log[log["GAME_DATE"].astype(str).isin(wanted)]
        return self._slate(nba_stats.game_log_to_schedule(log), log)

    def _summary(self, nba_game_id: str) -> dict:
        return self.client.get(
            boxscoresummaryv2.BoxScoreSummaryV2, nba_game_id, _always, game_id=nba_game_id
        )

    def _box(self, game: GameRef) -> tuple[pd.DataFrame, pd.DataFrame]:
        body = self.client.get(
            boxscoretraditionalv3.BoxScoreTraditionalV3,
            game.nba_game_id,
            _always,
            game_id=game.nba_game_id,
        )
        return box_score(body, game)

    def _players(self, game: GameRef) -> pd.DataFrame:
        """Box-score players plus the inactive list (players the box score does not name)."""
        players, _ = self._box(game)
        if date.fromisoformat(game.game_date) > SUMMARY_V2_LAST_DATE:
            return players
        inactive = summary_inactives(self._summary(game.nba_game_id), game)
        inactive = inactive[~inactive["personId"].isin(players["personId"])]
        return pd.concat([players, inactive], ignore_index=True)

    def _game_feed(self, feed: str, game: GameRef) -> pd.DataFrame:
        if feed == "player_boxscores":
            return nba_stats.box_players_to_landing(self._players(game))
        if feed == "team_boxscores":
            players, totals = self._box(game)
            return nba_stats.box_teams_to_landing(totals, players)
        if feed == "shots":
            players, _ = self._box(game)
            names = dict(zip(players["personId"], players["playerName"], strict=True))
            body = self.client.get(
                playbyplayv3.PlayByPlayV3, game.nba_game_id, _always, game_id=game.nba_game_id
            )
            return play_by_play_shots(body, game, names)
        raise ValueError(f"feed {feed!r} does not come from stats.nba.com")
