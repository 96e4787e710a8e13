"""Loading the OpenAPI spec: YAML with line numbers, `$ref` resolution, and a typed view of operations.

Everything that reads `openapi.yaml` (lint, generator, verify, diff, docs) goes through `load_spec`,
so a malformed file is reported the same way everywhere: one line, `file:line: what`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from paycontract.errors import SpecError
from paycontract.roles import ROLE_EXTENSION, is_count, role_of

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def escape_pointer_token(token: str) -> str:
    """Escape one JSON-pointer segment (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    """Undo `escape_pointer_token`."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*tokens: str | int) -> str:
    """Build a JSON pointer from raw segments: pointer("paths", "/orders") == "/paths/~1orders"."""
    return "".join("/" + escape_pointer_token(str(t)) for t in tokens)


@dataclass
class Document:
    """A parsed YAML document and the line (1-based) where each JSON pointer starts (a mapping
    member's line is its key's)."""

    path: Path
    data: Any
    lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)

    def line_of(self, ptr: str) -> int:
        """The line of `ptr`, or of its nearest ancestor that has one (1 for the root)."""
        while ptr:
            if ptr in self.lines:
                return self.lines[ptr]
            ptr = ptr.rsplit("/", 1)[0]
        return self.lines.get("", 1)

    def where(self, ptr: str) -> str:
        """`file:line` for a pointer, as used at the start of every message about the spec."""
        return f"{self.path}:{self.line_of(ptr)}"


def _index_lines(
    node: yaml.Node, ptr: str, lines: dict[str, int], dups: list[tuple[str, int]], line: int | None = None
) -> None:
    # A mapping member starts at its key: `"200":` rather than the first line of its block value.
    lines.setdefault(ptr, line if line is not None else node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = ptr + "/" + escape_pointer_token(key)
            if key in seen:
                dups.append((child, key_node.start_mark.line + 1))
            seen.add(key)
            _index_lines(value_node, child, lines, dups, key_node.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, f"{ptr}/{i}", lines, dups)


def node_lines(node: yaml.Node) -> dict[str, int]:
    """The line (1-based) where each JSON pointer under a composed YAML (or JSON) node starts."""
    lines: dict[str, int] = {}
    _index_lines(node, "", lines, [])
    return lines


def load_document(path: str | Path) -> Document:
    """Read a YAML (or JSON) file, keeping line numbers; raise `SpecError` with one clear line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError("file not found", where=str(path)) from None
    except IsADirectoryError:
        raise SpecError("is a directory, not a spec file", where=str(path)) from None
    except UnicodeDecodeError as exc:
        raise SpecError(f"not UTF-8 text (byte {exc.start})", where=str(path)) from None
    except OSError as exc:
        raise SpecError(f"cannot read: {exc.strerror}", where=str(path)) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise SpecError(f"YAML syntax error: {problem}", where=f"{path}:{line}") from None
    except yaml.YAMLError as exc:
        raise SpecError(f"YAML syntax error: {exc}", where=str(path)) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    dups: list[tuple[str, int]] = []
    if node is not None:
        _index_lines(node, "", lines, dups)
    return Document(path=path, data=data, lines=lines, duplicate_keys=dups)


def resolve_pointer(root: Any, ref: str) -> Any:
    """Follow a local `$ref` ("#/components/schemas/Order") inside `root`; KeyError if it dangles."""
    if not ref.startswith("#"):
        raise KeyError(ref)
    node = root
    for raw in ref[1:].split("/")[1:]:
        token = unescape_pointer_token(raw)
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise KeyError(ref)
    return node


def deref(root: Any, node: Any, _seen: tuple[str, ...] = ()) -> Any:
    """A deep copy of `node` with every local `$ref` replaced by its target (recursion stops at cycles)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in _seen:
                return {"$ref": ref}
            target = deref(root, resolve_pointer(root, ref), (*_seen, ref))
            siblings = {k: deref(root, v, _seen) for k, v in node.items() if k != "$ref"}
            return {**target, **siblings} if isinstance(target, dict) else target
        return {k: deref(root, v, _seen) for k, v in node.items()}
    if isinstance(node, list):
        return [deref(root, item, _seen) for item in node]
    return copy.copy(node)


@dataclass(frozen=True)
class Parameter:
    """One request parameter, wherever it travels: `location` is path, query, header or body."""

    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    description: str
    example: Any
    pointer: str

    @property
    def is_array(self) -> bool:
        """True for list-valued parameters such as `ids`."""
        return self.schema.get("type") == "array"


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, with `$ref`s resolved."""

    id: str
    method: str
    path: str
    summary: str
    description: str
    tags: tuple[str, ...]
    signed: bool
    sandbox_only: bool
    parameters: tuple[Parameter, ...]
    body_media_type: str | None
    responses: dict[str, dict[str, Any]]
    raw: dict[str, Any]
    pointer: str
    role: str | None = None

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called `name`, or None."""
        return next((p for p in self.parameters if p.name == name), None)

    @property
    def request_example(self) -> dict[str, Any]:
        """The example value of every parameter that has one, in declaration order."""
        return {p.name: p.example for p in self.parameters if p.example is not None}

    def response_example(self, status: str) -> Any:
        """The JSON example of a response, from `example` or the first of `examples`."""
        media = self.responses.get(status, {}).get("content", {}).get("application/json", {})
        if "example" in media:
            return media["example"]
        for example in media.get("examples", {}).values():
            return example.get("value")
        return None


def _body_parameters(op_ptr: str, request_body: dict[str, Any]) -> tuple[str | None, list[Parameter]]:
    content = request_body.get("content") or {}
    if not content:
        return None, []
    media_type, media = next(iter(content.items()))
    schema = media.get("schema") or {}
    example = media.get("example") or {}
    required = set(schema.get("required", []))
    params = [
        Parameter(
            name=name,
            location="body",
            required=name in required,
            schema=prop,
            description=prop.get("description", ""),
            example=example.get(name, prop.get("example")),
            pointer=pointer(*_split(op_ptr), "requestBody", "content", media_type, "schema", "properties", name),
        )
        for name, prop in (schema.get("properties") or {}).items()
    ]
    return media_type, params


def _split(ptr: str) -> list[str]:
    return [unescape_pointer_token(t) for t in ptr.split("/")[1:]]


class Spec:
    """A loaded OpenAPI document: the raw tree (for line numbers), the resolved tree, and operations."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.raw: dict[str, Any] = document.data

    @property
    def path(self) -> Path:
        """The file this spec was read from."""
        return self.document.path

    @cached_property
    def resolved(self) -> dict[str, Any]:
        """The whole document with every `$ref` replaced by its target."""
        try:
            return deref(self.raw, self.raw)
        except (KeyError, IndexError, ValueError) as exc:
            raise SpecError(f"unresolvable $ref {exc}", where=str(self.path)) from None

    @property
    def version(self) -> str:
        """`info.version`."""
        return str(self.raw.get("info", {}).get("version", ""))

    @property
    def signature_rule(self) -> dict[str, Any]:
        """The machine-readable signature rule (`x-signature`)."""
        return self.resolved.get("x-signature", {})

    @property
    def server_url(self) -> str:
        """The first server's URL (the production base URL)."""
        servers = self.raw.get("servers") or [{"url": ""}]
        return str(servers[0].get("url", ""))

    @cached_property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation, in the order the spec lists them."""
        return tuple(self._iter_operations())

    def operation(self, operation_id: str) -> Operation:
        """The operation with this `operationId`; KeyError when there is none."""
        for op in self.operations:
            if op.id == operation_id:
                return op
        raise KeyError(operation_id)

    def role_operations(self, needed: Iterable[str], needed_by: str) -> dict[str, Operation]:
        """Operations keyed by their `x-role`; a role in `needed` that no operation plays raises `SpecError`
        naming the role and `needed_by` (the command that needs it)."""
        by_role: dict[str, Operation] = {}
        for op in self.operations:
            if op.role is not None:
                by_role.setdefault(op.role, op)
        for role in needed:
            if role not in by_role:
                message = f"the spec has no operation with {ROLE_EXTENSION} {role}; {needed_by} needs it"
                raise SpecError(message, where=str(self.path))
        return by_role

    def count_fact(self, extension: str, needed_by: str, op: Operation | None = None, minimum: int = 0) -> int:
        """The integer extension `extension` of `op` (or of the document's top level); `SpecError` when it is
        missing or not an integer of at least `minimum`."""
        node, ptr = (op.raw, op.pointer) if op is not None else (self.raw, "")
        owner = f"the operation with {ROLE_EXTENSION} {op.role}" if op is not None else "the spec's top level"
        value = node.get(extension)
        if value is None:
            raise SpecError(f"{owner} has no {extension}; {needed_by} needs it", where=self.document.where(ptr))
        if not is_count(value, minimum):
            message = f"{extension} must be an integer of at least {minimum}, not {value!r}"
            raise SpecError(message, where=self.document.where(ptr + "/" + extension))
        return value

    def _iter_operations(self) -> Iterator[Operation]:
        paths = self.resolved.get("paths") or {}
        for path, item in paths.items():
            shared = item.get("parameters", [])
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                op = item[method]
                op_ptr = pointer("paths", path, method)
                params = [
                    Parameter(
                        name=p["name"],
                        location=p["in"],
                        required=bool(p.get("required", False)),
                        schema=p.get("schema", {}),
                        description=p.get("description", ""),
                        example=p.get("example", p.get("schema", {}).get("example")),
                        pointer=op_ptr + f"/parameters/{i}",
                    )
                    for i, p in enumerate([*shared, *op.get("parameters", [])])
                ]
                media_type, body = _body_parameters(op_ptr, op.get("requestBody") or {})
                yield Operation(
                    id=op.get("operationId", f"{method} {path}"),
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    tags=tuple(op.get("tags", [])),
                    signed=bool(op.get("x-signed", False)),
                    sandbox_only=bool(op.get("x-sandbox-only", False)),
                    parameters=tuple(params + body),
                    body_media_type=media_type,
                    responses=op.get("responses", {}),
                    raw=op,
                    pointer=op_ptr,
                    role=role_of(op),
                )


def load_spec(path: str | Path) -> Spec:
    """Load an OpenAPI document; a file that is not YAML or not OpenAPI raises `SpecError`."""
    document = load_document(path)
    data = document.data
    if not isinstance(data, dict) or "openapi" not in data:
        raise SpecError("not an OpenAPI document (no top-level 'openapi' field)", where=f"{document.path}:1")
    if not isinstance(data.get("paths", {}), dict):
        raise SpecError("'paths' must be a mapping", where=document.where("/paths"))
    return Spec(document)
