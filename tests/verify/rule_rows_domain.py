"""Rule-table rows about what the API means: statuses, filters, ownership, routing, bills, echo, times, tokens."""

from __future__ import annotations

from tests.verify.rule_types import Rule

ENVELOPE = "DESIGN.md § Decisions: Envelope"
ORDERS = "DESIGN.md § Decisions: POST /v1/orders"
QUERY = "DESIGN.md § Decisions: GET /v1/orders"
CHANNELS = "DESIGN.md § Finer points: Channels"
ROUTING = "DESIGN.md § Decisions: Channel routing"
SETTLEMENT = "DESIGN.md § Decisions: Settlement"
BILLS = "DESIGN.md § Finer points: Bills"

DOMAIN_ROWS: list[Rule] = [
    Rule(
        "order-fields",
        "an Order carries every required field",
        "openapi.yaml#/components/schemas/Order",
        "response_schema_conformance",
        "dropped-required-field",
    ),
    Rule(
        "amount-integer",
        "payment.amount is an integer number of fen",
        "DESIGN.md § Decisions: Money",
        "response_schema_conformance",
        "number-as-string",
    ),
    Rule(
        "amount-fen",
        "an order echoes its amount in fen, not yuan",
        "DESIGN.md § Decisions: Money",
        "amount_conformance",
        "amounts-in-yuan",
    ),
    Rule("success-is-200", "success is HTTP 200 with code 0", ENVELOPE, "status_code_conformance", "created-201"),
    Rule(
        "error-status",
        "an error's HTTP status equals its envelope code",
        ENVELOPE,
        "envelope_conformance",
        "wrong-error-status",
    ),
    Rule(
        "no-internals",
        "a 500 leaks no internals, and non-ASCII input is no 500",
        ENVELOPE,
        "not_a_server_error",
        "traceback-on-non-ascii",
    ),
    Rule("retry-after", "429 and 503 carry Retry-After", ENVELOPE, "retry_after_conformance", "retry-after-missing"),
    Rule(
        "persisted",
        "a created order is found by a later query, identical",
        QUERY,
        "persistence_conformance",
        "lost-write",
    ),
    Rule(
        "orders-isolated",
        "a query never returns another app's orders",
        QUERY,
        "isolation_conformance",
        "leaks-other-apps-orders",
    ),
    Rule("count", "count is the number of items in data", QUERY, "count_conformance", "count-off-by-one"),
    Rule(
        "expire-at",
        "expire_at is created_at + 24 h",
        "DESIGN.md § Decisions: Times",
        "time_conformance",
        "expiry-12-hours",
    ),
    Rule(
        "delete-once",
        "deleting a deleted channel is 410",
        "DESIGN.md § Decisions: Channel routing",
        "acceptance_conformance",
        "delete-twice-succeeds",
    ),
    Rule(
        "channel-filter",
        "GET /channels?pay_type=N lists only channels of pay_type N",
        CHANNELS,
        "channel_filter_conformance",
        "ignores-channel-filter",
    ),
    Rule(
        "answers",
        "a connection is answered, not reset",
        "DESIGN.md § Decisions: Envelope",
        "transport",
        "connection-reset",
    ),
    # Routing and bills.
    Rule(
        "routing-priority",
        "an order goes to the app's live channel of its pay_type with the highest priority",
        ROUTING,
        "routing_conformance",
        "priority-ignored",
    ),
    Rule(
        "routing-tie",
        "on a priority tie the channel created first wins",
        CHANNELS,
        "routing_conformance",
        "tie-goes-to-newest",
    ),
    Rule(
        "routing-deleted", "a deleted channel never routes", CHANNELS, "routing_conformance", "deleted-channel-routes"
    ),
    Rule(
        "routing-fixed",
        "an order's routing is fixed when it is created",
        CHANNELS,
        "routing_fixed_conformance",
        "routing-not-fixed",
    ),
    Rule(
        "routing-no-channel",
        "an order of a pay_type with no live channel is 400",
        ROUTING,
        "acceptance_conformance",
        "no-channel-default-route",
    ),
    Rule(
        "bill-this-app",
        "a bill lists only the asking app's orders",
        SETTLEMENT,
        "isolation_conformance",
        "bill-lists-other-apps",
    ),
    Rule(
        "bill-paid-only",
        "a bill lists paid orders only",
        SETTLEMENT,
        "bill_paid_only_conformance",
        "pending-orders-billed",
    ),
    Rule("bill-utc8-day", "a bill's day is the UTC+8 calendar day", BILLS, "bill_day_conformance", "utc-day-bills"),
    Rule(
        "bill-fee-floor", "item fee = floor(amount × fee_rate / 10000)", BILLS, "settlement_conformance", "fee-rounded"
    ),
    Rule("bill-net", "a bill's net is amount − fee", BILLS, "settlement_conformance", "net-is-gross"),
    Rule("bill-count", "a bill's count is its number of items", BILLS, "count_conformance", "bill-count-off-by-one"),
    Rule(
        "bill-retention-served",
        "the bill of today − 90 days is served",
        BILLS,
        "acceptance_conformance",
        "retention-89-days",
    ),
    Rule(
        "bill-retention-410", "the bill of today − 91 days is 410", BILLS, "acceptance_conformance", "retention-91-days"
    ),
    Rule(
        "bill-future-400", "a bill for a day after today is 400", BILLS, "acceptance_conformance", "future-bill-empty"
    ),
]

