"""The domain facts the spec states once: how long bills are kept, how large a body may be, how long a token
lives. The reference server's defaults, the docs and the checks all read them from the spec."""

from __future__ import annotations

from dataclasses import dataclass

from paycontract.roles import BILL, BODY_LIMIT_EXTENSION, RETENTION_EXTENSION, TOKEN, TOKEN_LIFETIME_EXTENSION
from paycontract.spec import Spec


@dataclass(frozen=True)
class DomainFacts:
    """`x-retention-days` (of the bill operation), `x-body-limit` (top level), `x-token-lifetime` (of the token
    operation)."""

    bill_retention_days: int
    body_limit: int
    token_lifetime: int


def domain_facts(spec: Spec, needed_by: str) -> DomainFacts:
    """The facts of a loaded spec; one missing or malformed raises `SpecError` saying `needed_by` needs it."""
    by_role = spec.role_operations((TOKEN, BILL), needed_by)
    return DomainFacts(
        bill_retention_days=spec.count_fact(RETENTION_EXTENSION, needed_by, by_role[BILL]),
        body_limit=spec.count_fact(BODY_LIMIT_EXTENSION, needed_by, minimum=1),
        token_lifetime=spec.count_fact(TOKEN_LIFETIME_EXTENSION, needed_by, by_role[TOKEN], minimum=1),
    )
