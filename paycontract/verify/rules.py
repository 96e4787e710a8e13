"""The rules verify's findings cite, so that a server team can check a claim instead of trusting it.

A rule is named by where the contract states it: a JSON pointer into the spec
(`openapi.yaml#/paths/~1bills/get/parameters/1`) or a section of the published rules
(`docs/api.md § 通用规则`, `DESIGN.md § Finer points: Bills`). A check raises `broken(rule, message)`;
the finding's message then ends with `(rule: …)`.
"""

from __future__ import annotations


class ContractViolation(AssertionError):
    """A check's failure that names the rule it enforces."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"{message} (rule: {rule})")
        self.rule = rule
        self.detail = message


def broken(rule: str, message: str) -> ContractViolation:
    """The failure to raise when a response breaks `rule`; `message` says what was seen, in one line."""
    return ContractViolation(rule, message)


def spec_pointer(*parts: str) -> str:
    """`openapi.yaml#/…` for the given path of keys, each escaped as RFC 6901 requires (`/` → `~1`)."""
    escaped = (part.replace("~", "~0").replace("/", "~1") for part in parts)
    return "openapi.yaml#/" + "/".join(escaped)
