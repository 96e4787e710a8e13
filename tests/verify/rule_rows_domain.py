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
