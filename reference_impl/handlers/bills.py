"""`GET /bills`: one app's settlement bill for one UTC+8 day, with each order's channel fee."""

from __future__ import annotations

from datetime import date, timedelta

from reference_impl.errors import ApiError
from reference_impl.responses import success
from reference_impl.state import Call

CURRENCY = "CNY"


async def get_bill(call: Call) -> bytes:
    """The day's paid orders in pay order, with count, amount, fee and net; future 400, past retention 410."""
    assert call.app is not None
    state = call.state
    day = date.fromisoformat(call.params["date"])
    today = state.clock.today()
    if day > today:
        raise ApiError(400, f"invalid parameter date: {day} is after today ({today}, UTC+8)")
    retention = state.settings.bill_retention_days
    if day < today - timedelta(days=retention):
        raise ApiError(410, f"the bill of {day} is past the {retention}-day retention")
    rows = await state.storage.bill_items(call.app.app_id, day.isoformat())
    items = [
        {"order_id": order_id, "channel_id": channel_id, "amount": amount, "fee": fee, "paid_at": paid_at}
        for order_id, channel_id, amount, fee, paid_at in rows
    ]
    amount = sum(item["amount"] for item in items)
    fee = sum(item["fee"] for item in items)
    bill = {
        "date": day.isoformat(),
        "currency": CURRENCY,
        "count": len(items),
        "amount": amount,
        "fee": fee,
        "net": amount - fee,
        "items": items,
    }
    return success(bill)
