"""The local Dagster instance: DAGSTER_HOME defaults to .dagster_home/ holding dagster.yaml."""

from __future__ import annotations

import os
from pathlib import Path

from nba_assets.package_files import package_text
from nba_assets.settings import CHECKOUT, LOCAL_ROOT


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at the local instance (unless the user chose one) and prepare it.

    A checkout links the config to its top-level dagster.yaml, so edits there take effect;
    an installed package copies its default once, to be edited in DAGSTER_HOME rather than
    in site-packages (where an upgrade would overwrite it).
    """
    home = Path(os.environ.get("DAGSTER_HOME") or LOCAL_ROOT / ".dagster_home").resolve()
    os.environ["DAGSTER_HOME"] = str(home)  # absolute: `nba-assets ui` changes directory
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        if CHECKOUT:
            config.symlink_to(CHECKOUT / "dagster.yaml")
        else:
            config.write_text(package_text("dagster.yaml"))
    nux = home / ".nux" / "nux.yaml"  # the UI's first-visit pop-up, seen once and for all
    if not nux.exists():
        nux.parent.mkdir(parents=True, exist_ok=True)
        nux.write_text("seen: 1\n")
    return home
