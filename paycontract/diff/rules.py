"""The registry of change rules: each rule's name, what it means, and how it is classified.

A rule's kind can depend on the side of the contract it touches. On the *request* side (what
clients send) anything that rejects a request that used to be accepted is breaking. On the
*response* side (what clients receive) anything that lets the server send what an old client did
not expect is breaking. Two rules are breaking on both sides whatever the direction suggests: a
removed enum value (a documented state or choice disappears) and a removed response field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["breaking", "non-breaking"]
Side = Literal["request", "response", "document"]

BREAKING: Kind = "breaking"
NON_BREAKING: Kind = "non-breaking"


@dataclass(frozen=True)
class Rule:
    """One kind of change; `request`/`response`/`document` say how it is classified on each side."""

    name: str
    summary: str
    request: Kind | None = None
    response: Kind | None = None
    document: Kind | None = None
    # False when no request or response changes (prose, a restated bound): the change history omits it.
    noticed: bool = True

    def kind(self, side: Side) -> Kind:
        """The classification of this rule on `side`."""
        kind = getattr(self, side)
        if kind is None:
            raise ValueError(f"rule {self.name} does not apply to the {side} side")
        return kind


RULES: dict[str, Rule] = {}


def _rule(name: str, summary: str, *, noticed: bool = True, **kinds: Kind) -> None:
    RULES[name] = Rule(name, summary, noticed=noticed, **kinds)


B, N = BREAKING, NON_BREAKING

# Operations
_rule("operation-removed", "an operation was removed", document=B)
_rule("operation-added", "an operation was added", document=N)
_rule("request-media-type-changed", "the request body's media type changed", request=B)
# Parameters (request side)
_rule("parameter-removed", "a request parameter was removed", request=B)
_rule("parameter-added-required", "a new required request parameter", request=B)
_rule("parameter-added-optional", "a new optional request parameter", request=N)
_rule("parameter-made-required", "an optional request parameter became required", request=B)
_rule("parameter-made-optional", "a required request parameter became optional", request=N)
_rule("parameter-location-changed", "a request parameter moved (query, body, path, header)", request=B)
# Object fields, in request bodies or in responses
_rule("request-field-removed", "a field of a request object was removed", request=B)
_rule("request-field-added-required", "a new required field of a request object", request=B)
_rule("request-field-added-optional", "a new optional field of a request object", request=N)
_rule("response-field-removed", "a response field was removed", response=B)
_rule("response-field-added", "a response field was added", response=N)
_rule("field-made-required", "an object field became required", request=B, response=N)
_rule("field-made-optional", "an object field became optional", request=N, response=B)
# Schemas
_rule("type-changed", "a value's type changed to an unrelated one", request=B, response=B)
_rule("type-narrowed", "a value accepts fewer types", request=B, response=N)
_rule("type-widened", "a value accepts more types", request=N, response=B)
_rule("format-changed", "a value's format (or content media type) changed", request=B, response=B)
_rule(
    "constraint-tightened", "a constraint was tightened (min/max, length, items, pattern added)", request=B, response=N
)
_rule("constraint-loosened", "a constraint was loosened", request=N, response=B)
_rule(
    "constraint-restated",
    "a bound or format was written out or dropped that the schema already implied (int64's maximum, say)",
    request=N,
    response=N,
    noticed=False,
)
_rule("pattern-changed", "a pattern was replaced by another", request=B, response=B)
_rule("enum-value-removed", "an enumeration value was removed", request=B, response=B)
_rule("enum-value-added", "an enumeration value was added", request=N, response=B)
_rule("default-changed", "a parameter's default value changed", request=B, response=N)
_rule("schema-changed", "a schema keyword this tool does not classify changed", request=B, response=B)
# Responses
_rule("response-status-removed", "a response status was removed", response=B)
_rule("response-status-added", "a response status was added", response=N)
_rule("response-media-type-removed", "a response media type was removed", response=B)
_rule("response-media-type-added", "a response media type was added", response=N)
_rule("response-header-removed", "a response header was removed", response=B)
_rule("response-header-added", "a response header was added", response=N)
# The document as a whole
_rule("security-changed", "the security requirements or schemes changed", document=B)
_rule("signature-rule-changed", "the signature rule (x-signature, x-signed) changed", document=B)
_rule("server-removed", "a server URL was removed", document=B)
_rule("server-added", "a server URL was added", document=N)
_rule("link-changed", "a response link was added, removed or changed", response=N)
_rule(
    "description-changed",
    "a description, summary, title or tag changed",
    document=N,
    request=N,
    response=N,
    noticed=False,
)


def kind_of(rule: str, side: Side) -> Kind:
    """The classification of `rule` on `side` (KeyError for an unknown rule)."""
    return RULES[rule].kind(side)
