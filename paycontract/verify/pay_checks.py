"""Checks on what paying changes: the sandbox pay answers the order with `status` 1 and `updated_at` the pay
time, nothing else changed, and that pay time is the order's `paid_at` in its day's bill."""

from __future__ import annotations

from typing import Any

from paycontract.strict_json import ijson_equal
from paycontract.verify.rules import broken, cites
from paycontract.verify.state import GET_BILL, PAY_ORDER
from paycontract.verify.subject import describe, subject

PAY_RULE = "DESIGN.md § Finer points: Sandbox pay"
# The Order's fields a pay leaves as created (status and updated_at are what it changes).
KEPT = ("id", "type", "created_at", "expire_at", "app", "payment", "product", "client", "ext_data")


@cites(PAY_RULE)
def pay_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A paid order has status 1 and is otherwise the order as created; its bill item's `paid_at` is the pay
    answer's `updated_at`."""
    s = subject(response, case)
    if s is None or not s.ok or not s.authenticated():
        return True
    if s.op.role == PAY_ORDER and isinstance(s.data, dict):
        known = s.ctx.model.orders.get(s.data.get("id"))
        if s.data.get("status") != 1:
            raise broken(
                PAY_RULE, f"paid order {describe(s.data.get('id'))} has status {describe(s.data.get('status'))}"
            )
        created = known.created if known is not None else None
        for name in KEPT if created is not None else ():
            if not ijson_equal(s.data.get(name), created.get(name)):
                raise broken(
                    PAY_RULE,
                    f"paying order {s.data.get('id')} changed {name} from {describe(created.get(name))} to "
                    f"{describe(s.data.get(name))}; a pay changes only status and updated_at",
                )
    if s.op.role == GET_BILL and isinstance(s.data, dict) and isinstance(s.data.get("items"), list):
        for item in s.data["items"]:
            known = s.ctx.model.orders.get(item.get("order_id")) if isinstance(item, dict) else None
            paid_at = known.data.get("updated_at") if known is not None and known.data.get("status") == 1 else None
            if paid_at is not None and item.get("paid_at") != paid_at:
                raise broken(
                    PAY_RULE,
                    f"bill item {item.get('order_id')} has paid_at {describe(item.get('paid_at'))}; the pay answered "
                    f"updated_at {paid_at}",
                )
    return None
