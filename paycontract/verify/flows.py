"""Scripted sequences the spec's links cannot express: create an order on a new channel → query it → pay it →
find it in that day's bill; delete the channel → it is no longer listed → delete again is 410 → new orders route
elsewhere; the bill window's edges, learned from the server's own date; another app's data stays invisible;
the routing rules (`routing_flows.py`) and the bill rules (`bill_flows.py`).

Each step is an explicit request judged by every check; the state model supplies the statuses it requires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from paycontract.verify.bill_flows import bill_isolation, bill_rules
from paycontract.verify.context import VerifyContext
from paycontract.verify.explicit import Explicit
from paycontract.verify.routing_flows import no_channel, routing_rules
from paycontract.verify.rule_flows import empty_values, loose_dates, other_apps_deleted_channel, query_keeps_order
from paycontract.verify.setup import example_params
from paycontract.verify.shard import FLOW, Unit
from paycontract.verify.state import (
    CREATE_CHANNEL,
    CREATE_ORDER,
    DELETE_CHANNEL,
    GET_BILL,
    LIST_CHANNELS,
    PAY_ORDER,
    QUERY_ORDERS,
    Expectation,
)

FLOW_PLATFORM = 777
FLOW_FEE_RATE = 55
FLOW_AMOUNT = 1234


@dataclass(frozen=True)
class Flow:
    """A scripted flow, the roles of the operations it needs selected, and whether it needs the other app."""

    steps: Callable[[VerifyContext, Explicit, set[str]], None]
    needs: frozenset[str]
    needs_other: bool = False

    def applies(self, ctx: VerifyContext, roles: set[str]) -> bool:
        """Whether the flow can run in a run that selected the operations of these roles."""
        return self.needs <= roles and (ctx.other is not None or not self.needs_other)


def planned(ctx: VerifyContext, selected: set[str]) -> list[Unit]:
    """The flows `run` would run for `selected` (operation ids), one work unit each (for `--shard`)."""
    roles = ctx.contract.roles_in(selected)
    return [Unit(FLOW, "", name) for name, flow in FLOWS.items() if flow.applies(ctx, roles)]


def run(ctx: VerifyContext, explicit: Explicit, selected: set[str]) -> None:
    """Run every flow whose operations are all selected (those of the run's shard), in the table's order."""
    roles = ctx.contract.roles_in(selected)
    for name, flow in FLOWS.items():
        if flow.applies(ctx, roles) and ctx.takes(Unit(FLOW, "", name)):
            flow.steps(ctx, explicit, roles)


def _id(data: Any) -> str | None:
    return data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def older_pending_order(ctx: VerifyContext, newest: Any) -> str | None:
    """A pending order of the run's app created before `newest` (an order's data), and never meant to stay
    pending; None when the run has none."""
    created = newest.get("created_at") if isinstance(newest, dict) else None
    if not isinstance(created, str):
        return None
    for order_id in ctx.model.orders_of(ctx.primary.app_id):
        known = ctx.model.orders.get(order_id)
        then = known.data.get("created_at") if known is not None else None
        pending = known is not None and known.data.get("status") == 0 and order_id not in ctx.model.kept_pending
        if pending and isinstance(then, str) and then < created:
            return order_id
    return None


def order_lifecycle(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """New channel → order routed to it → query → pay → query → pay again (400) → bill → delete channel twice."""
    pay_type = ctx.contract.by_role[CREATE_ORDER].parameter("pay_type").schema.get("enum", [1])[0]
    channel = explicit.send(
        CREATE_CHANNEL,
        params=example_params(
            ctx,
            CREATE_CHANNEL,
            name="paycontract-flow",
            pay_type=pay_type,
            platform=FLOW_PLATFORM,
            priority=100,
            fee_rate=FLOW_FEE_RATE,
        ),
    )
    order = explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER, pay_type=pay_type, amount=FLOW_AMOUNT))
    order_id = _id(order.data)
    if order_id is None:
        return
    explicit.send(QUERY_ORDERS, params=example_params(ctx, QUERY_ORDERS, ids=order_id))
    if PAY_ORDER in roles:
        paid = explicit.send(PAY_ORDER, params=example_params(ctx, PAY_ORDER, id=order_id))
        explicit.send(QUERY_ORDERS, params=example_params(ctx, QUERY_ORDERS, ids=order_id))
        explicit.send(PAY_ORDER, params=example_params(ctx, PAY_ORDER, id=order_id))
        older = older_pending_order(ctx, order.data)
        if older is not None:
            # Paid seconds after it was created: what a pay must leave alone (expire_at) shows only once the
            # server's clock has moved on, and the order just created is paid within the same second.
            explicit.send(PAY_ORDER, params=example_params(ctx, PAY_ORDER, id=older))
        paid_at = paid.data.get("updated_at") if isinstance(paid.data, dict) else None
        if GET_BILL in roles and isinstance(paid_at, str):
            explicit.send(GET_BILL, params=example_params(ctx, GET_BILL, date=paid_at[:10]))
    channel_id = _id(channel.data)
    if channel_id is not None and DELETE_CHANNEL in roles:
        explicit.send(DELETE_CHANNEL, params=example_params(ctx, DELETE_CHANNEL, id=channel_id))
        if LIST_CHANNELS in roles:
            explicit.send(LIST_CHANNELS, params=example_params(ctx, LIST_CHANNELS, pay_type=pay_type))
        explicit.send(DELETE_CHANNEL, params=example_params(ctx, DELETE_CHANNEL, id=channel_id))
        explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER, pay_type=pay_type))


def bill_window(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """Today and today − the retention (`x-retention-days`) are served; tomorrow is 400; a day older is 410 —
    today being the server's; a date in the window written otherwise than zero-padded, or a day past its month's
    end, is 400."""
    order = explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER))
    created = order.data.get("created_at") if isinstance(order.data, dict) else None
    try:
        today = dt.date.fromisoformat(str(created)[:10])
    except ValueError:
        ctx.notes.append("the bill window was not tested: no order date to learn the server's day from")
        return
    edges = {
        today: 200,
        today + dt.timedelta(days=1): 400,
        today - dt.timedelta(days=ctx.contract.bill_retention_days): 200,
        today - dt.timedelta(days=ctx.contract.bill_retention_days + 1): 410,
    }
    for day, status in edges.items():
        expectation = Expectation(frozenset({status}), f"the server's today is {today.isoformat()}")
        explicit.send(GET_BILL, params=example_params(ctx, GET_BILL, date=day.isoformat()), expect=expectation)
    refused = Expectation(frozenset({400}), "a bill date is a zero-padded real date")
    for date in loose_dates(today, ctx.contract.bill_retention_days):
        explicit.send(GET_BILL, params=example_params(ctx, GET_BILL, date=date), expect=refused)


def other_app_isolation(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """The other app's order and channel are invisible to this app: left out of queries, 404 to pay or delete."""
    assert ctx.other is not None
    theirs = ctx.model.orders_of(ctx.other.app_id)
    ours = ctx.model.orders_of(ctx.primary.app_id)
    if theirs:
        explicit.send(QUERY_ORDERS, params=example_params(ctx, QUERY_ORDERS, ids=",".join([*ours[:1], theirs[0]])))
        if PAY_ORDER in roles:
            explicit.send(PAY_ORDER, params=example_params(ctx, PAY_ORDER, id=theirs[0]))
    their_channels = [
        channel_id
        for channel_id, known in ctx.model.channels.items()
        if known.app_id == ctx.other.app_id and not known.deleted
    ]
    if their_channels and DELETE_CHANNEL in roles:
        explicit.send(DELETE_CHANNEL, params=example_params(ctx, DELETE_CHANNEL, id=their_channels[0]))


