"""Auth refusal probes: for each signed operation, a correctly signed request is spoiled in one way after
signing (no token, a garbage token, an expired token, a wrong `sign`, a parameter changed, another app's token)
and must be refused with the documented status; the token operation must refuse a wrong secret.

The expired token is the run's first one, kept after its refresh: it is probed once its announced lifetime
is surely over, waiting for that when it is near, and reported as not probed when tokens outlive the run.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from paycontract.spec import Operation
from paycontract.verify.context import Probe, VerifyContext
from paycontract.verify.explicit import Explicit
from paycontract.verify.rules import broken, cites, spec_pointer
from paycontract.verify.setup import example_params
from paycontract.verify.shard import AUTH, Unit
from paycontract.verify.state import CREATE_CHANNEL, CREATE_ORDER, DELETE_CHANNEL, PAY_ORDER
from paycontract.verify.steering import container_of
from paycontract.verify.subject import subject

UNAUTHORIZED, FORBIDDEN = 401, 403
# A server may keep a token to the end of its expiry second: probe only this long after the lifetime is over.
EXPIRY_SLACK = 2.0
# Wait at most this long for the first token to expire; tokens that live longer are not probed.
EXPIRY_WAIT = 20.0

REFUSAL_RULES = {
    UNAUTHORIZED: spec_pointer("components", "responses", "Unauthorized"),
    FORBIDDEN: spec_pointer("components", "responses", "Forbidden"),
}


@cites(*REFUSAL_RULES.values())
def auth_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A request without a token, with a bad token or sign, tampered after signing, or with another app's token
    is refused with the documented status (401, or 403 for another app's token)."""
    s = subject(response, case)
    if s is None or s.sent is None:
        return True
    if s.sent.probe is not None:
        if s.status != s.sent.probe.expected:
            raise broken(
                REFUSAL_RULES.get(s.sent.probe.expected, REFUSAL_RULES[UNAUTHORIZED]),
                f"{s.sent.probe.description}: answered {s.status}, the contract requires {s.sent.probe.expected}",
            )
        return None
    header = s.ctx.contract.token_header
    if not s.op.signed or s.sent_header(header):
        return True
    negative = s.sent.negative
    if negative is None:
        return True
    # A generated case whose only fault is the missing token must be refused for the token: 401.
    only_token_missing = negative <= {"header"}
    if only_token_missing and s.status != UNAUTHORIZED:
        raise broken(
            REFUSAL_RULES[UNAUTHORIZED], f"request without the {header} header answered {s.status}, expected 401"
        )
    return None


def planned(ctx: VerifyContext, selected: set[str]) -> list[Unit]:
    """Every probe `run` would send for `selected`, one work unit per probe and operation (for `--shard`)."""
    token_op = ctx.contract.token_operation
    units = [Unit(AUTH, token_op.id, "wrong_secret")] if token_op.id in selected else []
    for op in ctx.contract.spec.operations:
        if op.signed and op.id in selected:
            units += [Unit(AUTH, op.id, kind) for kind, *_ in _spoilers(ctx, op, "planned")]
    return units


def run(ctx: VerifyContext, explicit: Explicit, selected: set[str]) -> None:
    """Send every probe for every selected operation (those of the run's shard)."""
    contract = ctx.contract
    token_op = contract.token_operation
    if token_op.id in selected and ctx.takes(Unit(AUTH, token_op.id, "wrong_secret")):
        _wrong_secret(ctx, explicit, token_op)
    signed = [op for op in contract.spec.operations if op.signed and op.id in selected]
    wants_expired = any(ctx.takes(Unit(AUTH, op.id, "expired_token")) for op in signed)
    expired = expired_token(ctx) if wants_expired and not explicit.server_gone else None
    for op in signed:
        for kind, expected, description, tamper in _spoilers(ctx, op, expired):
            if not ctx.takes(Unit(AUTH, op.id, kind)):
                continue
            params = base_params(ctx, explicit, op)
            explicit.send(op, phase="auth", params=params, tamper=tamper, probe=Probe(kind, expected, description))


def expired_token(ctx: VerifyContext, *, sleep: Callable[[float], None] = time.sleep) -> str | None:
    """The run's first token once it has surely expired (waiting up to `EXPIRY_WAIT`), else None and a note."""
    tokens = ctx.primary.tokens
    grant = tokens.first
    if grant is None:
        return None
    wait = grant.expired_by + EXPIRY_SLACK - tokens.clock()
    if wait > EXPIRY_WAIT:
        ctx.notes.append(
            f"expired tokens were not probed: tokens live {grant.expires_in:g} s, longer than the run "
            "(a server started with shorter tokens gets this probe)"
        )
        return None
    if wait > 0:
        sleep(wait)
    return grant.token


