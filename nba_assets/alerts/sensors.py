"""The alert sensors: a failed run, and a failed check of severity ERROR (freshness: daily).

- ``run_failure_alert``: Dagster calls it once per failed run (its own cursor), so
  a ranged or backfill run over a season is one alert, not one per date.
- ``check_failure_alert``: reads new check evaluations from the event log after
  its cursor (it starts at the newest on its first tick: no replay of history).
  A failed ERROR check is one alert per evaluation, i.e. per run; a failed
  freshness check (WARN, evaluated at each deadline) at most once per check per day.

Both share one rate limit (``limiter.py``) and skip quietly when alerts are off.
They run by default only when a webhook is configured.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime

from dagster import (
    AssetCheckSeverity,
    DagsterEventType,
    DefaultSensorStatus,
    EventRecordsFilter,
    RunFailureSensorContext,
    SensorEvaluationContext,
    SkipReason,
    run_failure_sensor,
    sensor,
)
from dagster._core.definitions.asset_checks.asset_check_evaluation import AssetCheckEvaluation

from nba_assets.alerts.limiter import take_permit
from nba_assets.alerts.messages import Alert, first_line, partition_range
from nba_assets.alerts.webhook import WEBHOOK_ENV, AlertWebhook
from nba_assets.checks.freshness import CHECK as FRESHNESS_CHECK
from nba_assets.partitions import game_day
from nba_assets.settings import SETTINGS

OFF = SkipReason(f"alerts off: {WEBHOOK_ENV} is not set")
BATCH = 200  # check evaluations read per tick
DEFAULT_STATUS = (
    DefaultSensorStatus.RUNNING if os.environ.get(WEBHOOK_ENV) else DefaultSensorStatus.STOPPED
)


def send(context, webhook: AlertWebhook, alert: Alert) -> bool:
    """Post one alert within the rate limit; never raises."""
    permit = take_permit(context.instance, SETTINGS.alerts_per_hour, time.time())
    if not permit.allowed:
        context.log.warning(
            f"alert held back by the rate limit ({permit.suppressed}): {alert.title}"
        )
        return False
    return webhook.post(alert.payload(permit.suppressed), context.log)


def run_alert(context: RunFailureSensorContext) -> Alert:
    run = context.dagster_run
    steps = context.get_step_failure_events()
    if steps:
        step = steps[0].step_key or "?"
        step += f" (+{len(steps) - 1} more)" if len(steps) > 1 else ""
        error = first_line(steps[0].step_failure_data.error)
    else:
        step = "(before any step)"  # e.g. a run that could not start
        failure = context.failure_event
        error = first_line(
            getattr(failure.event_specific_data, "error", None), failure.message or ""
        )
    return Alert(
        title=f"nba_assets: run failed: {run.job_name}",
        run_id=run.run_id,
        job=run.job_name,
        step=step,
        error=error,
        partitions=partition_range(run),
        link=f"{SETTINGS.ui_url}/runs/{run.run_id}",
    )


def check_alert(
    context: SensorEvaluationContext, run_id: str, check: AssetCheckEvaluation
) -> Alert:
    run = context.instance.get_run_by_id(run_id)
    asset = check.asset_key.to_user_string()
    fallback = json.dumps(
        {k: getattr(v, "value", str(v)) for k, v in list(check.metadata.items())[:6]}, default=str
    )
    return Alert(
        title=f"nba_assets: check failed ({check.severity.value}): {asset} {check.check_name}",
        run_id=run_id,
        job=run.job_name if run else "?",
        step=f"{asset}:{check.check_name}",
        error=first_line(None, check.description or fallback),
        partitions=partition_range(run),
        link=f"{SETTINGS.ui_url}/assets/{asset}?view=checks",
    )


@run_failure_sensor(
    name="run_failure_alert",
    default_status=DEFAULT_STATUS,
    description="Posts one alert per failed run to the webhook (README, 'Alerts').",
)
def run_failure_alert(context: RunFailureSensorContext, alert_webhook: AlertWebhook):
    if not alert_webhook.enabled:
        return OFF
    send(context, alert_webhook, run_alert(context))
    return None


def _check_events(context: SensorEvaluationContext, after: int | None, limit: int, ascending: bool):
    """Check evaluations from the event log storage (the instance's own method for this is
    deprecated in 1.13 and has no replacement that reads every check at once)."""
    return context.instance.event_log_storage.get_event_records(
        EventRecordsFilter(DagsterEventType.ASSET_CHECK_EVALUATION, after_cursor=after),
        limit=limit,
        ascending=ascending,
    )


def _latest_check_event(context: SensorEvaluationContext) -> int:
    records = _check_events(context, None, 1, ascending=False)
    return records[0].storage_id if records else 0


def _worth_an_alert(check: AssetCheckEvaluation, warned: dict[str, str], today: str) -> bool:
    """A failed ERROR check always; a failed freshness warning once per check per day."""
    if check.passed:
        return False
    if check.severity == AssetCheckSeverity.ERROR:
        return True
    key = f"{check.asset_key.to_user_string()}:{check.check_name}"
    if check.check_name != FRESHNESS_CHECK or warned.get(key) == today:
        return False
    warned[key] = today
    return True


@sensor(
    name="check_failure_alert",
    minimum_interval_seconds=60,
    default_status=DEFAULT_STATUS,
    description="Posts one alert per failed ERROR check evaluation, and each freshness "
    "warning once a day, to the webhook (README, 'Alerts').",
)
def check_failure_alert(context: SensorEvaluationContext, alert_webhook: AlertWebhook):
    if not alert_webhook.enabled:
        return OFF
    if context.cursor is None:  # first tick: start from now, do not replay history
        context.update_cursor(json.dumps({"after": _latest_check_event(context), "warned": {}}))
        return SkipReason("started: alerting on check evaluations from now on")
    state = json.loads(context.cursor)
    warned: dict[str, str] = state.get("warned", {})
    today = game_day(datetime.now(UTC)).isoformat()
    records = _check_events(context, state["after"], BATCH, ascending=True)
    sent = 0
    for record in records:
        check = record.event_log_entry.dagster_event.event_specific_data
        if _worth_an_alert(check, warned, today):
            sent += send(context, alert_webhook, check_alert(context, record.run_id, check))
    after = records[-1].storage_id if records else state["after"]
    warned = {k: v for k, v in warned.items() if v == today}
    context.update_cursor(json.dumps({"after": after, "warned": warned}))
    return None if sent else SkipReason(f"{len(records)} new check evaluation(s), no alert")
