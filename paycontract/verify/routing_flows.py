"""Flows for the routing rules: the highest priority wins, a tie goes to the channel created first, a deleted
channel never routes, an order keeps its routing, and a pay_type with no live channel is 400.

Each flow first lists the app's live channels, so it knows which priority beats them all; the channels it
creates are its own and it deletes them again. It never deletes a channel it did not create.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from paycontract.verify.context import VerifyContext
from paycontract.verify.explicit import Answer, Explicit
from paycontract.verify.setup import example_params
from paycontract.verify.state import (
    ACCEPTED,
    CREATE_CHANNEL,
    CREATE_ORDER,
    DELETE_CHANNEL,
    LIST_CHANNELS,
    QUERY_ORDERS,
    Expectation,
)

# Platforms of the flows' own channels: numbers no seeded channel uses, so an order names the one it went to.
FIRST_PLATFORM = 91001


@dataclass
class Top:
    """A priority above every other live channel of a pay_type, and those channels (oldest first)."""

    priority: int
    live: list[dict[str, Any]]


def pay_types(ctx: VerifyContext) -> list[Any]:
    """The order pay_types the spec declares."""
    return list(ctx.contract.by_role[CREATE_ORDER].parameter("pay_type").schema.get("enum", [1]))


def answer_id(answer: Answer) -> str | None:
    """The `id` of the resource an answer carries, if any."""
    data = answer.data
    return data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def live_channels(ctx: VerifyContext, explicit: Explicit, pay_type: Any) -> list[dict[str, Any]] | None:
    """The app's live channels of `pay_type` as the server lists them (None when it does not answer a list)."""
    listed = explicit.send(LIST_CHANNELS, params=example_params(ctx, LIST_CHANNELS, pay_type=pay_type))
    return [item for item in listed.data if isinstance(item, dict)] if isinstance(listed.data, list) else None


def _own(ctx: VerifyContext, channel: dict[str, Any]) -> bool:
    known = ctx.model.channels.get(channel.get("id"))  # type: ignore[arg-type]
    return known is not None and known.created_by_run


def delete_channel(ctx: VerifyContext, explicit: Explicit, channel_id: str) -> None:
    """Delete one of the run's own channels."""
    explicit.send(DELETE_CHANNEL, params=example_params(ctx, DELETE_CHANNEL, id=channel_id))


def claim_top(ctx: VerifyContext, explicit: Explicit, pay_type: Any) -> Top | None:
    """A priority that beats every live channel of `pay_type`, deleting the run's own channels at the maximum
    priority if that is what it takes; None (and a note) when a channel of the server's own holds the maximum."""
    live = live_channels(ctx, explicit, pay_type)
    if live is None:
        return None
    maximum = ctx.contract.by_role[CREATE_CHANNEL].parameter("priority").schema.get("maximum", 100)
    for channel in [c for c in live if c.get("priority") == maximum and _own(ctx, c)]:
        delete_channel(ctx, explicit, channel["id"])
        live.remove(channel)
    priorities = [c.get("priority") for c in live if isinstance(c.get("priority"), int)]
    if maximum in priorities:
        ctx.notes.append(
            f"routing by priority was not tested for pay_type {pay_type}: a channel of the server's own "
            f"has the maximum priority {maximum}"
        )
        return None
    return Top(max(priorities, default=-1) + 1, live)


def free_platforms(live: list[dict[str, Any]], count: int) -> list[int]:
    """`count` platform numbers no live channel uses."""
    used = {channel.get("platform") for channel in live}
    free = (number for number in range(FIRST_PLATFORM, FIRST_PLATFORM + count + len(used) + 1) if number not in used)
    return [next(free) for _ in range(count)]


def create_channel(
    ctx: VerifyContext, explicit: Explicit, pay_type: Any, name: str, platform: int, **extra: Any
) -> dict[str, Any] | None:
    """Create a channel of the run's own; its data as answered (None when refused)."""
    params = example_params(ctx, CREATE_CHANNEL, name=name, pay_type=pay_type, platform=platform, **extra)
    params = {key: value for key, value in params.items() if key not in ("priority", "fee_rate") or key in extra}
    answer = explicit.send(CREATE_CHANNEL, params=params)
    return answer.data if answer_id(answer) is not None else None


def routed_order(ctx: VerifyContext, explicit: Explicit, pay_type: Any, why: str, **extra: Any) -> Answer:
    """Create an order the routing rules must accept (`why` says which rule routes it; the `routing` check judges
    where it went, from the channels the run state has seen)."""
    expect = Expectation(ACCEPTED.statuses, why)
    return explicit.send(
        CREATE_ORDER, params=example_params(ctx, CREATE_ORDER, pay_type=pay_type, **extra), expect=expect
    )


def routing_rules(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """Two channels on a priority above the rest and one with the defaults: the older of the two wins; deleted,
    the newer wins; the first order keeps its routing; with both gone the defaults channel still never wins."""
    pay_type = pay_types(ctx)[-1]
    top = claim_top(ctx, explicit, pay_type)
    if top is None:
        return
    first, second, low = free_platforms(top.live, 3)
    older = create_channel(ctx, explicit, pay_type, "paycontract-routing-older", first, priority=top.priority)
    newer = create_channel(ctx, explicit, pay_type, "paycontract-routing-newer", second, priority=top.priority)
    defaults = create_channel(ctx, explicit, pay_type, "paycontract-routing-defaults", low)
    if older is None or newer is None or defaults is None:
        return
    order = routed_order(ctx, explicit, pay_type, "the highest priority wins, the oldest channel on a tie")
    delete_channel(ctx, explicit, older["id"])
    routed_order(ctx, explicit, pay_type, f"channel {older['id']} was deleted: a deleted channel never routes")
    order_id = answer_id(order)
    if order_id is not None:
        explicit.send(QUERY_ORDERS, params=example_params(ctx, QUERY_ORDERS, ids=order_id))
    delete_channel(ctx, explicit, newer["id"])
    routed_order(ctx, explicit, pay_type, "a channel with the default priority never takes over")
    delete_channel(ctx, explicit, defaults["id"])


def no_channel(ctx: VerifyContext, explicit: Explicit, roles: set[str]) -> None:
    """An order of a pay_type the app has no live channel for is 400. Tested where every live channel of a
    pay_type is the run's own: they are deleted, the order refused, and a channel created again."""
    for pay_type in pay_types(ctx):
        live = live_channels(ctx, explicit, pay_type)
        if live is None:
            return
        if all(_own(ctx, channel) for channel in live):
            for channel in live:
                delete_channel(ctx, explicit, channel["id"])
            expect = Expectation(frozenset({400}), f"the app has no live channel for pay_type {pay_type}")
            explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER, pay_type=pay_type), expect=expect)
            params = example_params(ctx, CREATE_CHANNEL, name=f"paycontract-verify-{pay_type}", pay_type=pay_type)
            explicit.send(CREATE_CHANNEL, params={**params, "priority": 0})
            return
    ctx.notes.append(
        "an order with no live channel (400) was not tested: every pay_type has a channel of the "
        "server's own, which verify never deletes"
    )
