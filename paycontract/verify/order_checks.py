"""Refusal probes on signed operations: a correctly signed request spoiled in one or two ways must get the
status of its first problem in DESIGN's order of checks (… 401 token → 400 `app_id` → 403 another app's
token → 400 `sign`/`sign_type` → 401 signature → 400 the operation's own parameters → the resource's state).

Single problems: a missing, an empty or a malformed `sign` and a missing or an empty `app_id` are 400 (a missing
or invalid parameter, not a bad signature), a form body that is not UTF-8 is 400 (or 401: the order of checks
does not place it, and a server may compare the signature over the bytes first), and a
parameter given twice is 400, in one place or across two (a path id again beside the `sign`, a `sign` in both
the form body and the query string). Pairs, for those a client can build from outside: a bad token with a missing
`sign`, a bad parameter or a repeated one (401); a bad `app_id` with another app's token (400); another app's
token with a missing `sign` or a bad parameter (403); a bad `sign_type` with a wrong signature (400); a
wrong signature with a bad parameter (401); a bad path id of a resource that does not exist (400, not 404).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from paycontract.spec import Operation, Parameter
from paycontract.verify.context import VerifyContext
from paycontract.verify.explicit import Explicit
from paycontract.verify.probes import base_params
from paycontract.verify.rules import broken, cites, spec_pointer
from paycontract.verify.setup import example_params
from paycontract.verify.shard import PROTOCOL, Unit
from paycontract.verify.signing_hook import signature, wire_pairs
from paycontract.verify.steering import container_of
from paycontract.verify.subject import subject

LEFT_TO_SERVERS = "DESIGN.md § What the contract leaves to each server"
ORDER_RULE = f"{LEFT_TO_SERVERS}: order of checks"
SIGN_RULE = f"{LEFT_TO_SERVERS}: missing or empty sign"
REPEAT_RULE = f"{LEFT_TO_SERVERS}: a parameter given twice"
APP_ID_RULE = f"{LEFT_TO_SERVERS}: missing or empty app_id"
UTF8_RULE = spec_pointer("info", "x-general-rules", "0", "text")
# An undeclared name the contract says is signed and ignored, to carry bytes that are not UTF-8 (é in Latin-1).
UNDECODABLE = ("paycontract_text", b"caf\xe9")
BAD_VALUES = ("!", "0", "-1", "x" * 300)
BAD_APP_ID = "not-an-app"
MALFORMED_SIGN = "Z" * 64


@dataclass(frozen=True)
class Refusal:
    """What a spoiled request must get: a status, the rule that fixes it, and the statuses of later problems."""

    kind: str
    expected: int
    rule: str
    description: str
    later: frozenset[int] = frozenset()
    also: frozenset[int] = frozenset()  # statuses the contract leaves a server free to answer instead


@cites(ORDER_RULE, SIGN_RULE, REPEAT_RULE, APP_ID_RULE, UTF8_RULE)
def refusal_conformance(ctx: Any, response: Any, case: Any) -> bool | None:
    """A signed request spoiled on purpose gets the status of its first problem in DESIGN's order of checks."""
    s = subject(response, case)
    refusal = s.sent.refusal if s is not None and s.sent is not None else None
    if s is None or refusal is None:
        return True
    status = s.status
    if status == refusal.expected or status in refusal.also:
        return None
    rule = ORDER_RULE if status in refusal.later else refusal.rule
    raise broken(rule, f"{refusal.description}: answered {status}, the contract requires {refusal.expected}")


Spoil = Callable[[Any], None]


@dataclass(frozen=True)
class Spoiler:
    """One refusal probe: what it expects and how it spoils the signed case."""

    refusal: Refusal
    spoil: Spoil


def planned(ctx: VerifyContext, selected: set[str]) -> list[Unit]:
    """One work unit per refusal probe and signed operation (for `--shard`)."""
    return [
        Unit(PROTOCOL, op.id, spoiler.refusal.kind) for op in _signed(ctx, selected) for spoiler in spoilers(ctx, op)
    ]


