"""Which slice of ``../shared/data/real`` is vendored into ``nba_assets_tests/fixtures``.

A clone of the repository has no ``../shared``, yet the stats.nba.com parsing, the live
source and the 2023-24 pipeline tests need real numbers. They read a few files only, all
from sources whose licence allows copying them (nba_api's recordings: MIT; hoopR's box
score cache: CC BY 4.0). This module names those files and the rows kept, so that what was
cut is stated once, in code: ``python -m nba_assets_tests.vendored`` rewrites the fixtures
from ``../shared``, and ``sources/real/test_vendored_fixtures.py`` checks them against it.

The fixtures mirror the real directory's layout (same folder and file names), so any
function that takes the real directory (``real/landing.write_real_landing``) takes
``FIXTURES_DIR`` as well. Sources without a licence (MylesThomas/betting, props_history)
are never copied: their tests are in the real-data tier.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from nba_assets.sources.real.landing import BOX_PLAYERS, BOX_TEAMS, GAME_FINDER, REAL_DATA_DIR

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
NBA_API = "nba_api_fixtures"
RAW_INDEX = f"{NBA_API}/raw_index.csv"
# every body the live-source tests ask stats.nba.com for (recorded_nba_api serves them)
RECORDED_BODIES = tuple(
    f"{NBA_API}/raw/{name}.json"
    for name in (
        "boxscoresummaryv2__GameID-0022200552__6d9143b7",
        "boxscoretraditionalv3__GameID-0022200552__de19d57c",
        "boxscoreadvancedv3__GameID-0022200552__e3a6040f",
        "playbyplayv3__GameID-0022200552__04c95260",
        "boxscoretraditionalv3__GameID-0022500165__dffb316d",
        "scoreboardv3__GameDate-2025-11-05__faa3e026",
        "scoreboardv3__GameDate-2025-07-15__6a287c0b",
        "leaguegamelog__PlayerOrTeam-T_Season-2025-26_SeasonType-RegularSeason__f50500a3",
    )
)
# in the fixtures but not from ../shared: hoopR's licence (from its repository, which the
# real directory did not copy) and the synthetic odds snapshots (no licensed real ones exist)
HOOPR_LICENCE = "hoopr_nba_stats_raw_sample/LICENSE.md"
SYNTHETIC_ODDS = "odds_snapshots_synthetic"
HOOPR_ADVANCED = "hoopr_nba_stats_raw_sample/boxscoreadvancedv3_players_2023_24_sample.parquet"
NBA_API_ADVANCED = f"{NBA_API}/tidy/boxscoreadvancedv3_players.parquet"
COPIED_WHOLE = (
    f"{NBA_API}/LICENSE_swar_nba_api.txt",
    *RECORDED_BODIES,
    BOX_PLAYERS,
    BOX_TEAMS,
    HOOPR_ADVANCED,
)


@dataclass(frozen=True)
class RowCut:
    """A parquet file of which only the rows with ``column == value`` are vendored."""

    path: str
    column: str
    value: str

    def rows(self, root: Path) -> pd.DataFrame:
        frame = pd.read_parquet(root / self.path)
        return frame[frame[self.column] == self.value].reset_index(drop=True)


ROW_CUTS = (
    # the finder file mixes five queries; the pipeline reads the 2023-24 regular season
    RowCut(
        GAME_FINDER,
        "source_file",
        "raw/leaguegamefinder__PlayerOrTeam-T_Season-2023-24_SeasonType-RegularSeason__63fd8159.json",
    ),
    # the NBA's usage% for the one 2023-24 box-score game hoopR's advanced file lacks
    RowCut(NBA_API_ADVANCED, "gameId", "0022300001"),
)


def index_lines(root: Path) -> list[str]:
    """``raw_index.csv`` cut to the vendored bodies (header first, lines verbatim)."""
    header, *lines = (root / RAW_INDEX).read_text().splitlines(keepends=True)
    kept = {path.removeprefix(f"{NBA_API}/") for path in RECORDED_BODIES}
    return [header, *(line for line in lines if line.split(",", 1)[0] in kept)]


def vendor(real_dir: Path = REAL_DATA_DIR, target: Path = FIXTURES_DIR) -> None:
    """Rewrite the vendored data files from ``real_dir`` (PROVENANCE.md files are kept)."""
    for path in COPIED_WHOLE:
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(real_dir / path, target / path)
    (target / RAW_INDEX).write_text("".join(index_lines(real_dir)))
    for cut in ROW_CUTS:
        (target / cut.path).parent.mkdir(parents=True, exist_ok=True)
        cut.rows(real_dir).to_parquet(target / cut.path, index=False)


if __name__ == "__main__":
    vendor()
