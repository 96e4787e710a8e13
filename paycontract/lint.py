"""`paycontract lint`: openapi-spec-validator, then the project's own rules; one finding per line.

Each rule is a function of the parsed document that yields (where, message): `where` is a JSON
pointer into the file as written (or a line number, for a duplicate YAML key). `RULES` maps each
rule's name, as printed, to its function; a finding prints as `file:line: rule: message`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paycontract.errors import SpecError
from paycontract.example_validation import example_findings
from paycontract.oas_validation import validator_findings
from paycontract.roles import (
    BILL,
    BODY_LIMIT_EXTENSION,
    RETENTION_EXTENSION,
    ROLE_EXTENSION,
    ROLES,
    TOKEN,
    TOKEN_LIFETIME_EXTENSION,
    is_count,
)
from paycontract.spec import Document, load_spec, resolve_pointer, unescape_pointer_token
from paycontract.spec_walk import (
    OperationSite,
    Site,
    child,
    follow,
    iter_keys,
    iter_operations,
    iter_refs,
    iter_sites,
    mapping,
    sequence,
)

Where = str | int
Rule = Callable[[Document], Iterable[tuple[Where, str]]]

ENVELOPE = "#/components/schemas/Envelope"
ERROR = "#/components/schemas/Error"
JSON_MEDIA = "application/json"
FORM_MEDIA = "application/x-www-form-urlencoded"
# The app whose secret keys the signature; `x-signature` names the other two parameters.
APP_PARAMETER = "app_id"


@dataclass(frozen=True)
class Finding:
    """One problem in a spec file."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


def openapi_valid(doc: Document) -> Iterator[tuple[Where, str]]:
    """The document is valid OpenAPI 3.1 (openapi-spec-validator)."""
    if any(not isinstance(key, str) for _, key in iter_keys(doc.data)):
        return  # the validator cannot read such a document; `string-key` says what to fix
    yield from validator_findings(doc.data)


def duplicate_key(doc: Document) -> Iterator[tuple[Where, str]]:
    """No mapping repeats a key (YAML would silently keep only the last value)."""
    for ptr, line in doc.duplicate_keys:
        parent, _, key = ptr.rpartition("/")
        yield line, f"duplicate key '{unescape_pointer_token(key)}' in {parent or '/'}: YAML keeps only the last one"


def string_key(doc: Document) -> Iterator[tuple[Where, str]]:
    """Every key is a string: YAML reads `200:` as an int and `on:` as a bool, JSON has only strings."""
    for ptr, key in iter_keys(doc.data):
        if not isinstance(key, str):
            where = next((p for p in (child(ptr, key), child(ptr, _scalar_text(key))) if p in doc.lines), ptr)
            yield where, f"key {_scalar_text(key)} is not a string (YAML reads it as {type(key).__name__}); quote it"


def ref_resolves(doc: Document) -> Iterator[tuple[Where, str]]:
    """Every `$ref`, anywhere, is a local JSON pointer (`#/…`) to something that exists."""
    for ptr, ref in iter_refs(doc.data):
        where = child(ptr, "$ref")
        if not isinstance(ref, str):
            yield where, "$ref must be a string"
        elif ref != "#" and not ref.startswith("#/"):
            yield where, f"$ref '{ref}' is not a local JSON pointer (#/...); only this file can be referenced"
        elif not _exists(doc.data, ref):
            yield where, f"$ref '{ref}' points to nothing"


def operation_id(doc: Document) -> Iterator[tuple[Where, str]]:
    """Every operation has an operationId, and no two share one."""
    first: dict[str, OperationSite] = {}
    for op in iter_operations(doc.data):
        op_id = op.node.get("operationId")
        if op_id is None:
            yield op.pointer, f"{op.label} has no operationId"
        elif not isinstance(op_id, str):
            continue  # openapi-valid reports the type
        elif op_id in first:
            other = first[op_id]
            line = doc.line_of(child(other.pointer, "operationId"))
            yield child(op.pointer, "operationId"), f"operationId '{op_id}' is also used by {other.label} (line {line})"
        else:
            first[op_id] = op


def role(doc: Document) -> Iterator[tuple[Where, str]]:
    """Every `x-role` is one of the domain's roles (`paycontract/roles.py`), and no two operations share one."""
    first: dict[str, OperationSite] = {}
    for op in iter_operations(doc.data):
        name = op.node.get(ROLE_EXTENSION)
        where = child(op.pointer, ROLE_EXTENSION)
        if name is None:
            continue
        if not isinstance(name, str) or name not in ROLES:
            yield where, f"{op.label}: {ROLE_EXTENSION} {name!r} is not a role; the roles are {', '.join(ROLES)}"
        elif name in first:
            line = doc.line_of(child(first[name].pointer, ROLE_EXTENSION))
            yield where, f"{ROLE_EXTENSION} {name} is also played by {first[name].label} (line {line})"
        else:
            first[name] = op


