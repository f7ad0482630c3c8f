"""Files shipped inside the package (SQL, JSON schemas, YAML), read through importlib.resources.

The same calls work from a checkout (editable install) and from an installed wheel, whose
files live in site-packages: nothing here assumes a repository layout. The repository keeps
``sql/`` at its top level; pyproject installs it as ``nba_assets.sql``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

# SQL several files share has one home, sql/shared/<name>.sql, and is read as a table would be
SHARED = re.compile(r"\b(FROM|JOIN) shared\.(\w+)\b")


@cache
def sql_text(dataset: str, name: str) -> str:
    """The statement in ``sql/<dataset>/<name>.sql``, each ``FROM shared.<name>`` (or ``JOIN``)
    in it replaced by the query in ``sql/shared/<name>.sql`` as a subquery of that name: resolved
    here, so DuckDB, BigQuery and the dependency graph all read the whole statement."""
    text = files("nba_assets.sql").joinpath(dataset, f"{name}.sql").read_text(encoding="utf-8")
    return SHARED.sub(_inline_shared, text)


def _inline_shared(match: re.Match[str]) -> str:
    keyword, name = match.groups()
    query = [line for line in sql_text("shared", name).splitlines() if not line.startswith("--")]
    return f"{keyword} (\n" + "\n".join(query) + f"\n) AS {name}"


def package_text(*parts: str) -> str:
    """A data file under ``nba_assets/``, e.g. ``package_text("models", "config.yaml")``."""
    return files("nba_assets").joinpath(*parts).read_text(encoding="utf-8")
