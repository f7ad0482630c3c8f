"""The demo league: deterministic, internally consistent, calibrated, and carrying real signal.

One season is generated once per module; the early dates (where the injected
bad rows live) go through the real landing write/read and ``parse_payload``.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from nba_assets.identifiers import parse_minutes, player_lookup
from nba_assets.sources.demo.bad_rows import BAD_ROWS, EARLY_DATES
from nba_assets.sources.demo.league import generate_season
from nba_assets.sources.demo.names import (
    BOOK_STYLES,
    FIRST_NAMES,
    LAST_NAMES,
    book_name,
    player_names,
)
from nba_assets.sources.demo.roster import build_league
from nba_assets.sources.demo.schedule import opening_night
from nba_assets.sources.landing import FEEDS, read_payloads, write_payload
from nba_assets.sources.player_resolution import Registry
from nba_assets_tests.conftest import listed_registry, parse_payload

SEASON, SEED = 2021, 7
STATS = ["points", "fgm", "fga", "fg3m", "fg3a", "ftm", "fta", "oreb", "dreb", "ast", "stl",
         "blk", "tov", "pf"]  # fmt: skip
TEAM_SIDES = ("home_team", "away_team")


@pytest.fixture(scope="module")
def season() -> dict[str, pd.DataFrame]:
    return generate_season(SEASON, SEED)


@pytest.fixture(scope="module")
def registry(season, tmp_path_factory) -> Registry:
    """Everyone the season's rosters list, usable from his first roster date."""
    rosters = season["rosters"]
    listed = rosters[["player_id", "player_name"]].assign(
        game_date=rosters["game_date"].map(date.fromisoformat), seen_in="roster"
    )
    last = max(listed["game_date"])
    return listed_registry(tmp_path_factory.mktemp("registry"), listed, last + timedelta(1))


@pytest.fixture(scope="module")
def parsed(
    season, registry, tmp_path_factory
) -> dict[str, tuple[pd.DataFrame, pd.DataFrame, list]]:
    """feed -> (accepted rows, rejected rows, frame index of rejected rows).

    Through the real landing write/read: the early dates (all injected bad rows)
    plus a spread of later ones (a full season is ~1,150 payloads: too slow here).
    """
    root = tmp_path_factory.mktemp("landing")
    dates = [date.fromisoformat(d) for d in sorted(season["schedule"]["game_date"].unique())]
    sample = dates[:EARLY_DATES] + dates[EARLY_DATES + 10 :: 25]
    result = {}
    for feed, table in season.items():
        index = {}
        for day in sample:
            part = table[table["game_date"] == day.isoformat()]
            index[day] = part.index.to_numpy()
            write_payload(root, feed, day, part)
        accepted, rejected, bad_index = [], [], []
        for payload in read_payloads(root, feed, sample):
            result_rows = parse_payload(FEEDS[feed], payload, registry)
            accepted.append(result_rows.rows)
            rejected.append(result_rows.rejected)
            bad_index += list(index[payload.game_date][result_rows.rejected["row_number"] - 1])
        result[feed] = (pd.concat(accepted), pd.concat(rejected), bad_index)
    return result


@pytest.fixture(scope="module")
def clean(season, parsed) -> dict[str, pd.DataFrame]:
    """The season without its injected bad rows, numeric columns typed (raises if unparseable)."""
    frames = {}
    for feed, table in season.items():
        table = table.drop(index=parsed[feed][2])
        for column in FEEDS[feed].columns:
            if column.kind in ("int", "float", "flag"):
                table[column.name] = pd.to_numeric(table[column.name])
        frames[feed] = table
    box = frames["player_boxscores"]
    box["minutes_dec"] = box["minutes"].map(lambda text: parse_minutes(text) or 0.0)
    ids = dict(zip(box["player_name"], box["player_id"], strict=False))
    props, report = frames["player_props"], frames["injury_report"]
    # books write names their own way: the person id (as the registry resolves it) joins them
    by_book = {(book_name(n, b), b): i for n, i in ids.items() for b in BOOK_STYLES}
    written = zip(props["player_name"], props["bookmaker"], strict=True)
    props["player_id"] = [by_book[key] for key in written]
    report["player_id"] = report["player_name"].map(ids)
    return frames


