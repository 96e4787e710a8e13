"""What a check reports: which check, what was seen, the rule it breaks, and whose fault it is.

`side` is `server` when the server answered outside the contract (or accepted what it must refuse), and
`client` when the client sent something wrong that the server refused as it should. A rule is named as
`paycontract.rules` names it, the same way verify's findings do.
"""

from __future__ import annotations

from dataclasses import dataclass

SERVER, CLIENT = "server", "client"


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
