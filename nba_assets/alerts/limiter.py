"""At most N alerts an hour across every alert sensor; the rest are counted, not sent.

A failing backfill can fail dozens of runs in minutes; one channel message per
run is useful, a hundred is noise. The window lives in the instance's key-value
store (run storage), shared by the sensors and surviving daemon restarts. The
next alert sent says how many were held back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dagster import DagsterInstance

KEY = "nba_assets/alerts/window"
WINDOW_SECONDS = 3600.0


@dataclass(frozen=True)
class Permit:
    allowed: bool
    suppressed: int  # alerts held back since the last one sent (reported with this one)


def take_permit(instance: DagsterInstance, per_hour: int, now: float) -> Permit:
    storage = instance.run_storage
    state = json.loads(storage.get_cursor_values({KEY}).get(KEY) or "{}")
    sent = [t for t in state.get("sent", []) if now - t < WINDOW_SECONDS]
    suppressed = int(state.get("suppressed", 0))
    if len(sent) >= per_hour:
        state = {"sent": sent, "suppressed": suppressed + 1}
        permit = Permit(False, suppressed + 1)
    else:
        state = {"sent": [*sent, now], "suppressed": 0}
        permit = Permit(True, suppressed)
    storage.set_cursor_values({KEY: json.dumps(state)})
    return permit
