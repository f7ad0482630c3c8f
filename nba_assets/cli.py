"""`nba-assets`: the shell entry point (demo run, UI)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from nba_assets.instance import ensure_dagster_home
from nba_assets.partitions import season_year_of
from nba_assets.settings import PROJECT_ROOT, SETTINGS


def _demo(args: argparse.Namespace) -> int:
    from nba_assets.demo_run import run_demo  # loads the code location; not needed for --help

    return 0 if run_demo(args.season, args.days) else 1


def _ui(args: argparse.Namespace) -> int:
    """`dagster dev` on the project's instance, started from DAGSTER_HOME (where its config is)."""
    os.chdir(os.environ["DAGSTER_HOME"])
    dagster = str(Path(sys.executable).parent / "dagster")  # the venv's, activated or not
    command = [dagster, "dev", "-m", "nba_assets.definitions", "-d", str(PROJECT_ROOT)]
    os.execv(dagster, [*command, "--port", str(args.port)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nba-assets", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="generate the demo league and materialize every phase over one season"
    )
    demo.add_argument(
        "--season",
        type=int,
        default=season_year_of(SETTINGS.first_game_date),
        help="season start year (default: the first season of the partitions)",
    )
    demo.add_argument("--days", type=int, help="only the first N days of the season (a quick look)")
    demo.set_defaults(run=_demo)
    ui = commands.add_parser("ui", help="start the Dagster UI (dagster dev) on this instance")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(run=_ui)
    args = parser.parse_args(argv)
    ensure_dagster_home()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
