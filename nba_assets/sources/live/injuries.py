"""Injury reports from files in the layout of the NBA's official report.

The league publishes its report as a PDF several times a day; this reads the
same table saved as CSV, one file per report, named for the report time in US
Eastern: ``injury_report_YYYYMMDD_HHMM.csv``, with the official columns::

    Game Date, Game Time, Matchup, Team, Player Name, Current Status, Reason
    10/22/2025, 07:00 (ET), CLE@NYK, Cleveland Cavaliers, "Garland, Darius", Out, Injury/Illness - Left Toe

As in the PDF, a blank Game Date / Game Time / Matchup / Team repeats the row
above; rows without a player (a team's "NOT YET SUBMITTED") are skipped. The
status is landed lower-cased (out, doubtful, questionable, probable,
available); anything else is quarantined by the parser, not guessed. Phase 3
already takes each player's latest report before tip-off, so every report is
landed and none is chosen here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.sources.landing import FEEDS, PayloadError
from nba_assets.sources.live.odds.quotes import team_code

COLUMNS = ("Game Date", "Game Time", "Matchup", "Team", "Player Name", "Current Status", "Reason")
REPEATED = ["Game Date", "Game Time", "Matchup", "Team"]


def report_time(path: Path) -> pd.Timestamp:
    try:
        local = datetime.strptime(path.stem, "injury_report_%Y%m%d_%H%M")
    except ValueError:
        raise PayloadError(f"{path}: not a report name (injury_report_YYYYMMDD_HHMM.csv)") from None
    return pd.Timestamp(local, tz=ZoneInfo(GAME_TIMEZONE)).tz_convert("UTC")


def first_last(name: str) -> str:
    """ "Jackson Jr., Jaren" -> "Jaren Jackson Jr." (the report lists family names first)."""
    family, _, given = name.partition(",")
    return f"{given.strip()} {family.strip()}".strip()


def read_report(path: Path) -> pd.DataFrame:
    """One report file as ``injury_report`` landing rows."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise PayloadError(f"{path}: missing column(s) {', '.join(missing)} of an injury report")
    frame[REPEATED] = frame[REPEATED].replace("", pd.NA).ffill().fillna("")
    frame = frame[frame["Player Name"].str.strip() != ""]
    teams = frame["Matchup"].str.extract(r"^(\w{2,3})@(\w{2,3})$")
    game_day = pd.to_datetime(frame["Game Date"], format="%m/%d/%Y", errors="coerce")
    return pd.DataFrame(
        {
            "nba_game_id": "",
            "game_date": game_day.dt.date.astype(str).where(game_day.notna(), frame["Game Date"]),
            "away_team": teams[0].fillna(""),
            "home_team": teams[1].fillna(""),
            "team": frame["Team"].map(team_code),
            "player_name": frame["Player Name"].map(first_last),
            "report_utc": report_time(path).isoformat(),
            "status": frame["Current Status"].str.strip().str.lower(),
            "reason": frame["Reason"].str.strip(),
        }
    )[FEEDS["injury_report"].column_names]


def report_rows(folder: Path, dates: Sequence[date]) -> pd.DataFrame:
    """Every report entry in the folder for games on ``dates``."""
    wanted = {d.isoformat() for d in dates}
    frames = [read_report(path) for path in sorted(folder.glob("injury_report_*.csv"))]
    if not frames:
        return pd.DataFrame(columns=FEEDS["injury_report"].column_names)
    rows = pd.concat(frames, ignore_index=True)
    return rows[rows["game_date"].isin(wanted)].reset_index(drop=True)
