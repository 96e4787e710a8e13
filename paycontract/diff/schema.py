"""Comparing two JSON schemas (already `$ref`-resolved), recursively, on one side of the contract.

Each check is a small function over one group of keywords, registered in `SCHEMA_CHECKS`; a keyword
no check claims is compared as a whole and, when it differs, reported as `schema-changed`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from paycontract.diff.model import DESCRIBED, Change, Where, literal, show
from paycontract.schema_tables import merge_all_of

Schema = dict[str, Any]
Check = Callable[[Schema, Schema, Where], Iterator[Change]]

# Lower bounds grow tighter, upper bounds shrink tighter.
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
ANNOTATIONS = ("title", "description", "summary", "deprecated", "x-enum-descriptions")
# Formats where the second admits every value of the first.
FORMAT_WIDENINGS = (("int32", "int64"), ("float", "double"))
# The range an integer format implies: writing these bounds out restates the format.
FORMAT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
# Illustrations, not contract: their changes are not listed.
IGNORED = ("example", "examples", "$comment", "readOnly", "writeOnly")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "string")


def types_of(schema: Schema) -> frozenset[str] | None:
    """The JSON types a schema admits (None: any type)."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset([declared])
    if isinstance(declared, list):
        return frozenset(declared)
    if "const" in schema:
        return frozenset([_json_type(schema["const"])])
    if "enum" in schema:
        return frozenset(_json_type(v) for v in schema["enum"])
    if "properties" in schema:
        return frozenset(["object"])
    if "items" in schema:
        return frozenset(["array"])
    return None


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _type_label(types: frozenset[str] | None) -> str:
    return "|".join(sorted(types)) if types is not None else "any"


