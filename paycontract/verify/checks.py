"""Payment-domain checks on single responses, on top of schemathesis' built-in ones.

One registered function per contract rule, named `<thing>_conformance`. Each is a thin adapter: the rule is
judged by the traffic check engine's check for it (`paycontract.traffic`, shared with `proxy` and `check-har`),
and each server-side flaw it sees is raised as `broken(rule, message)`. They do nothing outside a verify run.
"""

from __future__ import annotations

from typing import Any

from paycontract.traffic import checks_orders, checks_wire
from paycontract.verify.driver import judge
from paycontract.verify.rules import cites


@cites(*checks_wire.envelope.rules)
def envelope_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every answer is a JSON envelope: code 0 exactly when HTTP 200, else code = status and data null."""
    return judge(checks_wire.envelope, response, case)


@cites(*checks_orders.order_echo.rules)
def order_echo_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A created order echoes the request's amount, pay_type, product and ext_data (compared as I-JSON)."""
    return judge(checks_orders.order_echo, response, case)


@cites(*checks_orders.amounts_in_fen.rules)
def amount_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Amounts are integers in fen (minor units): order amounts, and a bill's amount, fee, net and items."""
    return judge(checks_orders.amounts_in_fen, response, case)


@cites(*checks_wire.count_matches.rules)
def count_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A list answer's `count` equals the number of items it carries, and so does a bill's."""
    return judge(checks_wire.count_matches, response, case)


@cites(*checks_orders.times.rules)
def time_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """Times are zero-padded `YYYY-MM-DD HH:MM:SS` in UTC+8; created_at ≤ updated_at; expire_at = created_at + 24 h."""
    return judge(checks_orders.times, response, case)


@cites(*checks_wire.retry_after.rules)
def retry_after_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """429 and 503 answers carry `Retry-After` with a whole number of seconds."""
    return judge(checks_wire.retry_after, response, case)


@cites(*checks_wire.no_leak.rules)
def leak_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """No error answer leaks internals: tracebacks, SQL, file paths."""
    return judge(checks_wire.no_leak, response, case)