def run(ctx: VerifyContext, explicit: Explicit, selected: set[str]) -> None:
    """Send every refusal probe of the run's shard; `refusal_conformance` judges the answers."""
    for op in _signed(ctx, selected):
        for spoiler in spoilers(ctx, op):
            if not ctx.takes(Unit(PROTOCOL, op.id, spoiler.refusal.kind)):
                continue
            params = _params(ctx, explicit, op, spoiler.refusal.kind)
            explicit.send(op, phase="auth", params=params, tamper=_recorded(ctx, spoiler))


def _signed(ctx: VerifyContext, selected: set[str]) -> list[Operation]:
    return [op for op in ctx.contract.spec.operations if op.signed and op.id in selected]


def _recorded(ctx: VerifyContext, spoiler: Spoiler) -> Spoil:
    def tamper(case: Any) -> None:
        spoiler.spoil(case)
        sent = ctx.sent.get(case.id)
        if sent is not None:
            sent.refusal = spoiler.refusal

    return tamper


def _params(ctx: VerifyContext, explicit: Explicit, op: Operation, kind: str) -> dict[str, Any]:
    if kind == "bad_id_of_unknown_resource":
        path = _path_parameter(op)
        assert path is not None
        return example_params(ctx, op, sign_type=2, **{path.name: _bad_id(ctx, op, path)})
    return base_params(ctx, explicit, op)


def spoilers(ctx: VerifyContext, op: Operation) -> list[Spoiler]:
    """The refusal probes that apply to `op` (the pairs need a bad parameter, a repeatable one, another app)."""
    found = [
        Spoiler(Refusal("missing_sign", 400, SIGN_RULE, "a request without sign"), _no_sign(ctx, op)),
        Spoiler(Refusal("empty_sign", 400, SIGN_RULE, "a request with an empty sign"), _empty_sign(ctx, op)),
        Spoiler(
            Refusal("malformed_sign", 400, SIGN_RULE, f"sign={MALFORMED_SIGN[:8]}… (not hex)", frozenset({401})),
            _set(op, ctx.contract.rule.parameter, MALFORMED_SIGN),
        ),
        Spoiler(
            Refusal("missing_app_id", 400, SIGN_RULE, "a request without app_id", frozenset({401, 403})),
            _dropped(op, ctx.contract.app_parameter),
        ),
        Spoiler(
            Refusal("empty_app_id", 400, APP_ID_RULE, "a request with an empty app_id", frozenset({401, 403})),
            _set(op, ctx.contract.app_parameter, ""),
        ),
        Spoiler(
            Refusal("bad_token_and_no_sign", 401, ORDER_RULE, "a garbage token and no sign", frozenset({400})),
            _both(_garbage_token(ctx), _no_sign(ctx, op)),
        ),
        Spoiler(
            Refusal(
                "bad_sign_type_and_signature",
                400,
                ORDER_RULE,
                "an invalid sign_type and a wrong sign",
                frozenset({401}),
            ),
            _bad_sign_type(ctx, op),
        ),
    ]
    bad = _bad_parameter(ctx, op)
    if bad is not None:
        name, value = bad
        what = f"{name}={value[:20]}"
        found += [
            Spoiler(
                Refusal("bad_token_and_parameter", 401, ORDER_RULE, f"a garbage token and {what}", frozenset({400})),
                _both(_garbage_token(ctx), _set(op, name, value)),
            ),
            Spoiler(
                Refusal(
                    "bad_signature_and_parameter", 401, ORDER_RULE, f"{what}, changed after signing", frozenset({400})
                ),
                _set(op, name, value),
            ),
        ]
    repeat = _repeatable(ctx, op)
    if repeat is not None:
        twice = f"{repeat} sent twice (both signed)"
        found += [
            Spoiler(Refusal("repeated_parameter", 400, REPEAT_RULE, twice), _twice(ctx, op, repeat)),
            Spoiler(
                Refusal(
                    "bad_token_and_repeated_parameter",
                    401,
                    ORDER_RULE,
                    f"a garbage token and {twice}",
                    frozenset({400}),
                ),
                _both(_twice(ctx, op, repeat), _garbage_token(ctx)),
            ),
        ]
    across = _two_places(ctx, op)
    if across is not None:
        name, source, target = across
        found.append(
            Spoiler(
                Refusal("parameter_in_two_places", 400, REPEAT_RULE, f"{name} sent in the {source} and the {target}"),
                _copied(ctx, op, name, target),
            )
        )
    if op.body_media_type:
        description = f"a form body with {UNDECODABLE[0]}=caf%E9 (not UTF-8), signed over it as read with U+FFFD"
        found.append(
            Spoiler(Refusal("body_not_utf8", 400, UTF8_RULE, description, also=frozenset({401})), _undecodable(ctx))
        )
    path = _path_parameter(op)
    if path is not None and _bad_id(ctx, op, path) is not None:
        description = f"an invalid {path.name} (no such resource either), correctly signed"
        found.append(
            Spoiler(Refusal("bad_id_of_unknown_resource", 400, ORDER_RULE, description, frozenset({404, 410})), _noop)
        )
    if ctx.other is not None:
        found += _other_app_spoilers(ctx, op, bad)
    return found


