"""Checks across exchanges, against what the traffic has shown the server holds: isolation between apps,
persistence, routing and bills."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from paycontract.rules import DECISIONS, FINER, cites, design
from paycontract.strict_json import ijson_equal
from paycontract.traffic.checks_orders import orders_of
from paycontract.traffic.findings import Flaw, server
from paycontract.traffic.view import Seen, as_int, as_int_text

ISOLATION_RULE = design(DECISIONS, "GET /v1/orders (only the found orders of that app)")
QUERY_RULE = design(DECISIONS, "GET /v1/orders (a queried order is identical to what create returned)")
CHANNEL_RULE = design(FINER, "Channels")
BILL_RULE = design(FINER, "Bills")
PAY_RULE = design(FINER, "Sandbox pay")
ROUTING_RULE = design(DECISIONS, "Channel routing")
ORDER_RULE = design(DECISIONS, "GET /v1/orders (in the order the ids were given)")
# Fields a payment may change after creation (paid outside this API, or through the sandbox).
MUTABLE = ("status", "updated_at")


@cites(ISOLATION_RULE, BILL_RULE)
def isolation(seen: Seen) -> Iterator[Flaw]:
    """An app never sees, pays or deletes another app's order or channel, nor gets them in its bill."""
    caller = seen.app_id
    if caller is None or not seen.ok:
        return
    for record in _resources(seen):
        owner = seen.state.owner_of(str(record.get("id")))
        named = _app_of(record)
        if (owner is not None and owner != caller) or (named is not None and named != caller):
            yield server(
                ISOLATION_RULE, f"app {caller} got {record.get('id')} of app {owner if owner is not None else named}"
            )
    if seen.is_op("query_orders"):
        asked = set((seen.param("ids") or "").split(","))
        for order in seen.records():
            if str(order.get("id")) not in asked:
                yield server(ISOLATION_RULE, f"app {caller}'s query returned order {order.get('id')}, not asked for")
    if seen.is_op("bill") and isinstance(seen.data, dict):
        for item in _bill_items(seen.data):
            owner = seen.state.owner_of(str(item.get("order_id")))
            if owner is not None and owner != caller:
                yield server(BILL_RULE, f"app {caller}'s bill holds order {item.get('order_id')} of app {owner}")


@cites(QUERY_RULE, ORDER_RULE, CHANNEL_RULE, PAY_RULE)
def persistence(seen: Seen) -> Iterator[Flaw]:
    """What was created and later read back matches; nothing the owner asks for is lost; deletes hold.

    Only what the traffic showed before the request left is held against the answer."""
    caller, state, left = seen.app_id, seen.state, seen.exchange.started
    if caller is None:
        return
    if seen.ok and seen.is_op("query_orders"):
        yield from _queried(seen, caller)
    if seen.ok and seen.is_op("list_channels"):
        yield from _listed_channels(seen, caller)
    if seen.route and seen.status == 200 and seen.is_op("delete_channel"):
        channel_id = dict(seen.route.path_params).get("id", "")
        if state.known(state.deleted_channels.get(channel_id), left):
            yield server(CHANNEL_RULE, f"deleting channel {channel_id} again answered 200; expected 410")
    if seen.route and seen.status == 200 and seen.is_op("pay_order"):
        order_id = dict(seen.route.path_params).get("id", "")
        if state.known(state.paid_orders.get(order_id), left):
            yield server(PAY_RULE, f"paying order {order_id} again answered 200; expected 400")


def _queried(seen: Seen, caller: int) -> Iterator[Flaw]:
    state, left = seen.state, seen.exchange.started
    asked = (seen.param("ids") or "").split(",")
    returned = {str(order.get("id")): order for order in seen.records()}
    in_answer = [order_id for order_id in returned if order_id in asked]
    if in_answer != sorted(in_answer, key=asked.index):
        yield server(ORDER_RULE, f"orders answered as {in_answer}, not in the order of ids {asked}")
    for order_id in asked:
        known = state.orders.get(order_id)
        if known is None or known.app_id != caller or not state.known(known.at, left):
            continue
        if order_id not in returned:
            yield server(QUERY_RULE, f"order {order_id}, created by app {caller}, is missing from its query")
            continue
        before = known.body_before(left)
        if before is not None:
            yield from _same_order(before, returned[order_id])
        if state.known(state.paid_orders.get(order_id), left) and returned[order_id].get("status") == 0:
            yield server(PAY_RULE, f"order {order_id}, paid with 200, is queried as pending (status 0)")


