"""`nba-assets`: the shell entry point (demo run, backfills, status, scorecard, backups, UI)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from nba_assets.instance import ensure_dagster_home
from nba_assets.partitions import parse_day, season_year_of
from nba_assets.settings import LOCAL_ROOT, SETTINGS, pinned_paths


def _demo(args: argparse.Namespace) -> int:
    from nba_assets.demo_run import run_demo  # loads the code location; not needed for --help

    return 0 if run_demo(args.season, args.days) else 1


def _status(args: argparse.Namespace) -> int:
    from dagster import DagsterInstance

    from nba_assets.dead_runs import pool_usage
    from nba_assets.definitions import defs
    from nba_assets.status import coverage_status, render_json, render_text, scheduled_through

    warehouse, store = defs.resources["warehouse"], defs.resources["exports"]
    start = args.start or SETTINGS.first_game_date
    last = args.end or scheduled_through(warehouse) or date.today()
    if last < start:
        raise SystemExit(f"--end {last} is before --start {start}")
    end = last + timedelta(days=1)
    instance = DagsterInstance.get()
    statuses = coverage_status(instance, warehouse, store, start, end)
    pools = pool_usage(instance)
    render = render_json if args.json else render_text
    print(render(statuses, start, end, pools))
    return 0 if all(s.healthy for s in statuses) else 1


def _day_option(flag: str, text: str | None) -> date | None:
    """A date option, or a one-line error naming it (argparse would add its usage text)."""
    try:
        return None if text is None else parse_day(text)
    except ValueError:
        raise SystemExit(f"{flag} {text!r}: not a date; write YYYY-MM-DD") from None


def _scorecard(args: argparse.Namespace) -> int:
    from nba_assets.definitions import defs
    from nba_assets.scorecard import ScorecardError, read_scorecard, render_json, render_text
    from nba_assets.status import scheduled_through

    warehouse = defs.resources["warehouse"]
    start = _day_option("--start", args.start) or SETTINGS.first_game_date
    last = _day_option("--end", args.end) or scheduled_through(warehouse) or date.today()
    if last < start:
        raise SystemExit(f"--end {last} is before --start {start}")
    try:
        card = read_scorecard(warehouse, start, last + timedelta(days=1))
    except ScorecardError as error:
        raise SystemExit(f"error: {error}") from None
    print((render_json if args.json else render_text)(card))
    return 0 if card.systems else 1


def _backfill(args: argparse.Namespace) -> int:
    from nba_assets import backfill
    from nba_assets.definitions import defs

    if args.chunk_days is not None and args.chunk_days != SETTINGS.backfill_chunk_days:
        raise SystemExit(
            f"--chunk-days {args.chunk_days}: the code location splits backfills into "
            f"{SETTINGS.backfill_chunk_days or 'one run for the whole range'} "
            "(NBA_ASSETS_BACKFILL_CHUNK_DAYS); restart `nba-assets ui` with "
            f"NBA_ASSETS_BACKFILL_CHUNK_DAYS={args.chunk_days} to change it"
        )
    if args.end < args.start:
        raise SystemExit(f"END {args.end} is before START {args.start}")
    server = backfill.DagsterWebserver(args.url)
    try:
        keys = backfill.selected_keys(args.select, defs.resolve_asset_graph())
        backfill_id = backfill.launch(server, keys, args.start, args.end, args.select)
        print(
            f"backfill {backfill_id}: {len(keys)} assets x {(args.end - args.start).days + 1} "
            f"dates -> {server.url}/runs/b/{backfill_id}"
        )
        if args.wait:
            done = backfill.wait(server, backfill_id, args.poll_seconds)
            print(f"backfill {backfill_id} succeeded: {len(done.runs)} runs")
    except backfill.BackfillError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _backup(args: argparse.Namespace) -> int:
    from nba_assets.backups.commands import backup
    from nba_assets.definitions import defs

    return backup(defs.resources["warehouse"], defs.resources["backups"], args.list, args.json)


def _restore(args: argparse.Namespace) -> int:
    from nba_assets.backups.commands import restore
    from nba_assets.definitions import defs

    start, last = _day_option("--start", args.start), _day_option("--end", args.end)
    if (start is None) != (last is None):
        raise SystemExit("--start and --end go together (a date range), or neither (whole tables)")
    if start and last and last < start:
        raise SystemExit(f"--end {last} is before --start {start}")
    warehouse, store = defs.resources["warehouse"], defs.resources["backups"]
    return restore(warehouse, store, args.snapshot, args.tables, start, last)


def _ui(args: argparse.Namespace) -> int:
    """`dagster dev` on the local instance, started from DAGSTER_HOME (where its config is).

    Paths are pinned first: the processes it starts run in DAGSTER_HOME, where relative
    paths (and an installed package's default, the current directory) mean somewhere else.
    """
    os.environ.update(pinned_paths())
    os.chdir(os.environ["DAGSTER_HOME"])
    dagster = [sys.executable, "-m", "dagster"]  # this interpreter's, with or without its script
    command = [*dagster, "dev", "-m", "nba_assets.definitions", "-d", str(LOCAL_ROOT)]
    os.execv(sys.executable, [*command, "--port", str(args.port)])


Arguments = argparse.ArgumentParser


def _demo_arguments(demo: Arguments) -> None:
    demo.add_argument(
        "--season",
        type=int,
        default=season_year_of(SETTINGS.first_game_date),
        help="season start year (default: the first season of the partitions)",
    )
    demo.add_argument("--days", type=int, help="only the first N days of the season (a quick look)")


def _backfill_arguments(launch: Arguments) -> None:
    launch.add_argument("start", type=parse_day)
    launch.add_argument("end", type=parse_day)
    launch.add_argument("--select", help="Dagster asset selection (default: every asset)")
    launch.add_argument(
        "--chunk-days",
        type=int,
        help="dates per run; must match the code location's NBA_ASSETS_BACKFILL_CHUNK_DAYS",
    )
    launch.add_argument("--wait", action="store_true", help="follow it; exit 1 if it fails")
    launch.add_argument("--url", default="http://localhost:3000", help="the Dagster webserver")
    launch.add_argument("--poll-seconds", type=float, default=5)


def _status_arguments(status: Arguments) -> None:
    status.add_argument("--start", type=parse_day, help="first date (default: first partition)")
    status.add_argument(
        "--end", type=parse_day, help="last date, inclusive (default: last scheduled game)"
    )
    status.add_argument("--json", action="store_true", help="machine-readable output")


def _scorecard_arguments(card: Arguments) -> None:
    card.add_argument("--start", help="first game date, YYYY-MM-DD (default: first partition)")
    card.add_argument(
        "--end", help="last game date, inclusive, YYYY-MM-DD (default: last scheduled game)"
    )
    card.add_argument("--json", action="store_true", help="machine-readable output")


def _backup_arguments(snap: Arguments) -> None:
    snap.add_argument("--list", action="store_true", help="only list the snapshots there are")
    snap.add_argument("--json", action="store_true", help="print the manifest as JSON")


def _restore_arguments(back: Arguments) -> None:
    back.add_argument("snapshot", help="a snapshot name (`nba-assets backup --list`) or `latest`")
    back.add_argument("--tables", nargs="+", help="dataset/name ... (default: every table)")
    back.add_argument("--start", help="first date, YYYY-MM-DD (with --end; default: whole tables)")
    back.add_argument("--end", help="last date, inclusive, YYYY-MM-DD")


def _ui_arguments(ui: Arguments) -> None:
    ui.add_argument("--port", type=int, default=3000)


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    description: str | None
    arguments: Callable[[Arguments], None]
    run: Callable[[argparse.Namespace], int]


SUBCOMMANDS = (
    Subcommand(
        "demo",
        "generate the demo league and materialize every phase over one season",
        None,
        _demo_arguments,
        _demo,
    ),
    Subcommand(
        "backfill",
        "launch a Dagster asset backfill (as the UI does) over START..END, inclusive",
        "Needs a running webserver and daemon (`nba-assets ui`).",
        _backfill_arguments,
        _backfill,
    ),
    Subcommand(
        "status",
        "coverage per asset: missing dates, rows, latest check results, last run",
        "Exits 1 when an expected date has no rows or a latest check failed.",
        _status_arguments,
        _status,
    ),
    Subcommand(
        "scorecard",
        "each system's MAE, bias and hit rate (95 %% interval) on the same graded rows, "
        "next to a naive last-10 average and the line",
        "Exits 1 when no player-game in the range was predicted by every system, "
        "graded and had a line.",
        _scorecard_arguments,
        _scorecard,
    ),
    Subcommand(
        "backup",
        "snapshot every warehouse table now (what the daily backup job does), then prune",
        "Writes under NBA_ASSETS_BACKUP_ROOT; keeps NBA_ASSETS_BACKUP_KEEP snapshots.",
        _backup_arguments,
        _backup,
    ),
    Subcommand(
        "restore",
        "put a snapshot's tables (or a date range of them) back, each atomically",
        "Checks every file against the manifest first (nothing is written from a "
        "snapshot that does not match). Exits 1 when a restored table differs from the snapshot.",
        _restore_arguments,
        _restore,
    ),
    Subcommand(
        "ui", "start the Dagster UI (dagster dev) on this instance", None, _ui_arguments, _ui
    ),
)


def parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per operation (``SUBCOMMANDS``)."""
    parser = argparse.ArgumentParser(prog="nba-assets", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for sub in SUBCOMMANDS:
        command = commands.add_parser(sub.name, help=sub.help, description=sub.description)
        sub.arguments(command)
        command.set_defaults(run=sub.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    ensure_dagster_home()
    _release_dead_runs()
    return args.run(args)


def _release_dead_runs() -> None:
    from dagster import DagsterInstance

    from nba_assets.dead_runs import release_dead_runs

    with DagsterInstance.get() as instance:
        for run in release_dead_runs(instance):
            print(run, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
