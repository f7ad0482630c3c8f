"""The raw boundary: every bad row quarantined with a reason, bad files rejected by name."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from nba_assets.sources.landing import FEEDS, Payload, PayloadError, read_payloads, write_payload
from nba_assets.sources.parsing import parse_payloads
from nba_assets.sources.resources import FilesSource
from nba_assets_tests.conftest import parse_payload

DAY = date(2021, 10, 19)


def box_row(**overrides: str) -> dict[str, str]:
    row = dict(
        nba_game_id="0022100001", game_date="2021-10-19", away_team="BKN", home_team="MIL",
        team="BKN", player_id="201142", player_name="Kevin Durant", status="active",
        dnp_reason="", starter="1", minutes="35:12", points="32", fgm="11", fga="20",
        fg3m="2", fg3a="5", ftm="8", fta="9", oreb="1", dreb="10", ast="5", stl="1",
        blk="0", tov="3", pf="2", plus_minus="-5",
    )  # fmt: skip
    return {**row, **overrides}


def parse(rows: list[dict[str, str]]):
    return parse_payload(FEEDS["player_boxscores"], Payload(Path("f.csv"), DAY, pd.DataFrame(rows)))


def test_good_rows_get_canonical_ids_and_types() -> None:
    parsed = parse([box_row(), box_row(player_name="Giannis Antetokounmpo", team="MIL")])
    assert parsed.rejected.empty
    first = parsed.rows.iloc[0]
    assert first["game_id"] == "20211019_BKN_MIL"
    assert first["player_lookup"] == "kevindurant"
    assert first["minutes"] == pytest.approx(35.2)
    assert first["opponent_team_abbr"] == "MIL" and not first["is_home"]
    assert bool(parsed.rows.iloc[1]["is_home"])


def test_dnp_rows_are_kept_with_null_stats() -> None:
    blank = {k: "" for k in ("minutes", "points", "fgm", "fga", "tov", "plus_minus")}
    parsed = parse([box_row(status="dnp", dnp_reason="DNP - Coach's Decision", **blank)])
    assert parsed.rejected.empty
    row = parsed.rows.iloc[0]
    assert row["status"] == "dnp" and pd.isna(row["minutes"]) and pd.isna(row["points"])


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"minutes": "12:xx"}, "minutes: cannot parse '12:xx' as minutes"),
        ({"team": "XXX"}, "team: unknown team code 'XXX'"),
        ({"dreb": "-2"}, "dreb: negative value -2"),
        ({"player_name": ""}, "player_name: missing"),
        ({"game_date": ""}, "game_date: missing"),
        ({"status": "benched"}, "status: 'benched' is not one of active|dnp|inactive"),
        ({"points": "3.5"}, "points: cannot parse '3.5' as int"),
        ({"game_date": "2021-10-20"}, "game_date: row is not for the payload's date 2021-10-19"),
        ({"team": "LAL"}, "team: 'LAL' is neither the home nor the away team"),
        # parse, but cannot be: limits, made within attempted, points from the shots made
        ({"minutes": "-5"}, "minutes: negative value -5"),
        ({"minutes": "1e3"}, "minutes: 1000.0 is above the plausible 78"),
        ({"points": "200"}, "points: 200 is above the plausible 100"),
        ({"fgm": "21", "points": "52"}, "fgm: 21 made is more than fga 20"),
        ({"fg3m": "6", "points": "36"}, "fg3m: 6 made is more than fg3a 5"),
        ({"points": "40"}, "points: 40 is not 2 × fgm + fg3m + ftm = 32"),
    ],
)
def test_bad_rows_are_quarantined_with_reason(overrides: dict[str, str], reason: str) -> None:
    parsed = parse([box_row(player_name="Good Player"), box_row(**overrides)])
    assert len(parsed.rows) == 1
    assert parsed.rejected["reason"].tolist() == [reason]
    assert parsed.rejected["row_number"].tolist() == [2]
    assert '"player_id": "201142"' in parsed.rejected["payload"].iloc[0]


def test_duplicate_key_keeps_first_and_quarantines_the_rest() -> None:
    parsed = parse([box_row(), box_row(plus_minus="7")])
    assert parsed.rows["plus_minus"].tolist() == [-5]
    assert parsed.rejected["reason"].str.startswith("duplicate key").tolist() == [True]


def test_missing_column_names_file_and_column(tmp_path: Path) -> None:
    frame = pd.DataFrame([box_row()]).drop(columns=["minutes"])
    path = write_payload(tmp_path, "player_boxscores", DAY, frame)
    with pytest.raises(PayloadError, match=rf"{path}: missing column\(s\) minutes"):
        list(read_payloads(tmp_path, "player_boxscores", [DAY]))


def test_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "player_boxscores" / f"{DAY}.csv"
    path.parent.mkdir()
    path.write_bytes(b'a,b\n"unterminated,1\n')
    with pytest.raises(PayloadError, match=str(path)):
        list(read_payloads(tmp_path, "player_boxscores", [DAY]))


def test_a_team_total_raised_to_match_impossible_player_points_is_quarantined() -> None:
    feed = FEEDS["team_boxscores"]
    team = {k: v for k, v in box_row().items() if k in feed.column_names}
    frame = pd.DataFrame([{**team, "minutes": "240:00", "points": "300"}])
    parsed = parse_payload(feed, Payload(Path("t.csv"), DAY, frame))
    assert parsed.rejected["reason"].tolist() == ["points: 300 is above the plausible 200"]


def test_rows_of_a_game_the_schedule_does_not_have_are_quarantined() -> None:
    payload = Payload(
        Path("f.csv"), DAY, pd.DataFrame([box_row(), box_row(away_team="BOS", team="BOS")])
    )
    parsed = parse_payloads(FEEDS["player_boxscores"], [payload], scheduled={"20211019_BKN_MIL"})
    assert parsed.rows["game_id"].tolist() == ["20211019_BKN_MIL"]
    assert parsed.rejected["reason"].tolist() == [
        "game_id: 20211019_BOS_MIL is not in nba_raw.schedule for its date"
    ]


def test_an_empty_file_is_named_and_a_header_only_file_is_a_day_without_rows(
    tmp_path: Path,
) -> None:
    header_only = write_payload(
        tmp_path, "player_boxscores", DAY, pd.DataFrame(columns=list(box_row()))
    )
    assert [len(p.frame) for p in read_payloads(tmp_path, "player_boxscores", [DAY])] == [0]
    header_only.write_bytes(b"")
    with pytest.raises(
        PayloadError, match=rf"{header_only}: empty file \(0 bytes, not even a header\)"
    ):
        list(read_payloads(tmp_path, "player_boxscores", [DAY]))


def test_a_files_landing_without_a_schedule_folder_is_a_wrong_path(tmp_path: Path) -> None:
    """A run over the wrong folder must not build empty tables and call it green."""
    (tmp_path / "schedule").mkdir()
    assert (
        list(FilesSource(landing_dir=str(tmp_path)).payloads("schedule", [date(2024, 1, 2)])) == []
    )
    wrong = tmp_path / "elsewhere"
    with pytest.raises(FileNotFoundError, match=r"elsewhere: no schedule/ folder.*LANDING_DIR"):
        list(FilesSource(landing_dir=str(wrong)).payloads("player_boxscores", [date(2024, 1, 2)]))
