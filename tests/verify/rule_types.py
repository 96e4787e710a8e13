"""One row of the rule table (`rule_table.py`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A contract rule: what it says, where the contract says it, the check that enforces it, the fault that breaks it.

    `source` is a spec pointer (`openapi.yaml#/paths/~1bills/get`) or a section (`DESIGN.md § Finer points`);
    `check` names a registered verify check; `fault` names an entry of `tests/verify/faults.FAULTS`.
    """

    id: str
    statement: str
    source: str
    check: str
    fault: str
