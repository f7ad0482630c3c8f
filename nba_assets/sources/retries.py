"""Per-request retries shared by the live clients: which answers deserve another try, and the waits."""

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
RETRIED_STATUS = frozenset({429, 500, 502, 503, 504})  # throttled, or the server's own trouble


class TryAgain(Exception):
    """One attempt failed in a way the next one may not; the message says how."""


def with_retries(
    attempt: Callable[[], T],
    max_attempts: int,
    backoff_seconds: float,
    sleep: Callable[[float], None],
    gave_up: Callable[[str], Exception],
) -> T:
    """``attempt()`` up to ``max_attempts`` times, waiting backoff, 2 × backoff, ... in between;
    then raises ``gave_up(last problem)``, with no chained cause (it may hold a secret URL)."""
    problem = ""
    for number in range(max_attempts):
        if number:
            sleep(backoff_seconds * 2 ** (number - 1))
        try:
            return attempt()
        except TryAgain as failed:
            problem = str(failed)
    raise gave_up(problem) from None
