"""Reading a deployment's check-policy file: every key checked, or an error naming file and key.

Nothing in the file is ever ignored: a typo (`max_mismatch`, `blocking: "no"`, a table that
does not carry the rule) would otherwise leave a gate on that the deployment thinks it turned
off, or turn off one it meant to keep. So every unknown name, wrong type or duplicate key
stops the code location from loading, with the file, the key path and what is allowed.

The format (README "Check policy")::

    absent_feeds: [shots, injury_report]         # optional feeds this deployment does not have
    rules:
      team_points_match_players:                 # the rule on every asset that carries it
        blocking: false
        max_mismatches: 100000
        tables:                                  # ...and on one asset (wins over the above)
          nba_raw/team_boxscores: {max_mismatches: 50}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from nba_assets.sources.landing import FEEDS

TOP_LEVEL = ("absent_feeds", "rules")
TABLES_KEY = "tables"
# what a rule judges is its code's business: a file can move its numbers and severity only
DOCUMENTATION = ("description", "population")
OPTIONAL_FEEDS = tuple(sorted(name for name, feed in FEEDS.items() if feed.optional))


class CheckPolicyError(ValueError):
    """A check-policy file that cannot be applied; the message names the file and the key."""


@dataclass(frozen=True)
class Overrides:
    """What a policy file changes, validated: nothing here is unknown to the catalogue."""

    absent_feeds: frozenset[str] = frozenset()
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # rule -> values
    tables: Mapping[tuple[str, str], Mapping[str, Any]] = field(
        default_factory=dict
    )  # (rule, asset)


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.safe_load`` keeps the last of two equal keys; a policy must not lose one silently."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def _type_problem(packaged: Any, value: Any) -> str | None:
    """Why ``value`` cannot replace ``packaged`` (None: it can); the packaged value sets the type."""
    if isinstance(packaged, bool):
        return None if isinstance(value, bool) else "expected true or false"
    if isinstance(packaged, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "expected a number"
        return None if value >= 0 else "expected a number >= 0"
    if isinstance(packaged, str):
        return None if isinstance(value, str) else "expected text"
    if isinstance(packaged, list):
        names = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if names else "expected a list of names"
    return "cannot be overridden"


@dataclass(frozen=True)
class _Reader:
    path: Path
    packaged: Mapping[str, Mapping[str, Any]]  # rule -> packaged values (thresholds.yaml)
    checked: Mapping[str, tuple[str, ...]]  # rule -> the assets that carry it

    def fail(self, key: str, problem: str) -> NoReturn:
        raise CheckPolicyError(f"{self.path}: {key}: {problem}")

    def mapping(self, value: Any, key: str) -> Mapping[Any, Any]:
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping, got {value!r}")
        return value

    def document(self) -> Mapping[str, Any]:
        try:
            text = self.path.read_text()
        except OSError as error:
            raise CheckPolicyError(
                f"{self.path}: cannot read the check policy (NBA_ASSETS_CHECKS_FILE): "
                f"{error.strerror}"
            ) from error
        try:
            document = yaml.load(text, Loader=_UniqueKeyLoader)
        except yaml.YAMLError as error:
            raise CheckPolicyError(f"{self.path}: not valid YAML: {error}") from error
        if document is None:  # an empty file: the packaged rules, said explicitly
            return {}
        if not isinstance(document, dict):
            raise CheckPolicyError(
                f"{self.path}: expected a mapping with {' and/or '.join(TOP_LEVEL)}, "
                f"got {document!r}"
            )
        for key in document:
            if key not in TOP_LEVEL:
                self.fail(str(key), f"unknown key; a policy file has {', '.join(TOP_LEVEL)}")
        return document

    def absent_feeds(self, value: Any) -> frozenset[str]:
        key = "absent_feeds"
        if not isinstance(value, list):
            self.fail(key, f"expected a list of feed names, got {value!r}")
        optional = f"optional feeds: {', '.join(OPTIONAL_FEEDS)}"
        for name in value:
            if name not in FEEDS:
                self.fail(key, f"{name!r} is not a feed; {optional}")
            if name not in OPTIONAL_FEEDS:
                self.fail(
                    key, f"{name!r} cannot be absent: the pipeline is built on it; {optional}"
                )
        return frozenset(value)

    def values(self, rule: str, body: Mapping[Any, Any], key: str) -> dict[str, Any]:
        """A rule's ``threshold: value`` pairs, each known to the rule and of its packaged type."""
        allowed = sorted(set(self.packaged[rule]) - set(DOCUMENTATION))
        takes = f"{rule} takes {', '.join(allowed)}"
        for name, value in body.items():
            where = f"{key}.{name}"
            if name in DOCUMENTATION:
                self.fail(where, f"the rule's documentation, not a threshold; {takes}")
            if name not in allowed:
                self.fail(where, f"unknown threshold; {takes}")
            problem = _type_problem(self.packaged[rule][name], value)
            if problem:
                self.fail(where, f"{problem}, got {value!r}")
        return dict(body)

    def table(self, rule: str, asset: Any, body: Any) -> dict[str, Any]:
        key = f"rules.{rule}.{TABLES_KEY}.{asset}"
        carriers = self.checked[rule]
        if asset not in carriers:
            known = any(asset in assets for assets in self.checked.values())
            problem = f"{asset} has no {rule} check" if known else "unknown table"
            self.fail(key, f"{problem}; tables with it: {', '.join(carriers)}")
        return self.values(rule, self.mapping(body, key), key)

    def rules(self, value: Any) -> tuple[dict, dict]:
        defaults: dict[str, Mapping[str, Any]] = {}
        tables: dict[tuple[str, str], Mapping[str, Any]] = {}
        for rule, body in self.mapping(value, "rules").items():
            key = f"rules.{rule}"
            if rule not in self.packaged:
                self.fail(key, f"unknown rule; the rules are {', '.join(sorted(self.packaged))}")
            body = dict(self.mapping(body, key))
            per_table = self.mapping(body.pop(TABLES_KEY, {}), f"{key}.{TABLES_KEY}")
            for asset, table_body in per_table.items():
                tables[(rule, asset)] = self.table(rule, asset, table_body)
            if body:
                defaults[rule] = self.values(rule, body, key)
        return defaults, tables


def read_overrides(
    path: Path,
    packaged: Mapping[str, Mapping[str, Any]],
    checked: Mapping[str, tuple[str, ...]],
) -> Overrides:
    """The overrides of the policy file at ``path``, or CheckPolicyError naming file and key."""
    reader = _Reader(path, packaged, checked)
    document = reader.document()
    defaults, tables = reader.rules(document.get("rules", {}))
    return Overrides(reader.absent_feeds(document.get("absent_feeds", [])), defaults, tables)
