"""Checks on the order of a list answer: channels oldest first, a bill's items in pay order.

Both are judged by the times the answer itself carries, so concurrent writers of the run cannot make an honest
server look wrong: a later item may share its neighbour's second, never come before it.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from paycontract.verify.rules import broken, cites
from paycontract.verify.state import GET_BILL, LIST_CHANNELS
from paycontract.verify.subject import describe, subject

CHANNELS_RULE = "DESIGN.md § Finer points: Channels"
BILLS_RULE = "DESIGN.md § Finer points: Bills"


def _first_step_back(items: list[Any], key: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The first neighbours (earlier, later) where `key`'s time goes back down the list, if any."""
    timed = [item for item in items if isinstance(item, dict) and isinstance(item.get(key), str)]
    return next(((a, b) for a, b in pairwise(timed) if b[key] < a[key]), None)


@cites(CHANNELS_RULE, BILLS_RULE)
def list_order_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """`GET /channels` lists channels oldest first (by `created_at`); a bill lists its items in pay order."""
    s = subject(response, case)
    if s is None or not s.ok:
        return True
    if s.op.role == LIST_CHANNELS and isinstance(s.data, list):
        step = _first_step_back(s.data, "created_at")
        if step is not None:
            raise broken(
                CHANNELS_RULE,
                f"channel {describe(step[1].get('id'))} created at {step[1]['created_at']} is listed after "
                f"{describe(step[0].get('id'))} created at {step[0]['created_at']}; channels are listed oldest first",
            )
    if s.op.role == GET_BILL and isinstance(s.data, dict) and isinstance(s.data.get("items"), list):
        step = _first_step_back(s.data["items"], "paid_at")
        if step is not None:
            raise broken(
                BILLS_RULE,
                f"bill item {describe(step[1].get('order_id'))} paid at {step[1]['paid_at']} is listed after "
                f"{describe(step[0].get('order_id'))} paid at {step[0]['paid_at']}; items are in pay order",
            )
    return None
