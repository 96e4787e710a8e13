"""The one place that lists verify's checks and hooks, and registers them with schemathesis.

A check or hook module only defines functions; nothing is registered by importing it. `register()` is called
by whatever loads a schema to test (`runner.load_schema`, hence `paycontract verify` and `tests/contract`),
and may be called any number of times. `tests/verify/test_registration.py` fails when a check defined in
`paycontract/verify` is missing here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis

from paycontract.verify import (
    bill_checks,
    channel_checks,
    checks,
    filter_checks,
    list_order_checks,
    order_checks,
    pay_checks,
    probes,
    routing_checks,
    signing_hook,
    state_checks,
)
from paycontract.verify.schemathesis_internals import registered_hooks

# The order schemathesis runs them in on every response (the order the modules used to register them in).
CHECKS: tuple[Callable[..., Any], ...] = (
    bill_checks.bill_day_conformance,
    bill_checks.bill_paid_only_conformance,
    channel_checks.channel_echo_conformance,
    checks.envelope_conformance,
    checks.order_echo_conformance,
    checks.amount_conformance,
    checks.count_conformance,
    checks.time_conformance,
    checks.retry_after_conformance,
    checks.leak_conformance,
    filter_checks.channel_filter_conformance,
    list_order_checks.list_order_conformance,
    probes.auth_conformance,
    order_checks.refusal_conformance,
    pay_checks.pay_conformance,
    routing_checks.routing_fixed_conformance,
    state_checks.acceptance_conformance,
    state_checks.routing_conformance,
    state_checks.persistence_conformance,
    state_checks.isolation_conformance,
    state_checks.settlement_conformance,
)
# Each hook is registered under its function's name (`before_call`, `after_call`).
HOOKS: tuple[Callable[..., Any], ...] = (signing_hook.before_call, signing_hook.after_call)


def register() -> None:
    """Register every check and hook with schemathesis; registering again changes nothing."""
    for check in CHECKS:
        # The check registry is keyed by name: registering a check again replaces it with itself.
        schemathesis.check(check)
    for hook in HOOKS:
        # The hook dispatcher keeps a list: a hook registered twice would run twice per request.
        if hook not in registered_hooks(hook.__name__):
            schemathesis.hook(hook)
