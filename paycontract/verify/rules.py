"""The rules verify's findings cite, so that a server team can check a claim instead of trusting it.

A rule is named by where the contract states it: a JSON pointer into the spec
(`openapi.yaml#/paths/~1bills/get/parameters/1`) or a section of the published rules
(`docs/api.md § 通用规则`, `DESIGN.md § Finer points: Bills`). A check raises `broken(rule, message)`
and declares the rules it may raise with `@cites(...)`; the finding then prints the rule beside the
message. schemathesis' own checks get the pointer of what they compare against (`builtin_rule`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

SPEC_PREFIX = "openapi.yaml#/"
# The sections of the design a `DESIGN.md § Section: point` rule may name.
DESIGN_SECTIONS = frozenset(
    {
        "Decisions",
        "Finer points",
        "What the contract leaves to each server",
    }
)
F = TypeVar("F", bound=Callable[..., Any])


class ContractViolation(AssertionError):
    """A check's failure that names the rule it enforces."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"{message} (rule: {rule})")
        self.rule = rule
        self.detail = message


def broken(rule: str, message: str) -> ContractViolation:
    """The failure to raise when a response breaks `rule`; `message` says what was seen, in one line."""
    return ContractViolation(rule, message)


def cites(*rules: str) -> Callable[[F], F]:
    """Declare the rules a check enforces (read by the test that every rule resolves, and by people)."""

    def mark(check: F) -> F:
        check.rules = (*getattr(check, "rules", ()), *rules)  # type: ignore[attr-defined]
        return check

    return mark


def spec_pointer(*parts: str) -> str:
    """`openapi.yaml#/…` for the given path of keys, each escaped as RFC 6901 requires (`/` → `~1`)."""
    escaped = (part.replace("~", "~0").replace("/", "~1") for part in parts)
    return SPEC_PREFIX + "/".join(escaped)


def operation_pointer(label: str, *parts: str) -> str:
    """The pointer of an operation labelled `"POST /orders"` (or of a part of it); `paths` for no operation."""
    method, _, path = label.partition(" ")
    if not path.startswith("/"):
        return spec_pointer("paths")
    return spec_pointer("paths", path, method.lower(), *parts)


def resolve(raw: Mapping[str, Any], rule: str) -> Any:
    """The node of the raw spec a spec-pointer rule names, following `$ref`s on the way; KeyError if none."""
    if not rule.startswith(SPEC_PREFIX):
        raise KeyError(f"{rule} is not a spec pointer")
    node: Any = raw
    for part in rule.removeprefix(SPEC_PREFIX).split("/"):
        node = _follow(raw, node)
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, Mapping) and key in node:
            node = node[key]
        else:
            raise KeyError(f"{rule}: no {key!r} in the spec")
    return node


def _follow(raw: Mapping[str, Any], node: Any) -> Any:
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        node = resolve(raw, SPEC_PREFIX + node["$ref"][2:])
    return node


def response_pointer(raw: Mapping[str, Any], label: str, status: int | None, *parts: str) -> str:
    """The pointer of the response `label` documents for `status` (or of a part of it), else of its responses."""
    if status is not None:
        candidate = operation_pointer(label, "responses", str(status), *parts)
        try:
            resolve(raw, candidate)
            return candidate
        except KeyError:
            pass
    return operation_pointer(label, "responses")


# schemathesis' built-in checks, each with what it compares an answer against.
_RESPONSE_PART: dict[str, tuple[str, ...]] = {
    "response_schema_conformance": ("content", "application/json", "schema"),
    "content_type_conformance": ("content",),
    "response_headers_conformance": ("headers",),
    "positive_data_acceptance": (),
}
_COMPONENT: dict[str, tuple[str, ...]] = {
    "not_a_server_error": ("components", "responses", "InternalError"),
    "negative_data_rejection": ("components", "responses", "BadRequest"),
    "missing_required_header": ("components", "securitySchemes", "access_token"),
    "ignored_auth": ("components", "securitySchemes", "access_token"),
    "unsupported_method": ("components", "responses", "MethodNotAllowed"),
    "allow_header_conformance": ("components", "responses", "MethodNotAllowed"),
}


def builtin_rule(raw: Mapping[str, Any], check: str, label: str, status: int | None) -> str:
    """The rule a finding of a check without its own (schemathesis' built-ins, transport, engine errors) cites."""
    if check in _COMPONENT:
        return spec_pointer(*_COMPONENT[check])
    if check in _RESPONSE_PART:
        return response_pointer(raw, label, status, *_RESPONSE_PART[check])
    if check in ("use_after_free", "ensure_resource_availability"):
        return operation_pointer(label, "description")
    # status_code_conformance, transport, engine errors: the answers the operation documents.
    return operation_pointer(label, "responses")
