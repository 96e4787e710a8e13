"""Payment-domain checks on single responses, on top of schemathesis' built-in ones.

One registered function per contract rule, named `<thing>_conformance`; each raises `broken(rule, message)`
with the rule it enforces and one line saying what is wrong. They do nothing outside a verify run (`subject` is None).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from paycontract.strict_json import ijson_equal
from paycontract.verify.rules import broken, cites, spec_pointer
from paycontract.verify.state import CREATE_ORDER, GET_BILL, LIST_CHANNELS, PAY_ORDER, QUERY_ORDERS
from paycontract.verify.subject import as_int, describe, is_json, orders_in, subject

ORDER_OPERATIONS = (CREATE_ORDER, QUERY_ORDERS, PAY_ORDER)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ORDER_LIFETIME = dt.timedelta(hours=24)

ENVELOPE_RULE = spec_pointer("components", "schemas", "Envelope")
CODE_RULE = spec_pointer("components", "schemas", "Envelope", "properties", "code")
ERROR_RULE = spec_pointer("components", "schemas", "Error")
AMOUNT_RULE = spec_pointer("components", "schemas", "Amount")
BILL_RULE = spec_pointer("components", "schemas", "Bill")
LIST_COUNT_RULES = {
    op_id: spec_pointer("components", "schemas", schema, "allOf", "1", "properties", "count")
    for op_id, schema in ((QUERY_ORDERS, "OrderListResult"), (LIST_CHANNELS, "ChannelListResult"))
}
BILL_COUNT_RULE = spec_pointer("components", "schemas", "Bill", "properties", "count")
TIME_RULE = spec_pointer("components", "schemas", "DateTime")
DATE_RULE = spec_pointer("components", "schemas", "Date")
EXPIRY_RULE = spec_pointer("paths", "/orders", "post", "description")
RETRY_AFTER_RULE = spec_pointer("components", "headers", "RetryAfter")
LEAK_RULE = spec_pointer("components", "responses", "InternalError")
# What a created order echoes, by field: the 200 answer of createOrder, and the Order fields that say so.
ECHO_RULES = {
    "payment.amount": spec_pointer("paths", "/orders", "post", "responses", "200"),
    "payment.type": spec_pointer("paths", "/orders", "post", "responses", "200"),
    "product.id": spec_pointer("components", "schemas", "Order", "properties", "product"),
    "product.name": spec_pointer("components", "schemas", "Order", "properties", "product"),
    "ext_data": spec_pointer("components", "schemas", "Order", "properties", "ext_data"),
}
# What a server's internals look like when they leak into an answer.
LEAK_MARKERS = (
    "Traceback (most recent call last)",
    '.py", line ',
    "site-packages/",
    "sqlite3.",
    "OperationalError",
    "IntegrityError",
    "ProgrammingError",
    "SQLSTATE",
    "INSERT INTO ",
    "SELECT * FROM",
    " FROM orders",
    " FROM channels",
    "/usr/lib/python",
    "/home/",
)


@cites(ENVELOPE_RULE, CODE_RULE, ERROR_RULE)
def envelope_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every answer is a JSON envelope: code 0 exactly when HTTP 200, else code = status and data null."""
    s = subject(response, case)
    if s is None:
        return True
    if not is_json(s.body):
        raise broken(ENVELOPE_RULE, f"HTTP {s.status} body is not JSON: {describe(response.content[:120])}")
    if not isinstance(s.body, dict) or not {"code", "message", "data"} <= s.body.keys():
        raise broken(
            ENVELOPE_RULE, f"HTTP {s.status} body is not a {{code, message, data}} envelope: {describe(s.body)}"
        )
    code, message = s.body["code"], s.body["message"]
    if as_int(code) is None or not isinstance(message, str):
        raise broken(ENVELOPE_RULE, f"envelope code must be an integer and message a string: {describe(s.body)}")
    if (s.status == 200) != (code == 0):
        raise broken(CODE_RULE, f"HTTP {s.status} with envelope code {code}: code is 0 exactly when the status is 200")
    if s.status != 200 and code != s.status:
        raise broken(ERROR_RULE, f"HTTP {s.status} with envelope code {code}: an error's code equals its HTTP status")
    if s.status != 200 and s.body["data"] is not None:
        raise broken(
            ERROR_RULE, f"HTTP {s.status} error carries data {describe(s.body['data'])}; errors have data null"
        )
    return None


@cites(*ECHO_RULES.values())
def order_echo_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A created order echoes the request's amount, pay_type, product and ext_data (parsed)."""
    s = subject(response, case)
    if s is None or s.op.role != CREATE_ORDER or not s.ok or not s.authenticated() or not isinstance(s.data, dict):
        return True
    order = s.data
    payment = order.get("payment") if isinstance(order.get("payment"), dict) else {}
    product = order.get("product") if isinstance(order.get("product"), dict) else {}
    expected = {
        "payment.amount": _as_number(s.param("amount")),
        "payment.type": _as_number(s.param("pay_type")),
        "product.id": s.param("product_id"),
        "product.name": s.param("product_name"),
        "ext_data": _parsed_object(s.param("ext_data")),
    }
    actual = {
        "payment.amount": payment.get("amount"),
        "payment.type": payment.get("type"),
        "product.id": product.get("id"),
        "product.name": product.get("name"),
        "ext_data": order.get("ext_data"),
    }
    for field, want in expected.items():
        got = actual[field]
        if field.startswith("product.") and want in (None, "") and got in (None, ""):
            continue
        if field == "ext_data" and ijson_equal(got, want):
            continue
        if field != "ext_data" and got == want and type(got) is type(want):
            continue
        raise broken(
            ECHO_RULES[field], f"created order has {field} = {describe(got)}, the request sent {describe(want)}"
        )
    return None


