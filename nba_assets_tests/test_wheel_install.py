"""The package built as a wheel and installed elsewhere runs without the checkout.

The wheel is built from a copy of what pyproject declares (pyproject.toml, nba_assets/,
sql/), so nothing left in the checkout's build/ can slip into it. It is installed with
--no-deps into a fresh venv outside the checkout, whose dependencies come from this venv
through a .pth file: a directory added that way has its own .pth files ignored, so the
checkout's editable finder stays out and `nba_assets` can only come from the wheel. From a
directory that is neither, the Dagster CLI validates the definitions and materializes every
asset over the first 16 demo dates (the 14-day bootstrap leaves nothing to predict or export
before), and `nba-assets status` reads the result.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, DagsterRunStatus

from nba_assets_tests.conftest import PROJECT, SQL_DIR, instance_env

pytestmark = pytest.mark.slow
FIRST, LAST = "2021-10-19", "2021-11-03"  # 14 bootstrap dates, then 2 with predictions
DIST_INFO = "nba_assets-0.1.0.dist-info/"
PROBE = """
import nba_assets
from nba_assets.instance import ensure_dagster_home
from nba_assets.settings import CHECKOUT, SETTINGS
print(nba_assets.__file__, CHECKOUT, ensure_dagster_home(), SETTINGS.data_dir, sep="\\n")
"""


def run(step: str, command: list[str | Path], **options) -> subprocess.CompletedProcess:
    """Run a command to success and print how long it took (shown with pytest -s)."""
    began = time.monotonic()
    completed = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=900, **options
    )
    assert completed.returncode == 0, (
        f"{step}:\n{completed.stdout[-2000:]}{completed.stderr[-4000:]}"
    )
    print(f"{time.monotonic() - began:6.1f}s  {step}")
    return completed


def outside_env(**variables: str) -> dict[str, str]:
    """This environment without what could point back at the checkout, its instance or data."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONPATH", "DAGSTER_HOME") and not name.startswith("NBA_ASSETS_")
    }
    return {**kept, **variables}


def package_files(root: Path, prefix: str) -> set[str]:
    return {
        f"{prefix}/{path.relative_to(root).as_posix()}"
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    shutil.copy(PROJECT / "pyproject.toml", source)
    for folder in ("nba_assets", "sql"):
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(PROJECT / folder, source / folder, ignore=ignore)
    print()
    run(
        "pip wheel (offline: this venv's setuptools)",
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            root / "dist",
            source,
        ],
    )
    (built,) = (root / "dist").glob("nba_assets-*.whl")
    print(f"        {built.name}: {built.stat().st_size / 1024:.0f} KiB")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A fresh venv holding the wheel only; the dependencies are this venv's site-packages."""
    venv = tmp_path_factory.mktemp("venv")
    run("python -m venv", [sys.executable, "-m", "venv", "--without-pip", venv])
    purelib = Path(sysconfig.get_path("purelib"))
    (venv / purelib.relative_to(sys.prefix) / "dependencies.pth").write_text(f"{purelib}\n")
    python = venv / "bin" / "python"
    run(
        "pip install --no-deps the wheel",
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-deps",
            "--no-index",
            wheel,
        ],
    )
    return venv


def test_the_wheel_holds_the_package_with_its_sql_and_data_files_and_no_tests(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert not [name for name in names if name.startswith("nba_assets_tests/")]
    shipped = {name for name in names if not name.startswith(DIST_INFO)}
    sql = {name for name in shipped if name.startswith("nba_assets/sql/") and name.endswith(".sql")}
    assert len(sql) == len(list(SQL_DIR.rglob("*.sql"))) > 0
    for data in ("dagster.yaml", "checks/thresholds.yaml", "models/config.yaml"):
        assert f"nba_assets/{data}" in shipped
    assert {"predictions", "results", "best_bets", "system_performance"} == {
        Path(name).name.removesuffix(".schema.json")
        for name in shipped
        if name.startswith("nba_assets/exports/schemas/")
    }
    package = package_files(PROJECT / "nba_assets", "nba_assets")
    expected = package | package_files(SQL_DIR, "nba_assets/sql")
    assert not expected - shipped, "not in the wheel: list it in pyproject's packages/package-data"
    assert not shipped - expected, "in the wheel but not in the checkout's nba_assets/ or sql/"


def test_the_installed_package_validates_and_materializes_outside_the_checkout(
    venv: Path, tmp_path: Path
):
    work = tmp_path / "work"
    work.mkdir()
    assert not work.resolve().is_relative_to(PROJECT) and not venv.is_relative_to(PROJECT)
    python = venv / "bin" / "python"

    probe = [python, "-c", PROBE]
    module, checkout, home, data = run(
        "import nba_assets, set up the instance", probe, cwd=work, env=outside_env()
    ).stdout.splitlines()
    assert Path(module).is_relative_to(venv), f"nba_assets imported from {module}"
    assert checkout == "None"
    assert (home, data) == (str(work / ".dagster_home"), str(work / "data"))  # the cwd defaults
    config = work / ".dagster_home" / "dagster.yaml"  # the package's copy, not a link into it
    assert not config.is_symlink() and config.read_text() == (PROJECT / "dagster.yaml").read_text()

    env = outside_env(**instance_env(Path(home), Path(data)))
    dagster = [python, "-m", "dagster"]
    validate = [*dagster, "definitions", "validate", "-m", "nba_assets.definitions"]
    run("dagster definitions validate", validate, cwd=work, env=env)
    every_asset = ["--select", "*", "--partition-range", f"{FIRST}...{LAST}"]
    materialize = [*dagster, "asset", "materialize", "-m", "nba_assets.definitions", *every_asset]
    run(f"dagster asset materialize {' '.join(every_asset)}", materialize, cwd=work, env=env)
    status = [venv / "bin" / "nba-assets", "status", "--end", LAST]
    run("nba-assets status", status, cwd=work, env=env)  # exit 0: no date missing, no check failed

    with DagsterInstance.from_config(home) as instance:
        assert [record.status for record in instance.get_runs()] == [DagsterRunStatus.SUCCESS]
    with duckdb.connect(str(work / "data" / "warehouse.duckdb"), read_only=True) as db:
        rows, dates = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT game_date) FROM nba_analytics.player_game_summary"
        ).fetchone()
        (predictions,) = db.execute(
            "SELECT COUNT(*) FROM nba_predictions.player_prop_predictions"
        ).fetchone()
    assert rows > 0 and dates == 16 and predictions > 0
    exports = work / "data" / "exports"
    written = {path.relative_to(exports).as_posix() for path in exports.rglob("*.json")}
    for folder in ("predictions", "results", "best-bets"):
        assert {f"{folder}/2021-11-02.json", f"{folder}/{LAST}.json"} <= written