def _other_app_spoilers(ctx: VerifyContext, op: Operation, bad: tuple[str, str] | None) -> list[Spoiler]:
    other = _other_token(ctx)
    app = ctx.contract.app_parameter
    found = [
        Spoiler(
            Refusal(
                "bad_app_id_and_other_token",
                400,
                ORDER_RULE,
                f"{app}={BAD_APP_ID} and another app's token",
                frozenset({403}),
            ),
            _both(other, _set(op, app, BAD_APP_ID)),
        ),
        Spoiler(
            Refusal(
                "other_token_and_no_sign", 403, ORDER_RULE, "another app's token and no sign", frozenset({400, 401})
            ),
            _both(other, _no_sign(ctx, op)),
        ),
    ]
    if bad is not None:
        name, value = bad
        found.append(
            Spoiler(
                Refusal(
                    "other_token_and_parameter",
                    403,
                    ORDER_RULE,
                    f"another app's token and {name}={value[:20]}",
                    frozenset({400, 401}),
                ),
                _both(other, _set(op, name, value)),
            )
        )
    return found


def _noop(case: Any) -> None:
    return None


def _both(first: Spoil, second: Spoil) -> Spoil:
    def spoil(case: Any) -> None:
        first(case)
        second(case)

    return spoil


def _garbage_token(ctx: VerifyContext) -> Spoil:
    def spoil(case: Any) -> None:
        case.headers[ctx.contract.token_header] = "garbage-" + secrets.token_hex(16)

    return spoil


def _other_token(ctx: VerifyContext) -> Spoil:
    def spoil(case: Any) -> None:
        assert ctx.other is not None
        case.headers[ctx.contract.token_header] = ctx.other.tokens.token()

    return spoil


def _no_sign(ctx: VerifyContext, op: Operation) -> Spoil:
    return _dropped(op, ctx.contract.rule.parameter)


def _dropped(op: Operation, name: str) -> Spoil:
    def spoil(case: Any) -> None:
        container = container_of(case, op, name)
        if container is not None:
            container.pop(name, None)

    return spoil


def _empty_sign(ctx: VerifyContext, op: Operation) -> Spoil:
    return _set(op, ctx.contract.rule.parameter, "")


def _bad_sign_type(ctx: VerifyContext, op: Operation) -> Spoil:
    rule = ctx.contract.rule
    unknown = str(max(int(t) for t in rule.algorithms) + 7)

    def spoil(case: Any) -> None:
        _set(op, rule.type_parameter, unknown)(case)
        container = container_of(case, op, rule.parameter)
        if container is not None:
            container[rule.parameter] = "0" * 64

    return spoil


def _set(op: Operation, name: str, value: Any) -> Spoil:
    def spoil(case: Any) -> None:
        container = container_of(case, op, name)
        if container is not None:
            container[name] = value

    return spoil


