"""Comparing operations: which exist, their parameters, request bodies and responses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from paycontract.diff.model import Change, Where, literal, show
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
            gone = at.at(f"{p.location} {p.name}", "request", ".", part=p.location, name=p.name)
            yield gone.change("parameter-removed", "parameter removed", keyword="parameter", old=p.name)
    for p in new.parameters:
        before = old.parameter(p.name)
        here = at.at(f"{p.location} {p.name}", "request", ".", part=p.location, name=p.name)
        if before is None:
            rule = "parameter-added-required" if p.required else "parameter-added-optional"
            text = "parameter added" + (" (required)" if p.required else " (optional)")
            yield here.change(rule, text, keyword="parameter", new=p.name)
            continue
        if before.location != p.location:
            text = f"moved from {before.location} to {p.location}"
            yield here.change("parameter-location-changed", text, keyword="in", old=before.location, new=p.location)
        if before.required != p.required:
            made = "required" if p.required else "optional"
            text = f"parameter became {made}"
            yield here.change(f"parameter-made-{made}", text, keyword="required", old=before.required, new=p.required)
        if before.description != p.description:
            yield here.described("description", before.description, p.description)
        yield from compare_schema(before.schema, p.schema, here)


def check_request_body(old: Operation, new: Operation, at: Where, *_: Spec) -> Iterator[Change]:
    """The request body's media type."""
    if old.body_media_type and new.body_media_type and old.body_media_type != new.body_media_type:
        body = at.at("body", "request", part="request-body")
        yield body.moved("request-media-type-changed", "media type", old.body_media_type, new.body_media_type)


def _compare_response(status: str, old: dict[str, Any], new: dict[str, Any], at: Where) -> Iterator[Change]:
    here = at.at(status, "response", part="response")
    if old.get("description") != new.get("description"):
        yield here.described("description", old.get("description"), new.get("description"))
    old_headers, new_headers = old.get("headers") or {}, new.get("headers") or {}
    header_at = {
        n: here.at(f"{status} header {n}", part="response-header", name=n) for n in {*old_headers, *new_headers}
    }
    for name in old_headers.keys() - new_headers.keys():
        yield header_at[name].change("response-header-removed", "header removed", keyword="header", old=name)
    for name in new_headers.keys() - old_headers.keys():
        yield header_at[name].change("response-header-added", "header added", keyword="header", new=name)
    for name in old_headers.keys() & new_headers.keys():
        yield from compare_schema(old_headers[name].get("schema"), new_headers[name].get("schema"), header_at[name])
    old_content, new_content = old.get("content") or {}, new.get("content") or {}
    for media in old_content:
        if media not in new_content:
            yield here.change("response-media-type-removed", f"{literal(media)} removed", keyword="content", old=media)
    for media in new_content:
        if media not in old_content:
            yield here.change("response-media-type-added", f"{literal(media)} added", keyword="content", new=media)
            continue
        root = status if media == "application/json" else f"{status} {media}"
        schema_at = here.at(root, part="response", name=status)
        yield from compare_schema(old_content[media].get("schema"), new_content[media].get("schema"), schema_at)
    old_links, new_links = old.get("links") or {}, new.get("links") or {}
    for name in sorted(old_links.keys() | new_links.keys()):
        if show(old_links.get(name)) != show(new_links.get(name)):
            verb = "added" if name not in old_links else "removed" if name not in new_links else "changed"
            yield here.change(
                "link-changed", f"link {name} {verb}", keyword=name, old=old_links.get(name), new=new_links.get(name)
            )


def check_responses(old: Operation, new: Operation, at: Where, *_: Spec) -> Iterator[Change]:
    """Response statuses, and for each kept status its headers, media types, schema and links."""
    for status in old.responses:
        if status not in new.responses:
            gone = at.at(status, "response", part="response")
            yield gone.change("response-status-removed", f"status {status} removed", keyword="status", old=status)
    for status in new.responses:
        if status not in old.responses:
            added = at.at(status, "response", part="response")
            yield added.change("response-status-added", f"status {status} added", keyword="status", new=status)
        else:
            yield from _compare_response(status, old.responses[status], new.responses[status], at)


def check_security(old: Operation, new: Operation, at: Where, old_spec: Spec, new_spec: Spec) -> Iterator[Change]:
    """The operation's own security and signing; a document-wide change is reported once elsewhere."""
    own = "security" in old.raw or "security" in new.raw
    before, after = effective_security(old_spec, old), effective_security(new_spec, new)
    if own and show(before) != show(after):
        yield at.moved("security-changed", "security", before, after, side="document")
    if old.signed != new.signed:
        text = "requests must now be signed" if new.signed else "requests are no longer signed"
        yield at.change("signature-rule-changed", text, "document", keyword="x-signed", old=old.signed, new=new.signed)


def check_availability(old: Operation, new: Operation, at: Where, *_: Spec) -> Iterator[Change]:
    """Sandbox-only operations do not exist in production: a flag change adds or removes one there."""
    if old.sandbox_only != new.sandbox_only:
        key, before, after = "x-sandbox-only", old.sandbox_only, new.sandbox_only
        if new.sandbox_only:
            text = "removed from production (now sandbox-only)"
            yield at.change("operation-removed", text, "document", keyword=key, old=before, new=after)
        else:
            text = "now available in production (no longer sandbox-only)"
            yield at.change("operation-added", text, "document", keyword=key, old=before, new=after)


def check_prose(old: Operation, new: Operation, at: Where, *_: Spec) -> Iterator[Change]:
    """Summary, description, tags and operationId: documentation only."""
    for label, before, after in (
        ("summary", old.summary, new.summary),
        ("description", old.description, new.description),
        ("tags", list(old.tags), list(new.tags)),
        ("operationId", old.id, new.id),
    ):
        if before != after:
            yield at.described(label, before, after, side="document")


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
            where = Where(f"{op.method} {op.path}", "document")
            yield where.change("operation-removed", "operation removed", keyword="operation", old=op.summary)
    for key, op in new_ops.items():
        at = Where(f"{op.method} {op.path}", "document")
        if key not in old_ops:
            yield at.change("operation-added", "operation added", keyword="operation", new=op.summary)
            continue
        for check in OPERATION_CHECKS:
            yield from check(old_ops[key], op, at, old_spec, new_spec)