# Each domain fact: the role of the operation that states it (None: the top level), and its least value.
FACTS = {RETENTION_EXTENSION: (BILL, 0), TOKEN_LIFETIME_EXTENSION: (TOKEN, 1), BODY_LIMIT_EXTENSION: (None, 1)}


def domain_fact(doc: Document) -> Iterator[tuple[Where, str]]:
    """`x-retention-days`, `x-token-lifetime` and `x-body-limit` are integers of at least their least value,
    each where it belongs: on the operation with x-role bill, on the one with x-role token, at the top level."""
    sites = [(None, "", mapping(doc.data))] + [(op, op.pointer, op.node) for op in iter_operations(doc.data)]
    for op, ptr, node in sites:
        for extension, (owner, least) in FACTS.items():
            if extension not in node:
                continue
            value, where = node[extension], child(ptr, extension)
            plays = op.node.get(ROLE_EXTENSION) if op is not None else None
            if plays != owner:
                place = f"the operation with {ROLE_EXTENSION} {owner}" if owner else "the top level"
                yield where, f"{extension} belongs on {place}"
            elif not is_count(value, least):
                yield where, f"{extension} must be an integer of at least {least}, not {value!r}"


def response_example(doc: Document) -> Iterator[tuple[Where, str]]:
    """Every response has an example (`example` or `examples`) for each of its media types."""
    for site in _sites(doc, "response"):
        for media_type, media in mapping(site.node.get("content")).items():
            if isinstance(media, dict) and "example" not in media and not media.get("examples"):
                where = child(site.pointer, "content", media_type)
                yield where, f"{_response_label(site.pointer)} has no example for {media_type} (example or examples)"


def envelope(doc: Document) -> Iterator[tuple[Where, str]]:
    """Every response is JSON in the envelope: a 4xx/5xx/default response's schema is Error, or
    allOf-composed from it (through any chain of `$ref`s and `allOf`s), and Error is composed from
    Envelope; any other response's schema is composed from Envelope the same way."""
    checked: set[tuple[str, bool]] = set()
    for op in iter_operations(doc.data):
        for status, response in mapping(op.node.get("responses")).items():
            found = follow(doc.data, child(op.pointer, "responses", status), response)
            is_error = str(status)[:1] in ("4", "5") or status == "default"
            if found is None or not isinstance(found[1], dict) or (found[0], is_error) in checked:
                continue
            ptr, node = found
            checked.add((ptr, is_error))
            media = mapping(node.get("content")).get(JSON_MEDIA)
            base = ERROR if is_error else ENVELOPE
            if not isinstance(media, dict):
                yield ptr, f"{status} response has no {JSON_MEDIA} content; every response is the JSON envelope"
            elif not _derives_from(doc.data, media.get("schema"), base):
                where = child(ptr, "content", JSON_MEDIA, "schema") if "schema" in media else child(ptr, "content")
                yield where, f"{status} response: schema is neither {base} nor allOf-composed from it"
    error_used = any(is_error for _, is_error in checked)
    if error_used and _exists(doc.data, ERROR) and not _derives_from(doc.data, {"$ref": ERROR}, ENVELOPE):
        yield ERROR[1:], f"{ERROR} is not allOf-composed from {ENVELOPE}"


def signature_params(doc: Document) -> Iterator[tuple[Where, str]]:
    """Every `x-signed: true` operation declares app_id, the signature parameter and its type
    parameter (as named by `x-signature`) in the query or the form body; app_id and sign required."""
    rule = mapping(mapping(doc.data).get("x-signature"))
    sign, sign_type = rule.get("parameter"), rule.get("type_parameter")
    for op in iter_operations(doc.data):
        if op.node.get("x-signed") is not True:
            continue
        if not isinstance(sign, str) or not isinstance(sign_type, str):
            yield child(op.pointer, "x-signed"), "signed, but no x-signature names parameter and type_parameter"
            continue
        declared = _query_and_form_parameters(doc.data, op)
        for name, must_be_required in ((APP_PARAMETER, True), (sign, True), (sign_type, False)):
            if name not in declared:
                yield op.pointer, f"signed operation {op.label} does not declare {name} (in query or form body)"
            elif must_be_required and not declared[name]:
                yield op.pointer, f"signed operation {op.label}: {name} must be required"


