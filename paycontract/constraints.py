"""The constraints a schema puts on a value, each as the Chinese phrase the docs print and an English claim.

One list serves both sides: `schema_tables.describe` appends the phrases to a row's 说明, and
`docs check` reports a row whose text states none of them (`paycontract.docs_check.omissions`).
Lengths are in characters (Unicode code points). A bound that only restates the format (an int32's
or int64's range) is left out, and so is a format the 类型 column already names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The range a format already implies; a minimum or maximum equal to it says nothing more.
FORMAT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
# Formats the 类型 column names (`int`, `long`, `float`, `double`); no phrase of their own.
TYPE_FORMATS = frozenset(("int32", "int64", "float", "double"))
# How the docs write a format; any other is written by its name.
FORMAT_PHRASES = {
    "date": "YYYY-MM-DD",
    "date-time": "RFC 3339 日期时间",
    "email": "电子邮件地址",
    "uri": "URI",
    "uuid": "UUID",
    "ipv4": "IPv4 地址",
    "ipv6": "IPv6 地址",
}


@dataclass(frozen=True)
class Constraint:
    """One constraint: the schema keywords it renders, its Chinese phrase, and what the spec says in English.

    `values` are the keywords' values as the docs write them (a bound pair, the enum values, the
    pattern, the default with its meaning, the format); `each` is true for an array's items' own.
    """

    keywords: tuple[str, ...]
    phrase: str
    claim: str
    values: tuple[Any, ...] = ()
    each: bool = False


def _value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _pair(schema: dict[str, Any], low_key: str, high_key: str) -> tuple[Any, Any]:
    low, high = schema.get(low_key), schema.get(high_key)
    implied = FORMAT_RANGES.get(str(schema.get("format"))) if low_key == "minimum" else None
    if implied is not None:
        low = None if low == implied[0] else low
        high = None if high == implied[1] else high
    return low, high


def _count(n: Any, unit: tuple[str, str]) -> str:
    """`64 characters`, `1 character`, or `100` with no unit."""
    singular, plural = unit
    return f"{n}" + (f" {singular if n == 1 else plural}" if plural else "")


def _bounded(schema: dict[str, Any], keys: tuple[str, str], zh: str, en: tuple[str, str]) -> list[Constraint]:
    """min/max keyword pair → one constraint; `zh` / `en` name the unit (" 个字符" / ("character", "characters"))."""
    low, high = _pair(schema, *keys)
    if low is not None and high is not None:
        phrase = f"{'' if zh else '取值 '}{low} 至 {high}{zh}"
        claim = f"the spec limits {{it}} to {_count(f'{low}..{high}', en)}"
        return [Constraint(keys, phrase, claim, (low, high))]
    if high is not None:
        claim = f"the spec limits {{it}} to {'' if en[1] else 'at most '}{_count(high, en)}"
        return [Constraint(keys[1:], f"不超过 {high}{zh}", claim, (None, high))]
    if low is not None:
        claim = f"the spec requires {{it}} to {'have' if en[1] else 'be'} at least {_count(low, en)}"
        return [Constraint(keys[:1], f"不小于 {low}{zh}", claim, (low, None))]
    return []


def _enum(schema: dict[str, Any]) -> list[Constraint]:
    if "enum" not in schema:
        return []
    meanings = {str(k): v for k, v in (schema.get("x-enum-descriptions") or {}).items()}
    values = [_value(v) for v in schema["enum"]]
    listed = "，".join(f"{v} {meanings[v]}" if v in meanings else v for v in values)
    claim = f"the spec limits {{it}} to the value{'s' if len(values) > 1 else ''} {', '.join(values)}"
    return [Constraint(("enum",), f"取值：{listed}", claim, tuple(values))]


def _format(schema: dict[str, Any]) -> list[Constraint]:
    fmt = schema.get("format")
    if not isinstance(fmt, str) or fmt in TYPE_FORMATS:
        return []
    phrase = f"格式 {FORMAT_PHRASES.get(fmt, fmt)}"
    return [Constraint(("format",), phrase, f"the spec gives {{it}} the format {fmt}", (fmt,))]


def _simple(schema: dict[str, Any]) -> list[Constraint]:
    out = []
    if "pattern" in schema:
        pattern = schema["pattern"]
        claim = "the spec requires {it} to match " + pattern
        out.append(Constraint(("pattern",), f"须匹配 `{pattern}`", claim, (pattern,)))
    if schema.get("uniqueItems"):
        out.append(Constraint(("uniqueItems",), "各项不得重复", "the spec requires {its} items to be unique"))
    if "default" in schema:
        value = _value(schema["default"])
        meaning = {str(k): v for k, v in (schema.get("x-enum-descriptions") or {}).items()}.get(value)
        values = (value,) if meaning is None else (value, str(meaning))
        out.append(Constraint(("default",), f"默认 {value}", f"the spec gives {{it}} the default {value}", values))
    return out


def _each(constraint: Constraint) -> Constraint:
    return Constraint(constraint.keywords, "每项" + constraint.phrase, constraint.claim, constraint.values, True)


def constraints(schema: dict[str, Any]) -> list[Constraint]:
    """Every constraint of a (resolved, allOf-merged) schema, in the order the docs print them.

    Enum, range, length (characters), item count, format, pattern, uniqueness, default; then an
    array's items' own constraints, phrased "每项…" ("each item …"). A claim names the value as
    `{it}` / `{its}`: `claim_about` fills it in.
    """
    out = _enum(schema)
    out += _bounded(schema, ("minimum", "maximum"), "", ("", ""))
    out += [
        Constraint(c.keywords, ("长度 " if c.phrase[0].isdigit() else "长度") + c.phrase, c.claim, c.values)
        for c in _bounded(schema, ("minLength", "maxLength"), " 个字符", ("character", "characters"))
    ]
    out += _bounded(schema, ("minItems", "maxItems"), " 项", ("item", "items"))
    out += _format(schema)
    out += _simple(schema)
    items = schema.get("items")
    if isinstance(items, dict):
        out += [_each(c) for c in constraints(items)]
    return out


def claim_about(constraint: Constraint) -> str:
    """The English claim, about the value itself or, for an item constraint, about each item."""
    it, its = ("each item", "each item's") if constraint.each else ("it", "its")
    return constraint.claim.replace("{its}", its).replace("{it}", it)
