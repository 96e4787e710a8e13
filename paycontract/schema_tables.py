"""Schemas as Slate tables: the 类型 column's names, and a response's nested objects as one table each."""

from __future__ import annotations

from typing import Any

from paycontract.constraints import constraints

# JSON-schema type (and format) → the type names the Slate reference uses.
_TYPE_NAMES = {
    ("integer", "int64"): "long",
    ("integer", "int32"): "int",
    ("integer", None): "int",
    ("number", "float"): "float",
    ("number", None): "double",
    ("string", None): "string",
    ("boolean", None): "boolean",
    ("array", None): "array",
    ("object", None): "object",
    ("null", None): "null",
}


def merge_all_of(schema: dict[str, Any]) -> dict[str, Any]:
    """One schema with `allOf` folded in: properties merged (later parts refine earlier ones)."""
    if "allOf" not in schema:
        return schema
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    properties: dict[str, Any] = {}
    required: list[str] = []
    for part in schema["allOf"]:
        part = merge_all_of(part)
        for key, value in part.items():
            if key not in ("properties", "required"):
                merged.setdefault(key, value)
        for name, prop in (part.get("properties") or {}).items():
            properties[name] = {**properties.get(name, {}), **prop}
        required += [r for r in part.get("required", []) if r not in required]
    merged["properties"] = {**properties, **(schema.get("properties") or {})}
    merged["required"] = required + [r for r in schema.get("required", []) if r not in required]
    return merged


def slate_type(schema: dict[str, Any]) -> str:
    """The 类型 column for a schema: `long` for int64, `int` for int32, `string`, `array`, …"""
    schema = merge_all_of(schema)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        if "const" in schema:
            kind = {bool: "boolean", int: "integer", float: "number", str: "string"}.get(type(schema["const"]))
        elif "properties" in schema:
            kind = "object"
        elif "items" in schema:
            kind = "array"
    if kind is None:
        return ""
    fmt = schema.get("format")
    return _TYPE_NAMES.get((kind, fmt)) or _TYPE_NAMES.get((kind, None), str(kind))


def describe(schema: dict[str, Any], description: str = "") -> str:
    """A description cell: the text, then every constraint of the schema (`取值：1 支付宝，2 微信支付；默认 2`).

    A phrase the text already holds (`格式 YYYY-MM-DD`) is not repeated.
    """
    schema = merge_all_of(schema)
    text = (description or schema.get("description") or "").strip()
    phrases = [c.phrase for c in constraints(schema) if c.phrase not in text]
    return "；".join(part for part in (text, *phrases) if part)


def _row(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """One table row; `schema` (the merged schema) is for checks, the templates print the other three."""
    merged = merge_all_of(schema)
    return {"name": name, "type": slate_type(merged), "description": describe(merged), "schema": merged}


def _object_of(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The object a property holds: itself, or its items for an array of objects."""
    schema = merge_all_of(schema)
    if slate_type(schema) == "array":
        schema = merge_all_of(schema.get("items") or {})
    return schema if schema.get("properties") else None


def response_tables(schema: dict[str, Any], top_title: str = "基本属性") -> list[dict[str, Any]]:
    """The 返回结果 tables: the envelope's fields, then one table per nested object (`data`, `data['app']`)."""
    top = merge_all_of(schema)
    if not top.get("properties"):
        return []
    tables = [{"title": top_title, "rows": [_row(n, p) for n, p in (top.get("properties") or {}).items()]}]
    pending = [(name, prop) for name, prop in (top.get("properties") or {}).items()]
    while pending:
        title, prop = pending.pop(0)
        obj = _object_of(prop)
        if obj is None:
            continue
        properties = obj.get("properties") or {}
        tables.append({"title": title, "rows": [_row(n, p) for n, p in properties.items()]})
        pending += [(f"{title}['{n}']", p) for n, p in properties.items()]
    return tables