def _twice(ctx: VerifyContext, op: Operation, name: str) -> Spoil:
    """Send `name` twice with the same value, signed over both, as the server reads them."""
    rule = ctx.contract.rule

    def spoil(case: Any) -> None:
        container = container_of(case, op, name)
        sign_container = container_of(case, op, rule.parameter)
        if container is None or sign_container is None or name not in container:
            return
        container[name] = [container[name], container[name]]
        _resign(ctx, case)

    return spoil


def _undecodable(ctx: VerifyContext) -> Spoil:
    """Add to the form body an ignored parameter whose bytes are not UTF-8, signed over what a lenient reader sees."""
    name, raw = UNDECODABLE

    def spoil(case: Any) -> None:
        if isinstance(case.body, dict):
            case.body[name] = raw
            _resign(ctx, case)

    return spoil


def _resign(ctx: VerifyContext, case: Any) -> None:
    """Sign the case again over its parameters as they will be sent, wherever it carries its `sign`."""
    rule = ctx.contract.rule
    sign = signature(ctx, wire_pairs(case, ctx.base_url), ctx.primary.credentials.app_secret)
    for container in (case.query, case.body, case.path_parameters):
        if isinstance(container, dict) and rule.parameter in container:
            container[rule.parameter] = sign


def _copied(ctx: VerifyContext, op: Operation, name: str, target: str) -> Spoil:
    """Send `name` again, same value, in the `target` place (query or body), signed over both as sent."""
    rule = ctx.contract.rule

    def spoil(case: Any) -> None:
        source = container_of(case, op, name)
        copy = getattr(case, target, None)
        sign_container = container_of(case, op, rule.parameter)
        if source is None or name not in source or not isinstance(copy, dict) or sign_container is None:
            return
        copy[name] = source[name]
        _resign(ctx, case)

    return spoil


def _two_places(ctx: VerifyContext, op: Operation) -> tuple[str, str, str] | None:
    """A parameter to send in two places, as (name, its place, the other place): a path id again beside the
    `sign`, else on an operation with a form body the `sign` again in the query string."""
    sign = op.parameter(ctx.contract.rule.parameter)
    if sign is None:
        return None
    path = _path_parameter(op)
    if path is not None:
        return path.name, "path", sign.location
    return (sign.name, "body", "query") if sign.location == "body" else None


def _own_parameters(ctx: VerifyContext, op: Operation) -> list[Parameter]:
    """The operation's own parameters outside the path: not the app, not the signature's."""
    reserved = {ctx.contract.app_parameter, ctx.contract.rule.parameter, ctx.contract.rule.type_parameter}
    own = [p for p in op.parameters if p.name not in reserved and p.location != "path"]
    return sorted(own, key=lambda p: not p.required)


def _bad_parameter(ctx: VerifyContext, op: Operation) -> tuple[str, str] | None:
    """An own parameter and a value its schema refuses (so the contract requires a 400 for it)."""
    for param in _own_parameters(ctx, op):
        value = _bad_value(ctx, op, param)
        if value is not None:
            return param.name, value
    return None


def _bad_value(ctx: VerifyContext, op: Operation, param: Parameter) -> str | None:
    return next((value for value in BAD_VALUES if not ctx.contract.is_valid(op, param.name, value)), None)


def _repeatable(ctx: VerifyContext, op: Operation) -> str | None:
    """A parameter to send twice: a required single-valued own one the example sets, else the app's."""
    for param in _own_parameters(ctx, op):
        if param.required and param.schema.get("type") != "array" and param.example is not None:
            return param.name
    return ctx.contract.app_parameter if op.parameter(ctx.contract.app_parameter) is not None else None


def _bad_id(ctx: VerifyContext, op: Operation, param: Parameter) -> str | None:
    """A path id too long for its schema, in characters any id may hold (so no router takes it for another path)."""
    longest = param.schema.get("maxLength")
    if longest is None:
        return None
    value = "x" * (int(longest) + 1)
    return None if ctx.contract.is_valid(op, param.name, value) else value


def _path_parameter(op: Operation) -> Parameter | None:
    return next((p for p in op.parameters if p.location == "path"), None)