@cites(AMOUNT_RULE, BILL_RULE)
def amount_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Amounts are integers in fen (minor units): order amounts, and a bill's amount, fee, net and items."""
    s = subject(response, case)
    if s is None or not s.ok:
        return True
    for order in orders_in(s.op.role, s.data, ORDER_OPERATIONS):
        payment = order.get("payment")
        amount = payment.get("amount") if isinstance(payment, dict) else None
        if as_int(amount) is None or not 1 <= amount <= 100_000_000:
            raise broken(AMOUNT_RULE, f"order {order.get('id')} has payment.amount {describe(amount)}, not integer fen")
    if s.op.role == GET_BILL and isinstance(s.data, dict):
        items = s.data.get("items") if isinstance(s.data.get("items"), list) else []
        fields = [("bill", s.data, ("amount", "fee", "net"))]
        fields += [
            (f"bill item {i}", item, ("amount", "fee")) for i, item in enumerate(items) if isinstance(item, dict)
        ]
        for where, obj, names in fields:
            for name in names:
                if as_int(obj.get(name)) is None:
                    raise broken(BILL_RULE, f"{where} has {name} {describe(obj.get(name))}, not integer fen")
    return None


@cites(*LIST_COUNT_RULES.values(), BILL_COUNT_RULE)
def count_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A list answer's `count` equals the number of items it carries."""
    s = subject(response, case)
    if s is None or not s.ok:
        return True
    if "count" in s.body and isinstance(s.data, list) and s.body["count"] != len(s.data):
        rule = LIST_COUNT_RULES.get(s.op.role, LIST_COUNT_RULES[QUERY_ORDERS])
        raise broken(rule, f"count is {describe(s.body['count'])} but data holds {len(s.data)} items")
    items = s.data.get("items") if s.op.role == GET_BILL and isinstance(s.data, dict) else None
    if isinstance(items, list) and s.data.get("count") != len(items):
        raise broken(BILL_COUNT_RULE, f"bill count is {describe(s.data.get('count'))} for {len(s.data['items'])} items")
    return None


@cites(TIME_RULE, DATE_RULE, EXPIRY_RULE)
def time_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Times are zero-padded `YYYY-MM-DD HH:MM:SS`; created_at ≤ updated_at; expire_at = created_at + 24 h."""
    s = subject(response, case)
    if s is None or not s.ok:
        return True
    for order in orders_in(s.op.role, s.data, ORDER_OPERATIONS):
        created, updated, expire = (_timestamp(order, name) for name in ("created_at", "updated_at", "expire_at"))
        if created > updated:
            raise broken(TIME_RULE, f"order {order.get('id')}: created_at {created} is after updated_at {updated}")
        if expire - created != ORDER_LIFETIME:
            raise broken(EXPIRY_RULE, f"order {order.get('id')}: expire_at {expire} is not created_at {created} + 24h")
    data = s.data if isinstance(s.data, list) else [s.data]
    for item in data:
        if isinstance(item, dict) and "created_at" in item and s.op.role not in ORDER_OPERATIONS:
            _timestamp(item, "created_at")
    if s.op.role == GET_BILL and isinstance(s.data, dict):
        if not isinstance(s.data.get("date"), str) or not _DATE.fullmatch(s.data["date"]):
            raise broken(DATE_RULE, f"bill date {describe(s.data.get('date'))} is not a zero-padded YYYY-MM-DD")
        for item in s.data.get("items") or []:
            if isinstance(item, dict):
                _timestamp(item, "paid_at")
    return None


@cites(RETRY_AFTER_RULE)
def retry_after_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """429 and 503 answers carry `Retry-After` with a whole number of seconds."""
    s = subject(response, case)
    if s is None or s.status not in (429, 503):
        return True
    values = response.headers.get("retry-after") or []
    value = values[0] if isinstance(values, list) and values else values
    if not isinstance(value, str) or not value.strip().isdigit():
        raise broken(
            RETRY_AFTER_RULE, f"HTTP {s.status} without a Retry-After of whole seconds (got {describe(value)})"
        )
    return None


@cites(LEAK_RULE)
def leak_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """No error answer leaks internals: tracebacks, SQL, file paths."""
    s = subject(response, case)
    if s is None or s.status < 400:
        return True
    text = response.content.decode("utf-8", "replace") if response.content else ""
    # A message may quote what the request sent; only what the server added can be a leak.
    for value in sorted((s.sent.params.values() if s.sent else ()), key=len, reverse=True):
        if len(value) >= 4:
            text = text.replace(value, "").replace(json.dumps(value)[1:-1], "")
    for marker in LEAK_MARKERS:
        if marker in text:
            start = max(text.index(marker) - 40, 0)
            raise broken(
                LEAK_RULE, f"HTTP {s.status} body leaks internals ({marker.strip()!r}): {describe(text[start:])}"
            )
    return None


def _timestamp(obj: dict[str, Any], name: str) -> dt.datetime:
    value = obj.get(name)
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        raise broken(TIME_RULE, f"{name} {describe(value)} is not a zero-padded 'YYYY-MM-DD HH:MM:SS'")
    try:
        return dt.datetime.strptime(value, TIME_FORMAT)
    except ValueError:
        raise broken(TIME_RULE, f"{name} {value!r} is not a real date and time") from None


def _as_number(value: str | None) -> int | None:
    return int(value) if value is not None and re.fullmatch(r"-?[0-9]+", value) else None


def _parsed_object(value: str | None) -> Any:
    if value in (None, ""):
        return {}
    try:
        return json.loads(value)
    except ValueError:
        return value
