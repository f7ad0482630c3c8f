"""The vendored fixtures are exactly the slice of ``../shared/data/real`` that vendored.py states.

Real-data tier (it compares with ``../shared``): a fixture edited by hand, a body missing from
the index, or a file nobody listed (an unlicensed source copied in) fails here.
"""

from __future__ import annotations

import pandas as pd
import pytest

from nba_assets.sources.real.landing import REAL_DATA_DIR
from nba_assets_tests.vendored import (
    COPIED_WHOLE,
    FIXTURES_DIR,
    HOOPR_LICENCE,
    RAW_INDEX,
    ROW_CUTS,
    SYNTHETIC_ODDS,
    RowCut,
    index_lines,
)

pytestmark = pytest.mark.real_data


@pytest.mark.parametrize("path", COPIED_WHOLE)
def test_copied_files_are_byte_identical(path: str) -> None:
    assert (FIXTURES_DIR / path).read_bytes() == (REAL_DATA_DIR / path).read_bytes()


def test_raw_index_lists_the_vendored_bodies_verbatim() -> None:
    assert (FIXTURES_DIR / RAW_INDEX).read_text() == "".join(index_lines(REAL_DATA_DIR))


@pytest.mark.parametrize("cut", ROW_CUTS, ids=lambda cut: cut.path)
def test_cut_files_hold_the_stated_rows(cut: RowCut) -> None:
    vendored = pd.read_parquet(FIXTURES_DIR / cut.path)
    assert len(vendored) > 0
    pd.testing.assert_frame_equal(vendored, cut.rows(REAL_DATA_DIR))


def test_nothing_else_is_vendored() -> None:
    found = {
        str(path.relative_to(FIXTURES_DIR))
        for path in FIXTURES_DIR.rglob("*")
        if path.is_file() and path.name != "PROVENANCE.md"
    }
    synthetic = {p for p in found if p.startswith(f"{SYNTHETIC_ODDS}/")}
    listed = {*COPIED_WHOLE, RAW_INDEX, *(cut.path for cut in ROW_CUTS), HOOPR_LICENCE}
    assert found - synthetic == listed