# --- Statuses of a resource's state, ownership, filters, list order, echo, times and empty values -------------

PAY = "DESIGN.md § Finer points: Sandbox pay"
LEFT_OPEN = "DESIGN.md § What the contract leaves to each server"
DELETE_CHANNEL = "openapi.yaml#/paths/~1channels~1{id}/delete/responses"
PAY_RESPONSES = "openapi.yaml#/paths/~1sandbox~1orders~1{id}~1pay/post/responses"

DOMAIN_ROWS += [
    Rule(
        "pay-not-pending-400",
        "paying an order that is not pending is 400",
        PAY,
        "acceptance_conformance",
        "repay-succeeds",
    ),
    Rule(
        "pay-other-apps-404",
        "paying another app's order is 404, as an unknown one",
        PAY,
        "acceptance_conformance",
        "pays-other-apps-order",
    ),
    Rule(
        "pay-unknown-404",
        "paying an unknown order is 404",
        f"{PAY_RESPONSES}/404",
        "acceptance_conformance",
        "pay-unknown-400",
    ),
    Rule(
        "delete-unknown-404",
        "deleting an unknown channel is 404",
        f"{DELETE_CHANNEL}/404",
        "acceptance_conformance",
        "delete-unknown-410",
    ),
    Rule(
        "delete-other-apps-404",
        "deleting another app's live channel is 404 exactly as an unknown one",
        CHANNELS,
        "acceptance_conformance",
        "other-apps-channel-403",
    ),
    Rule(
        "delete-other-apps-deleted-404",
        "deleting another app's deleted channel is 404, not 410",
        CHANNELS,
        "acceptance_conformance",
        "other-apps-deleted-channel-410",
    ),
    Rule(
        "query-unknown-left-out",
        "a query leaves unknown ids out (200, no 404)",
        QUERY,
        "acceptance_conformance",
        "query-unknown-404",
    ),
    Rule(
        "paid-stays-paid",
        "a paid order is never queried as pending again",
        QUERY,
        "persistence_conformance",
        "query-shows-pending",
    ),
    Rule(
        "query-keeps-order",
        "a query answers its orders in the order the ids were given",
        QUERY,
        "persistence_conformance",
        "query-in-creation-order",
    ),
    Rule(
        "channels-isolated",
        "GET /channels lists only the asking app's channels",
        CHANNELS,
        "isolation_conformance",
        "lists-other-apps-channels",
    ),
    Rule(
        "channels-oldest-first",
        "GET /channels lists the live channels oldest first",
        CHANNELS,
        "list_order_conformance",
        "channels-newest-first",
    ),
    Rule(
        "channel-filter-invalid-400",
        "a pay_type filter outside the enum is 400",
        CHANNELS,
        "refusal_conformance",
        "bad-filter-ignored",
    ),
    Rule(
        "bill-pay-order", "a bill's items are in pay order", BILLS, "list_order_conformance", "bill-items-newest-first"
    ),
    Rule(
        "empty-ext-data",
        "an empty ext_data is as if not sent: the order is created with ext_data {}",
        f"{LEFT_OPEN}: an empty value counts as absent",
        "acceptance_conformance",
        "empty-ext-data-400",
    ),
    Rule(
        "empty-priority-default",
        "an empty priority is as if not sent: the channel gets the default priority 0",
        f"{LEFT_OPEN}: an empty value counts as absent",
        "channel_echo_conformance",
        "empty-priority-highest",
    ),
    Rule(
        "retry-after-503",
        "503 (maintenance) carries Retry-After",
        "openapi.yaml#/components/responses/ServiceUnavailable",
        "retry_after_conformance",
        "maintenance-without-retry-after",
    ),
    Rule(
        "time-format",
        "times are zero-padded 'YYYY-MM-DD HH:MM:SS'",
        "DESIGN.md § Decisions: Times",
        "time_conformance",
        "iso-times",
    ),
    Rule(
        "pay-changes-status-only",
        "a sandbox pay answers the order with status 1 and a new updated_at, nothing else changed",
        PAY,
        "pay_conformance",
        "pay-moves-expiry",
    ),
    Rule(
        "bill-paid-at",
        "a bill item's paid_at is the pay answer's updated_at",
        PAY,
        "pay_conformance",
        "paid-at-is-creation",
    ),
]

# --- What a new order is, and the forms of a bill date ------------------------------------------------------

LIFECYCLE = "openapi.yaml#/info/x-general-rules/5/text"

DOMAIN_ROWS += [
    Rule(
        "new-order-pending",
        "a new order has status 0 (pending)",
        LIFECYCLE,
        "new_order_conformance",
        "created-as-paid",
    ),
    Rule(
        "new-order-updated-at",
        "a new order's updated_at equals its created_at",
        LIFECYCLE,
        "new_order_conformance",
        "updated-at-after-creation",
    ),
    Rule(
        "bill-date-strict",
        "a bill date that is not a zero-padded real date is 400, even where a lenient reading falls in the window",
        BILLS,
        "acceptance_conformance",
        "loose-bill-dates",
    ),
    Rule(
        "absent-fields-null",
        "an order created without ext_data has ext_data {}, without product fields product {id: null, name: null}",
        ORDERS,
        "order_echo_conformance",
        "absent-as-zero-values",
    ),
    Rule(
        "bill-empty-day",
        "a bill for a day with no paid orders is 200 with zeros and items []",
        BILLS,
        "acceptance_conformance",
        "empty-day-404",
    ),
]
