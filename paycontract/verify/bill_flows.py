"""Flows for the bill rules: a paid order on a channel whose fee floors and rounds differently, a pending order
beside it, the day's bill and the day before's; and another app's paid order, which this app's bill never lists.

The day is the server's: the `updated_at` of the pay answer (the item's `paid_at`), never verify's clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from paycontract.verify.context import VerifyContext
from paycontract.verify.explicit import Explicit
from paycontract.verify.routing_flows import (
    answer_id,
    claim_top,
    create_channel,
    delete_channel,
    free_platforms,
    pay_types,
    routed_order,
)
from paycontract.verify.setup import example_params
from paycontract.verify.state import CREATE_ORDER, GET_BILL, PAY_ORDER

# 1234 × 55 / 10000 = 6.787: the floor (6) and the rounded fee (7) differ.
FEE_RATE = 55
AMOUNT = 1234


def _paid_day(answer_data: Any) -> dt.date | None:
    paid_at = answer_data.get("updated_at") if isinstance(answer_data, dict) else None
    try:
        return dt.date.fromisoformat(str(paid_at)[:10])
    except ValueError:
        return None


def bill_rules(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """Pay an order routed to a channel of fee rate 55, keep another pending, read that day's bill and the day
    before's: fee floor, net, count, paid orders only, every item on its UTC+8 day."""
    types = pay_types(ctx)
    pay_type = types[1 % len(types)]
    top = claim_top(ctx, explicit, pay_type)
    channel = None
    if top is not None:
        platform = free_platforms(top.live, 1)[0]
        name = "paycontract-bill"
        channel = create_channel(ctx, explicit, pay_type, name, platform, priority=top.priority, fee_rate=FEE_RATE)
    if channel is not None:
        order = routed_order(ctx, explicit, pay_type, "the flow's channel has the top priority", amount=AMOUNT)
    else:
        ctx.notes.append("the fee floor was tested only at the fee rate of the channel the order went to")
        order = explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER, pay_type=pay_type, amount=AMOUNT))
    order_id = answer_id(order)
    if order_id is not None:
        paid = explicit.send(PAY_ORDER, params=example_params(ctx, PAY_ORDER, id=order_id))
        pending_id = answer_id(explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER, pay_type=pay_type)))
        if pending_id is not None:
            ctx.model.kept_pending.add(pending_id)
        day = _paid_day(paid.data)
        if day is not None:
            for date in (day, day - dt.timedelta(days=1)):
                explicit.send(GET_BILL, params=example_params(ctx, GET_BILL, date=date.isoformat()))
    if channel is not None:
        delete_channel(ctx, explicit, channel["id"])


def bill_isolation(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """The other app pays an order; this app's bill of that day does not list it."""
    assert ctx.other is not None
    theirs = explicit.send(CREATE_ORDER, identity=ctx.other, params=example_params(ctx, CREATE_ORDER))
    their_id = answer_id(theirs)
    if their_id is None:
        return
    paid = explicit.send(PAY_ORDER, identity=ctx.other, params=example_params(ctx, PAY_ORDER, id=their_id))
    day = _paid_day(paid.data)
    if day is not None:
        explicit.send(GET_BILL, params=example_params(ctx, GET_BILL, date=day.isoformat()))
