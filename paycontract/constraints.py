"""The constraints a schema puts on a value, each as the Chinese phrase the docs print and an English claim.

One list serves both sides: `schema_tables.describe` appends the phrases to a row's 说明, and
`docs check` can report a row whose 说明 lacks one of them. Lengths are in characters (Unicode code
points). A bound that only restates the format (an int32's or int64's range) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The range a format already implies; a minimum or maximum equal to it says nothing more.
FORMAT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


@dataclass(frozen=True)
class Constraint:
    """One constraint: the schema keywords it renders, its Chinese phrase, and what the spec says in English."""

    keywords: tuple[str, ...]
    phrase: str
    claim: str


def _value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _pair(schema: dict[str, Any], low_key: str, high_key: str) -> tuple[Any, Any]:
    low, high = schema.get(low_key), schema.get(high_key)
    implied = FORMAT_RANGES.get(str(schema.get("format"))) if low_key == "minimum" else None
    if implied is not None:
        low = None if low == implied[0] else low
        high = None if high == implied[1] else high
    return low, high


def _bounded(schema: dict[str, Any], keys: tuple[str, str], unit: tuple[str, str]) -> list[Constraint]:
    """min/max keyword pair → one constraint; `unit` is (Chinese, English), e.g. ("个字符", "characters")."""
    low, high = _pair(schema, *keys)
    zh, en = unit
    if low is not None and high is not None:
        return [
            Constraint(keys, f"{'' if zh else '取值 '}{low} 至 {high}{zh}", f"the spec limits it to {low}..{high}{en}")
        ]
    if high is not None:
        return [Constraint(keys[1:], f"不超过 {high}{zh}", f"the spec limits it to at most {high}{en}")]
    if low is not None:
        return [Constraint(keys[:1], f"不小于 {low}{zh}", f"the spec requires at least {low}{en}")]
    return []


def _enum(schema: dict[str, Any]) -> list[Constraint]:
    if "enum" not in schema:
        return []
    meanings = {str(k): v for k, v in (schema.get("x-enum-descriptions") or {}).items()}
    values = [_value(v) for v in schema["enum"]]
    listed = "，".join(f"{v} {meanings[v]}" if v in meanings else v for v in values)
    return [Constraint(("enum",), f"取值：{listed}", f"the spec allows only {', '.join(values)}")]


def _simple(schema: dict[str, Any]) -> list[Constraint]:
    out = []
    if "pattern" in schema:
        out.append(Constraint(("pattern",), f"须匹配 `{schema['pattern']}`", f"the spec requires {schema['pattern']}"))
    if schema.get("uniqueItems"):
        out.append(Constraint(("uniqueItems",), "各项不得重复", "the spec requires its items to be unique"))
    if "default" in schema:
        value = _value(schema["default"])
        out.append(Constraint(("default",), f"默认 {value}", f"the spec gives it the default {value}"))
    return out


def constraints(schema: dict[str, Any]) -> list[Constraint]:
    """Every constraint of a (resolved, allOf-merged) schema, in the order the docs print them.

    Enum, range, length (characters), item count, pattern, uniqueness, default; then an array's
    items' own constraints, phrased "每项…" ("each item …").
    """
    out = _enum(schema)
    out += _bounded(schema, ("minimum", "maximum"), ("", ""))
    out += [
        Constraint(c.keywords, ("长度 " if c.phrase[0].isdigit() else "长度") + c.phrase, c.claim)
        for c in _bounded(schema, ("minLength", "maxLength"), (" 个字符", " characters"))
    ]
    out += _bounded(schema, ("minItems", "maxItems"), (" 项", " items"))
    out += _simple(schema)
    items = schema.get("items")
    if isinstance(items, dict):
        out += [Constraint(c.keywords, "每项" + c.phrase, c.claim + " (each item)") for c in constraints(items)]
    return out
