"""Box-score simulation: every team-game's counting stats, built possession-first.

A game's possessions come from both teams' pace (+ overtime). Each team's
turnovers and free-throw trips are drawn per possession, first-chance
field-goal attempts follow from the possession identity, and every miss may
be rebounded into another attempt. Each total is shared among the players on
the floor by minutes × usage × form (so when a teammate sits, the others shoot
more). Shots split by the player's zone profile and go in at his zone FG%
shifted by the opponent's zone defense, home court, the second night of a
back-to-back (which also costs turnovers and free throws) and his form.
Rebounds, assists, steals, blocks and fouls follow from the other team's misses
and turnovers, so team totals stay mutually consistent. Games are played in two
halves: part of a half-time lead melts away after the break, as in real games.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nba_assets.sources.demo.minutes import actual_seconds, planned_minutes, round_to_total
from nba_assets.sources.demo.roster import League

ZONE_POINTS = np.array([2, 2, 3])
# League rates per possession (2021-22..2024-25: 13.3 TOV, 22 FTA, 10.7 OREB per ~101).
TOV_RATE, FTA_RATE, OREB_RATE = 0.132, 0.218, 0.103
HOME_EDGE = 1.015  # FG% multiplier at home (and its inverse away); plus more FTA
B2B_EFFICIENCY = 0.97  # tired legs on the second night: FG% ...
B2B_RATES = np.array([1.06, 0.94, 0.97])  # ... and more turnovers, fewer trips and putbacks
FORM_SD, FORM_DAILY = 0.11, 0.95  # AR(1) latent form: lasts a few weeks
SHOT_NOISE = 0.22  # game-to-game wobble in a player's share of the team's shots
OREB_CHANCE = 0.23  # share of missed shots the shooting team rebounds (league average)
# Second-half FG% shift per point of half-time lead (leaders relax, benches play, trailers
# press): ~30% of a lead regresses, which gives real margins (sd ~16) and team-points sd ~12.5.
COMEBACK = 0.0035
OVERTIME = (0.94, 0.05, 0.009, 0.001)  # chance of 0, 1, 2, 3 overtimes


@dataclass(frozen=True)
class GameContext:
    """What is known about each team-game (TG = 2 * game + side, side 0 away / 1 home)."""

    players: np.ndarray  # (TG, 15) player index
    team: np.ndarray  # (TG,) team index
    opponent: np.ndarray
    home: np.ndarray  # (TG,) bool
    second_night: np.ndarray  # (TG,) bool: played yesterday
    form: np.ndarray  # (TG, 15) latent form on game day


@dataclass(frozen=True)
class Box:
    seconds: np.ndarray  # (TG, 15)
    starter: np.ndarray  # (TG, 15) bool
    stats: dict[str, np.ndarray]  # box columns -> (TG, 15)
    zone_fga: np.ndarray  # (TG, 15, 3)
    zone_fgm: np.ndarray  # (TG, 15, 3)
    team_minutes: np.ndarray  # (TG,)
    team_rebounds: np.ndarray  # (TG,)
    team_turnovers: np.ndarray  # (TG,)


def latent_form(n_players: int, n_days: int, rng: np.random.Generator) -> np.ndarray:
    """(players, days) AR(1) form: hot and cold stretches of a few weeks."""
    shocks = rng.normal(0.0, FORM_SD * np.sqrt(1 - FORM_DAILY**2), (n_players, n_days))
    form = np.empty((n_players, n_days))
    form[:, 0] = rng.normal(0.0, FORM_SD, n_players)
    for d in range(1, n_days):
        form[:, d] = FORM_DAILY * form[:, d - 1] + shocks[:, d]
    return form


def game_context(games: pd.DataFrame, rosters: np.ndarray, form: np.ndarray) -> GameContext:
    players = rosters.reshape(-1, rosters.shape[-1])
    team = games[["away", "home"]].to_numpy().reshape(-1)
    opponent = games[["home", "away"]].to_numpy().reshape(-1)
    day = np.repeat(games["day"].to_numpy(), 2)
    played = np.zeros((int(team.max()) + 1, int(day.max()) + 2), dtype=bool)
    played[team, day] = True
    return GameContext(
        players=players,
        team=team,
        opponent=opponent,
        home=np.tile([False, True], len(games)),
        second_night=played[team, day - 1] & (day > 0),
        form=form[players, day[:, None]],
    )


def _shooting(league: League, ctx: GameContext, form: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per player: shot weight per minute, FT weight per minute, zone make chances (…, 3)."""
    usage = league.usage[ctx.players] * np.exp(form)
    edge = np.where(ctx.home, HOME_EDGE, 1 / HOME_EDGE) * np.where(
        ctx.second_night, B2B_EFFICIENCY, 1.0
    )
    team_factor = (league.offense[ctx.team] * edge)[:, None, None]
    defense = league.zone_defense[ctx.opponent][:, None, :]
    pct = league.zone_pct[ctx.players] * defense * team_factor * (1 + 0.15 * form)[..., None]
    return usage, usage * league.ft_rate[ctx.players], np.clip(pct, 0.05, 0.95)


