"""Apply the generated parameter rules to the raw wire values: types, ranges, enums, patterns, lengths,
comma-separated arrays, dates, JSON-object strings. Each failure is a 400 naming the parameter.

Rules are compiled once at start-up into one checker per parameter; a checker turns the string that
was sent into its typed value (int, list, dict) or raises `ApiError(400)`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from paycontract.strict_json import strict_loads
from reference_impl.errors import bad_parameter, missing_parameter

Checker = Callable[[str], Any]

FORMAT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
INTEGER = re.compile(r"-?[0-9]{1,40}")
NUMBER = re.compile(r"-?[0-9]{1,40}(\.[0-9]{1,40})?([eE][-+]?[0-9]{1,4})?")


class Invalid(ValueError):
    """A value broke a rule; the message says how (the parameter's name is added by the caller)."""


def _ecma_pattern(pattern: str) -> re.Pattern[str]:
    # JSON Schema patterns are ECMA-262: `$` is the end of input (Python's also matches before a final
    # newline) and `\d` is ASCII only.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern, re.ASCII)


def _integer_checker(rules: Mapping[str, Any]) -> Checker:
    low, high = FORMAT_RANGES.get(rules.get("format", ""), (None, None))
    if "minimum" in rules:
        low = rules["minimum"] if low is None else max(low, rules["minimum"])
    if "maximum" in rules:
        high = rules["maximum"] if high is None else min(high, rules["maximum"])
    if "exclusiveMinimum" in rules:
        low = rules["exclusiveMinimum"] + 1 if low is None else max(low, rules["exclusiveMinimum"] + 1)
    if "exclusiveMaximum" in rules:
        high = rules["exclusiveMaximum"] - 1 if high is None else min(high, rules["exclusiveMaximum"] - 1)
    if low is not None and high is not None:
        reason = f"must be an integer between {low} and {high}"
    elif low is not None:
        reason = f"must be an integer of at least {low}"
    elif high is not None:
        reason = f"must be an integer of at most {high}"
    else:
        reason = "must be an integer"

    def check(raw: str) -> int:
        if not INTEGER.fullmatch(raw):
            raise Invalid(reason)
        value = int(raw)
        if (low is not None and value < low) or (high is not None and value > high):
            raise Invalid(reason)
        return value

    return check


def _number_checker(rules: Mapping[str, Any]) -> Checker:
    low, high = rules.get("minimum"), rules.get("maximum")

    def check(raw: str) -> float:
        if not NUMBER.fullmatch(raw):
            raise Invalid("must be a number")
        value = float(raw)
        if not math.isfinite(value) or (low is not None and value < low) or (high is not None and value > high):
            raise Invalid(f"must be a number between {low} and {high}")
        return value

    return check


def _boolean_checker(rules: Mapping[str, Any]) -> Checker:
    def check(raw: str) -> bool:
        if raw not in ("true", "false"):
            raise Invalid("must be true or false")
        return raw == "true"

    return check


def parse_json_object(raw: str) -> dict[str, Any]:
    """A JSON object from a string; NaN, Infinity and numbers that overflow a double are refused."""
    try:
        value = strict_loads(raw)
    except ValueError:
        raise Invalid("must be a JSON object") from None
    if not isinstance(value, dict):
        raise Invalid("must be a JSON object")
    return value


def _string_checker(rules: Mapping[str, Any]) -> Checker:
    min_length, max_length = rules.get("minLength"), rules.get("maxLength")
    pattern = _ecma_pattern(rules["pattern"]) if "pattern" in rules else None
    pattern_text = rules.get("pattern", "")
    is_date = rules.get("format") == "date"
    is_json_object = rules.get("contentMediaType") == "application/json" and rules.get("contentType") == "object"

    def check(raw: str) -> Any:
        if min_length is not None and len(raw) < min_length:
            raise Invalid(f"must be at least {min_length} characters")
        if max_length is not None and len(raw) > max_length:
            raise Invalid(f"must be at most {max_length} characters")
        if pattern is not None and not pattern.search(raw):
            raise Invalid(f"must match {pattern_text}")
        if is_date:
            try:
                date.fromisoformat(raw)
            except ValueError:
                raise Invalid("must be a real date, YYYY-MM-DD") from None
        if is_json_object:
            return parse_json_object(raw)
        return raw

    return check


def _with_enum(check: Checker, rules: Mapping[str, Any]) -> Checker:
    allowed = rules.get("enum", [rules["const"]] if "const" in rules else None)
    if allowed is None:
        return check
    reason = "must be one of " + ", ".join(str(v) for v in allowed)

    def checked(raw: str) -> Any:
        try:
            value = check(raw)
        except Invalid:
            raise Invalid(reason) from None
        if value not in allowed:
            raise Invalid(reason)
        return value

    return checked


def _array_checker(rules: Mapping[str, Any]) -> Checker:
    item = compile_checker(rules.get("items", {}))
    min_items, max_items = rules.get("minItems"), rules.get("maxItems")
    unique = bool(rules.get("uniqueItems"))

    def check(raw: str) -> list[Any]:
        parts = raw.split(",")
        if min_items is not None and len(parts) < min_items:
            raise Invalid(f"must have at least {min_items} comma-separated items")
        if max_items is not None and len(parts) > max_items:
            raise Invalid(f"must have at most {max_items} comma-separated items")
        values = []
        for index, part in enumerate(parts):
            try:
                values.append(item(part))
            except Invalid as exc:
                raise Invalid(f"item {index + 1} {exc}") from None
        if unique and len(set(map(repr, values))) != len(values):
            raise Invalid("must not repeat an item")
        return values

    return check


CHECKERS: dict[str, Callable[[Mapping[str, Any]], Checker]] = {
    "integer": _integer_checker,
    "number": _number_checker,
    "boolean": _boolean_checker,
    "string": _string_checker,
    "array": _array_checker,
}


def compile_checker(rules: Mapping[str, Any]) -> Checker:
    """The checker for one schema's rules (an unknown or absent type is checked as a string)."""
    factory = CHECKERS.get(rules.get("type", "string"), _string_checker)
    return _with_enum(factory(rules), rules)


@dataclass(frozen=True)
class ParameterRule:
    """One parameter, compiled: where it travels, whether it is required, its default, its checker."""

    name: str
    location: str
    required: bool
    default: Any
    check: Checker


def compile_parameters(parameters: list[Mapping[str, Any]], skip: frozenset[str] = frozenset()) -> list[ParameterRule]:
    """Compile an operation's generated parameter rules (those named in `skip` are checked elsewhere)."""
    return [
        ParameterRule(p["name"], p["in"], bool(p["required"]), p.get("default"), compile_checker(p))
        for p in parameters
        if p["name"] not in skip
    ]


def validate(rules: list[ParameterRule], sources: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """Typed values of every declared parameter, read from its own location; an empty value is absent."""
    values: dict[str, Any] = {}
    for rule in rules:
        raw = sources[rule.location].get(rule.name, "")
        if raw == "":
            if rule.required:
                raise missing_parameter(rule.name)
            values[rule.name] = rule.default
            continue
        try:
            values[rule.name] = rule.check(raw)
        except Invalid as exc:
            raise bad_parameter(rule.name, str(exc)) from None
    return values
