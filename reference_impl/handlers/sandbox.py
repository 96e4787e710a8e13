"""`POST /sandbox/orders/{id}/pay`: pay a pending order, as the client SDK and channel would in production."""

from __future__ import annotations

import json

from reference_impl.clock import format_time
from reference_impl.errors import ApiError
from reference_impl.responses import dumps, success_raw
from reference_impl.state import Call

STATUS_PENDING, STATUS_PAID = 0, 1


def pay_order(call: Call) -> bytes:
    """Mark the order paid (status 1, `updated_at` = now) and record its bill item with the channel's fee."""
    assert call.app is not None
    now = call.state.clock.now()
    with call.state.commits.unit() as conn:
        row = conn.execute(
            "SELECT status, amount, channel_id, fee_rate, body FROM orders WHERE id = ? AND app_id = ?",
            (call.params["id"], call.app.app_id),
        ).fetchone()
        if row is None:
            raise ApiError(404, "order not found")
        status, amount, channel_id, fee_rate, body = row
        if status != STATUS_PENDING:
            raise ApiError(400, f"order is not pending (status {status}); only a pending order can be paid")
        document = json.loads(body)
        paid_at = format_time(now)
        document["status"] = STATUS_PAID
        document["updated_at"] = paid_at
        body = dumps(document)
        conn.execute("UPDATE orders SET status = ?, body = ? WHERE id = ?", (STATUS_PAID, body, document["id"]))
        conn.execute(
            "INSERT INTO payments (order_id, app_id, channel_id, amount, fee, paid_at, paid_day)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (document["id"], call.app.app_id, channel_id, amount, amount * fee_rate // 10000, paid_at, paid_at[:10]),
        )
    return success_raw(body)
