"""Alerts end to end: real failed runs and checks on a real instance, the sensors evaluated
against it, and their posts received by a real HTTP server on 127.0.0.1.

The webhook URL reaches the resource through ``dagster.EnvVar``, as in a deployment.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pandas as pd
import pytest
from dagster import (
    DagsterInstance,
    SkipReason,
    build_run_status_sensor_context,
    build_sensor_context,
)

from nba_assets.alerts.limiter import take_permit
from nba_assets.alerts.sensors import check_failure_alert, run_failure_alert
from nba_assets.alerts.webhook import WEBHOOK_ENV, AlertWebhook, webhook_for
from nba_assets.definitions import defs
from nba_assets.sources.landing import landing_path
from nba_assets.sources.resources import DemoSource
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEED, files_resources, materialize_range

DAY = date(2021, 10, 19)
RAW_BOXES = ["nba_raw/schedule", "nba_raw/player_boxscores", "nba_raw/team_boxscores"]
# NBA_ASSETS_ALERT_PAYLOADS=file.json keeps what the server received, one payload per case
PAYLOADS = os.environ.get("NBA_ASSETS_ALERT_PAYLOADS")


@dataclass
class Receiver:
    """What the test webhook received, and the status it answers with."""

    url: str
    status: int = 200
    payloads: list[dict] = field(default_factory=list)


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            box[0].payloads.append(json.loads(self.rfile.read(length)))
            self.send_response(box[0].status)
            self.end_headers()
            self.wfile.write(b"ok" if box[0].status == 200 else b"invalid_token")

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    box.append(Receiver(url=f"http://127.0.0.1:{server.server_port}/services/T0/B0/secret-token"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(WEBHOOK_ENV, box[0].url)
    yield box[0]
    server.shutdown()


def failed_feed_run(instance: DagsterInstance, tmp_path: Path, demo_landing: Path):
    """A real failed ranged run: box scores without the schedule table they are judged by."""
    resources = {
        "warehouse": DuckDBWarehouse(path=str(tmp_path / "empty.duckdb")),
        "source": DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED),
    }
    result = materialize_range(
        resources, DAY, DAY, ["nba_raw/player_boxscores"], raise_on_error=False, instance=instance
    )
    assert not result.success
    return result


def broken_landing(tmp_path: Path, demo_landing: Path) -> Path:
    """The demo payloads of DAY for the box-score feeds, where home teams' team box gains
    3 points their players never scored (the blocking team_points_match_players fails)."""
    root = tmp_path / "landing"
    for feed in ("schedule", "player_boxscores", "team_boxscores"):
        target = landing_path(root, feed, DAY)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(landing_path(demo_landing, feed, DAY), target)
    path = landing_path(root, "team_boxscores", DAY)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    home = (frame["team"] == frame["home_team"]) & frame["points"].str.isdigit()
    for column in ("points", "ftm", "fta"):
        frame.loc[home, column] = (frame.loc[home, column].astype(int) + 3).astype(str)
    frame.to_csv(path, index=False)
    return root


def record(case: str, payload: dict) -> None:
    if not PAYLOADS:
        return
    path = Path(PAYLOADS)
    saved = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**saved, case: payload}, indent=2) + "\n")


def evaluate_run_sensor(instance: DagsterInstance, result) -> object:
    context = build_run_status_sensor_context(
        sensor_name="run_failure_alert",
        dagster_event=result.get_run_failure_event(),
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"alert_webhook": webhook_for()},
    ).for_run_failure()
    return run_failure_alert(context)


def evaluate_check_sensor(instance: DagsterInstance, cursor: str | None):
    context = build_sensor_context(
        instance=instance, cursor=cursor, resources={"alert_webhook": webhook_for()}
    )
    outcome = check_failure_alert(context)
    return outcome, context.cursor


def test_a_failed_run_posts_one_alert(receiver: Receiver, tmp_path: Path, demo_landing) -> None:
    with DagsterInstance.ephemeral() as instance:
        result = failed_feed_run(instance, tmp_path, demo_landing)
        evaluate_run_sensor(instance, result)
    [payload] = receiver.payloads
    run_id = result.dagster_run.run_id
    text = payload["text"]
    assert text.startswith("nba_assets: run failed: __ephemeral_asset_job__")
    assert f"run {run_id}" in text
    assert "step nba_raw__player_boxscores" in text
    assert "partitions 2021-10-19..2021-10-19" in text
    assert "CatalogException" in text.splitlines()[2]  # the user's error, its first line only
    assert text.splitlines()[3] == f"http://localhost:3000/runs/{run_id}"
    record("run_failure", payload)


def test_a_failed_error_check_posts_once(
    receiver: Receiver, tmp_path: Path, demo_landing: Path
) -> None:
    landing = broken_landing(tmp_path, demo_landing)
    resources = files_resources(DuckDBWarehouse(path=str(tmp_path / "w.duckdb")), landing)
    with DagsterInstance.ephemeral() as instance:
        started, cursor = evaluate_check_sensor(instance, None)  # starts at "now"
        assert isinstance(started, SkipReason)
        result = materialize_range(
            resources, DAY, DAY, RAW_BOXES, raise_on_error=False, instance=instance
        )
        assert not result.success  # the blocking check failed its step
        _, cursor = evaluate_check_sensor(instance, cursor)
        again, _ = evaluate_check_sensor(instance, cursor)
    [payload] = receiver.payloads  # one alert for the failure, none on the next tick
    assert isinstance(again, SkipReason)
    text = payload["text"]
    assert text.startswith(
        "nba_assets: check failed (ERROR): nba_raw/team_boxscores team_points_match_players"
    )
    assert (
        f"run {result.dagster_run.run_id}" in text and "partitions 2021-10-19..2021-10-19" in text
    )
    assert "http://localhost:3000/assets/nba_raw/team_boxscores?view=checks" in text
    record("check_failure", payload)


def test_a_freshness_warning_is_posted_once_a_day(receiver: Receiver) -> None:
    job = defs.resolve_job_def("exports_due_0800")
    with DagsterInstance.ephemeral() as instance:
        _, cursor = evaluate_check_sensor(instance, None)
        for _ in range(2):  # two deadlines' runs the same day: both fail, one alert
            job.execute_in_process(instance=instance)
            _, cursor = evaluate_check_sensor(instance, cursor)
    [payload] = receiver.payloads
    assert payload["text"].startswith(
        "nba_assets: check failed (WARN): exports/results fresh_by_deadline"
    )
    assert "has no file set for" in payload["text"]
    record("freshness_warning", payload)


def test_a_webhook_answering_500_is_logged_and_never_raises(
    receiver: Receiver, tmp_path: Path, demo_landing: Path, capfd: pytest.CaptureFixture
) -> None:
    receiver.status = 500
    with DagsterInstance.ephemeral() as instance:
        result = failed_feed_run(instance, tmp_path, demo_landing)
        capfd.readouterr()
        evaluate_run_sensor(instance, result)  # no exception
    assert len(receiver.payloads) == 1  # it was tried, once
    logged = "".join(capfd.readouterr())
    assert "alert not delivered: the webhook answered HTTP 500" in logged
    assert "secret-token" not in logged and receiver.url not in logged
    record("webhook_500", {"received": receiver.payloads[0]["text"], "logged": logged.strip()})


def test_without_a_url_alerts_are_off_and_the_sensors_skip(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv(WEBHOOK_ENV, raising=False)
    with caplog.at_level(logging.WARNING):
        webhook = webhook_for()
    assert not webhook.enabled
    assert f"alerts off: {WEBHOOK_ENV} is not set" in caplog.text
    with DagsterInstance.ephemeral() as instance:
        context = build_sensor_context(instance=instance, resources={"alert_webhook": webhook})
        assert isinstance(check_failure_alert(context), SkipReason)


def test_the_url_is_not_in_the_resource_repr(receiver: Receiver) -> None:
    assert "secret-token" not in repr(AlertWebhook(url=receiver.url))


def test_the_rate_limit_holds_alerts_back_and_counts_them() -> None:
    with DagsterInstance.ephemeral() as instance:
        permits = [take_permit(instance, 2, now) for now in (0.0, 1.0, 2.0, 3.0)]
        later = take_permit(instance, 2, 3601.5)
    assert [p.allowed for p in permits] == [True, True, False, False]
    assert later.allowed and later.suppressed == 2  # reported with the next alert sent
