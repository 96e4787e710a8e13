"""Checks on the orders, channels and bills an answer holds: the create echo, amounts in fen, times."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from collections.abc import Iterator
from typing import Any

from paycontract.strict_json import ijson_equal
from paycontract.traffic.findings import DECISIONS, LEFT_OPEN, Flaw, server
from paycontract.traffic.view import Seen, as_int, as_int_text, describe

MONEY_RULE = DECISIONS + " (Money)"
TIME_RULE = DECISIONS + " (Times)"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
ORDER_LIFETIME = dt.timedelta(hours=24)
CST = dt.timedelta(hours=8)
# A creation time this close to a whole number of hours off the server's own Date header is a time zone slip.
ZONE_SLACK = dt.timedelta(minutes=2)
MAX_AMOUNT = 100_000_000


def orders_of(seen: Seen) -> list[dict[str, Any]]:
    """The orders of a successful order answer (create, query, pay)."""
    if not seen.ok or not any(seen.is_op(role) for role in ("create_order", "query_orders", "pay_order")):
        return []
    return seen.records()


def order_echo(seen: Seen) -> Iterator[Flaw]:
    """A created order echoes the request's amount, pay_type, product and ext_data (compared as I-JSON)."""
    if not seen.ok or not seen.is_op("create_order") or not isinstance(seen.data, dict):
        return
    order = seen.data
    payment = _object(order.get("payment"))
    product = _object(order.get("product"))
    checks = (
        ("payment.amount", payment.get("amount"), as_int_text(seen.param("amount"))),
        ("payment.type", payment.get("type"), as_int_text(seen.param("pay_type"))),
        ("product.id", product.get("id"), seen.param("product_id")),
        ("product.name", product.get("name"), seen.param("product_name")),
    )
    for field, got, want in checks:
        if not (got == want and type(got) is type(want)):
            yield server(DECISIONS, f"created order has {field} = {describe(got)}, the request sent {describe(want)}")
    want_ext = _parsed_object(seen.param("ext_data"))
    if want_ext is not None and not ijson_equal(order.get("ext_data"), want_ext):
        yield server(
            LEFT_OPEN,
            f"created order has ext_data {describe(order.get('ext_data'))}, the request sent {describe(want_ext)}",
        )


def amounts_in_fen(seen: Seen) -> Iterator[Flaw]:
    """Amounts are integers in fen: order amounts (1..100000000), a bill's amount, fee, net and items'."""
    for order in orders_of(seen):
        amount = _object(order.get("payment")).get("amount")
        if as_int(amount) is None or not 1 <= amount <= MAX_AMOUNT:
            yield server(MONEY_RULE, f"order {order.get('id')} has payment.amount {describe(amount)}, not integer fen")
    if seen.ok and seen.is_op("bill") and isinstance(seen.data, dict):
        bill = seen.data
        rows = [("bill", bill)] + [(f"item {i}", item) for i, item in enumerate(_items(bill))]
        for label, row in rows:
            for key in ("amount", "fee", "net") if label == "bill" else ("amount", "fee"):
                if as_int(row.get(key)) is None:
                    yield server(MONEY_RULE, f"{label} has {key} {describe(row.get(key))}, not integer fen")


def times(seen: Seen) -> Iterator[Flaw]:
    """Times are `YYYY-MM-DD HH:MM:SS` (real dates), `expire_at` = `created_at` + 24 h, in UTC+8."""
    for order in orders_of(seen):
        stamps = {key: _parse(order.get(key)) for key in ("created_at", "updated_at", "expire_at")}
        for key, value in stamps.items():
            if value is None:
                yield server(
                    TIME_RULE, f"order {order.get('id')} has {key} {describe(order.get(key))}, not YYYY-MM-DD HH:MM:SS"
                )
        created, updated, expire = stamps["created_at"], stamps["updated_at"], stamps["expire_at"]
        if created and expire and expire - created != ORDER_LIFETIME:
            yield server(TIME_RULE, f"order {order.get('id')} expires at {order['expire_at']}, not created_at + 24 h")
        if created and updated and updated < created:
            yield server(
                TIME_RULE, f"order {order.get('id')} was updated ({order['updated_at']}) before it was created"
            )
        if created and seen.is_op("create_order"):
            yield from _zone(seen, created, f"order {order.get('id')} created_at {order['created_at']}")
    if seen.ok and seen.is_op("bill") and isinstance(seen.data, dict):
        for item in _items(seen.data):
            if _parse(item.get("paid_at")) is None:
                yield server(TIME_RULE, f"bill item {item.get('order_id')} has paid_at {describe(item.get('paid_at'))}")


def _zone(seen: Seen, created: dt.datetime, what: str) -> Iterator[Flaw]:
    # The server's own Date header is its clock in UTC: a pinned clock is allowed, a whole-hours slip is not.
    date = seen.exchange.response_header("date")
    try:
        said = email.utils.parsedate_to_datetime(date).replace(tzinfo=None) if date else None
    except (TypeError, ValueError):
        said = None
    if said is None:
        return
    offset = created - (said + CST)
    hours = round(offset / dt.timedelta(hours=1))
    if hours != 0 and abs(hours) <= 14 and abs(offset - dt.timedelta(hours=hours)) <= ZONE_SLACK:
        yield server(TIME_RULE, f"{what} is {hours:+d} h off the server's Date header in UTC+8 ({date})")


def _parse(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) != 19:
        return None
    try:
        return dt.datetime.strptime(value, TIME_FORMAT)
    except ValueError:
        return None


def _items(bill: dict[str, Any]) -> list[dict[str, Any]]:
    items = bill.get("items")
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _parsed_object(text: str | None) -> Any:
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
