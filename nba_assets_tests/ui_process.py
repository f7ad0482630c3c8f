"""A real `nba-assets ui` (webserver + daemon) for the tests that drive it over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_ui(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple:
    """Start ``command`` (an `nba-assets ui` line) on a free port; return (process, url) once
    the webserver answers. Its own process group, so stop_ui ends webserver and daemon."""
    port = free_port()
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/server_info", timeout=2)
            return process, url
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                stop_ui(process)
                raise AssertionError(log.read_text()[-3000:]) from None
            time.sleep(1)


def stop_ui(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
