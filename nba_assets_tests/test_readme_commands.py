"""Every shell command in the README, run as written against a demo instance.

The commands come from the README's fenced ``bash`` blocks, in order, with only
the placeholders below filled in: the dates are moved into a few demo days so
the whole README runs in minutes, `make` targets that would recurse or block
are dry-run (`make -n`), pytest is asked to collect (a marker expression that
selects nothing, or an invalid one, fails). A command no rule covers fails the
test: a new README command needs a rule here, so it can never go untested.

The instance lives in a temporary directory with a relative NBA_ASSETS_DATA_DIR,
so the test also proves the UI (which runs from DAGSTER_HOME) and the shell use
one warehouse.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nba_assets.sources.real.landing import REAL_DATA_DIR
from nba_assets_tests.conftest import DEMO_SEED
from nba_assets_tests.ui_process import start_ui, stop_ui

PROJECT = Path(__file__).resolve().parents[1]
# README dates -> a few demo days (2021-10-19 is the first partition)
DATES = {
    "2021-10-19": "2021-10-19",
    "2021-11-30": "2021-10-21",
    "2022-01-01": "2021-10-20",
    "2022-01-04": "2021-10-20",
    "2022-01-31": "2021-10-21",
    "2022-04-10": "2021-10-22",
}
DEMO_DAYS = {"--days 30": "--days 3"}
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def readme_commands(readme: Path = PROJECT / "README.md") -> list[str]:
    """Each command of the ``bash`` blocks: continuation lines joined, comments dropped."""
    blocks = re.findall(r"^```bash\n(.*?)^```", readme.read_text(), flags=re.S | re.M)
    commands = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and not command.startswith("#"):
                commands.append(re.sub(r"\s+", " ", command))
    return commands


def filled(command: str) -> str:
    """The README command with its placeholders filled in (unknown dates are an error)."""
    for date in DATE.findall(command):
        assert date in DATES, f"README date {date} in {command!r}: add it to DATES"
    command = DATE.sub(lambda m: DATES[m.group()], command)
    for documented, quick in DEMO_DAYS.items():
        command = command.replace(documented, quick)
    return command


@dataclass
class Shell:
    """The user's shell: one working directory, the exports so far, the UI once started."""

    cwd: Path
    env: dict[str, str]
    ui: subprocess.Popen | None = None
    url: str = ""
    log: list[str] = field(default_factory=list)

    def run(self, command: str, ok: tuple[int, ...] = (0,), timeout: int = 600) -> str:
        completed = subprocess.run(
            ["bash", "-c", command],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        self.log.append(f"$ {command}  -> {completed.returncode}")
        output = completed.stdout + completed.stderr
        assert completed.returncode in ok, f"{command}\n{output[-4000:]}"
        assert "Traceback" not in completed.stderr, f"{command}\n{completed.stderr[-4000:]}"
        return completed.stdout

    def export(self, command: str) -> None:
        name, value = command.removeprefix("export ").split("=", 1)
        self.env[name] = value.replace("$PWD", str(self.cwd))

    def start_ui(self, command: str) -> None:
        argv = command.removesuffix("&").split()
        self.ui, self.url = start_ui(argv, self.cwd, self.env, self.cwd / "ui.log")
        self.log.append(f"$ {command}  -> webserver + daemon at {self.url}")

    def backfill(self, command: str) -> None:
        assert self.ui, f"{command!r} comes before the README starts the UI"
        out = self.run(f"{command} --url {self.url} --poll-seconds 2", timeout=900)
        assert "succeeded" in out, out

    def status(self, command: str) -> None:
        out = self.run(command, ok=(0, 1))  # 1: dates outside the demo days are missing
        if "--json" in command:
            assert json.loads(out)["assets"]
        else:
            assert out.startswith("coverage ")

    def scorecard(self, command: str) -> None:
        out = self.run(command, ok=(0, 1))  # 1: the demo days are bootstrap days, nothing graded
        if "--json" in command:
            assert "systems" in json.loads(out)
        else:
            assert out.startswith("scorecard ")

    def backups(self, command: str) -> None:
        """A snapshot of the shell's warehouse, listed, then restored onto itself unchanged."""
        out = self.run(command)
        if command.endswith("--list"):
            assert re.fullmatch(r"(\d{4}-\d{2}-\d{2}T\d{6}Z\n)+", out), out
        elif " backup" in command:
            assert out.startswith("snapshot ") and "kept the newest" in out, out
        else:
            assert out.startswith("restored ") and "!= SNAPSHOT" not in out, out

    def make(self, command: str) -> None:
        """`make -n`: the target exists and would run (running it here would recurse or block)."""
        out = subprocess.run(
            ["make", "-n", *command.split()[1:]],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        self.log.append(f"$ make -n {command.split()[1]}  -> {out.strip().splitlines()[-1]}")

    def pip(self, command: str) -> None:
        """In a copy of the checkout (the package's files only), with the venv's pip; an
        install is a dry run, so it checks the wheel the README built without replacing this
        venv's editable install."""
        checkout = self.cwd / "checkout"
        if not checkout.exists():
            checkout.mkdir()
            shutil.copy(PROJECT / "pyproject.toml", checkout)
            for folder in ("nba_assets", "sql"):
                ignore = shutil.ignore_patterns("__pycache__")
                shutil.copytree(PROJECT / folder, checkout / folder, ignore=ignore)
        if command.startswith("pip install"):
            command += " --dry-run --no-deps"
        env = {**self.env, "PATH": f"{Path(sys.prefix) / 'bin'}:{self.env['PATH']}"}
        completed = subprocess.run(
            ["bash", "-c", command],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
        self.log.append(f"$ {command}  -> {completed.stdout.strip().splitlines()[-1]}")

    def pytest(self, command: str) -> None:
        """Collect only: the tier the command names exists and has tests."""
        collected = subprocess.run(
            ["bash", "-c", f"{command} --collect-only -q"],
            cwd=PROJECT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        out = collected.stdout
        if "real_data" in command and not REAL_DATA_DIR.exists():  # a clone alone: said, not run
            assert collected.returncode == 5 and "real-data tests: " in out, out[-3000:]
        else:
            assert collected.returncode == 0, out[-3000:]  # 5: nothing selected; 2: import error
            assert re.search(r"^\d+(/\d+)? tests? collected", out, re.M), out[-2000:]
        self.log.append(f"$ {command} --collect-only  -> {out.strip().splitlines()[-1]}")


# README command -> what the test does with it (first match wins); anything else fails
RULES: list[tuple[str, str]] = [
    (r"^make (demo|test|ui)$", "make"),
    (r"^export \w+=\S+$", "export"),
    (r"^\.venv/bin/nba-assets ui &$", "start_ui"),
    (r"^\.venv/bin/nba-assets backfill ", "backfill"),
    (r"^\.venv/bin/nba-assets status", "status"),
    (r"^\.venv/bin/nba-assets scorecard", "scorecard"),
    (r"^\.venv/bin/nba-assets (backup|restore)", "backups"),
    (r"^\.venv/bin/pytest", "pytest"),
    (r"^pip (wheel|install) ", "pip"),
    (r"^\.venv/bin/(nba-assets demo|dagster asset materialize) ", "run"),
]


@pytest.fixture(scope="module")
def shell(tmp_path_factory: pytest.TempPathFactory, demo_landing: Path) -> Iterator[Shell]:
    home = tmp_path_factory.mktemp("readme")
    (home / ".venv").symlink_to(Path(sys.prefix))  # the README's `.venv/bin/...`
    shutil.copytree(demo_landing, home / "data" / "landing" / f"demo-seed-{DEMO_SEED}")
    env = {
        **os.environ,
        "NBA_ASSETS_DATA_DIR": "data",  # relative, as a user may write it
        "NBA_ASSETS_DEMO_SEED": str(DEMO_SEED),
        "DAGSTER_HOME": str(home / ".dagster_home"),  # what the README's export sets
    }
    session = Shell(home, env)
    try:
        yield session
    finally:
        if session.ui:
            stop_ui(session.ui)


def test_the_readme_parses_into_commands() -> None:
    commands = readme_commands()
    assert "make demo" in commands and "make test" in commands
    assert any(c.startswith(".venv/bin/nba-assets backfill") for c in commands)
    uncovered = [c for c in commands if not any(re.match(p, c) for p, _ in RULES)]
    assert not uncovered, f"README commands no rule covers: {uncovered}"


@pytest.mark.slow
def test_every_readme_command_runs(shell: Shell) -> None:
    for command in map(filled, readme_commands()):
        action = next(a for p, a in RULES if re.match(p, command))
        getattr(shell, action)(command)
    print("\n" + "\n".join(shell.log))
    # the UI ran from DAGSTER_HOME with NBA_ASSETS_DATA_DIR=data: its runs wrote the shell's
    assert (shell.cwd / "data" / "warehouse.duckdb").exists()
    assert not (shell.cwd / ".dagster_home" / "data").exists()