def _active(clean) -> pd.DataFrame:
    box = clean["player_boxscores"]
    return box[box["status"] == "active"]


def test_same_seed_gives_byte_identical_frames(season) -> None:
    again = generate_season(SEASON, SEED)
    for feed, table in season.items():
        assert table.to_csv(index=False) == again[feed].to_csv(index=False), feed


def test_every_feed_has_exactly_the_declared_columns(season) -> None:
    assert set(season) == set(FEEDS)
    for feed, table in season.items():
        assert list(table.columns) == FEEDS[feed].column_names


def test_injected_bad_rows_and_only_they_are_quarantined(parsed) -> None:
    for feed, (accepted, rejected, _) in parsed.items():
        expected = sorted(b.reason for b in BAD_ROWS if b.feed == feed)
        reasons = sorted(rejected["reason"])
        assert len(reasons) == len(expected), (feed, reasons)
        for reason, start in zip(reasons, expected, strict=True):
            assert reason.startswith(start), (feed, reason)
        assert len(accepted) > 0
    assert 8 <= len(BAD_ROWS) <= 12


def test_schedule_is_an_82_game_season(clean) -> None:
    games = clean["schedule"]
    assert len(games) == 1230 and games["nba_game_id"].is_unique
    teams = pd.concat([games["home_team"], games["away_team"]])
    assert set(teams.value_counts()) == {82}
    assert set(games["home_team"].value_counts()) == {41}
    dates = pd.to_datetime(games["game_date"])
    assert dates.min().date() == opening_night(SEASON) == date(2021, 10, 19)
    assert dates.max().month == 4 and 8 <= dates.max().day <= 18
    assert 158 <= dates.nunique() <= 168
    assert 7.0 <= games.groupby("game_date").size().mean() <= 8.0
    tips = pd.to_datetime(games["tipoff_utc"]).dt.tz_convert("America/New_York")
    hours = tips.dt.hour + tips.dt.minute / 60
    assert hours.between(19.0, 22.5).all()
    assert (tips.dt.strftime("%Y-%m-%d") == games["game_date"]).all()


def test_back_to_backs_are_realistic_and_never_three_in_a_row(clean) -> None:
    games = clean["schedule"]
    long = pd.concat([games[["game_date", t]].rename(columns={t: "team"}) for t in TEAM_SIDES])
    long["day"] = pd.to_datetime(long["game_date"])
    long = long.sort_values(["team", "day"])
    gap = long.groupby("team")["day"].diff().dt.days
    b2b = (gap == 1).groupby(long["team"]).sum()
    assert b2b.between(8, 19).all() and 11 <= b2b.mean() <= 16
    two_gaps = long.groupby("team")["day"].diff(2).dt.days
    assert not (two_gaps == 2).any()


def test_team_boxes_are_the_sum_of_player_rows(clean) -> None:
    box, teams = clean["player_boxscores"], clean["team_boxscores"]
    sums = box.groupby(["nba_game_id", "team"])[STATS].sum()
    totals = teams.set_index(["nba_game_id", "team"])[STATS].loc[sums.index]
    assert (sums.to_numpy() == totals.to_numpy()).all()
    minutes = box.groupby(["nba_game_id", "team"])["minutes_dec"].sum()
    team_minutes = teams.set_index(["nba_game_id", "team"])["minutes"].map(parse_minutes)
    assert np.allclose(minutes, team_minutes.loc[minutes.index], rtol=0, atol=0.01)
    assert set(teams["minutes"]) >= {"240:00", "265:00"}
    assert teams["team_rebounds"].between(0, 20).all()
    assert teams["team_turnovers"].between(0, 6).all()
    schedule = clean["schedule"].set_index("nba_game_id")
    home = teams[teams["team"] == teams["home_team"]].set_index("nba_game_id")["points"]
    assert (schedule["home_score"] == home.loc[schedule.index]).all()
    assert (schedule["home_score"] != schedule["away_score"]).all()


