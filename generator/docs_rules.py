"""The 通用规则 of `docs/api.md`: the spec's general rules (`info.x-general-rules`), its order of checks,
and the sandbox's demo data (`info.x-sandbox`), shaped for the templates."""

from __future__ import annotations

from typing import Any

from paycontract.errors import SpecError
from paycontract.sandbox import EXTENSION as SANDBOX_EXTENSION
from paycontract.sandbox import sandbox_data
from paycontract.spec import Spec

RULES_EXTENSION = "x-general-rules"


def general_rules(spec: Spec) -> list[dict[str, Any]]:
    """Each rule as `{title, text, steps: [{status, check}]}`, in the spec's order (steps may be empty)."""
    raw = (spec.raw.get("info") or {}).get(RULES_EXTENSION) or []
    where = spec.document.where(f"/info/{RULES_EXTENSION}")
    if not isinstance(raw, list):
        raise SpecError(f"info.{RULES_EXTENSION} must be a list of {{title, text}}", where=where)
    rules = []
    for index, rule in enumerate(raw):
        if not isinstance(rule, dict) or not rule.get("title") or not rule.get("text"):
            raise SpecError(f"info.{RULES_EXTENSION}[{index}] needs a title and a text", where=where)
        steps = [{"status": str(s["status"]), "check": str(s["check"])} for s in rule.get("steps") or []]
        rules.append({"title": str(rule["title"]), "text": str(rule["text"]).strip(), "steps": steps})
    return rules


def check_order(rules: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The rule that lists the order of checks (the one with steps), for the 错误代码 section too."""
    return next((rule for rule in rules if rule["steps"]), None)


def _enum_label(spec: Spec, schema_name: str, value: int) -> str:
    schema = spec.resolved.get("components", {}).get("schemas", {}).get(schema_name) or {}
    meaning = (schema.get("x-enum-descriptions") or {}).get(str(value))
    return f"{value}（{meaning}）" if meaning else str(value)


def _percent(basis_points: int) -> str:
    return f"{basis_points / 100:g}%"


def sandbox_context(spec: Spec) -> dict[str, Any] | None:
    """The demo apps and channels as table rows, with the prose around them; None for a spec without them."""
    if SANDBOX_EXTENSION not in (spec.raw.get("info") or {}):
        return None
    data = sandbox_data(spec.raw, where=spec.document.where("/info"))
    return {
        "description": data.description,
        "act_as": data.act_as,
        "apps": [
            {"app_id": str(a.app_id), "merchant_id": str(a.merchant_id), "app_secret": f"`{a.app_secret}`"}
            for a in data.apps
        ],
        "channels": [
            {
                "name": f"`{c.name}`",
                "pay_type": _enum_label(spec, "PayType", c.pay_type),
                "platform": str(c.platform),
                "priority": str(c.priority),
                "fee_rate": f"{c.fee_rate}（{_percent(c.fee_rate)}）",
            }
            for c in data.channels
        ],
    }
