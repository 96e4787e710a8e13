"""The hand-written logic of each operation, registered by operationId.

A handler takes a validated `Call` and returns the response body (a success envelope, as bytes), or
raises `ApiError`; it reaches the database only through `call.state.storage`.
Routing, parsing, validation, tokens and signatures happen before it runs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from reference_impl.handlers import bills, channels, orders, sandbox, token
from reference_impl.state import Call

Handler = Callable[[Call], Awaitable[bytes]]

HANDLERS: dict[str, Handler] = {
    "getToken": token.get_token,
    "createOrder": orders.create_order,
    "queryOrders": orders.query_orders,
    "createChannel": channels.create_channel,
    "listChannels": channels.list_channels,
    "deleteChannel": channels.delete_channel,
    "getBill": bills.get_bill,
    "paySandboxOrder": sandbox.pay_order,
}
