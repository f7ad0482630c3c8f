"""The alert webhook: a Slack-compatible incoming-webhook URL, from the environment.

The URL is a secret (a Slack webhook's path is its credential): it travels only
through ``dagster.EnvVar``, is kept out of the resource's repr, and no message
here names it. Without it alerts are off, said once when the definitions load.
A post that fails is logged and dropped: an alert never fails a run or a tick.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from typing import Any

from dagster import ConfigurableResource, EnvVar
from pydantic import Field

WEBHOOK_ENV = "NBA_ASSETS_ALERT_WEBHOOK_URL"
TIMEOUT_SECONDS = 10.0
LOG = logging.getLogger("nba_assets.alerts")


class AlertWebhook(ConfigurableResource):
    url: str | None = Field(
        default=None, repr=False, description=f"Slack-compatible webhook URL ({WEBHOOK_ENV})."
    )

    @property
    def enabled(self) -> bool:
        return bool(self.url)

    def post(self, payload: dict[str, Any], log: logging.Logger | Any = LOG) -> bool:
        """POST the JSON payload; False (logged, without the URL) when it was not accepted."""
        if not self.url:
            return False
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                response.read()
            return True
        except urllib.error.HTTPError as error:
            log.warning(f"alert not delivered: the webhook answered HTTP {error.code}")
        except Exception as error:  # an alert must never fail its caller
            log.warning(f"alert not delivered: {type(error).__name__} reaching the webhook")
        return False


def webhook_for() -> AlertWebhook:
    """The webhook of this deployment; alerts off (and said once) without ``WEBHOOK_ENV``."""
    if os.environ.get(WEBHOOK_ENV):
        return AlertWebhook(url=EnvVar(WEBHOOK_ENV))
    LOG.warning(f"alerts off: {WEBHOOK_ENV} is not set (README, 'Alerts')")
    return AlertWebhook()