@cites(ROUTING_RULE)
def routing(seen: Seen) -> Iterator[Flaw]:
    """A new order goes to the app's live channel of its pay_type with the highest priority (oldest on a tie).

    Judged only when the app's whole channel list was seen and none of its channels changed while the request
    was on its way."""
    caller, pay_type = seen.app_id, as_int_text(seen.param("pay_type"))
    if caller is None or pay_type is None or caller not in seen.state.rosters or not seen.is_op("create_order"):
        return
    if not seen.state.known(seen.state.channels_changed.get(caller, 0.0), seen.exchange.started):
        return
    candidates = [c for c in seen.state.live_channels(caller) if c.get("pay_type") == pay_type]
    if not candidates:
        if seen.ok:
            yield server(
                ROUTING_RULE,
                f"order created for pay_type {pay_type} with no live channel; expected 400",
            )
        return
    best = max(candidates, key=lambda c: as_int(c.get("priority")) or 0)  # max keeps the first (oldest) on a tie
    platform = (seen.data or {}).get("payment", {}).get("platform") if seen.ok and isinstance(seen.data, dict) else None
    if seen.ok and platform != best.get("platform"):
        yield server(
            ROUTING_RULE,
            f"order routed to platform {platform!r}; channel {best.get('id')} "
            f"(priority {best.get('priority')}) has platform {best.get('platform')!r}",
        )


@cites(BILL_RULE)
def bills(seen: Seen) -> Iterator[Flaw]:
    """A bill adds up; item fees are floor(amount × fee_rate / 10000); every order seen paid that day is in it;
    a day within the retention (`x-retention-days`) is served and an older one is 410.

    Its `count` is the `count` check's."""
    yield from _retention(seen)
    if not seen.ok or not seen.is_op("bill") or not isinstance(seen.data, dict):
        return
    bill, items = seen.data, _bill_items(seen.data)
    if seen.param("date") is not None and bill.get("date") != seen.param("date"):
        yield server(BILL_RULE, f"the bill for {seen.param('date')} is dated {bill.get('date')!r}")
    totals = {"amount": sum(_int(i.get("amount")) for i in items), "fee": sum(_int(i.get("fee")) for i in items)}
    for key, total in totals.items():
        if bill.get(key) != total:
            yield server(BILL_RULE, f"bill {key} is {bill.get(key)!r}, its items add up to {total}")
    if bill.get("net") != _int(bill.get("amount")) - _int(bill.get("fee")):
        yield server(BILL_RULE, f"bill net {bill.get('net')!r} is not amount − fee")
    if bill.get("currency") != "CNY":
        yield server(BILL_RULE, f"bill currency {bill.get('currency')!r}, not 'CNY'")
    for item in items:
        yield from _bill_item(seen, item)
    yield from _paid_missing(seen, {str(i.get("order_id")) for i in items})


def _retention(seen: Seen) -> Iterator[Flaw]:
    today, date = seen.state.server_day(seen.exchange.started), seen.param("date") or ""
    if today is None or not seen.is_op("bill") or seen.status not in (200, 410):
        return
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        return
    days = seen.contract.bill_retention_days
    oldest = today - dt.timedelta(days=days)
    kept = f"the server's today is {today} and bills are kept {days} days (x-retention-days)"
    if seen.status == 410 and oldest <= day <= today:
        yield server(BILL_RULE, f"the bill of {date} answered 410; {kept}")
    if seen.status == 200 and day < oldest:
        yield server(BILL_RULE, f"the bill of {date} answered 200, not 410; {kept}")