def _team_rates(league: League, ctx: GameContext) -> np.ndarray:
    """(TG, 3) expected TOV, FTA, OREB per possession."""
    rates = league.team_rates[ctx.team] * np.array([TOV_RATE, FTA_RATE, OREB_RATE])
    rates[:, 1] *= np.where(ctx.home, 1.04, 1 / 1.04)
    return rates * np.where(ctx.second_night[:, None], B2B_RATES, 1.0)


def expected_points(
    league: League, ctx: GameContext, available: np.ndarray, form: np.ndarray
) -> np.ndarray:
    """(TG, 15) expected points given who is available: what a well-informed book estimates."""
    minutes = planned_minutes(league.minutes[ctx.players], available, ctx.second_night)
    usage, ft_weight, pct = _shooting(league, ctx, form)
    possessions = 0.5 * (league.pace[ctx.team] + league.pace[ctx.opponent])
    tov, fta, oreb = (possessions[:, None] * _team_rates(league, ctx)).T
    fga = possessions - tov - 0.44 * fta + oreb
    shot_w = minutes * usage
    ft_w = minutes * ft_weight
    player_fga = fga[:, None] * shot_w / shot_w.sum(axis=1, keepdims=True)
    player_fta = fta[:, None] * ft_w / ft_w.sum(axis=1, keepdims=True)
    per_shot = (league.zone_share[ctx.players] * pct * ZONE_POINTS).sum(axis=2)
    return player_fga * per_shot + player_fta * league.ft_pct[ctx.players]