ROUTING_OPERATIONS = frozenset({LIST_CHANNELS, CREATE_CHANNEL, DELETE_CHANNEL, CREATE_ORDER})

# The flows in the order they run; a new flow is one entry here (and is sharded by `--shard` with no other change).
FLOWS: dict[str, Flow] = {
    "order_lifecycle": Flow(order_lifecycle, frozenset({CREATE_CHANNEL, CREATE_ORDER, QUERY_ORDERS})),
    "bill_window": Flow(bill_window, frozenset({CREATE_ORDER, GET_BILL})),
    "other_app_isolation": Flow(other_app_isolation, frozenset({QUERY_ORDERS}), needs_other=True),
    "routing_rules": Flow(routing_rules, ROUTING_OPERATIONS),
    "no_channel": Flow(no_channel, ROUTING_OPERATIONS),
    "bill_rules": Flow(bill_rules, ROUTING_OPERATIONS | {PAY_ORDER, GET_BILL}),
    "bill_isolation": Flow(bill_isolation, frozenset({CREATE_ORDER, PAY_ORDER, GET_BILL}), needs_other=True),
    "empty_values": Flow(empty_values, ROUTING_OPERATIONS),
    "query_keeps_order": Flow(query_keeps_order, frozenset({CREATE_ORDER, QUERY_ORDERS})),
    "other_apps_deleted_channel": Flow(
        other_apps_deleted_channel, frozenset({CREATE_CHANNEL, DELETE_CHANNEL}), needs_other=True
    ),
}
