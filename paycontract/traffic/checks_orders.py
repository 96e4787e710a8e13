"""Checks on the orders, channels and bills an answer holds: the create echo, amounts in fen, times."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from paycontract.rules import cites, spec_pointer
from paycontract.strict_json import ijson_equal
from paycontract.traffic.findings import Flaw, server
from paycontract.traffic.state import TIMESTAMP, parse_timestamp
from paycontract.traffic.view import Seen, as_int, as_int_text, describe

AMOUNT_RULE = spec_pointer("components", "schemas", "Amount")
BILL_RULE = spec_pointer("components", "schemas", "Bill")
TIME_RULE = spec_pointer("components", "schemas", "DateTime")
DATE_RULE = spec_pointer("components", "schemas", "Date")
EXPIRY_RULE = spec_pointer("paths", "/orders", "post", "description")
# What a created order echoes, by field: the 200 answer of createOrder, and the Order fields that say so.
ECHO_RULES = {
    "payment.amount": spec_pointer("paths", "/orders", "post", "responses", "200"),
    "payment.type": spec_pointer("paths", "/orders", "post", "responses", "200"),
    "product.id": spec_pointer("components", "schemas", "Order", "properties", "product"),
    "product.name": spec_pointer("components", "schemas", "Order", "properties", "product"),
    "ext_data": spec_pointer("components", "schemas", "Order", "properties", "ext_data"),
}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ORDER_LIFETIME = dt.timedelta(hours=24)
MAX_AMOUNT = 100_000_000


def orders_of(seen: Seen) -> list[dict[str, Any]]:
    """The orders of a successful order answer (create, query, pay)."""
    if not seen.ok or not any(seen.is_op(role) for role in ("create_order", "query_orders", "pay_order")):
        return []
    return seen.records()


@cites(*ECHO_RULES.values())
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
            yield server(
                ECHO_RULES[field], f"created order has {field} = {describe(got)}, the request sent {describe(want)}"
            )
    want_ext = _parsed_object(seen.param("ext_data"))
    if want_ext is not None and not ijson_equal(order.get("ext_data"), want_ext):
        yield server(
            ECHO_RULES["ext_data"],
            f"created order has ext_data = {describe(order.get('ext_data'))}, the request sent {describe(want_ext)}",
        )


@cites(AMOUNT_RULE, BILL_RULE)
def amounts_in_fen(seen: Seen) -> Iterator[Flaw]:
    """Amounts are integers in fen: order amounts (1..100000000), a bill's amount, fee, net and items'."""
    for order in orders_of(seen):
        amount = _object(order.get("payment")).get("amount")
        if as_int(amount) is None or not 1 <= amount <= MAX_AMOUNT:
            yield server(AMOUNT_RULE, f"order {order.get('id')} has payment.amount {describe(amount)}, not integer fen")
    bill = _bill(seen)
    if bill is not None:
        rows = [("bill", bill)] + [(f"bill item {i}", item) for i, item in enumerate(_items(bill))]
        for label, row in rows:
            for key in ("amount", "fee", "net") if label == "bill" else ("amount", "fee"):
                if as_int(row.get(key)) is None:
                    yield server(BILL_RULE, f"{label} has {key} {describe(row.get(key))}, not integer fen")


@cites(TIME_RULE, DATE_RULE, EXPIRY_RULE)
def times(seen: Seen) -> Iterator[Flaw]:
    """Times are zero-padded `YYYY-MM-DD HH:MM:SS` (real dates), dates `YYYY-MM-DD`; created_at ≤ updated_at;
    `expire_at` = `created_at` + 24 h. Nothing compares them with the `Date` header: the contract lets a server
    keep its own clock, and a server writing UTC is, from outside, a UTC+8 server whose clock is 8 hours off."""
    for order in orders_of(seen):
        yield from _order_times(seen, order)
    if seen.ok and not seen.is_op("bill") and not orders_of(seen):
        for record in seen.records():
            if "created_at" in record:
                yield from _malformed(record, "created_at", f"record {record.get('id')}")
    bill = _bill(seen)
    if bill is not None:
        if not isinstance(bill.get("date"), str) or not _DATE.fullmatch(bill["date"]):
            yield server(DATE_RULE, f"bill date {describe(bill.get('date'))} is not a zero-padded YYYY-MM-DD")
        for item in _items(bill):
            yield from _malformed(item, "paid_at", f"bill item {item.get('order_id')}")


def _order_times(seen: Seen, order: dict[str, Any]) -> Iterator[Flaw]:
    what = f"order {order.get('id')}"
    for key in ("created_at", "updated_at", "expire_at"):
        yield from _malformed(order, key, what)
    created, updated, expire = (parse_timestamp(order.get(key)) for key in ("created_at", "updated_at", "expire_at"))
    if created and updated and updated < created:
        yield server(TIME_RULE, f"{what}: created_at {created} is after updated_at {updated}")
    if created and expire and expire - created != ORDER_LIFETIME:
        yield server(EXPIRY_RULE, f"{what}: expire_at {expire} is not created_at {created} + 24h")


def _malformed(record: dict[str, Any], key: str, what: str) -> Iterator[Flaw]:
    value = record.get(key)
    if not isinstance(value, str) or not TIMESTAMP.fullmatch(value):
        yield server(TIME_RULE, f"{what}: {key} {describe(value)} is not a zero-padded 'YYYY-MM-DD HH:MM:SS'")
    elif parse_timestamp(value) is None:
        yield server(TIME_RULE, f"{what}: {key} {value!r} is not a real date and time")


def _bill(seen: Seen) -> dict[str, Any] | None:
    return seen.data if seen.ok and seen.is_op("bill") and isinstance(seen.data, dict) else None


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