def _wrong_secret(ctx: VerifyContext, explicit: Explicit, op: Operation) -> None:
    def tamper(case: Any) -> None:
        case.body[ctx.contract.secret_parameter] = "wrong-" + secrets.token_hex(8)

    probe = Probe("wrong_secret", UNAUTHORIZED, "a token request with a wrong app secret")
    explicit.send(op, phase="auth", params=example_params(ctx, op), tamper=tamper, probe=probe)


# Operations on one resource get a fresh one per probe: a probe the server wrongly accepts consumes it.
_RESOURCE_FOR = {PAY_ORDER: CREATE_ORDER, DELETE_CHANNEL: CREATE_CHANNEL}


def base_params(ctx: VerifyContext, explicit: Explicit, op: Operation) -> dict[str, Any]:
    """Valid parameters for `op` (the spec's example, signed with HMAC so a changed `sign_type` is a tamper)."""
    creator = _RESOURCE_FOR.get(op.role)
    if creator is None:
        return example_params(ctx, op, sign_type=2)
    return example_params(ctx, op, sign_type=2, id=_fresh(explicit, ctx, creator))


def _fresh(explicit: Explicit, ctx: VerifyContext, role: str) -> str:
    params = example_params(ctx, role)
    if role == CREATE_CHANNEL:
        params.update(name="paycontract-probe", priority=0)
    answer = explicit.send(role, phase="auth", params=params)
    data = answer.data
    return data["id"] if isinstance(data, dict) and isinstance(data.get("id"), str) else "absent-resource"


Spoiler = tuple[str, int, str, Callable[[Any], None]]


def _spoilers(ctx: VerifyContext, op: Operation, expired: str | None) -> list[Spoiler]:
    header = ctx.contract.token_header
    rule = ctx.contract.rule

    def no_token(case: Any) -> None:
        del case.headers[header]

    def garbage_token(case: Any) -> None:
        case.headers[header] = "garbage-" + secrets.token_hex(16)

    def bad_sign(case: Any) -> None:
        container = container_of(case, op, rule.parameter)
        sign = container[rule.parameter]
        container[rule.parameter] = ("0" if sign[0] != "0" else "1") + sign[1:]

    def changed_after_signing(case: Any) -> None:
        name, value = _tamper_target(ctx, op, case)
        container_of(case, op, name)[name] = value

    spoilers: list[Spoiler] = [
        ("no_token", UNAUTHORIZED, f"a request without the {header} header", no_token),
        ("garbage_token", UNAUTHORIZED, "a request with a garbage token", garbage_token),
        ("bad_sign", UNAUTHORIZED, "a request with a wrong sign", bad_sign),
        ("tampered", UNAUTHORIZED, "a request with a parameter changed after signing", changed_after_signing),
    ]
    if expired is not None:

        def expired_token(case: Any) -> None:
            case.headers[header] = expired

        spoilers.insert(2, ("expired_token", UNAUTHORIZED, "a request with an expired token", expired_token))
    if ctx.other is not None:
        other = ctx.other

        def other_token(case: Any) -> None:
            case.headers[header] = other.tokens.token()

        spoilers.append(
            ("other_app_token", FORBIDDEN, "a request signed by the app but sent with another app's token", other_token)
        )
    return spoilers


def _tamper_target(ctx: VerifyContext, op: Operation, case: Any) -> tuple[str, Any]:
    """A signed parameter to change after signing, to another valid value: a domain field if there is one."""
    untouchable = {ctx.contract.app_parameter, ctx.contract.rule.parameter, ctx.contract.rule.type_parameter}
    for param in op.parameters:
        container = container_of(case, op, param.name)
        if param.name in untouchable or param.location == "path" or container is None or param.name not in container:
            continue
        value = container[param.name]
        enum = param.schema.get("enum")
        if enum and len(enum) > 1:
            return param.name, next(item for item in enum if str(item) != str(value))
        if isinstance(value, int) and ctx.contract.is_valid(op, param.name, value + 1):
            return param.name, value + 1
        if isinstance(value, int) and ctx.contract.is_valid(op, param.name, value - 1):
            return param.name, value - 1
    # Nothing else to change: switch the signature algorithm the request claims.
    name = ctx.contract.rule.type_parameter
    current = str(container_of(case, op, name).get(name, ""))
    return name, next(t for t in sorted(ctx.contract.rule.algorithms) if str(t) != current)
