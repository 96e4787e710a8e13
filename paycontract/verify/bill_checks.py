"""Checks on a bill's items: each was paid on the bill's UTC+8 day, and none is an order that was never paid."""

from __future__ import annotations

from typing import Any

from paycontract.verify.rules import broken, cites
from paycontract.verify.state import GET_BILL
from paycontract.verify.subject import Subject, describe, subject

BILLS_RULE = "DESIGN.md § Finer points: Bills"
SETTLEMENT_RULE = "DESIGN.md § Decisions: Settlement"


def bill_under_check(s: Subject | None) -> tuple[Subject, list[dict[str, Any]]] | None:
    """The subject and items of a 200 bill answer to a request the run prepared (None for anything else)."""
    if s is None or s.op.role != GET_BILL or not s.ok or s.sent is None or not isinstance(s.data, dict):
        return None
    items = s.data.get("items")
    return s, [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


@cites(BILLS_RULE)
def bill_day_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every item of a day's bill was paid that day: its `paid_at` (UTC+8, as every time) falls on the bill's date."""
    found = bill_under_check(subject(response, case))
    if found is None:
        return True
    s, items = found
    date = s.param("date")
    for item in items:
        paid_at = item.get("paid_at")
        if isinstance(paid_at, str) and paid_at[:10] != date:
            raise broken(
                BILLS_RULE,
                f"the bill of {date} lists order {describe(item.get('order_id'))} paid at {paid_at}; "
                "a bill holds the orders paid on its UTC+8 calendar day",
            )
    return None


@cites(SETTLEMENT_RULE)
def bill_paid_only_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A bill lists paid orders only: an order the run created and never paid is in no bill."""
    found = bill_under_check(subject(response, case))
    if found is None:
        return True
    s, items = found
    for item in items:
        if item.get("order_id") in s.ctx.model.kept_pending:
            raise broken(
                SETTLEMENT_RULE,
                f"the bill of {s.param('date')} lists order {describe(item.get('order_id'))}, which was never paid",
            )
    return None
