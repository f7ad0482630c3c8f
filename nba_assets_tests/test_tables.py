"""The table catalogue states each fact once, and what it names exists."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import pytest

from nba_assets.sources.landing import FEEDS
from nba_assets.table_entry import TableKind
from nba_assets.tables import TABLES
from nba_assets.warehouse.dialect import header_description

SQL_TABLES = [t for t in TABLES if t.kind is TableKind.SQL]
PYTHON_TABLES = [t for t in TABLES if t.kind is TableKind.PYTHON]


@pytest.mark.parametrize("table", SQL_TABLES, ids=lambda t: t.path)
def test_sql_header_key_is_the_catalogue_key(table) -> None:
    """`-- key: (a, b)` in the SQL header (what a reader sees) = the key the checks and writes use."""
    declared = re.search(r"^key: \(([^)]*)\)", header_description(table.sql), re.MULTILINE)
    assert declared, f"sql/{table.path}.sql: no header line starting 'key: ('"
    assert tuple(declared.group(1).split(", ")) == table.key


def test_raw_tables_are_exactly_the_landing_feeds_with_their_keys() -> None:
    feeds = {t.name: t.key for t in TABLES if t.kind is TableKind.FEED}
    assert feeds == {name: feed.key for name, feed in FEEDS.items()}


@pytest.mark.parametrize("table", PYTHON_TABLES, ids=lambda t: t.path)
def test_builder_reference_names_a_function(table) -> None:
    module, function = table.builder.split(":")
    assert callable(getattr(importlib.import_module(module), function))


def test_a_builder_only_for_python_tables() -> None:
    with pytest.raises(ValueError, match="builder"):
        type(TABLES[0])("nba_raw", "x", "game_date", ("k",), builder="a:b")
    with pytest.raises(ValueError, match="landing feed"):
        type(TABLES[0])("nba_raw", "x", "game_date", ("k",), kind=TableKind.FEED)


def test_the_catalogue_imports_no_model_code() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, nba_assets.tables; print(*sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert [m for m in loaded if m.startswith("nba_assets.models") or m == "xgboost"] == []