def test_player_rows_are_internally_consistent(clean) -> None:
    box = clean["player_boxscores"]
    assert set(box.groupby(["nba_game_id", "team"]).size()) == {15}
    played = _active(clean)
    assert (played["points"] == 2 * played["fgm"] + played["fg3m"] + played["ftm"]).all()
    assert ((played["fg3m"] <= played["fg3a"]) & (played["fg3a"] <= played["fga"])).all()
    assert ((played["fgm"] <= played["fga"]) & (played["ftm"] <= played["fta"])).all()
    assert played["minutes"].str.fullmatch(r"\d{1,2}:[0-5]\d").all()
    out = box[box["status"] != "active"]
    assert (out["minutes"] == "").all() and out["points"].isna().all()
    reasons = out.groupby("status")["dnp_reason"]
    assert reasons.apply(lambda r: (r != "").all()).all()
    assert out["dnp_reason"].str.startswith("Injury/Illness - ").any()
    assert (out["dnp_reason"] == "DNP - Coach's Decision").any()
    assert (out["dnp_reason"] == "DNP - Rest").any()
    lookups = box.drop_duplicates("player_id")["player_name"].map(player_lookup)
    assert lookups.is_unique


def test_shot_rows_match_the_box_score(clean) -> None:
    shots = clean["shots"]
    three = shots["shot_type"] == "3PT"
    per_player = pd.DataFrame(
        {
            "fga": shots.groupby(["nba_game_id", "player_id"]).size(),
            "fgm": shots.groupby(["nba_game_id", "player_id"])["made"].sum(),
            "fg3a": three.groupby([shots["nba_game_id"], shots["player_id"]]).sum(),
            "fg3m": (three & (shots["made"] == 1))
            .groupby([shots["nba_game_id"], shots["player_id"]])
            .sum(),
        }
    )
    played = _active(clean)
    box = played[played["fga"] > 0].set_index(["nba_game_id", "player_id"])
    assert len(per_player) == len(box)
    assert (per_player.loc[box.index].to_numpy() == box[["fga", "fgm", "fg3a", "fg3m"]]).all(None)
    assert not shots.duplicated(["nba_game_id", "event_num"]).any()
    twos = shots.loc[~three, "shot_distance"]
    assert twos.between(0, 22).all() and shots.loc[three, "shot_distance"].min() >= 22
    assert ((twos <= 8) | (twos >= 9)).all()
    assert set(shots["period"]) >= {1, 2, 3, 4, 5}
    assert shots.loc[shots["made"] == 0, "assisted"].isna().all()
    assert 0.5 <= shots.loc[shots["made"] == 1, "assisted"].mean() <= 0.7


def test_league_is_calibrated_to_the_real_nba(clean) -> None:
    teams = clean["team_boxscores"]
    assert 110 <= teams["points"].mean() <= 118 and 11.0 <= teams["points"].std() <= 14.5
    assert 86 <= teams["fga"].mean() <= 92 and 32 <= teams["fg3a"].mean() <= 38
    assert 19.5 <= teams["fta"].mean() <= 25 and 9.5 <= teams["oreb"].mean() <= 12
    assert 31 <= teams["dreb"].mean() <= 35.5 and 12 <= teams["tov"].mean() <= 14.5
    possessions = (
        (teams["fga"] + 0.44 * teams["fta"] - teams["oreb"] + teams["tov"])
        .groupby(teams["nba_game_id"])
        .mean()
    )
    assert 97 <= possessions.mean() <= 104
    overtime = (teams["minutes"] != "240:00").mean()
    assert 0.02 <= overtime <= 0.10

    played = _active(clean)
    assert 10.5 <= played["points"].mean() <= 12.5 and 8.0 <= played["points"].std() <= 10.0
    assert 22 <= played["minutes_dec"].mean() <= 26
    season = played.groupby("player_id").agg(
        games=("points", "size"), ppg=("points", "mean"), mpg=("minutes_dec", "mean"),
        sd=("points", "std"),
    )  # fmt: skip
    season = season[season["games"] >= 40]
    assert 30 <= (season["ppg"] > 20).sum() <= 65 and 7 <= (season["ppg"] > 25).sum() <= 20
    assert 6.3 <= season.loc[season["mpg"] >= 28, "sd"].mean() <= 8.2


