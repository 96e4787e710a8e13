"""The failure verify's checks raise, naming the rule it enforces (`paycontract.rules` names rules).

A check raises `broken(rule, message)` and declares the rules it may raise with `@cites(...)`; the finding
then prints the rule beside the message. schemathesis' own checks get the pointer of what they compare
against (`builtin_rule`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paycontract.rules import DESIGN_SECTIONS, SPEC_PREFIX, cites, resolve, spec_pointer

__all__ = ["DESIGN_SECTIONS", "SPEC_PREFIX", "cites", "resolve", "spec_pointer"]


class ContractViolation(AssertionError):
    """A check's failure that names the rule it enforces."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"{message} (rule: {rule})")
        self.rule = rule
        self.detail = message


def broken(rule: str, message: str) -> ContractViolation:
    """The failure to raise when a response breaks `rule`; `message` says what was seen, in one line."""
    return ContractViolation(rule, message)


def operation_pointer(label: str, *parts: str) -> str:
    """The pointer of an operation labelled `"POST /orders"` (or of a part of it); `paths` for no operation."""
    method, _, path = label.partition(" ")
    if not path.startswith("/"):
        return spec_pointer("paths")
    return spec_pointer("paths", path, method.lower(), *parts)


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
