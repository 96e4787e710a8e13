"""The domain's operations by the role they play (`x-role`), and the domain facts the spec states.

`verify`, the traffic checks and the reference server know an operation by its role, never by its
`operationId`, so a spec may name its operations as it likes; the retention of bills, the body limit and
the token lifetime are read from the spec too. Each fact is written once, in `openapi.yaml`.
"""

from __future__ import annotations

from typing import Any

ROLE_EXTENSION = "x-role"
RETENTION_EXTENSION = "x-retention-days"
BODY_LIMIT_EXTENSION = "x-body-limit"
TOKEN_LIFETIME_EXTENSION = "x-token-lifetime"

TOKEN = "token"
CREATE_ORDER = "create_order"
QUERY_ORDERS = "query_orders"
PAY_ORDER = "pay_order"
CREATE_CHANNEL = "create_channel"
LIST_CHANNELS = "list_channels"
DELETE_CHANNEL = "delete_channel"
BILL = "bill"

# Every role an operation may declare, and what the operation does in that role.
ROLES: dict[str, str] = {
    TOKEN: "exchanges an app's id and secret for an access token",
    CREATE_ORDER: "creates an order, routed to the app's channel of its pay_type",
    QUERY_ORDERS: "answers the app's orders among the ids asked for",
    PAY_ORDER: "pays a pending order (sandbox only)",
    CREATE_CHANNEL: "creates a channel of the app",
    LIST_CHANNELS: "lists the app's live channels",
    DELETE_CHANNEL: "deletes a channel of the app",
    BILL: "answers the app's bill of one day",
}


def role_of(operation: dict[str, Any]) -> str | None:
    """The `x-role` of a raw operation object, or None when it declares none (or not as a string)."""
    role = operation.get(ROLE_EXTENSION)
    return role if isinstance(role, str) else None


def is_count(value: Any, minimum: int = 0) -> bool:
    """Whether `value` is an integer (not a bool) of at least `minimum`: what a count-valued extension holds."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum
