"""Comparing operations: which exist, their parameters, request bodies and responses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from paycontract.diff.model import Change, Where, literal, show, transition
from paycontract.diff.schema import compare_schema
from paycontract.spec import Operation, Spec

OperationCheck = Callable[[Operation, Operation, Where, Spec, Spec], Iterator[Change]]


def operation_key(op: Operation) -> tuple[str, str]:
    """Identity of an operation: method and path with parameter names blanked (`/channels/{}`)."""
    return op.method, re.sub(r"\{[^}]*\}", "{}", op.path)


def effective_security(spec: Spec, op: Operation) -> Any:
    """The security requirements that apply to `op` (its own, else the document's)."""
    return op.raw["security"] if "security" in op.raw else spec.resolved.get("security", [])


def check_parameters(old: Operation, new: Operation, at: Where, *_: Spec) -> Iterator[Change]:
    """Parameters (path, query, header and form body alike): removed, added, moved, required, schema."""
    for p in old.parameters:
        if new.parameter(p.name) is None:
            yield at.at(f"{p.location} {p.name}", "request", ".").change("parameter-removed", "parameter removed")
    for p in new.parameters:
        before = old.parameter(p.name)
        here = at.at(f"{p.location} {p.name}", "request", ".")
        if before is None:
            rule = "parameter-added-required" if p.required else "parameter-added-optional"
            yield here.change(rule, "parameter added" + (" (required)" if p.required else " (optional)"))
            continue
        if before.location != p.location:
            yield here.change("parameter-location-changed", f"moved from {before.location} to {p.location}")
        if before.required != p.required:
            made = "required" if p.required else "optional"
            yield here.change(f"parameter-made-{made}", f"parameter became {made}")
        if before.description != p.description:
            yield here.change("description-changed", "description changed")
        yield from compare_schema(before.schema, p.schema, here)


def check_request_body(old: Operation, new: Operation, at: Where, *_: Spec) -> Iterator[Change]:
    """The request body's media type."""
    if old.body_media_type and new.body_media_type and old.body_media_type != new.body_media_type:
        text = transition("media type", old.body_media_type, new.body_media_type)
        yield at.at("body", "request").change("request-media-type-changed", text)


def _compare_response(status: str, old: dict[str, Any], new: dict[str, Any], at: Where) -> Iterator[Change]:
    here = at.at(status, "response")
    if old.get("description") != new.get("description"):
        yield here.change("description-changed", "description changed")
    old_headers, new_headers = old.get("headers") or {}, new.get("headers") or {}
    for name in old_headers.keys() - new_headers.keys():
        yield here.at(f"{status} header {name}").change("response-header-removed", "header removed")
    for name in new_headers.keys() - old_headers.keys():
        yield here.at(f"{status} header {name}").change("response-header-added", "header added")
    for name in old_headers.keys() & new_headers.keys():
        header_at = here.at(f"{status} header {name}")
        yield from compare_schema(old_headers[name].get("schema"), new_headers[name].get("schema"), header_at)
    old_content, new_content = old.get("content") or {}, new.get("content") or {}
    for media in old_content:
        if media not in new_content:
            yield here.change("response-media-type-removed", f"{literal(media)} removed")
    for media in new_content:
        if media not in old_content:
            yield here.change("response-media-type-added", f"{literal(media)} added")
            continue
        root = status if media == "application/json" else f"{status} {media}"
        yield from compare_schema(old_content[media].get("schema"), new_content[media].get("schema"), here.at(root))
    old_links, new_links = old.get("links") or {}, new.get("links") or {}
    for name in sorted(old_links.keys() | new_links.keys()):
        if show(old_links.get(name)) != show(new_links.get(name)):
            verb = "added" if name not in old_links else "removed" if name not in new_links else "changed"
            yield here.change("link-changed", f"link {name} {verb}")


def check_responses(old: Operation, new: Operation, at: Where, *_: Spec) -> Iterator[Change]:
    """Response statuses, and for each kept status its headers, media types, schema and links."""
    for status in old.responses:
        if status not in new.responses:
            yield at.at(status, "response").change("response-status-removed", f"status {status} removed")
    for status in new.responses:
        if status not in old.responses:
            yield at.at(status, "response").change("response-status-added", f"status {status} added")
        else:
            yield from _compare_response(status, old.responses[status], new.responses[status], at)


def check_security(old: Operation, new: Operation, at: Where, old_spec: Spec, new_spec: Spec) -> Iterator[Change]:
    """The operation's own security and signing; a document-wide change is reported once elsewhere."""
    own = "security" in old.raw or "security" in new.raw
    before, after = effective_security(old_spec, old), effective_security(new_spec, new)
    if own and show(before) != show(after):
        yield at.change("security-changed", transition("security", before, after), side="document")
    if old.signed != new.signed:
        text = "requests must now be signed" if new.signed else "requests are no longer signed"
        yield at.change("signature-rule-changed", text, side="document")


def check_availability(old: Operation, new: Operation, at: Where, *_: Spec) -> Iterator[Change]:
    """Sandbox-only operations do not exist in production: a flag change adds or removes one there."""
    if old.sandbox_only != new.sandbox_only:
        if new.sandbox_only:
            yield at.change("operation-removed", "removed from production (now sandbox-only)", side="document")
        else:
            yield at.change("operation-added", "now available in production (no longer sandbox-only)", side="document")


def check_prose(old: Operation, new: Operation, at: Where, *_: Spec) -> Iterator[Change]:
    """Summary, description, tags and operationId: documentation only."""
    for label, before, after in (
        ("summary", old.summary, new.summary),
        ("description", old.description, new.description),
        ("tags", list(old.tags), list(new.tags)),
        ("operationId", old.id, new.id),
    ):
        if before != after:
            yield at.change("description-changed", f"{label} changed", side="document")


OPERATION_CHECKS: tuple[OperationCheck, ...] = (
    check_parameters,
    check_request_body,
    check_responses,
    check_security,
    check_availability,
    check_prose,
)


def compare_operations(old_spec: Spec, new_spec: Spec) -> Iterator[Change]:
    """Operations removed, added, and every difference inside the ones both versions have."""
    old_ops = {operation_key(op): op for op in old_spec.operations}
    new_ops = {operation_key(op): op for op in new_spec.operations}
    for key, op in old_ops.items():
        if key not in new_ops:
            yield Where(f"{op.method} {op.path}", "document").change("operation-removed", "operation removed")
    for key, op in new_ops.items():
        at = Where(f"{op.method} {op.path}", "document")
        if key not in old_ops:
            yield at.change("operation-added", "operation added")
            continue
        for check in OPERATION_CHECKS:
            yield from check(old_ops[key], op, at, old_spec, new_spec)
