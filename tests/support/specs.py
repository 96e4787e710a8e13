"""Edits to a copy of the spec, as a spec author would make them (for generator and server tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def add_optional_parameter(spec_path: Path) -> None:
    """Give createOrder an optional body parameter `coupon` (four capitals), as a spec author would."""
    data = yaml.safe_load(spec_path.read_text("utf-8"))
    schema = data["paths"]["/orders"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    schema["properties"]["coupon"] = {"type": "string", "description": "优惠券", "pattern": "^[A-Z]{4}$"}
    spec_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def edited_spec(target: Path, edit: Callable[[dict[str, Any]], object]) -> Path:
    """A copy of openapi.yaml at `target`, changed by `edit` (which alters the parsed document in place)."""
    data = yaml.safe_load((ROOT / "openapi.yaml").read_text("utf-8"))
    edit(data)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target
