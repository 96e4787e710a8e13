"""The sandbox's demo data, published once in the spec (`info.x-sandbox`): the demo apps and their channels.

The reference server seeds them, `paycontract verify` and `paycontract sign` default to them, and the
docs publish them; all read them from here, so they cannot drift apart.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from paycontract.errors import SpecError
from paycontract.paths import default_spec_path

EXTENSION = "x-sandbox"


@dataclass(frozen=True)
class DemoApp:
    """A demo merchant app: its id, its merchant's id and its secret."""

    app_id: int
    merchant_id: int
    app_secret: str


@dataclass(frozen=True)
class DemoChannel:
    """A channel seeded for every demo app."""

    name: str
    pay_type: int
    platform: int
    priority: int
    fee_rate: int


@dataclass(frozen=True)
class SandboxData:
    """`info.x-sandbox`: the prose, the demo apps and the channels each of them is seeded with."""

    description: str
    act_as: str
    apps: tuple[DemoApp, ...]
    channels: tuple[DemoChannel, ...]


def _entries(block: Mapping[str, Any], key: str, kind: type, where: str) -> tuple[Any, ...]:
    items = block.get(key)
    if not isinstance(items, list) or not items:
        raise SpecError(f"info.{EXTENSION}.{key} must be a non-empty list", where=where)
    names = [f.name for f in kind.__dataclass_fields__.values()]  # type: ignore[attr-defined]
    built = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or set(item) != set(names):
            raise SpecError(f"info.{EXTENSION}.{key}[{index}] must have exactly {', '.join(names)}", where=where)
        built.append(kind(**item))
    return tuple(built)


def sandbox_data(raw: Mapping[str, Any], where: str = "openapi.yaml") -> SandboxData:
    """The demo data of a spec document (its raw mapping); a missing or malformed block is a SpecError."""
    block = (raw.get("info") or {}).get(EXTENSION)
    if not isinstance(block, dict):
        raise SpecError(f"info.{EXTENSION} is missing: the sandbox's demo data", where=where)
    apps = _entries(block, "apps", DemoApp, where)
    if len({app.app_id for app in apps}) != len(apps):
        raise SpecError(f"info.{EXTENSION}.apps: app ids must be unique", where=where)
    return SandboxData(
        description=str(block.get("description", "")).strip(),
        act_as=str(block.get("act_as", "")).strip(),
        apps=apps,
        channels=_entries(block, "channels", DemoChannel, where),
    )


@functools.cache
def bundled_sandbox_data(path: Path | None = None) -> SandboxData:
    """The demo data of the bundled `openapi.yaml` (read once; a plain YAML load, no line tracking)."""
    spec_path = path or default_spec_path()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(spec_path, encoding="utf-8") as handle:
        return sandbox_data(yaml.load(handle, Loader=loader) or {}, where=str(spec_path))
