"""Which operation creates the live data a sample acts on, read from the spec's OpenAPI `links`.

A link such as createOrder's `PayCreatedOrder` (`id: $response.body#/data/id` into paySandboxOrder)
says that createOrder's answer holds an id paySandboxOrder takes. A sample of paySandboxOrder run with
no `PAYCONTRACT_PARAM_ID` therefore first sends createOrder (its required parameters only) and takes
the id from that answer. The samples create one level deep: the creating request itself must need no
live data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from paycontract.errors import SpecError
from paycontract.spec import Operation, Spec, pointer, unescape_pointer_token

_ID_EXPRESSION = re.compile(r"^\$response\.body#((?:/[^/]+)*/id)$")
# Field names the shell and Java samples put into a regular expression as they are.
_PLAIN_FIELD = re.compile(r"^[A-Za-z0-9_]+$")
# Parameter kinds a creating request may send: nothing that itself names live data or the date.
SETUP_KINDS = ("credential", "literal", "sign_type")


@dataclass(frozen=True)
class IdLink:
    """An id one operation's answer provides to a parameter of another."""

    provider: str
    field_path: tuple[str, ...]
    where: str


def id_links(spec: Spec) -> dict[tuple[str, str], IdLink]:
    """{(operationId, parameter): IdLink} for every link that fills a parameter with an answer's `…/id`.

    When several links fill the same parameter, the first in spec order wins.
    """
    links: dict[tuple[str, str], IdLink] = {}
    for op in spec.operations:
        for status, response in op.responses.items():
            for link_name, link in (response.get("links") or {}).items():
                for name, expression in (link.get("parameters") or {}).items():
                    match = _ID_EXPRESSION.match(str(expression))
                    if match is None:
                        continue
                    where = pointer("paths", op.path, op.method.lower(), "responses", status, "links", link_name)
                    fields = tuple(unescape_pointer_token(t) for t in match.group(1).split("/")[1:])
                    links.setdefault((str(link.get("operationId", "")), name), IdLink(op.id, fields, where))
    return links


def needs_token(spec: Spec, op: Operation) -> bool:
    """True when the operation requires a security scheme (an explicit `security: []` opts out)."""
    return bool(op.raw.get("security", spec.raw.get("security", [])))


def _fail(spec: Spec, link: IdLink, message: str) -> SpecError:
    return SpecError(message, where=spec.document.where(link.where))


def provider_of(spec: Spec, op: Operation, link: IdLink) -> Operation:
    """The operation that creates the data, checked to be one a sample of `op` can send first."""
    provider = spec.operation(link.provider)
    odd = [f for f in link.field_path if not _PLAIN_FIELD.match(f)]
    if odd:
        raise _fail(spec, link, f"the samples read only plain field names from an answer, not '{odd[0]}'")
    if provider.signed and not op.signed:
        raise _fail(spec, link, f"{op.id} is not signed, so its sample cannot sign {provider.id} first")
    if needs_token(spec, provider) and not needs_token(spec, op):
        raise _fail(spec, link, f"{op.id} fetches no token, so its sample cannot send {provider.id} first")
    return provider


def setup_collection(spec: Spec, op: Operation, link: IdLink, params: list[dict[str, Any]], sign_in: str | None) -> str:
    """Where the creating request's parameters travel (`form` or `query`); refuses what the samples cannot send."""
    provider = spec.operation(link.provider)
    live = [p["name"] for p in params if p["kind"] not in SETUP_KINDS]
    if live:
        message = f"{op.id} gets its id from {provider.id}, whose '{live[0]}' needs live data too"
        raise _fail(spec, link, message)
    collections = {"form" if p["location"] == "body" else p["location"] for p in params}
    if len(collections) > 1:
        raise _fail(spec, link, f"{provider.id} takes its required parameters in more than one place")
    collection = collections.pop() if collections else "form" if provider.body_media_type else "query"
    if sign_in not in (None, collection):
        raise _fail(spec, link, f"{provider.id} takes its sign elsewhere than its required parameters")
    return collection
