"""`POST /channels`, `GET /channels`, `DELETE /channels/{id}`: an app's upstream payment channels."""

from __future__ import annotations

from typing import Any

from reference_impl.clock import format_time
from reference_impl.errors import ApiError
from reference_impl.ids import new_id
from reference_impl.responses import dumps, listing_raw, success
from reference_impl.state import Call
from reference_impl.storage.base import CHANNEL_FIELDS, ChannelRow, Deletion

ID_ATTEMPTS = 3


def _channel(row: ChannelRow) -> dict[str, Any]:
    return dict(zip(CHANNEL_FIELDS, row, strict=True))


async def create_channel(call: Call) -> bytes:
    """Add a channel; it routes new orders of its pay_type when its priority is the highest."""
    assert call.app is not None
    params = call.params
    channel = {
        "id": "",
        "app_id": call.app.app_id,
        "name": params["name"],
        "pay_type": params["pay_type"],
        "platform": params["platform"],
        "priority": params["priority"],
        "fee_rate": params["fee_rate"],
        "created_at": format_time(call.state.clock.now()),
    }
    for _attempt in range(ID_ATTEMPTS):
        channel["id"] = new_id("chn")
        if await call.state.storage.insert_channel(tuple(channel[f] for f in CHANNEL_FIELDS)):
            return success(channel)
    raise RuntimeError("could not draw a free channel id")


async def list_channels(call: Call) -> bytes:
    """The app's live channels, oldest first, optionally of one pay_type."""
    assert call.app is not None
    rows = await call.state.storage.list_channels(call.app.app_id, call.params.get("pay_type"))
    return listing_raw([dumps(_channel(row)) for row in rows])


async def delete_channel(call: Call) -> bytes:
    """Delete a live channel and answer it; a deleted one is 410, another app's or an unknown one 404."""
    assert call.app is not None
    deleted_at = format_time(call.state.clock.now())
    outcome, row = await call.state.storage.delete_channel(call.app.app_id, call.params["id"], deleted_at)
    if outcome is Deletion.MISSING:
        raise ApiError(404, "channel not found")
    if outcome is Deletion.GONE or row is None:
        raise ApiError(410, "channel has been deleted")
    return success(_channel(row))
