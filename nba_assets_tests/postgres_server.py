"""A throwaway PostgreSQL server: initdb in a temp folder, started on a free port, removed after.

For the tests of the Postgres instance and ``bench/orchestration.py``. Debian keeps the server
binaries under /usr/lib/postgresql/<major>/bin (``make system-deps`` installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nba_assets_tests.ui_process import free_port


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the ``postgres`` user when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def throwaway_postgres() -> Iterator[dict[str, str]]:
    """The DAGSTER_PG_* variables of a fresh server with a ``dagster`` database (trust auth)."""
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found: `make system-deps` installs them")
    # not under a private temp dir: the server runs as the postgres user
    root = Path(tempfile.mkdtemp(prefix="nba-assets-postgres-"))
    data = root / "data"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
    port = str(free_port())

    def run(*command: str) -> None:
        done = subprocess.run(as_server_user(list(command)), capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{command[0]}: {done.stdout}{done.stderr}")

    run(str(bindir / "initdb"), "-D", str(data), "-U", "dagster", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    log = str(root / "server.log")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", log, "-w", "start", "-o", options)
    try:
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", port, "-U", "dagster", "dagster")
        yield {
            "DAGSTER_PG_HOST": "127.0.0.1",
            "DAGSTER_PG_PORT": port,
            "DAGSTER_PG_DB": "dagster",
            "DAGSTER_PG_USER": "dagster",
            "DAGSTER_PG_PASSWORD": "unused-with-trust-auth",
        }
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)