def _share(total: np.ndarray, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Split each row's integer total among players in proportion to weights (multinomial)."""
    probs = weights / weights.sum(axis=1, keepdims=True)
    return rng.multinomial(total.astype(np.int64), probs)


def _attempts(
    first: np.ndarray,
    weights: np.ndarray,
    shares: np.ndarray,
    pct: np.ndarray,
    oreb_rate: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Zone attempts and makes (TG, 15, 3) plus team OREB: misses feed second chances.

    Every offensive rebound becomes another attempt, so bad shooting nights
    partly refill themselves (as in real games, where FGA and OREB go together).
    """
    zone_fga = np.zeros((*weights.shape, 3), dtype=np.int64)
    zone_fgm = np.zeros_like(zone_fga)
    oreb = np.zeros(len(first), dtype=np.int64)
    attempts = first
    for _ in range(4):
        player = _share(attempts, weights, rng)
        fga = rng.multinomial(player.reshape(-1), shares.reshape(-1, 3)).reshape(zone_fga.shape)
        fgm = rng.binomial(fga, pct)
        zone_fga += fga
        zone_fgm += fgm
        attempts = rng.binomial((fga - fgm).sum(axis=(1, 2)), oreb_rate)
        oreb += attempts
    return zone_fga, zone_fgm, oreb


def simulate(
    league: League, ctx: GameContext, available: np.ndarray, rng: np.random.Generator
) -> Box:
    n_games = len(ctx.team) // 2
    overtimes = rng.choice(len(OVERTIME), p=OVERTIME, size=n_games)
    team_minutes = np.repeat(240.0 + 25.0 * overtimes, 2)
    pace = 0.5 * (league.pace[ctx.team] + league.pace[ctx.opponent])
    game_pace = np.repeat(pace[::2] + rng.normal(0, 1.5, n_games), 2)
    possessions = game_pace * team_minutes / 240.0

    planned = planned_minutes(league.minutes[ctx.players], available, ctx.second_night)
    seconds = actual_seconds(planned, team_minutes, rng)
    top5 = np.argsort(-np.where(available, league.minutes[ctx.players], -1.0), axis=1)[:, :5]
    starter = np.zeros_like(available)
    np.put_along_axis(starter, top5, True, axis=1)

    minutes = seconds / 60.0
    first, rebounds_first = _counting_stats(league, ctx, possessions / 2, minutes, 1.0, rng)
    points = (2 * first["fgm"] + first["fg3m"] + first["ftm"]).sum(axis=1)
    lead = points - points[np.arange(len(points)) ^ 1]
    ease = np.exp(-COMEBACK * lead)[:, None, None]  # leaders relax, trailers press
    second, rebounds_second = _counting_stats(league, ctx, possessions / 2, minutes, ease, rng)
    stats = {name: first[name] + second[name] for name in first}
    stats["pf"] = np.minimum(stats["pf"], 6)  # fouled out
    team_rebounds = rebounds_first + rebounds_second
    _break_ties(stats, seconds, rng)
    stats["points"] = 2 * stats["fgm"] + stats["fg3m"] + stats["ftm"]
    stats["plus_minus"] = _plus_minus(stats["points"].sum(axis=1), seconds, team_minutes, rng)
    return Box(
        seconds=seconds,
        starter=starter & (seconds > 0),
        stats={k: v for k, v in stats.items() if not k.startswith("zone_")},
        zone_fga=stats["zone_fga"],
        zone_fgm=stats["zone_fgm"],
        team_minutes=team_minutes,
        team_rebounds=team_rebounds,
        team_turnovers=rng.poisson(0.8, len(possessions)),
    )


def _counting_stats(
    league: League,
    ctx: GameContext,
    possessions: np.ndarray,
    minutes: np.ndarray,
    pct_scale: np.ndarray | float,
    rng: np.random.Generator,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """One half's player counting stats (TG, 15) (+ zone arrays) and team-only rebounds (TG,)."""
    usage, ft_weight, pct = _shooting(league, ctx, ctx.form)
    pct = np.clip(pct * pct_scale, 0.05, 0.95)
    whistle = np.exp(rng.normal(0, [0.05, 0.12, 0.1], (len(possessions), 3)))  # refs, effort
    tov_rate, fta_rate, oreb_rate = (_team_rates(league, ctx) * whistle).T
    tov, fta = rng.poisson(possessions * tov_rate), rng.poisson(possessions * fta_rate)
    first = np.maximum(np.rint(possessions - tov - 0.44 * fta), 0).astype(np.int64)
    wobble = np.exp(rng.normal(0, SHOT_NOISE, minutes.shape))
    shot_weight = minutes * usage * wobble
    oreb_chance = np.minimum(oreb_rate / OREB_RATE * OREB_CHANCE, 0.9)
    zone_fga, zone_fgm, oreb = _attempts(
        first, shot_weight, league.zone_share[ctx.players], pct, oreb_chance, rng
    )
    player_fta = _share(fta, minutes * ft_weight * wobble, rng)
    ftm = rng.binomial(player_fta, league.ft_pct[ctx.players])

    misses = (zone_fga - zone_fgm).sum(axis=(1, 2))
    chances = np.maximum(misses - oreb, 0) + np.rint(0.45 * (fta - ftm.sum(axis=1)))
    dreb_opp = rng.binomial(chances.astype(np.int64), 0.88)  # the other team's DREB
    two_misses = (zone_fga - zone_fgm)[..., :2].sum(axis=(1, 2))
    swap = np.arange(len(tov)) ^ 1  # row of the opponent in the same game
    rates = league.rates[ctx.players] * minutes[..., None]  # (TG, 15, 7)
    stats = {
        "zone_fga": zone_fga,
        "zone_fgm": zone_fgm,
        "fgm": zone_fgm.sum(axis=2),
        "fga": zone_fga.sum(axis=2),
        "fg3m": zone_fgm[..., 2],
        "fg3a": zone_fga[..., 2],
        "ftm": ftm,
        "fta": player_fta,
        "oreb": _share(oreb, rates[..., 0], rng),
        "dreb": _share(dreb_opp[swap], rates[..., 1], rng),
        "ast": _share(rng.binomial(zone_fgm.sum(axis=(1, 2)), 0.615), rates[..., 2], rng),
        "stl": _share(rng.binomial(tov[swap], 0.575), rates[..., 3], rng),
        "blk": _share(rng.binomial(two_misses[swap], 0.19), rates[..., 4], rng),
        "tov": _share(tov, rates[..., 5] * np.sqrt(usage), rng),
        "pf": _share(rng.poisson(7.25 + 0.21 * fta[swap]), rates[..., 6], rng),
    }
    return stats, (chances - dreb_opp)[swap].astype(int)


def _break_ties(
    stats: dict[str, np.ndarray], seconds: np.ndarray, rng: np.random.Generator
) -> None:
    """No ties in the NBA: one side's heaviest-minute player gets one more made free throw."""
    points = (2 * stats["fgm"] + stats["fg3m"] + stats["ftm"]).sum(axis=1)
    tied = np.flatnonzero(points[::2] == points[1::2])
    rows = 2 * tied + rng.integers(0, 2, len(tied))
    star = seconds[rows].argmax(axis=1)
    stats["fta"][rows, star] += 1
    stats["ftm"][rows, star] += 1


def _plus_minus(
    points: np.ndarray, seconds: np.ndarray, team_minutes: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Per player: his share of the margin plus lineup noise; the team sums to 5 × margin."""
    margin = points - points[np.arange(len(points)) ^ 1]
    share = seconds / (team_minutes[:, None] * 12.0)
    raw = margin[:, None] * share + rng.normal(0, 6.0, seconds.shape) * np.sqrt(share)
    raw = np.where(seconds > 0, raw, 0.0)
    weight = seconds / seconds.sum(axis=1, keepdims=True)
    adjusted = raw + weight * (5 * margin - raw.sum(axis=1))[:, None]
    shift = np.ceil(np.abs(adjusted).max()) + 1  # make values positive for flooring
    values = np.where(seconds > 0, adjusted + shift, 0.0)
    totals = 5 * margin + shift * (seconds > 0).sum(axis=1)
    return round_to_total(values, totals) - np.where(seconds > 0, int(shift), 0)
