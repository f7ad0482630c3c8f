"""The check policy in effect: the packaged rules, with a deployment's override file merged over them.

The packaged rules (``thresholds.yaml``) are strict, written for complete feeds. A deployment
with partial or missing feeds says what it accepts in one file, ``NBA_ASSETS_CHECKS_FILE``,
instead of editing the package. Precedence, lowest first: the packaged rule; the file's
``rules.<rule>`` (the rule on every asset that carries it); the file's
``rules.<rule>.tables.<asset>``. ``absent_feeds`` names optional feeds the deployment does
not have: what they alone feed is reported "feed not configured" instead of judged.

The file is read once, when the code location loads: ``blocking`` is part of each asset's
definition, so a changed file needs a reload, like changed code. Every result names the
policy that judged it (``policy`` metadata), and ``nba-assets status`` shows the one in effect.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from nba_assets.checks.policy_file import DOCUMENTATION, Overrides, read_overrides
from nba_assets.exports.catalogue import EXPORT_CHECK, EXPORTS
from nba_assets.package_files import package_text
from nba_assets.settings import SETTINGS
from nba_assets.tables import TABLES

PACKAGED_FILE = ("checks", "thresholds.yaml")  # package data, read with importlib.resources


@cache
def packaged_rules() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(package_text(*PACKAGED_FILE))


@cache
def checked_assets() -> dict[str, tuple[str, ...]]:
    """Each rule -> the assets (``dataset/name``) that carry it: what a file may name per table."""
    checked: dict[str, list[str]] = {name: [] for name in packaged_rules()}
    for table in TABLES:
        for name in table.checks:
            checked[name].append(table.path)
    checked[EXPORT_CHECK] += [export.asset_key.to_user_string() for export in EXPORTS]
    return {name: tuple(assets) for name, assets in checked.items()}


@dataclass(frozen=True)
class RuleInEffect:
    """One rule on one asset, as this deployment judges it."""

    name: str
    asset: str
    values: Mapping[str, Any]  # the packaged values with the file's overrides applied
    overridden: tuple[str, ...]  # the keys the file set for this rule on this asset
    file: Path | None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def blocking(self) -> bool:
        return bool(self.values["blocking"])

    @property
    def label(self) -> str:
        """The result's ``policy`` metadata: which policy judged it and what it changed here."""
        if self.file is None:
            return "packaged"
        return f"{self.file} (overrides: {', '.join(self.overridden) or 'none'})"


@dataclass(frozen=True)
class CheckPolicy:
    file: Path | None = None  # None: the packaged rules alone
    overrides: Overrides = field(default_factory=Overrides)

    @property
    def absent_feeds(self) -> frozenset[str]:
        return self.overrides.absent_feeds

    def rule(self, name: str, asset: str) -> RuleInEffect:
        changed = {
            **self.overrides.rules.get(name, {}),
            **self.overrides.tables.get((name, asset), {}),
        }
        values = {**packaged_rules()[name], **changed}
        return RuleInEffect(name, asset, values, tuple(sorted(changed)), self.file)

    def summary(self) -> str:
        """One line for ``nba-assets status``: the file, what it overrides, the absent feeds."""
        if self.file is None:
            return f"check policy: packaged ({PACKAGED_FILE[-1]}; NBA_ASSETS_CHECKS_FILE not set)"
        changes = [
            f"{rule} ({', '.join(sorted(values))})"
            for rule, values in sorted(self.overrides.rules.items())
        ] + [
            f"{rule} on {asset} ({', '.join(sorted(values))})"
            for (rule, asset), values in sorted(self.overrides.tables.items())
        ]
        return (
            f"check policy: {self.file}; overrides: {', '.join(changes) or 'none'}; "
            f"absent feeds: {', '.join(sorted(self.absent_feeds)) or 'none'}"
        )

    def effective(self) -> dict[str, Any]:
        """The whole policy in effect, for ``status --json``: every rule on every asset."""
        feeds = {table.path: table.feed for table in TABLES}
        rules: dict[str, dict[str, Any]] = {}
        for name, assets in checked_assets().items():
            rules[name] = {}
            for asset in assets:
                rule = self.rule(name, asset)
                entry = {k: v for k, v in rule.values.items() if k not in DOCUMENTATION}
                entry["overridden"] = list(rule.overridden)
                if feeds.get(asset) in self.absent_feeds:
                    entry["feed_not_configured"] = feeds[asset]
                rules[name][asset] = entry
        return {
            "file": str(self.file) if self.file else None,
            "absent_feeds": sorted(self.absent_feeds),
            "rules": rules,
        }


def load_policy(path: Path | None) -> CheckPolicy:
    """The packaged rules with the file at ``path`` merged over them (None: packaged alone)."""
    if path is None:
        return CheckPolicy()
    return CheckPolicy(path, read_overrides(path, packaged_rules(), checked_assets()))


@cache
def active_policy() -> CheckPolicy:
    """The policy of this process: ``NBA_ASSETS_CHECKS_FILE`` (settings), read once."""
    return load_policy(SETTINGS.checks_file)
