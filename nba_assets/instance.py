"""The local Dagster instance: DAGSTER_HOME defaults to .dagster_home/ linked to dagster.yaml."""

from __future__ import annotations

import os
from pathlib import Path

from nba_assets.settings import PROJECT_ROOT


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at the project's instance (unless the user chose one) and prepare it."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").resolve()
    os.environ["DAGSTER_HOME"] = str(home)  # absolute: `nba-assets ui` changes directory
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.symlink_to(PROJECT_ROOT / "dagster.yaml")
    nux = home / ".nux" / "nux.yaml"  # the UI's first-visit pop-up, seen once and for all
    if not nux.exists():
        nux.parent.mkdir(parents=True, exist_ok=True)
        nux.write_text("seen: 1\n")
    return home
