"""`nba-assets backfill` before it reaches the daemon: selections, titles, the webserver's answers.

The webserver here is a real HTTP server on 127.0.0.1 answering as a failing Dagster
webserver does; the daemon-run backfills themselves are in orchestration/test_backfill_process.py.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from dagster._core.definitions.utils import is_valid_title

from nba_assets import backfill
from nba_assets.cli import main
from nba_assets.definitions import defs

GRAPH = defs.resolve_asset_graph()


@pytest.fixture(autouse=True)
def dagster_home(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`nba-assets` prepares DAGSTER_HOME: a temporary one, not the checkout's."""
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


@pytest.mark.parametrize(
    ("selection", "count"),
    [
        # the README's: it and everything downstream (the registry and the feeds resolving
        # their names through it included)
        ("nba_raw/player_boxscores*", 23),
        ("group:nba_precompute or group:nba_predictions", 9),
        ('key:"nba_raw/schedule"', 1),
        (None, len(list(GRAPH.get_all_asset_keys()))),
    ],
)
def test_any_selection_makes_a_valid_title(selection: str | None, count: int) -> None:
    keys = backfill.selected_keys(selection, GRAPH)
    assert len(keys) == count
    name = backfill.title(date(2021, 10, 19), date(2022, 4, 10), keys)
    assert is_valid_title(name), name  # Dagster refuses '*', '"', '%' and > 100 characters


def test_an_invalid_selection_is_one_clear_line(capsys: pytest.CaptureFixture) -> None:
    code = main(["backfill", "2022-01-01", "2022-01-31", "--select", "group:nba_precompute*"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: --select 'group:nba_precompute*' is not a valid")
    assert "group:nba_precompute or group:nba_predictions" in err  # what to write instead
    assert "Traceback" not in err and len(err.splitlines()) == 1


class Refusing(BaseHTTPRequestHandler):
    """Answers every GraphQL request as Dagster does when a mutation raises."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps({"errors": [{"message": "Title has invalid characters: '*'"}]})
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def refusing_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_an_http_error_says_what_the_webserver_answered(refusing_server: str, capsys) -> None:
    code = main(["backfill", "2022-01-01", "2022-01-02", "--url", refusing_server])
    err = capsys.readouterr().err
    assert code == 1
    assert f"the Dagster webserver at {refusing_server} answered HTTP 500" in err
    assert "Title has invalid characters: '*'" in err
    assert "no Dagster webserver answers" not in err