def _bill_item(seen: Seen, item: dict[str, Any]) -> Iterator[Flaw]:
    channel = seen.state.channels.get(str(item.get("channel_id")))
    amount, fee = item.get("amount"), item.get("fee")
    rate = channel.body.get("fee_rate") if channel else None
    if as_int(amount) is not None and as_int(rate) is not None and fee != amount * rate // 10000:
        yield server(
            BILL_RULE,
            f"item {item.get('order_id')} fee {fee!r}; floor({amount} × {rate} / 10000) = {amount * rate // 10000}",
        )
    order = seen.state.orders.get(str(item.get("order_id")))
    paid_amount = order.body.get("payment", {}).get("amount") if order else None
    if order and paid_amount != amount:
        yield server(BILL_RULE, f"item {item.get('order_id')} amount {amount!r}, the order's is {paid_amount!r}")


def _paid_missing(seen: Seen, billed: set[str]) -> Iterator[Flaw]:
    date, caller, state = seen.param("date"), seen.app_id, seen.state
    for order_id in sorted(set(state.paid_orders) - billed):
        known = state.orders.get(order_id)
        if not state.known(state.paid_orders[order_id], seen.exchange.started):
            continue
        if known and known.app_id == caller and str(known.body.get("updated_at", ""))[:10] == date:
            yield server(BILL_RULE, f"order {order_id}, paid on {date}, is not in app {caller}'s bill of that day")


def _same_order(created: dict[str, Any], queried: dict[str, Any]) -> Iterator[Flaw]:
    changed = created.get("status") != queried.get("status")
    for key in sorted(set(created) | set(queried)):
        if key in MUTABLE and (changed or key == "status"):
            continue
        if key in created and not ijson_equal(created.get(key), queried.get(key)):
            yield server(
                QUERY_RULE,
                f"order {created.get('id')} {key} was {created.get(key)!r}, is now {queried.get(key)!r}",
            )


def _listed_channels(seen: Seen, caller: int) -> Iterator[Flaw]:
    state, left = seen.state, seen.exchange.started
    pay_type = as_int_text(seen.param("pay_type"))
    listed = {str(c.get("id")): c for c in seen.records()}
    for channel_id, known in state.channels.items():
        if known.app_id != caller or (pay_type is not None and known.body.get("pay_type") != pay_type):
            continue
        deleted = state.deleted_channels.get(channel_id)
        if not state.known(known.at, left) or (deleted is not None and not state.known(deleted, left)):
            continue  # created or deleted while the listing was on its way: either answer is right
        if deleted is not None and channel_id in listed:
            yield server(CHANNEL_RULE, f"deleted channel {channel_id} is still listed")
        elif deleted is None and channel_id not in listed:
            yield server(CHANNEL_RULE, f"live channel {channel_id} of app {caller} is not listed")
        elif channel_id in listed and not _same_body(before := known.body_before(left), listed[channel_id]):
            yield server(CHANNEL_RULE, f"channel {channel_id} is listed as {listed[channel_id]!r}, was {before!r}")
    for channel in listed.values():
        if pay_type is not None and channel.get("pay_type") != pay_type:
            yield server(
                CHANNEL_RULE,
                f"channel {channel.get('id')} of pay_type {channel.get('pay_type')!r} listed for pay_type {pay_type}",
            )


def _same_body(before: dict[str, Any] | None, now: dict[str, Any]) -> bool:
    """Whether `now` is `before` (compared as I-JSON); True when nothing was shown before to compare with."""
    return before is None or ijson_equal(before, now)


def _resources(seen: Seen) -> list[dict[str, Any]]:
    if any(seen.is_op(r) for r in ("create_channel", "list_channels", "delete_channel")):
        return seen.records()
    return orders_of(seen)


def _app_of(record: dict[str, Any]) -> int | None:
    app = record.get("app")
    return as_int(app.get("id")) if isinstance(app, dict) else as_int(record.get("app_id"))


def _bill_items(bill: dict[str, Any]) -> list[dict[str, Any]]:
    items = bill.get("items")
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _int(value: Any) -> int:
    return as_int(value) or 0
