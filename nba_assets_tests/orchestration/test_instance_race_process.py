"""Two Dagster commands started together on a fresh DAGSTER_HOME both succeed: the SQLite
storage is created by one process at a time (nba_assets/instance_storage.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nba_assets_tests.conftest import PROJECT

TRIALS = 10


def race(home: Path) -> list[subprocess.CompletedProcess]:
    """Two `dagster instance info` (each opens, and on a fresh home creates, the storage)."""
    dagster = str(Path(sys.executable).parent / "dagster")
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    started = [
        subprocess.Popen(
            [dagster, "instance", "info"],
            env=env,
            cwd=home,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    return [subprocess.CompletedProcess(p.args, p.wait(), *p.communicate()) for p in started]


@pytest.mark.slow
def test_simultaneous_commands_on_fresh_homes_never_race(tmp_path: Path) -> None:
    failures = []
    for trial in range(TRIALS):
        home = tmp_path / f"home{trial}"
        home.mkdir()
        shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
        failures += [r.stderr[-500:] for r in race(home) if r.returncode != 0]
    print(f"\n{2 * TRIALS} simultaneous commands on {TRIALS} fresh homes: {len(failures)} failed")
    assert not failures, failures[0]
