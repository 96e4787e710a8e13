"""Before any generated request: authenticate, learn the server's channels and date, and probe the sandbox.

A server that cannot be reached or refuses the run's credentials stops the run here with one line; nothing
else would be worth reporting.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from paycontract.errors import UserError
from paycontract.spec import Operation
from paycontract.verify.auth import AuthFailure, Unreachable
from paycontract.verify.context import Identity, VerifyContext
from paycontract.verify.explicit import Explicit
from paycontract.verify.findings import Exchange, Finding, RunResult
from paycontract.verify.rules import builtin_rule
from paycontract.verify.signing_hook import FORM_MEDIA_TYPE
from paycontract.verify.state import CREATE_CHANNEL, CREATE_ORDER, LIST_CHANNELS, PAY_ORDER, QUERY_ORDERS

PLACEHOLDER_SIGN = "0" * 64


def example_params(ctx: VerifyContext, operation: Operation | str, **overrides: Any) -> dict[str, Any]:
    """The spec's example request for an operation (or the operation of a role), with `overrides` (and a
    placeholder `sign` to replace)."""
    op = ctx.contract.resolve(operation)
    params = dict(op.request_example)
    if op.signed:
        params[ctx.contract.rule.parameter] = PLACEHOLDER_SIGN
    params.update(overrides)
    return {name: value for name, value in params.items() if value is not None}


def authenticate(ctx: VerifyContext) -> None:
    """Fetch a token for every identity; one clear line (and no run) when that is impossible."""
    for identity in (ctx.primary, ctx.other):
        if identity is None:
            continue
        try:
            identity.tokens.token()
        except Unreachable as exc:
            raise UserError(f"cannot reach the server: {exc}") from None
        except AuthFailure as exc:
            raise UserError(
                f"cannot authenticate as app {identity.app_id}, nothing was verified: {exc}", exit_code=1
            ) from None


def report_transient_errors(ctx: VerifyContext, result: RunResult) -> None:
    """A token request that failed and then succeeded on a retry is a finding (a reset is not a 200)."""
    label = f"POST {ctx.contract.token_operation.path}"
    for identity in (ctx.primary, ctx.other):
        if identity is None:
            continue
        provider = identity.tokens
        for error in provider.transient_errors:
            body = urlencode(provider.form())
            exchange = Exchange("POST", provider.url, {"content-type": FORM_MEDIA_TYPE}, body, error=error)
            message = f"{error} on the token request, answered on a retry (a server answers every request)"
            rule = builtin_rule(ctx.contract.spec.raw, "transport", label, None)
            finding = Finding("transport", label, "auth", message, exchange, rule=rule)
            result.add(finding, ("transport", label, error))
        provider.transient_errors.clear()


def prepare_server(ctx: VerifyContext, explicit: Explicit) -> None:
    """Learn live channels, make sure every pay_type can route, learn the date, probe sandbox-only operations."""
    pay_types = ctx.contract.by_role[CREATE_ORDER].parameter("pay_type").schema.get("enum", [])
    for identity in (ctx.primary, ctx.other):
        if identity is None:
            continue
        listed = explicit.send(
            LIST_CHANNELS, identity=identity, params=example_params(ctx, LIST_CHANNELS, pay_type=None)
        )
        if listed.status != 200:
            ctx.notes.append(f"could not list app {identity.app_id}'s channels; routing is not checked")
            continue
        ctx.model.mark_complete(identity.app_id)
        _ensure_channels(ctx, explicit, identity, pay_types)
    created = explicit.send(CREATE_ORDER, params=example_params(ctx, CREATE_ORDER))
    if ctx.model.today is None:
        ctx.notes.append("no order could be created, so the server's date is unknown; bill dates are not steered")
    for op in ctx.contract.sandbox_only:
        _probe_sandbox(ctx, explicit, op, created.data)
    if ctx.other is not None:
        explicit.send(CREATE_ORDER, identity=ctx.other, params=example_params(ctx, CREATE_ORDER))


def _ensure_channels(ctx: VerifyContext, explicit: Explicit, identity: Identity, pay_types: list[int]) -> None:
    live = {
        known.data.get("pay_type")
        for known in ctx.model.channels.values()
        if known.app_id == identity.app_id and not known.deleted
    }
    for pay_type in pay_types:
        if pay_type not in live:
            params = example_params(ctx, CREATE_CHANNEL, name=f"paycontract-verify-{pay_type}", pay_type=pay_type)
            explicit.send(CREATE_CHANNEL, identity=identity, params={**params, "priority": 0})
            ctx.notes.append(f"app {identity.app_id} had no channel for pay_type {pay_type}; the run created one")


def _probe_sandbox(ctx: VerifyContext, explicit: Explicit, op: Operation, order: Any) -> None:
    """A sandbox-only operation is tested only where it exists: a 404 for a fresh order means it does not."""
    if op.role != PAY_ORDER:
        return
    operation_id = op.id
    order_id = order.get("id") if isinstance(order, dict) else None
    if order_id is None:
        ctx.notes.append(f"no order to probe {operation_id} with; it is tested as present")
        return
    answer = explicit.send(PAY_ORDER, params=example_params(ctx, PAY_ORDER, id=order_id), judge_status=False)
    if answer.status != 404:
        return
    # 404 means the path is absent only if the order itself exists; a lost order is a finding of its own.
    found = explicit.send(QUERY_ORDERS, params=example_params(ctx, QUERY_ORDERS, ids=order_id))
    if isinstance(found.data, list) and any(isinstance(o, dict) and o.get("id") == order_id for o in found.data):
        ctx.excluded_operations.add(operation_id)
        ctx.notes.append(f"{operation_id} is absent on this server (404): sandbox-only operations are skipped")


def describe(ctx: VerifyContext) -> str:
    """One line on what setup learned: the apps, the server's date, the sandbox."""
    apps = ", ".join(
        f"app {identity.app_id} (token for {grant.expires_in:.0f} s)" if (grant := identity.tokens.grant()) else ""
        for identity in (ctx.primary, ctx.other)
        if identity is not None
    )
    today = ctx.model.today.isoformat() if ctx.model.today else "unknown"
    sandbox = "absent" if any(op.id in ctx.excluded_operations for op in ctx.contract.sandbox_only) else "present"
    return f"acting as {apps}; server date {today}; sandbox operations {sandbox}"
