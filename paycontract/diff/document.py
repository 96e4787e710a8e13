"""Comparing what applies to the whole document: security, the signature rule, servers, prose."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from paycontract.diff.model import Change, Where, show
from paycontract.spec import Spec

DocumentCheck = Callable[[dict[str, Any], dict[str, Any]], Iterator[Change]]
DOC = Where("", "document", part="document")
# Release bookkeeping, not contract.
INFO_IGNORED = ("version", "x-release-date")


def _without(mapping: dict[str, Any] | None, *keys: str) -> dict[str, Any]:
    return {k: v for k, v in (mapping or {}).items() if k not in keys}


def check_signature_rule(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    """`x-signature`: any change to the rule (not its prose) breaks every signing client."""
    before, after = old.get("x-signature") or {}, new.get("x-signature") or {}
    if not before or not after:
        if before or after:
            verb = "defined" if after else "removed"
            here = DOC.at("x-signature", part="document")
            yield here.change(
                "signature-rule-changed",
                f"signature rule {verb}",
                keyword="x-signature",
                old=before or None,
                new=after or None,
            )
        return
    for key in sorted(_without(before, "description").keys() | _without(after, "description").keys()):
        if show(before.get(key)) != show(after.get(key)):
            yield DOC.at(f"x-signature.{key}", part="document", name="x-signature").moved(
                "signature-rule-changed", key, before.get(key), after.get(key)
            )
    if before.get("description") != after.get("description"):
        here = DOC.at("x-signature", part="document")
        yield here.described("description", before.get("description"), after.get("description"))


def check_security(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    """The document's security requirement and the definitions of its security schemes."""
    if show(old.get("security", [])) != show(new.get("security", [])):
        yield DOC.at("security", part="document").moved(
            "security-changed", "security", old.get("security", []), new.get("security", [])
        )
    before = (old.get("components") or {}).get("securitySchemes") or {}
    after = (new.get("components") or {}).get("securitySchemes") or {}
    for name in sorted(before.keys() | after.keys()):
        here = DOC.at(f"securitySchemes.{name}", part="document")
        old_scheme, new_scheme = before.get(name), after.get(name)
        if show(_without(old_scheme, "description")) != show(_without(new_scheme, "description")):
            verb = "added" if old_scheme is None else "removed" if new_scheme is None else "changed"
            yield here.change(
                "security-changed", f"security scheme {verb}", keyword=name, old=old_scheme, new=new_scheme
            )
        elif (old_scheme or {}).get("description") != (new_scheme or {}).get("description"):
            yield here.described("description", old_scheme.get("description"), new_scheme.get("description"))


def check_servers(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    """Server URLs: a removed URL strands the clients configured with it."""
    before = {s.get("url"): s for s in old.get("servers") or []}
    after = {s.get("url"): s for s in new.get("servers") or []}
    here = DOC.at("servers", part="document")
    for url in before:
        if url not in after:
            yield here.change("server-removed", f"server {url} removed", keyword="url", old=url)
    for url in after:
        if url not in before:
            yield here.change("server-added", f"server {url} added", keyword="url", new=url)
        elif before[url].get("description") != after[url].get("description"):
            old_text, new_text = before[url].get("description"), after[url].get("description")
            yield here.described("description", old_text, new_text, f"description of server {url} changed")


def check_prose(old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    """`info` (but its version and release date) and tag descriptions."""
    before, after = _without(old.get("info"), *INFO_IGNORED), _without(new.get("info"), *INFO_IGNORED)
    for key in sorted(before.keys() | after.keys()):
        if show(before.get(key)) != show(after.get(key)):
            here = DOC.at(f"info.{key}", part="document")
            yield here.described(key, before.get(key), after.get(key), f"info {key} changed")
    old_tags = {t.get("name"): t for t in old.get("tags") or []}
    new_tags = {t.get("name"): t for t in new.get("tags") or []}
    for name in sorted(old_tags.keys() | new_tags.keys(), key=str):
        if show(old_tags.get(name)) != show(new_tags.get(name)):
            verb = "added" if name not in old_tags else "removed" if name not in new_tags else "changed"
            here = DOC.at("tags", part="document")
            yield here.described(str(name), old_tags.get(name), new_tags.get(name), f"tag {name} {verb}")


DOCUMENT_CHECKS: tuple[DocumentCheck, ...] = (check_signature_rule, check_security, check_servers, check_prose)


def compare_document(old_spec: Spec, new_spec: Spec) -> Iterator[Change]:
    """Every document-wide difference."""
    for check in DOCUMENT_CHECKS:
        yield from check(old_spec.resolved, new_spec.resolved)
