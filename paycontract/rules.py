"""How a finding names the rule it enforces: the one vocabulary of verify's checks and of the traffic checks.

A rule is named by where the contract states it, so that a server team can check a claim instead of trusting
it: a JSON pointer into the spec (`openapi.yaml#/paths/~1bills/get/parameters/1`), a heading of the published
rules (`docs/api.md § 通用规则`), or a section of the design and a point in it (`DESIGN.md § Finer points: Bills`).
A check declares the rules it may cite with `@cites(...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from paycontract.spec import Operation, escape_pointer_token, pointer, unescape_pointer_token

SPEC_PREFIX = "openapi.yaml#/"
DESIGN_PREFIX = "DESIGN.md § "
# The sections of the design a `DESIGN.md § Section: point` rule may name.
DECISIONS = "Decisions"
FINER = "Finer points"
LEFT_OPEN = "What the contract leaves to each server"
DESIGN_SECTIONS = frozenset({DECISIONS, FINER, LEFT_OPEN})
F = TypeVar("F", bound=Callable[..., Any])


def cites(*rules: str) -> Callable[[F], F]:
    """Declare the rules a check enforces (read by the tests that every rule resolves, and by people)."""

    def mark(check: F) -> F:
        check.rules = (*getattr(check, "rules", ()), *rules)  # type: ignore[attr-defined]
        return check

    return mark


def design(section: str, point: str | None = None) -> str:
    """`DESIGN.md § <section>: <point>`; `section` is one of `DESIGN_SECTIONS`."""
    assert section in DESIGN_SECTIONS, section
    return DESIGN_PREFIX + section + (f": {point}" if point else "")


def spec_pointer(*parts: str | int) -> str:
    """`openapi.yaml#/…` for the given path of raw keys, each escaped as RFC 6901 requires (`/` → `~1`)."""
    return SPEC_PREFIX + "/".join(escape_pointer_token(str(part)) for part in parts)


def at(ptr: str) -> str:
    """`openapi.yaml#<ptr>` for a JSON pointer already built (an operation's or a parameter's)."""
    return SPEC_PREFIX + ptr.removeprefix("/")


def op_rule(op: Operation, *parts: str | int) -> str:
    """`openapi.yaml#/paths/…/<method>/…`: a place inside an operation."""
    return at(op.pointer + pointer(*parts))


def resolve(raw: Mapping[str, Any], rule: str) -> Any:
    """The node of the raw spec a spec-pointer rule names, following `$ref`s on the way; KeyError if none."""
    if not rule.startswith(SPEC_PREFIX):
        raise KeyError(f"{rule} is not a spec pointer")
    node: Any = raw
    for part in rule.removeprefix(SPEC_PREFIX).split("/"):
        node = _follow(raw, node)
        key = unescape_pointer_token(part)
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