def check_type(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """`type` (and types implied by const/enum/properties/items): widened, narrowed or changed."""
    before, after = types_of(old), types_of(new)
    if before == after:
        return
    if _covers(after, before):
        rule = "type-widened"
    elif _covers(before, after):
        rule = "type-narrowed"
    else:
        rule = "type-changed"
    yield at.moved(rule, "type", _type_label(before), _type_label(after))


def types_disjoint(old: Schema, new: Schema) -> bool:
    """True when neither type set covers the other: comparing deeper would only add noise."""
    before, after = types_of(old), types_of(new)
    return not _covers(after, before) and not _covers(before, after)


def implied_bound(schema: Schema, key: str) -> Any:
    """The `minimum`/`maximum` that `schema`'s integer format implies (None: none)."""
    limits = FORMAT_RANGES.get(schema.get("format"))
    if limits is None or key not in ("minimum", "maximum"):
        return None
    return limits[0] if key == "minimum" else limits[1]


def _fits(value: Any, fmt: Any) -> bool:
    """True when `value` lies within the integer format `fmt` (no format: anything fits)."""
    if fmt is None:
        return True
    limits = FORMAT_RANGES.get(fmt)
    return (
        limits is not None
        and isinstance(value, int)
        and not isinstance(value, bool)
        and limits[0] <= value <= limits[1]
    )


def _format_restated(old: Schema, new: Schema) -> bool:
    """True when the new enum admits the same values under either format: the format change says nothing."""
    values = _enum_values(new)
    return values is not None and all(_fits(v, old.get("format")) and _fits(v, new.get("format")) for v in values)


def check_format(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """`format` and `contentMediaType`: added narrows, removed or widened loosens, replaced changes."""
    for key in ("format", "contentMediaType"):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key == "format" and _format_restated(old, new):
            rule = "constraint-restated"
        elif before is None or (after, before) in FORMAT_WIDENINGS:
            rule = "constraint-tightened"
        elif after is None or (before, after) in FORMAT_WIDENINGS:
            rule = "constraint-loosened"
        else:
            rule = "format-changed"
        yield at.moved(rule, key, before, after)


def _enum_values(schema: Schema) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return None


def check_enum(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """`enum`/`const`: one change per value removed or added; a new or dropped restriction."""
    before, after = _enum_values(old), _enum_values(new)
    if before is None and after is None:
        return
    if before is None:
        yield at.change("constraint-tightened", f"restricted to {literal(after)}", keyword="enum", new=after)
        return
    if after is None:
        yield at.change("constraint-loosened", f"restriction to {literal(before)} removed", keyword="enum", old=before)
        return
    old_keys, new_keys = {show(v) for v in before}, {show(v) for v in after}
    for value in before:
        if show(value) not in new_keys:
            yield at.change("enum-value-removed", f"value {literal(show(value))} removed", keyword="enum", old=value)
    for value in after:
        if show(value) not in old_keys:
            yield at.change("enum-value-added", f"value {literal(show(value))} added", keyword="enum", new=value)


def _bound_change(key: str, before: Any, after: Any) -> str | None:
    if before == after:
        return None
    if before is None:
        return "constraint-tightened"
    if after is None:
        return "constraint-loosened"
    tighter = after > before if key in LOWER_BOUNDS else after < before
    return "constraint-tightened" if tighter else "constraint-loosened"


def _bound_restated(old: Schema, new: Schema, key: str) -> bool:
    """True when each side's bound is absent or exactly its format's range: only the format can differ."""
    return old.get(key) in (None, implied_bound(old, key)) and new.get(key) in (None, implied_bound(new, key))


def check_bounds(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """Numeric, length, item and property-count bounds (a bound that restates the format is told apart)."""
    for key in (*LOWER_BOUNDS, *UPPER_BOUNDS):
        rule = _bound_change(key, old.get(key), new.get(key))
        if rule and _bound_restated(old, new, key):
            rule = "constraint-restated"
        if rule:
            yield at.moved(rule, key, old.get(key), new.get(key))


def check_pattern(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """`pattern`: added tightens, removed loosens, replaced cannot be ordered (breaking both ways)."""
    before, after = old.get("pattern"), new.get("pattern")
    if before == after:
        return
    if before is None:
        rule = "constraint-tightened"
    elif after is None:
        rule = "constraint-loosened"
    else:
        rule = "pattern-changed"
    yield at.moved(rule, "pattern", before, after)


def check_flags(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """`multipleOf`, `uniqueItems` and a boolean `additionalProperties`."""
    if old.get("multipleOf") != new.get("multipleOf"):
        before, after = old.get("multipleOf"), new.get("multipleOf")
        looser = after is None or (before is not None and before % after == 0)
        rule = "constraint-loosened" if looser else "constraint-tightened"
        yield at.moved(rule, "multipleOf", before, after)
    if bool(old.get("uniqueItems")) != bool(new.get("uniqueItems")):
        rule = "constraint-tightened" if new.get("uniqueItems") else "constraint-loosened"
        yield at.moved(rule, "uniqueItems", bool(old.get("uniqueItems")), bool(new.get("uniqueItems")))
    before, after = old.get("additionalProperties", True), new.get("additionalProperties", True)
    if isinstance(before, bool) and isinstance(after, bool) and before != after:
        rule = "constraint-loosened" if after else "constraint-tightened"
        yield at.moved(rule, "additionalProperties", before, after)
    elif isinstance(before, dict) and isinstance(after, dict):
        yield from compare_schema(before, after, at.child("*"))
    elif before != after:
        yield at.moved("schema-changed", "additionalProperties", before, after)


def check_default(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """`default`: what the server assumes when a client leaves the value out."""
    if old.get("default") != new.get("default"):
        yield at.moved("default-changed", "default", old.get("default"), new.get("default"))


def check_properties(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """Object fields: removed, added, required-ness, and each common field recursively."""
    before, after = old.get("properties") or {}, new.get("properties") or {}
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    request = at.side == "request"
    for name in before:
        if name not in after:
            rule = "request-field-removed" if request else "response-field-removed"
            yield at.child(name).change(rule, "field removed", keyword="properties", old=name)
    for name in after:
        if name in before:
            continue
        if request:
            rule = "request-field-added-required" if name in new_required else "request-field-added-optional"
        else:
            rule = "response-field-added"
        text = "field added" + (" (required)" if name in new_required else "")
        yield at.child(name).change(rule, text, keyword="properties", new=name)
    for name in before:
        if name not in after:
            continue
        here = at.child(name)
        if (name in old_required) != (name in new_required):
            made = "required" if name in new_required else "optional"
            was = name in old_required
            yield here.change(f"field-made-{made}", f"field became {made}", keyword="required", old=was, new=not was)
        yield from compare_schema(before[name], after[name], here)


def check_items(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """Array items and a string's `contentSchema`, recursively."""
    if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
        yield from compare_schema(old["items"], new["items"], at.items())
    if isinstance(old.get("contentSchema"), dict) and isinstance(new.get("contentSchema"), dict):
        yield from compare_schema(old["contentSchema"], new["contentSchema"], at.child("(content)"))


def check_annotations(old: Schema, new: Schema, at: Where) -> Iterator[Change]:
    """Descriptions and other prose: never breaking, but listed."""
    for key in ANNOTATIONS:
        if old.get(key) != new.get(key):
            yield at.described(key, old.get(key), new.get(key))


# Each check and the keywords it claims; the rest fall through to `schema-changed`.
SCHEMA_CHECKS: dict[Check, tuple[str, ...]] = {
    check_type: ("type",),
    check_format: ("format", "contentMediaType"),
    check_enum: ("enum", "const"),
    check_bounds: (*LOWER_BOUNDS, *UPPER_BOUNDS),
    check_pattern: ("pattern",),
    check_flags: ("multipleOf", "uniqueItems", "additionalProperties"),
    check_default: ("default",),
    check_properties: ("properties", "required"),
    check_items: ("items", "contentSchema"),
    check_annotations: ANNOTATIONS,
}
CLAIMED = frozenset(k for keys in SCHEMA_CHECKS.values() for k in keys) | set(IGNORED)


def compare_schema(old: Any, new: Any, at: Where) -> Iterator[Change]:
    """Every classified difference between schemas `old` and `new` at `at`."""
    old, new = merge_all_of(old or {}), merge_all_of(new or {})
    if types_disjoint(old, new):
        yield from check_type(old, new, at)
        return
    for check in SCHEMA_CHECKS:
        yield from check(old, new, at)
    for key in sorted((set(old) | set(new)) - CLAIMED):
        if old.get(key) != new.get(key):
            rule = DESCRIBED if key.startswith("x-") else "schema-changed"
            yield at.moved(rule, key, old.get(key), new.get(key))
