"""`POST /channels`, `GET /channels`, `DELETE /channels/{id}`: an app's upstream payment channels."""

from __future__ import annotations

from typing import Any

from reference_impl.clock import format_time
from reference_impl.errors import ApiError
from reference_impl.ids import new_id
from reference_impl.responses import dumps, listing_raw, success
from reference_impl.state import Call

COLUMNS = "id, app_id, name, pay_type, platform, priority, fee_rate, created_at"
FIELDS = tuple(column.strip() for column in COLUMNS.split(","))


def _channel(row: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(FIELDS, row, strict=True))


def create_channel(call: Call) -> bytes:
    """Add a channel; it routes new orders of its pay_type when its priority is the highest."""
    assert call.app is not None
    params = call.params
    channel = {
        "id": new_id("chn"),
        "app_id": call.app.app_id,
        "name": params["name"],
        "pay_type": params["pay_type"],
        "platform": params["platform"],
        "priority": params["priority"],
        "fee_rate": params["fee_rate"],
        "created_at": format_time(call.state.clock.now()),
    }
    with call.state.commits.unit(single_statement=True) as conn:
        conn.execute(
            f"INSERT INTO channels ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tuple(channel[f] for f in FIELDS)
        )
    return success(channel)


def list_channels(call: Call) -> bytes:
    """The app's live channels, oldest first, optionally of one pay_type."""
    assert call.app is not None
    sql = f"SELECT {COLUMNS} FROM channels WHERE app_id = ? AND deleted_at IS NULL"
    args: list[Any] = [call.app.app_id]
    if call.params.get("pay_type") is not None:
        sql += " AND pay_type = ?"
        args.append(call.params["pay_type"])
    rows = call.state.conn.execute(sql + " ORDER BY seq", args).fetchall()
    return listing_raw([dumps(_channel(row)) for row in rows])


def delete_channel(call: Call) -> bytes:
    """Delete a live channel and answer it; a deleted one is 410, another app's or an unknown one 404."""
    assert call.app is not None
    with call.state.commits.unit() as conn:
        row = conn.execute(
            f"SELECT {COLUMNS}, deleted_at FROM channels WHERE id = ? AND app_id = ?",
            (call.params["id"], call.app.app_id),
        ).fetchone()
        if row is None:
            raise ApiError(404, "channel not found")
        if row[-1] is not None:
            raise ApiError(410, "channel has been deleted")
        conn.execute("UPDATE channels SET deleted_at = ? WHERE id = ?", (format_time(call.state.clock.now()), row[0]))
    return success(_channel(row[:-1]))
