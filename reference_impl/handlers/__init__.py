"""The hand-written logic of each operation, registered by the role it plays (its `x-role`).

A handler takes a validated `Call` and returns the response body (a success envelope, as bytes), or
raises `ApiError`; it reaches the database only through `call.state.storage`.
Routing, parsing, validation, tokens and signatures happen before it runs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from paycontract import roles
from reference_impl.handlers import bills, channels, orders, sandbox, token
from reference_impl.state import Call

Handler = Callable[[Call], Awaitable[bytes]]

HANDLERS: dict[str, Handler] = {
    roles.TOKEN: token.get_token,
    roles.CREATE_ORDER: orders.create_order,
    roles.QUERY_ORDERS: orders.query_orders,
    roles.CREATE_CHANNEL: channels.create_channel,
    roles.LIST_CHANNELS: channels.list_channels,
    roles.DELETE_CHANNEL: channels.delete_channel,
    roles.BILL: bills.get_bill,
    roles.PAY_ORDER: sandbox.pay_order,
}