def enum_described(doc: Document) -> Iterator[tuple[Where, str]]:
    """Every enum value is explained: `x-enum-descriptions` has a non-empty entry for each value, and
    no entry for anything else."""
    for site in _sites(doc, "schema"):
        if "enum" not in site.node:
            continue
        values = [_scalar_text(v) for v in sequence(site.node["enum"])]
        descriptions = site.node.get("x-enum-descriptions")
        if descriptions is None:
            yield child(site.pointer, "enum"), f"enum [{', '.join(values)}] has no x-enum-descriptions"
            continue
        if not isinstance(descriptions, dict):
            yield child(site.pointer, "x-enum-descriptions"), "x-enum-descriptions must map each enum value to a text"
            continue
        keys = {_scalar_text(k): k for k in descriptions}
        for i, value in enumerate(values):
            if value not in keys:
                yield child(site.pointer, "enum", i), f"enum value {value} has no entry in x-enum-descriptions"
                continue
            text = descriptions[keys[value]]
            if not isinstance(text, str) or not text.strip():
                yield child(site.pointer, "x-enum-descriptions", keys[value]), f"enum value {value}: empty description"
        for key, raw_key in keys.items():
            if key not in values:
                where = child(site.pointer, "x-enum-descriptions", raw_key)
                yield where, f"x-enum-descriptions has an entry for {key}, which is not an enum value"


def example_valid(doc: Document) -> Iterator[tuple[Where, str]]:
    """Every example of a parameter, header, request body or response validates against its schema
    (OpenAPI 3.1 dialect, formats checked). A schema that is itself invalid is left to `openapi-valid`."""
    yield from example_findings(doc.data)


RULES: dict[str, Rule] = {
    "openapi-valid": openapi_valid,
    "duplicate-key": duplicate_key,
    "string-key": string_key,
    "ref-resolves": ref_resolves,
    "operation-id": operation_id,
    "role": role,
    "domain-fact": domain_fact,
    "response-example": response_example,
    "envelope": envelope,
    "signature-params": signature_params,
    "enum-described": enum_described,
    "example-valid": example_valid,
}


def lint_document(document: Document) -> list[Finding]:
    """Every finding of every rule, sorted by line, then rule, then message."""
    findings = {
        Finding(str(document.path), where if isinstance(where, int) else document.line_of(where), name, one_line)
        for name, rule in RULES.items()
        for where, message in rule(document)
        for one_line in [" ".join(message.split("\n"))]  # keys and values quoted in messages may hold newlines
    }
    return sorted(findings, key=lambda f: (f.line, f.rule, f.message))


def lint(path: str | Path) -> list[Finding]:
    """Lint the spec at `path`; `SpecError` when it is missing, not YAML, or not OpenAPI 3.1."""
    document = load_spec(path).document
    version = document.data.get("openapi")
    if not isinstance(version, str) or not version.startswith("3.1."):
        message = f"openapi {version!r} is not supported; paycontract reads OpenAPI 3.1.x"
        raise SpecError(message, where=document.where("/openapi"))
    return lint_document(document)


def _sites(doc: Document, kind: str) -> Iterator[Site]:
    return (site for site in iter_sites(doc.data) if site.kind == kind)


def _exists(root: Any, ref: str) -> bool:
    try:
        resolve_pointer(root, ref)
    except (KeyError, IndexError, ValueError):
        return False
    return True


def _derives_from(root: Any, schema: Any, base: str, seen: frozenset[str] = frozenset()) -> bool:
    if not isinstance(schema, dict):
        return False
    ref = schema.get("$ref")
    if ref == base:
        return True
    target = isinstance(ref, str) and ref not in seen and _exists(root, ref)
    if target and _derives_from(root, resolve_pointer(root, ref), base, seen | {ref}):
        return True
    return any(_derives_from(root, member, base, seen) for member in sequence(schema.get("allOf")))


def _query_and_form_parameters(root: Any, op: OperationSite) -> dict[str, bool]:
    """{name: required} of the query parameters and form-body fields of an operation."""
    declared: dict[str, bool] = {}
    own = [(child(op.pointer, "parameters", i), p) for i, p in enumerate(sequence(op.node.get("parameters")))]
    for ptr, param in [*op.shared_parameters, *own]:
        node = (follow(root, ptr, param) or ("", None))[1]
        if isinstance(node, dict) and node.get("in") == "query" and isinstance(node.get("name"), str):
            declared[node["name"]] = node.get("required") is True
    body = mapping((follow(root, "", op.node.get("requestBody")) or ("", None))[1])
    media = mapping(mapping(body.get("content")).get(FORM_MEDIA))
    schema = mapping((follow(root, "", media.get("schema")) or ("", None))[1])
    required = {name for name in sequence(schema.get("required")) if isinstance(name, str)}
    for name in mapping(schema.get("properties")):
        declared.setdefault(name, name in required)
    return declared


def _response_label(ptr: str) -> str:
    tokens = [unescape_pointer_token(t) for t in ptr.split("/")[1:]]
    if tokens[0] == "paths" and len(tokens) >= 5:
        return f"{tokens[2].upper()} {tokens[1]} {tokens[4]} response"
    return f"response {tokens[-1]}"


def _scalar_text(value: Any) -> str:
    """A key or enum value as written in JSON: `x-enum-descriptions` may key `1` as an int or a str."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    return repr(value)
