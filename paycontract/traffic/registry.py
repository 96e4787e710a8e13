"""Every check the engine runs, by name, in the order it runs them. Nothing registers by import side effect."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from paycontract.traffic import checks_orders, checks_request, checks_state, checks_wire
from paycontract.traffic.findings import Flaw
from paycontract.traffic.view import Seen

Check = Callable[[Seen], Iterable[Flaw]]

CHECKS: dict[str, Check] = {
    "status_declared": checks_wire.status_declared,
    "content_type": checks_wire.content_type_json,
    "envelope": checks_wire.envelope,
    "response_schema": checks_wire.response_schema,
    "count": checks_wire.count_matches,
    "retry_after": checks_wire.retry_after,
    "leak": checks_wire.no_leak,
    "signature": checks_request.signature,
    "parameters": checks_request.parameters,
    "app_token": checks_request.app_token,
    "order_echo": checks_orders.order_echo,
    "amounts": checks_orders.amounts_in_fen,
    "times": checks_orders.times,
    "isolation": checks_state.isolation,
    "persistence": checks_state.persistence,
    "routing": checks_state.routing,
    "bills": checks_state.bills,
}
# The checks that judge the request and the status only: all that runs when a recording left the body out.
WITHOUT_BODY = frozenset({"status_declared", "signature", "parameters", "app_token", "retry_after"})
# Not a check function: the engine's name for an exchange that got no answer from the upstream.
UPSTREAM = "upstream"
