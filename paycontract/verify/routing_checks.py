"""Checks on routing that outlives the request: an order keeps the channel it was routed to when created."""

from __future__ import annotations

from typing import Any

from paycontract.verify.rules import broken, cites
from paycontract.verify.state import QUERY_ORDERS
from paycontract.verify.subject import describe, subject

CHANNELS_RULE = "DESIGN.md § Finer points: Channels"


def _platform(order: Any) -> Any:
    payment = order.get("payment") if isinstance(order, dict) else None
    return payment.get("platform") if isinstance(payment, dict) else None


@cites(CHANNELS_RULE)
def routing_fixed_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A queried order still names the platform it was routed to when created, whatever channels changed."""
    s = subject(response, case)
    if s is None or s.op.role != QUERY_ORDERS or not s.ok or s.sent is None:
        return True
    for order in s.data if isinstance(s.data, list) else []:
        known = s.ctx.model.orders.get(order.get("id")) if isinstance(order, dict) else None
        # An answer written after this request left is not this answer's business.
        if known is None or known.app_id != s.sent.app_id or known.changed_at > s.sent.seen_seq:
            continue
        if _platform(order) != _platform(known.data):
            raise broken(
                CHANNELS_RULE,
                f"order {order.get('id')} now names platform {describe(_platform(order))}, it was routed to "
                f"platform {describe(_platform(known.data))} when created; routing is fixed at creation",
            )
    return None
