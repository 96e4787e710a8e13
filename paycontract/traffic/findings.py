"""What a check reports: which check, what was seen, the rule it breaks, and whose fault it is.

`side` is `server` when the server answered outside the contract (or accepted what it must refuse), and
`client` when the client sent something wrong that the server refused as it should. A rule is named by
where the contract states it: a JSON pointer into the spec, or a section of DESIGN.md (the naming
verify's findings use; the helper lives here too so that this package needs nothing of verify).
"""

from __future__ import annotations

from dataclasses import dataclass

from paycontract.spec import Operation, pointer

SERVER, CLIENT = "server", "client"
DESIGN = "DESIGN.md § "
LEFT_OPEN = DESIGN + "What the contract leaves to each server"
FINER = DESIGN + "Finer points"
DECISIONS = DESIGN + "Decisions where the seed is silent or contradicts itself"


@dataclass(frozen=True)
class Flaw:
    """One thing a check saw wrong, before the engine names the check."""

    message: str
    rule: str
    side: str = SERVER


@dataclass(frozen=True)
class Finding:
    """A flaw with the name of the check that found it."""

    check: str
    message: str
    rule: str
    side: str

    def line(self) -> str:
        """The finding in one line: `server envelope: … (rule: …)`."""
        return f"{self.side} {self.check}: {self.message} (rule: {self.rule})"


def server(rule: str, message: str) -> Flaw:
    """The server broke `rule`."""
    return Flaw(message, rule, SERVER)


def client(rule: str, message: str) -> Flaw:
    """The client broke `rule` (and the server refused it correctly)."""
    return Flaw(message, rule, CLIENT)


def spec_rule(*parts: str | int) -> str:
    """`openapi.yaml#/…` for the given path of raw keys."""
    return "openapi.yaml#" + pointer(*parts)


def at(ptr: str) -> str:
    """`openapi.yaml#<ptr>` for a JSON pointer already built (an operation's or a parameter's)."""
    return "openapi.yaml#" + ptr


def op_rule(op: Operation, *parts: str | int) -> str:
    """`openapi.yaml#/paths/…/<method>/…`: a place inside an operation."""
    return "openapi.yaml#" + op.pointer + pointer(*parts)
