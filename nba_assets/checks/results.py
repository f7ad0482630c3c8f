"""A rule's outcome as Dagster shows it, under the policy in effect.

Severity and the gate come from the policy (``blocking``: ERROR and a gate; else WARN);
every result names its population and the policy that judged it, and a check an absent
feed keeps from judging anything passes saying "feed not configured" rather than failing
on data the deployment never had.
"""

from __future__ import annotations

from typing import Any

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetKey, MetadataValue

from nba_assets.checks.policy import RuleInEffect
from nba_assets.checks.rules import RULES, CheckInput


def check_spec(rule: RuleInEffect, asset_key: AssetKey) -> AssetCheckSpec:
    """The check as declared on its asset: blocking (a gate) as the policy says."""
    return AssetCheckSpec(
        rule.name,
        asset=asset_key,
        blocking=rule.blocking,
        description=f"{rule['description']} Population: {rule['population']}.",
    )


def evaluate(name: str, check: CheckInput) -> AssetCheckResult:
    rule = check.policy.rule(name, check.table.path)
    if check.table.feed in check.policy.absent_feeds:  # the table is the absent feed itself
        return check_result(rule, True, {"feed_not_configured": check.table.feed})
    try:
        passed, metadata = RULES[name](check, rule.values)
    except Exception as error:  # a check that cannot run is a failed check, not a crashed step
        passed, metadata = False, {"error": f"{type(error).__name__}: {error}"}
    return check_result(rule, passed, metadata)


def _feed_note(metadata: dict[str, Any]) -> str | None:
    feed = metadata.get("feed_not_configured")
    if not feed:
        return None
    skipped = metadata.get("not_judged")
    return f"feed not configured: {feed} declared absent by the check policy; " + (
        f"not judged: {skipped}" if skipped else "nothing to judge"
    )


def check_result(rule: RuleInEffect, passed: bool, metadata: dict[str, Any]) -> AssetCheckResult:
    """The result: severity from ``blocking``, the population and the policy named."""
    metadata = {**metadata, "population": rule["population"], "policy": rule.label}
    return AssetCheckResult(
        check_name=rule.name,
        passed=passed,
        severity=AssetCheckSeverity.ERROR if rule.blocking else AssetCheckSeverity.WARN,
        description=_feed_note(metadata),
        metadata={
            k: MetadataValue.text(v) if isinstance(v, str) else v for k, v in metadata.items()
        },
    )
