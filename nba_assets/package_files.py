"""Files shipped inside the package (SQL, JSON schemas, YAML), read through importlib.resources.

The same calls work from a checkout (editable install) and from an installed wheel, whose
files live in site-packages: nothing here assumes a repository layout. The repository keeps
``sql/`` at its top level; pyproject installs it as ``nba_assets.sql``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def sql_text(dataset: str, name: str) -> str:
    """The statement in ``sql/<dataset>/<name>.sql``."""
    return files("nba_assets.sql").joinpath(dataset, f"{name}.sql").read_text(encoding="utf-8")


def package_text(*parts: str) -> str:
    """A data file under ``nba_assets/``, e.g. ``package_text("models", "config.yaml")``."""
    return files("nba_assets").joinpath(*parts).read_text(encoding="utf-8")
