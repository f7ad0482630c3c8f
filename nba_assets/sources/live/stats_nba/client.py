"""stats.nba.com through the ``nba_api`` package: polite, retried, archived.

``nba_api`` builds each request (endpoint path, the full parameter set the site
expects, browser-like headers) and sends it; this client adds what a pipeline
needs around it: a request rate, a timeout, retries with exponential backoff on
timeouts / 429 / 5xx / non-JSON bodies, a clear error when the site refuses, and
the archive (``live/archive.py``): every body is kept before it is parsed, and a
request whose body the archive already holds is answered from it.
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests
from nba_api.stats.library.http import NBAStatsHTTP

from nba_assets.sources.live.archive import Archive
from nba_assets.sources.live.retries import RETRIED_STATUS, Patience, TryAgain, with_retries

SOURCE = "nba_api"


class StatsRequestError(RuntimeError):
    """stats.nba.com refused a request or kept failing; names the endpoint and parameters."""


class ArchiveMiss(LookupError):
    """Offline replay asked for a body the archive does not hold."""


def _raise_for_status(response: requests.Response, *args: Any, **kwargs: Any) -> None:
    response.raise_for_status()


def _session() -> requests.Session:
    """A session that turns HTTP errors into exceptions (``nba_api`` hands back any body)."""
    session = requests.Session()
    session.hooks["response"].append(_raise_for_status)
    return session


@dataclass
class StatsClient:
    """One place every stats.nba.com request goes through.

    ``offline`` answers only from the archive (a replay never touches the network).
    """

    archive: Archive
    requests_per_minute: float = 20.0
    timeout_seconds: float = 30.0
    max_attempts: int = 4
    backoff_seconds: float = 5.0
    give_up_seconds: float = 180.0  # an outage fails the step after this, not after retries
    offline: bool = False
    sleep: Callable[[float], None] = time.sleep
    requests_sent: int = 0
    _last_request: float = field(default=float("-inf"), repr=False)
    _http: requests.Session = field(default_factory=_session, repr=False)

    def get(
        self,
        endpoint_class: type,
        key: str,
        reuse: Callable[[dict, datetime], bool] = lambda body, fetched_utc: True,
        **arguments: Any,
    ) -> dict:
        """The JSON body of ``endpoint_class(**arguments)``, from the archive or the site.

        ``key`` files the body in the archive (a game date, a season); an archived
        body is used when ``reuse(body, fetched_utc)`` says it is still good (e.g. the
        games in it are final).
        """
        with warnings.catch_warnings():  # BoxScoreSummaryV2 warns on construction
            warnings.simplefilter("ignore", UserWarning)
            request = endpoint_class(**arguments, get_request=False)
        endpoint, params = request.endpoint, dict(request.parameters)
        archived = self.archive.latest(endpoint, key, params)
        if archived is not None:
            body = json.loads(archived.body)
            if self.offline or reuse(body, archived.fetched_utc):
                return body
        if self.offline:
            raise ArchiveMiss(f"{endpoint} {params}: not in the archive under {key!r}")
        text = self._fetch(endpoint, params)
        self.archive.save(endpoint, key, params, text, datetime.now(UTC))
        return json.loads(text)

    def _wait_turn(self) -> None:
        gap = 60.0 / self.requests_per_minute - (time.monotonic() - self._last_request)
        if gap > 0:
            self.sleep(gap)
        self._last_request = time.monotonic()

    @property
    def patience(self) -> Patience:
        return Patience(
            self.max_attempts, self.backoff_seconds, self.timeout_seconds, self.give_up_seconds
        )

    def _fetch(self, endpoint: str, params: dict[str, Any]) -> str:
        """The body text, after up to ``max_attempts`` tries with doubling waits."""
        NBAStatsHTTP.set_session(self._http)
        return with_retries(
            lambda: self._attempt(endpoint, params),
            self.patience,
            self.sleep,
            gave_up=lambda last: StatsRequestError(
                f"stats.nba.com {endpoint} {params}: gave up ({last}). The site is down or "
                f"unreachable from here: run the same range again once it answers"
            ),
        )

    def _attempt(self, endpoint: str, params: dict[str, Any]) -> str:
        self._wait_turn()
        self.requests_sent += 1
        try:
            response = NBAStatsHTTP().send_api_request(
                endpoint=endpoint, parameters=params, timeout=self.timeout_seconds
            )
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else None
            if status not in RETRIED_STATUS:
                raise StatsRequestError(
                    f"stats.nba.com refused {endpoint} {params}: HTTP {status} "
                    "(blocked or bad parameters; not retried)"
                ) from error
            raise TryAgain(f"HTTP {status}") from error
        except requests.RequestException as error:  # timeouts, connection resets
            raise TryAgain(f"{type(error).__name__}: {error}") from error
        if response.valid_json():
            return response.get_response()
        raise TryAgain(f"not JSON: {response.get_response()[:80]!r}")
