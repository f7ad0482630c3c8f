"""Real stats.nba.com bodies served to ``nba_api`` at its HTTP layer (``responses``).

The bodies are the vendored copy (``fixtures/nba_api_fixtures``, MIT; see its
PROVENANCE.md), so these tests run on a clone without ``../shared``. Its
``raw_index.csv`` gives each recorded body's endpoint and full request URL. A
body is served only for a request with that path and exactly those query
parameters, so a change in what ``nba_api`` asks for shows up as an unmatched
request (a connection error), not as a silent pass. Bodies from nba_api's
documentation examples were recorded from an internal ``nba.cloud`` URL; they
are served at the stats.nba.com URL ``nba_api`` itself builds for that game.
The WNBA game ``1022500165`` is never served.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import responses
from nba_api.stats.endpoints import boxscoretraditionalv3, playbyplayv3
from responses import matchers

from nba_assets_tests.vendored import FIXTURES_DIR, NBA_API

FIXTURES = FIXTURES_DIR / NBA_API
STATS_URL = "https://stats.nba.com/stats/"
WNBA_GAME = "1022500165"
DOCS_EXAMPLES = {  # endpoint of a docs body -> the nba_api class that asks for it
    "boxscoretraditionalv3": boxscoretraditionalv3.BoxScoreTraditionalV3,
    "playbyplayv3": playbyplayv3.PlayByPlayV3,
}


def recorded() -> list[tuple[str, dict[str, str], Path]]:
    """(endpoint, query parameters, body file) for every servable recorded body."""
    served = []
    with open(FIXTURES / "raw_index.csv", newline="") as index:
        for row in csv.DictReader(index):
            path = FIXTURES / row["file"]
            if WNBA_GAME in row["file"]:
                continue
            url = urlsplit(row["request_url"])
            if row["request_url"].startswith(STATS_URL):
                served.append((row["endpoint"], dict(parse_qsl(url.query, True)), path))
            elif row["endpoint"] in DOCS_EXAMPLES:
                game_id = url.path.split("/")[2]
                request = DOCS_EXAMPLES[row["endpoint"]](game_id=game_id, get_request=False)
                params = {k: str(v) for k, v in request.parameters.items()}
                served.append((row["endpoint"], params, path))
    return served


def body(endpoint: str, **params: str) -> dict:
    """One recorded body, found by endpoint and a subset of its parameters."""
    for name, query, path in recorded():
        if name == endpoint and all(query.get(k) == v for k, v in params.items()):
            return json.loads(path.read_text())
    raise KeyError(f"no recorded {endpoint} body with {params}")


def serve(mock: responses.RequestsMock, endpoint: str, params: dict[str, str], text: str) -> None:
    mock.add(
        responses.GET,
        STATS_URL + endpoint,
        body=text,
        content_type="application/json",
        match=[matchers.query_param_matcher(params)],
    )


@contextmanager
def stats_nba_com(**replaced: str) -> Iterator[responses.RequestsMock]:
    """Every recorded body at its URL; ``replaced`` swaps the body of a file by its name."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for endpoint, params, path in recorded():
            serve(mock, endpoint, params, replaced.get(path.name) or path.read_text())
        yield mock
