"""Per-request retries shared by the live clients: which answers deserve another try, the
waits, and when to give up (a time budget, so an outage fails a run in minutes, not ten)."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
RETRIED_STATUS = frozenset({429, 500, 502, 503, 504})  # throttled, or the server's own trouble


class TryAgain(Exception):
    """One attempt failed in a way the next one may not; the message says how."""


@dataclass(frozen=True)
class Patience:
    """How hard one request tries: up to ``max_attempts``, waiting backoff, 2 × backoff, ...
    in between, and no attempt that could end after ``give_up_seconds`` (each attempt may
    take its whole ``attempt_seconds`` timeout)."""

    max_attempts: int = 4
    backoff_seconds: float = 5.0
    attempt_seconds: float = 30.0
    give_up_seconds: float = 180.0


def with_retries(
    attempt: Callable[[], T],
    patience: Patience,
    sleep: Callable[[float], None],
    gave_up: Callable[[str], Exception],
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """``attempt()`` until it succeeds or patience runs out; then raises ``gave_up(summary)``
    (attempts, seconds, the last problem) with no chained cause (it may hold a secret URL)."""
    began, problem, made = clock(), "", 0
    for number in range(patience.max_attempts):
        if number:
            wait = patience.backoff_seconds * 2 ** (number - 1)
            if clock() - began + wait + patience.attempt_seconds > patience.give_up_seconds:
                break
            sleep(wait)
        made += 1
        try:
            return attempt()
        except TryAgain as failed:
            problem = str(failed)
    raise gave_up(f"{made} attempts in {clock() - began:.0f} s, last: {problem}") from None
