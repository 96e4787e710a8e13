"""Checks that judge an answer against who asked and what the run already knows about the server's state."""

from __future__ import annotations

from typing import Any

from paycontract.traffic import checks_state
from paycontract.verify.auth import says_expired
from paycontract.verify.driver import judge
from paycontract.verify.rules import broken, cites, operation_pointer, spec_pointer
from paycontract.verify.state import CREATE_ORDER, DELETE_CHANNEL, GET_BILL, LIST_CHANNELS, PAY_ORDER, QUERY_ORDERS
from paycontract.verify.subject import Subject, as_int, describe, subject

SIGNATURE_RULE = spec_pointer("x-signature")
CREATE_ORDER_RULE = spec_pointer("paths", "/orders", "post", "description")
QUERY_RULE = spec_pointer("paths", "/orders", "get", "description")
LIST_CHANNELS_RULE = spec_pointer("paths", "/channels", "get", "description")
DELETE_CHANNEL_RULE = spec_pointer("paths", "/channels/{id}", "delete", "description")
PAY_RULE = spec_pointer("paths", "/sandbox/orders/{id}/pay", "post", "description")
BILL_RULE = spec_pointer("paths", "/bills", "get", "description")
BILL_SUMS_RULE = spec_pointer("components", "schemas", "Bill")
BILL_NET_RULE = spec_pointer("components", "schemas", "Bill", "properties", "net")
ROUTING_RULE = spec_pointer("tags", "2", "description")
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


@cites(ROUTING_RULE)
def routing_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A new order is routed to the app's live channel of its pay_type with the highest priority (oldest on ties)."""
    s = subject(response, case)
    if s is None or s.op.role != CREATE_ORDER or not s.ok or s.sent is None or s.sent.expectation is None:
        return True
    expected = s.sent.expectation
    # Only when no channel changed since the request left, so the expectation is still the server's state.
    if expected.platform is None or expected.channels_version != s.ctx.model.channels_version:
        return True
    payment = s.data.get("payment") if isinstance(s.data, dict) else None
    platform = payment.get("platform") if isinstance(payment, dict) else None
    if platform != expected.platform:
        raise broken(
            ROUTING_RULE,
            f"order routed to platform {describe(platform)}; the app's best live channel for pay_type "
            f"{s.param('pay_type')} has platform {expected.platform}",
        )
    return None


@cites(QUERY_RULE, LIST_CHANNELS_RULE)
def persistence_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Acknowledged writes persist: a query returns the run's orders as last written, in the order asked."""
    s = subject(response, case)
    if s is None or not s.ok or not s.authenticated() or s.sent is None:
        return True
    if s.op.role == QUERY_ORDERS and isinstance(s.data, list):
        asked = (s.param("ids") or "").split(",")
        returned = [order.get("id") for order in s.data if isinstance(order, dict)]
        positions = [asked.index(order_id) for order_id in returned if order_id in asked]
        if positions != sorted(positions):
            raise broken(QUERY_RULE, f"orders returned as {returned}, not in the order asked {asked}")
        by_id = {order.get("id"): order for order in s.data if isinstance(order, dict)}
        for order_id in asked:
            known = s.ctx.model.orders.get(order_id)
            # Writes another worker made after this request left are not this answer's business.
            if known is None or known.app_id != s.sent.app_id or known.changed_at > s.sent.seen_seq:
                continue
            if order_id not in by_id:
                raise broken(QUERY_RULE, f"order {order_id}, created with 200, is missing from the query's answer")
            if by_id[order_id] != known.data:
                raise broken(
                    QUERY_RULE,
                    f"order {order_id} queried as {describe(by_id[order_id])}, written as {describe(known.data)}",
                )
    if s.op.role == LIST_CHANNELS and isinstance(s.data, list):
        listed = {channel.get("id") for channel in s.data if isinstance(channel, dict)}
        pay_type = s.param("pay_type")
        for channel_id, known in list(s.ctx.model.channels.items()):
            if known.app_id != s.sent.app_id or not known.created_by_run or known.changed_at > s.sent.seen_seq:
                continue
            if pay_type not in (None, "") and str(known.data.get("pay_type")) != pay_type:
                continue
            if known.deleted and channel_id in listed:
                raise broken(LIST_CHANNELS_RULE, f"deleted channel {channel_id} is still listed")
            if not known.deleted and channel_id not in listed:
                raise broken(
                    LIST_CHANNELS_RULE, f"channel {channel_id}, created with 200 and not deleted, is not listed"
                )
    return None


@cites(*checks_state.isolation.rules)
def isolation_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """An app only ever sees its own orders, channels and bill items, never another app's (the traffic check)."""
    return judge(checks_state.isolation, response, case)


@cites(BILL_RULE, BILL_SUMS_RULE, BILL_NET_RULE)
def settlement_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A bill adds up (amount, fee, net = amount - fee) and lists every order the run saw paid that day."""
    s = subject(response, case)
    if s is None or s.op.role != GET_BILL or not s.ok or not isinstance(s.data, dict) or s.sent is None:
        return True
    bill, model = s.data, s.ctx.model
    items = [item for item in bill.get("items") or [] if isinstance(item, dict)]
    amounts, fees = [as_int(item.get("amount")) for item in items], [as_int(item.get("fee")) for item in items]
    if None in amounts or None in fees:
        return True  # amount_conformance reports the type
    if bill.get("date") != s.param("date"):
        raise broken(BILL_RULE, f"bill for {s.param('date')} is dated {describe(bill.get('date'))}")
    if bill.get("amount") != sum(amounts) or bill.get("fee") != sum(fees):
        raise broken(BILL_SUMS_RULE, f"bill amount/fee {bill.get('amount')}/{bill.get('fee')} are not the items' sums")
    if bill.get("net") != bill.get("amount", 0) - bill.get("fee", 0):
        raise broken(
            BILL_NET_RULE, f"bill net {bill.get('net')} is not amount {bill.get('amount')} - fee {bill.get('fee')}"
        )
    for item in items:
        channel = model.channels.get(item.get("channel_id"))
        rate = as_int(channel.data.get("fee_rate")) if channel is not None else None
        if rate is not None and item["fee"] != item["amount"] * rate // 10000:
            raise broken(
                BILL_RULE,
                f"item {item.get('order_id')}: fee {item['fee']} is not floor({item['amount']} x {rate} / 10000)",
            )
    listed = {item.get("order_id") for item in items}
    for order_id, known in list(model.orders.items()):
        paid_at = known.data.get("updated_at")
        paid_that_day = known.data.get("status") == 1 and isinstance(paid_at, str) and paid_at[:10] == s.param("date")
        if known.app_id == s.sent.app_id and paid_that_day and order_id not in listed:
            raise broken(BILL_RULE, f"order {order_id}, paid at {paid_at}, is missing from that day's bill")
    return None


def _token_may_have_lapsed(s: Subject) -> bool:
    identity = s.ctx.identity_for(s.sent.app_id) if s.sent is not None else None
    token = s.sent.token if s.sent is not None else None
    return identity is not None and token is not None and says_expired(401, identity.tokens, token)


def _message(body: Any) -> Any:
    return body.get("message") if isinstance(body, dict) else body
