"""Checks on what a new order is: status 0 (pending), and `updated_at` equal to `created_at`, as the spec's
order lifecycle fixes them (`info.x-general-rules`, 订单生命周期)."""

from __future__ import annotations

from typing import Any

from paycontract.verify.rules import broken, cites, spec_pointer
from paycontract.verify.state import CREATE_ORDER
from paycontract.verify.subject import describe, subject

LIFECYCLE_RULE = spec_pointer("info", "x-general-rules", "5", "text")
PENDING = 0


@cites(LIFECYCLE_RULE)
def new_order_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A created order is pending (status 0) and its `updated_at` is its `created_at`."""
    s = subject(response, case)
    if s is None or s.op.role != CREATE_ORDER or not s.ok or not s.authenticated() or not isinstance(s.data, dict):
        return True
    order = s.data
    if order.get("status") != PENDING:
        raise broken(
            LIFECYCLE_RULE, f"new order {describe(order.get('id'))} has status {describe(order.get('status'))}, not 0"
        )
    if order.get("updated_at") != order.get("created_at"):
        raise broken(
            LIFECYCLE_RULE,
            f"new order {describe(order.get('id'))} has updated_at {describe(order.get('updated_at'))} and "
            f"created_at {describe(order.get('created_at'))}; a new order's are equal",
        )
    return None
