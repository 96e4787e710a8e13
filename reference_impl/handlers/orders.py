"""`POST /orders` (create, routed to a channel) and `GET /orders` (query by ids)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from reference_impl.clock import format_time
from reference_impl.errors import ApiError
from reference_impl.ids import new_id
from reference_impl.responses import dumps, listing_raw, success_raw
from reference_impl.state import Call

ORDER_LIFETIME = timedelta(hours=24)
CURRENCY = "CNY"
ROUTE_SQL = (
    "SELECT id, platform, fee_rate FROM channels WHERE app_id = ? AND pay_type = ? AND deleted_at IS NULL"
    " ORDER BY priority DESC, seq LIMIT 1"
)


def route(conn: sqlite3.Connection, app_id: int, pay_type: int) -> tuple[str, int, int]:
    """The live channel of this pay_type with the highest priority (oldest on a tie): id, platform, fee_rate."""
    row = conn.execute(ROUTE_SQL, (app_id, pay_type)).fetchone()
    if row is None:
        raise ApiError(400, f"invalid parameter pay_type: the app has no channel for pay_type {pay_type}")
    return row


def create_order(call: Call) -> bytes:
    """Create a pending order, routed to the app's best channel for its pay_type."""
    app, params, state = call.app, call.params, call.state
    assert app is not None
    channel_id, platform, fee_rate = route(state.conn, app.app_id, params["pay_type"])
    now = state.clock.now()
    created_at = format_time(now)
    document = {
        "id": "",
        "status": 0,
        "type": 0,
        "created_at": created_at,
        "updated_at": created_at,
        "expire_at": format_time(now + ORDER_LIFETIME),
        "app": {"id": app.app_id, "merchant_id": app.merchant_id},
        "payment": {"type": params["pay_type"], "platform": platform, "amount": params["amount"], "currency": CURRENCY},
        "product": {"id": params.get("product_id"), "name": params.get("product_name")},
        "client": {"ip": call.client_ip},
        "ext_data": params.get("ext_data") or {},
    }
    for _attempt in range(3):
        document["id"] = new_id("ord")
        body = dumps(document)
        try:
            with state.commits.unit(single_statement=True) as conn:
                conn.execute(
                    "INSERT INTO orders VALUES (?, ?, 0, ?, ?, ?, ?, ?)",
                    (document["id"], app.app_id, params["amount"], channel_id, fee_rate, created_at, body),
                )
        except sqlite3.IntegrityError:
            continue  # an id collision: draw another
        return success_raw(body)
    raise RuntimeError("could not draw a free order id")


def query_orders(call: Call) -> bytes:
    """The app's orders among `ids`, in the order given; unknown ids and other apps' orders are left out."""
    assert call.app is not None
    ids: list[str] = call.params["ids"]
    marks = ",".join("?" * len(ids))
    rows = call.state.conn.execute(
        f"SELECT id, body FROM orders WHERE app_id = ? AND id IN ({marks})", (call.app.app_id, *ids)
    ).fetchall()
    found = dict(rows)
    return listing_raw([found[order_id] for order_id in ids if order_id in found])
