"""Checks that judge an answer against who asked and what the run already knows about the server's state."""

from __future__ import annotations

from typing import Any

from paycontract.traffic import checks_state
from paycontract.verify.auth import says_expired
from paycontract.verify.driver import judge
from paycontract.verify.rules import broken, cites, operation_pointer, spec_pointer
from paycontract.verify.state import CREATE_ORDER, DELETE_CHANNEL, GET_BILL, PAY_ORDER
from paycontract.verify.subject import Subject, describe, subject

SIGNATURE_RULE = spec_pointer("x-signature")
CREATE_ORDER_RULE = spec_pointer("paths", "/orders", "post", "description")
DELETE_CHANNEL_RULE = spec_pointer("paths", "/channels/{id}", "delete", "description")
PAY_RULE = spec_pointer("paths", "/sandbox/orders/{id}/pay", "post", "description")
BILL_RULE = spec_pointer("paths", "/bills", "get", "description")
# Where the spec says which answer a request gets in a given state (410 twice deleted, 400 paid, ...).
STATE_RULES = {
    CREATE_ORDER: CREATE_ORDER_RULE,
    DELETE_CHANNEL: DELETE_CHANNEL_RULE,
    PAY_ORDER: PAY_RULE,
    GET_BILL: BILL_RULE,
}


@cites(SIGNATURE_RULE, *STATE_RULES.values())
def acceptance_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A valid request with valid credentials and signature gets the status the contract and the state require."""
    s = subject(response, case)
    if s is None or s.sent is None or s.sent.expectation is None or s.status >= 500:
        return True
    expected = s.sent.expectation
    if s.status in expected.statuses:
        return None
    if s.status == 401 and _token_may_have_lapsed(s):
        return True  # sent as its announced lifetime ran out: refused for expiry, as the contract allows
    if s.status in (401, 403):
        refused = f"valid credentials and a valid sign were refused with {s.status}: {describe(_message(s.body), 400)}"
        if s.status == 401 and s.op.signed:
            # Beside the server's words, the string verify signed: the two side by side show where they part.
            refused += f"; verify signed: {s.ctx.contract.rule.shown(s.sent.params.items())}"
        raise broken(SIGNATURE_RULE, refused)
    wanted = " or ".join(str(status) for status in sorted(expected.statuses))
    raise broken(
        _state_rule(s, expected.statuses),
        f"answered {s.status}, expected {wanted} ({expected.reason}): {describe(_message(s.body))}",
    )


def _state_rule(s: Subject, statuses: frozenset[int]) -> str:
    """Where the spec says the status a valid request gets: its state rules, else its documented 200."""
    if statuses == {200} and s.op.role not in (GET_BILL, CREATE_ORDER):
        return operation_pointer(f"{s.op.method} {s.op.path}", "responses", "200")
    return STATE_RULES.get(s.op.role) or operation_pointer(f"{s.op.method} {s.op.path}", "description")


@cites(*checks_state.routing.rules)
def routing_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A new order is routed to the app's live channel of its pay_type with the highest priority (oldest on ties)."""
    return judge(checks_state.routing, response, case)


@cites(*checks_state.persistence.rules)
def persistence_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Acknowledged writes persist: a query returns the app's orders as last written, in the order asked; a
    listing holds the live channels and no deleted one; a delete or a pay is not answered 200 twice."""
    return judge(checks_state.persistence, response, case)


@cites(*checks_state.isolation.rules)
def isolation_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """An app only ever sees its own orders, channels and bill items, never another app's (the traffic check)."""
    return judge(checks_state.isolation, response, case)


@cites(*checks_state.bills.rules)
def settlement_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A bill adds up (amount, fee, net = amount - fee), its fees are floored, and it lists every order the run
    saw paid that day."""
    return judge(checks_state.bills, response, case)


def _token_may_have_lapsed(s: Subject) -> bool:
    identity = s.ctx.identity_for(s.sent.app_id) if s.sent is not None else None
    token = s.sent.token if s.sent is not None else None
    return identity is not None and token is not None and says_expired(401, identity.tokens, token)


def _message(body: Any) -> Any:
    return body.get("message") if isinstance(body, dict) else body
