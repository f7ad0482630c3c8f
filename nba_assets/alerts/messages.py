"""What an alert says: the run, the step, the error's first line, the partition range, a link.

Built as Slack's incoming-webhook JSON (``text`` for notifications and clients
without blocks, ``blocks`` for the message); other chat tools that accept Slack
payloads read the same ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagster import DagsterRun
from dagster._utils.error import SerializableErrorInfo

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


@dataclass(frozen=True)
class Alert:
    title: str
    run_id: str
    job: str
    step: str
    error: str  # one line
    partitions: str
    link: str

    def payload(self, suppressed: int = 0) -> dict[str, Any]:
        held = (
            f"\n({suppressed} earlier alert(s) held back by the rate limit)" if suppressed else ""
        )
        text = (
            f"{self.title}\nrun {self.run_id} ({self.job}), step {self.step}, "
            f"partitions {self.partitions}\n{self.error}\n{self.link}{held}"
        )
        fields = {
            "Run": f"`{self.run_id}`",
            "Job": self.job,
            "Step": f"`{self.step}`",
            "Partitions": self.partitions,
        }
        return {
            "text": text,
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": self.title[:150]}},
                {
                    "type": "section",
                    "fields": [
                        {"type": "mrkdwn", "text": f"*{k}*\n{v}"} for k, v in fields.items()
                    ],
                },
                {"type": "section", "text": {"type": "mrkdwn", "text": f"```{self.error}```"}},
                {
                    "type": "section",
                    "text": {"type": "mrkdwn", "text": f"<{self.link}|Open in Dagster>{held}"},
                },
            ],
        }


def partition_range(run: DagsterRun | None) -> str:
    """``start..end`` of a ranged run, the partition of a one-partition run, else ``none``."""
    tags = run.tags if run else {}
    if RANGE_START in tags:
        return f"{tags[RANGE_START]}..{tags[RANGE_END]}"
    return tags.get("dagster/partition", "none")


def first_line(error: SerializableErrorInfo | None, fallback: str = "") -> str:
    """The first line of the innermost cause: the exception our code raised, not Dagster's
    wrapper (a message already starts with the exception's class name)."""
    while error is not None and error.cause is not None:
        error = error.cause
    text = error.message if error else fallback
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    first = lines[0] if lines else "(no message)"
    return first if len(first) <= 300 else first[:297] + "..."
