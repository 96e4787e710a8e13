"""Walking a raw OpenAPI document by definition site: each object once, at the place it is written.

`Spec` resolves every `$ref` and so cannot look at a broken document; these walkers read the raw
tree, skip what is malformed (the OpenAPI validator reports it) and never follow a dangling `$ref`.
Operations are read from `paths` (the project uses no webhooks or callbacks).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from paycontract.spec import HTTP_METHODS, escape_pointer_token, resolve_pointer

# JSON Schema 2020-12 keywords whose value is a schema, a list of schemas, or a map of schemas.
SUBSCHEMA = (
    "items",
    "not",
    "additionalProperties",
    "contentSchema",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contains",
)
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")


@dataclass(frozen=True)
class Site:
    """One object of the document: `kind` is operation, parameter, request_body, response, header,
    media (a media type object) or schema; `pointer` is where it is written."""

    kind: str
    pointer: str
    node: dict[str, Any]


@dataclass(frozen=True)
class OperationSite:
    """One operation under `paths`, with the path item's shared parameters."""

    pointer: str
    path: str
    method: str
    node: dict[str, Any]
    shared_parameters: tuple[tuple[str, Any], ...]

    @property
    def label(self) -> str:
        """`POST /orders`."""
        return f"{self.method.upper()} {self.path}"


def mapping(value: Any) -> dict[str, Any]:
    """`value` if it is a mapping, else an empty one (malformed parts are the validator's to report)."""
    return value if isinstance(value, dict) else {}


def sequence(value: Any) -> list[Any]:
    """`value` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def child(ptr: str, *tokens: str | int) -> str:
    """The pointer of a descendant of `ptr`."""
    return ptr + "".join("/" + escape_pointer_token(str(t)) for t in tokens)


def follow(root: Any, ptr: str, node: Any) -> tuple[str, Any] | None:
    """Follow a chain of local `$ref`s from `node` (written at `ptr`): the target and where it is.

    None when a `$ref` dangles, is not local, or loops (the `ref-resolves` rule reports those).
    """
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#") or ref in seen:
            return None
        seen.add(ref)
        try:
            node = resolve_pointer(root, ref)
        except (KeyError, IndexError, ValueError):
            return None
        ptr = ref[1:]
    return ptr, node


def iter_refs(node: Any, ptr: str = "") -> Iterator[tuple[str, Any]]:
    """Every `$ref` anywhere in the tree, as (pointer of the object holding it, its value).

    Examples included: `Spec.resolved` follows every `$ref`, wherever it is.
    """
    if isinstance(node, dict):
        if "$ref" in node:
            yield ptr, node["$ref"]
        for key, value in node.items():
            yield from iter_refs(value, child(ptr, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from iter_refs(value, child(ptr, i))


def iter_keys(node: Any, ptr: str = "") -> Iterator[tuple[str, Any]]:
    """Every mapping key in the tree, as (pointer of the mapping, key)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield ptr, key
            yield from iter_keys(value, child(ptr, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from iter_keys(value, child(ptr, i))


def iter_operations(root: Any) -> Iterator[OperationSite]:
    """Every operation under `paths`, in the order the document lists them."""
    for path, item in mapping(mapping(root).get("paths")).items():
        found = follow(root, child("/paths", path), item)
        if found is None or not isinstance(found[1], dict):
            continue
        item_ptr, item = found
        shared = tuple((child(item_ptr, "parameters", i), p) for i, p in enumerate(sequence(item.get("parameters"))))
        for method, op in item.items():
            if method in HTTP_METHODS and isinstance(op, dict):
                yield OperationSite(child(item_ptr, method), str(path), method, op, shared)


def iter_sites(root: Any) -> Iterator[Site]:
    """Every operation, parameter, request body, response, header, media type and schema object,
    once each, where it is written (a `$ref` to it is not a second site)."""
    components = mapping(mapping(root).get("components"))
    for op in iter_operations(root):
        yield Site("operation", op.pointer, op.node)
        params = [*op.shared_parameters]
        params += [(child(op.pointer, "parameters", i), p) for i, p in enumerate(sequence(op.node.get("parameters")))]
        for ptr, param in params:
            yield from _inline(ptr, param, _parameter)
        yield from _inline(child(op.pointer, "requestBody"), op.node.get("requestBody"), _request_body)
        for status, response in mapping(op.node.get("responses")).items():
            yield from _inline(child(op.pointer, "responses", status), response, _response)
    walkers = {"parameters": _parameter, "requestBodies": _request_body, "responses": _response, "headers": _header}
    for section, walk in walkers.items():
        for name, node in mapping(components.get(section)).items():
            yield from _inline(child("/components", section, name), node, walk)
    for name, node in mapping(components.get("schemas")).items():
        yield from iter_schemas(child("/components", "schemas", name), node)


def _inline(ptr: str, node: Any, walk: Any) -> Iterator[Site]:
    if isinstance(node, dict) and "$ref" not in node:
        yield from walk(ptr, node)


def _plain(kind: str) -> Any:
    """A walker for an object whose only nested parts are `schema` and `content`."""

    def walk(ptr: str, node: dict[str, Any]) -> Iterator[Site]:
        yield Site(kind, ptr, node)
        yield from _schema_and_content(ptr, node)

    return walk


_parameter = _plain("parameter")
_header = _plain("header")
_request_body = _plain("request_body")


def _response(ptr: str, node: dict[str, Any]) -> Iterator[Site]:
    yield Site("response", ptr, node)
    for name, header in mapping(node.get("headers")).items():
        yield from _inline(child(ptr, "headers", name), header, _header)
    yield from _schema_and_content(ptr, node)


def _schema_and_content(ptr: str, node: dict[str, Any]) -> Iterator[Site]:
    if "schema" in node:
        yield from iter_schemas(child(ptr, "schema"), node["schema"])
    for media_type, media in mapping(node.get("content")).items():
        if isinstance(media, dict):
            media_ptr = child(ptr, "content", media_type)
            yield Site("media", media_ptr, media)
            if "schema" in media:
                yield from iter_schemas(child(media_ptr, "schema"), media["schema"])


def iter_schemas(ptr: str, node: Any) -> Iterator[Site]:
    """A schema and every schema nested in it (a `$ref`'s target is visited where it is written)."""
    if not isinstance(node, dict):
        return
    yield Site("schema", ptr, node)
    for key in SUBSCHEMA:
        if key in node:
            yield from iter_schemas(child(ptr, key), node[key])
    for key in SUBSCHEMA_LISTS:
        for i, sub in enumerate(sequence(node.get(key))):
            yield from iter_schemas(child(ptr, key, i), sub)
    for key in SUBSCHEMA_MAPS:
        for name, sub in mapping(node.get(key)).items():
            yield from iter_schemas(child(ptr, key, name), sub)