def _last_pregame(quotes: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    pregame = quotes[quotes["snapshot_utc"] < quotes["tipoff_utc"]]
    return pregame.sort_values("snapshot_utc").groupby(keys).tail(1)


def test_props_look_like_a_sportsbook_board(clean) -> None:
    props = clean["player_props"]
    assert set(props["bookmaker"]) == {"draftkings", "fanduel", "betmgm", "caesars"}
    assert ((props["line"] % 1) == 0.5).all()
    assert props["over_price"].between(-200, 150).all()
    in_game = props[props["snapshot_utc"] > props["tipoff_utc"]]
    assert 0 < in_game["nba_game_id"].nunique() < 0.1 * len(clean["schedule"])
    snapshots = (
        props[props["snapshot_utc"] < props["tipoff_utc"]]
        .groupby("nba_game_id")["snapshot_utc"]
        .nunique()
    )
    assert set(snapshots) <= {3, 4}
    closing = _last_pregame(props, ["nba_game_id", "player_id", "bookmaker"])
    per_team = closing.groupby(["nba_game_id", "player_id"]).size().groupby(level=0).size() / 2
    assert 7 <= per_team.mean() <= 11


def test_consensus_closing_line_misses_by_about_five_points(clean) -> None:
    closing = _last_pregame(clean["player_props"], ["nba_game_id", "player_id", "bookmaker"])
    consensus = closing.groupby(["nba_game_id", "player_id"])["line"].median().rename("line")
    played = _active(clean).set_index(["nba_game_id", "player_id"])["points"]
    joined = pd.concat([consensus, played], axis=1, join="inner")
    assert len(joined) > 0.95 * len(consensus)  # the rest: late scratches (voided)
    assert 4.3 <= (joined["line"] - joined["points"]).abs().mean() <= 5.7


def test_no_prop_for_a_player_reported_out_before_the_snapshot(clean) -> None:
    props, report = clean["player_props"], clean["injury_report"]
    outs = report[report["status"] == "out"][["nba_game_id", "player_id", "report_utc"]]
    quoted = props.merge(outs, on=["nba_game_id", "player_id"])
    assert not (quoted["report_utc"] <= quoted["snapshot_utc"]).any()


def test_game_lines_track_team_strength(clean) -> None:
    lines = clean["game_lines"]
    assert set(lines.groupby(["nba_game_id", "snapshot_utc"]).size()) == {4}
    assert ((lines["home_spread"] % 1) == 0.5).all()
    closing = _last_pregame(lines, ["nba_game_id", "bookmaker"])
    consensus = closing.groupby("nba_game_id")[["home_spread", "total"]].median()
    games = clean["schedule"].set_index("nba_game_id").join(consensus)
    margin = games["home_score"] - games["away_score"]
    assert np.corrcoef(-games["home_spread"], margin)[0, 1] > 0.25
    assert (games["total"] - games["home_score"] - games["away_score"]).abs().mean() < 17
    assert games["home_spread"].mean() < 0  # home court


def test_latest_injury_report_predicts_availability(clean) -> None:
    report = clean["injury_report"]
    tips = clean["schedule"].set_index("nba_game_id")["tipoff_utc"]
    assert (report["report_utc"] < report["nba_game_id"].map(tips)).all()
    latest = report.sort_values("report_utc").groupby(["nba_game_id", "player_name"]).tail(1)
    box = clean["player_boxscores"][["nba_game_id", "player_name", "status"]]
    joined = latest.merge(box, on=["nba_game_id", "player_name"], suffixes=("", "_box"))
    dressed = (joined["status_box"] != "inactive").groupby(joined["status"]).mean()
    assert (joined.loc[joined["status"] == "out", "status_box"] != "active").all()
    assert 0.4 <= dressed["questionable"] <= 0.75 and dressed["doubtful"] <= 0.35
    assert dressed["probable"] >= 0.85


def test_three_to_five_trades_move_players_between_teams(clean) -> None:
    box = clean["player_boxscores"]
    teams_per_player = box.groupby("player_id")["team"].nunique()
    assert 6 <= (teams_per_player == 2).sum() <= 10 and teams_per_player.max() == 2


@pytest.fixture(scope="module")
def played(clean) -> pd.DataFrame:
    """Played rows with the player's residual vs his season mean, B2B flag and opponent."""
    rows = _active(clean).copy()
    rows["residual"] = rows["points"] - rows.groupby("player_id")["points"].transform("mean")
    home = rows["team"] == rows["home_team"]
    rows["opponent"] = np.where(home, rows["away_team"], rows["home_team"])
    games = clean["schedule"]
    long = pd.concat(
        [games[["nba_game_id", "game_date", t]].rename(columns={t: "team"}) for t in TEAM_SIDES]
    )
    long["day"] = pd.to_datetime(long["game_date"])
    long = long.sort_values(["team", "day"])
    long["b2b"] = long.groupby("team")["day"].diff().dt.days == 1
    return rows.merge(long[["nba_game_id", "team", "b2b"]], on=["nba_game_id", "team"])


def test_back_to_backs_cost_regulars_efficiency_minutes_and_points(played) -> None:
    regulars = played[played.groupby("player_id")["minutes_dec"].transform("mean") >= 28]
    by_rest = regulars.groupby("b2b")
    fg_pct = by_rest["fgm"].sum() / by_rest["fga"].sum()
    assert fg_pct[True] < fg_pct[False] - 0.005
    assert by_rest["minutes_dec"].mean()[True] < by_rest["minutes_dec"].mean()[False] - 0.3
    per_36 = 36 * by_rest["points"].sum() / by_rest["minutes_dec"].sum()
    assert per_36[True] < per_36[False]
    assert by_rest["residual"].mean()[True] < by_rest["residual"].mean()[False] - 0.2


def test_weak_defenses_give_up_more_points(clean, played) -> None:
    teams = clean["team_boxscores"]
    home = teams["team"] == teams["home_team"]
    defense = teams.groupby(np.where(home, teams["away_team"], teams["home_team"]))["points"].mean()
    allowed = played["opponent"].map(defense)
    weak = allowed >= allowed.quantile(0.75)
    strong = allowed <= allowed.quantile(0.25)
    assert played.loc[weak, "residual"].mean() > played.loc[strong, "residual"].mean() + 0.2


def test_teammates_score_more_when_the_top_scorer_sits(clean, played) -> None:
    ppg = played.groupby(["team", "player_id"])["points"].mean()
    stars = {player for _, player in ppg.groupby(level=0).idxmax()}
    box = clean["player_boxscores"]
    sat = box[box["player_id"].isin(stars) & (box["status"] != "active")]
    star_out = set(zip(sat["nba_game_id"], sat["team"], strict=True))
    others = played[~played["player_id"].isin(stars)]
    missing = np.array(
        [k in star_out for k in zip(others["nba_game_id"], others["team"], strict=True)]
    )
    gain = others.loc[missing, "residual"].mean() - others.loc[~missing, "residual"].mean()
    assert gain > 0.8


def test_names_are_unique_and_realistically_awkward() -> None:
    names = player_names(SEED, np.arange(len(FIRST_NAMES) * len(LAST_NAMES)))
    lookups = {player_lookup(n) for n in names}
    assert len(lookups) == len(names)
    season_names = build_league(SEASON, SEED).names
    assert any(n != n.encode("ascii", "ignore").decode() for n in season_names)
    assert any(n.split()[0].count(".") == 2 for n in season_names)
    assert any(n.endswith((" Jr.", " III", " II", " Sr.")) for n in season_names)


def test_players_persist_and_age_across_seasons() -> None:
    first, second = build_league(2021, SEED), build_league(2022, SEED)
    same = {n: a for n, a in zip(first.names, first.age, strict=True)}
    kept = [(same[n], a) for n, a in zip(second.names, second.age, strict=True) if n in same]
    assert len(kept) >= 0.85 * len(second.names)
    assert all(after == before + 1 for before, after in kept)


def test_opening_nights() -> None:
    assert opening_night(2024) == date(2024, 10, 22)
    assert opening_night(2030) == date(2030, 10, 15)  # third Tuesday of October
