"""`POST /orders` (create, routed to a channel) and `GET /orders` (query by ids)."""

from __future__ import annotations

from datetime import timedelta

from reference_impl.clock import format_time
from reference_impl.errors import ApiError
from reference_impl.ids import new_id
from reference_impl.responses import dumps, listing_raw, success_raw
from reference_impl.state import Call
from reference_impl.storage.base import Route, Storage

ORDER_LIFETIME = timedelta(hours=24)
CURRENCY = "CNY"
ID_ATTEMPTS = 3


async def route(storage: Storage, app_id: int, pay_type: int) -> Route:
    """The live channel of this pay_type with the highest priority (oldest on a tie); 400 when there is none."""
    found = await storage.route(app_id, pay_type)
    if found is None:
        raise ApiError(400, f"invalid parameter pay_type: the app has no channel for pay_type {pay_type}")
    return found


async def create_order(call: Call) -> bytes:
    """Create a pending order, routed to the app's best channel for its pay_type."""
    app, params, state = call.app, call.params, call.state
    assert app is not None
    routed = await route(state.storage, app.app_id, params["pay_type"])
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
        "payment": {
            "type": params["pay_type"],
            "platform": routed.platform,
            "amount": params["amount"],
            "currency": CURRENCY,
        },
        "product": {"id": params.get("product_id"), "name": params.get("product_name")},
        "client": {"ip": call.client_ip},
        "ext_data": params.get("ext_data") or {},
    }
    for _attempt in range(ID_ATTEMPTS):
        document["id"] = new_id("ord")
        body = dumps(document)
        if await state.storage.insert_order(document["id"], app.app_id, params["amount"], routed, created_at, body):
            return success_raw(body)
        # An id collision (same millisecond, same 48 random bits, on any worker or host): draw another.
    raise RuntimeError("could not draw a free order id")


async def query_orders(call: Call) -> bytes:
    """The app's orders among `ids`, in the order given; unknown ids and other apps' orders are left out."""
    assert call.app is not None
    ids: list[str] = call.params["ids"]
    found = await call.state.storage.orders_by_id(call.app.app_id, ids)
    return listing_raw([found[order_id] for order_id in ids if order_id in found])
