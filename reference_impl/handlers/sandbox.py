"""`POST /sandbox/orders/{id}/pay`: pay a pending order, as the client SDK and channel would in production."""

from __future__ import annotations

import json

from reference_impl.clock import format_time
from reference_impl.errors import ApiError
from reference_impl.responses import dumps, success_raw
from reference_impl.state import Call
from reference_impl.storage.base import STATUS_PAID, STATUS_PENDING, Payment


def _not_pending(status: int) -> ApiError:
    return ApiError(400, f"order is not pending (status {status}); only a pending order can be paid")


async def pay_order(call: Call) -> bytes:
    """Mark the order paid (status 1, `updated_at` = now) and record its bill item with the channel's fee."""
    assert call.app is not None
    storage = call.state.storage
    order = await storage.find_order(call.app.app_id, call.params["id"])
    if order is None:
        raise ApiError(404, "order not found")
    if order.status != STATUS_PENDING:
        raise _not_pending(order.status)
    document = json.loads(order.body)
    paid_at = format_time(call.state.clock.now())
    document["status"] = STATUS_PAID
    document["updated_at"] = paid_at
    body = dumps(document)
    fee = order.amount * order.fee_rate // 10000
    payment = Payment(document["id"], call.app.app_id, order.channel_id, order.amount, fee, paid_at)
    if not await storage.mark_paid(payment, body):
        raise _not_pending(STATUS_PAID)  # another request paid it in between
    return success_raw(body)
