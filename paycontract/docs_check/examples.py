"""Checking an operation section's code: JSON examples against the response schema, curl against the operation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml
from jsonschema import ValidationError
from openapi_schema_validator import OAS31Validator

from paycontract.docs_check.curl import Curl, curl_commands, path_matches
from paycontract.docs_check.model import Finding
from paycontract.slate import CodeBlock
from paycontract.spec import Operation, Parameter, node_lines, pointer

JSON_LANGUAGES = ("json",)
SHELL_LANGUAGES = ("shell", "sh", "bash", "curl")


def _message(error: ValidationError) -> str:
    """jsonschema's message, but a pattern shown as written rather than as a Python repr."""
    if error.validator == "pattern":
        return f"{json.dumps(error.instance, ensure_ascii=False)} does not match the pattern {error.validator_value}"
    return error.message


def _dotted(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out or "(top level)"


def _status_for(example: Any, op: Operation) -> str:
    code = example.get("code") if isinstance(example, dict) else None
    if isinstance(code, int) and code != 0 and str(code) in op.responses:
        return str(code)
    return "200"


def check_json(block: CodeBlock, op: Operation) -> Iterator[Finding]:
    """A JSON example: valid JSON, and valid against the response it shows (200, or its `code`'s status)."""
    first = block.start + 1
    try:
        example = json.loads(block.content)
    except json.JSONDecodeError as exc:
        yield Finding(first + exc.lineno - 1, f"example is not valid JSON: {exc.msg}")
        return
    status = _status_for(example, op)
    media = (op.responses.get(status) or {}).get("content", {}).get("application/json")
    if not media or not media.get("schema"):
        return
    try:
        lines = node_lines(yaml.compose(block.content, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        lines = {}
    errors = sorted(OAS31Validator(media["schema"]).iter_errors(example), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        path = list(error.absolute_path)
        line = lines.get(pointer(*path), lines.get("", 1))
        yield Finding(first + line - 1, f"example ({status} response) {_dotted(path)}: {_message(error)}")


def _coerce(value: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), None) if isinstance(kind, list) else kind
    converters = {"integer": int, "number": float, "boolean": {"true": True, "false": False}.__getitem__}
    if kind == "array":
        return [_coerce(v, schema.get("items") or {}) for v in value.split(",")]
    try:
        return converters[kind](value) if kind in converters else value
    except (ValueError, KeyError):
        return value


def _check_value(curl: Curl, name: str, value: str, param: Parameter) -> Iterator[Finding]:
    for error in OAS31Validator(param.schema).iter_errors(_coerce(value, param.schema)):
        yield Finding(curl.line_of(f"{name}="), f"curl example: {name}={value}: {_message(error)}")
        return


def check_curl(curl: Curl, op: Operation) -> Iterator[Finding]:
    """One curl command aimed at `op`'s path: method, parameter names, places and literal values."""
    if curl.method != op.method:
        yield Finding(curl.line, f"curl example sends {curl.method}, the spec says {op.method} {op.path}")
    sent: set[str] = set()
    for name, value, place in curl.params:
        sent.add(name)
        param = op.parameter(name)
        if param is None or param.location == "header":
            yield Finding(
                curl.line_of(f"{name}="), f"curl example sends {name}, not a parameter of {op.method} {op.path}"
            )
            continue
        if param.location != place and param.location != "path":
            yield Finding(
                curl.line_of(f"{name}="),
                f"curl example sends {name} in the {place}, the spec takes it in the {param.location}",
            )
        if "$" not in value:
            yield from _check_value(curl, name, value, param)
    if not curl.opaque:
        for param in op.parameters:
            if param.required and param.location in ("query", "body") and param.name not in sent:
                yield Finding(curl.line, f"curl example lacks the required parameter {param.name}")
    for header in curl.headers:
        if ":" not in header:
            yield Finding(
                curl.line_of(header), f"curl example: header {header!r} has no ':' (curl sends no such header)"
            )


def _addressed(
    curls: list[Curl], op: Operation, operations: tuple[Operation, ...], servers: list[str]
) -> Iterator[tuple[Curl, Operation]]:
    """Each curl command aimed at `op`'s path, with the operation to check it against.

    The last one is the request the section is about. An earlier one with another method that another
    operation at that path takes is a setup call (a sample creating the data it acts on first), and is
    checked against that operation.
    """
    aimed = [curl for curl in curls if path_matches(curl.path(servers), op.path)]
    for i, curl in enumerate(aimed):
        target = op
        if i < len(aimed) - 1 and curl.method != op.method:
            path = curl.path(servers)
            target = next((o for o in operations if o.method == curl.method and path_matches(path, o.path)), op)
        yield curl, target


def check_code(
    blocks: list[CodeBlock], op: Operation, servers: list[str], operations: tuple[Operation, ...] = ()
) -> Iterator[Finding]:
    """Every JSON example and every curl command for this operation's path in a section's code blocks."""
    for block in blocks:
        if block.language in JSON_LANGUAGES:
            yield from check_json(block, op)
        elif block.language in SHELL_LANGUAGES:
            for curl, target in _addressed(curl_commands(block.content, block.start + 1), op, operations, servers):
                yield from check_curl(curl, target)
