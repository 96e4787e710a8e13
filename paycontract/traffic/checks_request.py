"""Checks on what the client sent, and on whether the server refused what it had to refuse.

A wrong `sign` (computed with the secrets given), an invalid, missing or repeated parameter, or a token of
another app is the client's fault while the server refuses it; the server's when it accepts it.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator

from paycontract.rules import DECISIONS, LEFT_OPEN, at, cites, design
from paycontract.traffic.findings import Flaw, client, server
from paycontract.traffic.view import Seen

SIGNATURE_RULE = design(DECISIONS, "Signature")
TOKEN_APP_RULE = design(DECISIONS, "Envelope (403 token of another app)")
DUPLICATE_RULE = design(LEFT_OPEN, "a parameter given twice is 400")
# Statuses that come after the signature in the order of checks: a request with a wrong `sign` got past it.
PAST_SIGNATURE = (200, 404, 410)


@cites(SIGNATURE_RULE)
def signature(seen: Seen) -> Iterator[Flaw]:
    """A signed request's `sign` matches its parameters under the app's secret (when the secret is given)."""
    op, rule = seen.op, seen.contract.rule
    app_id = seen.app_id
    secret = seen.secrets.get(app_id) if app_id is not None else None
    sent = seen.param(rule.parameter)
    if op is None or not op.signed or secret is None or sent is None:
        return
    if not seen.contract.parameter_valid(op, rule.parameter, sent) or not _sign_type_ok(seen):
        return  # malformed: the `parameters` check reports it
    pairs = [(n, v) for n, v in seen.params if n != rule.parameter]
    expected = rule.sign_pairs(pairs, secret)
    if hmac.compare_digest(expected.upper(), sent.upper()):
        return
    what = f"sign {sent[:12]}… is wrong for app {app_id}: the parameters as sent sign to {expected[:12]}…"
    if seen.status in PAST_SIGNATURE:
        yield server(SIGNATURE_RULE, f"HTTP {seen.status} accepted a wrong signature ({what})")
    else:
        yield client(SIGNATURE_RULE, f"{what} (refused with HTTP {seen.status})")


@cites(DUPLICATE_RULE)
def parameters(seen: Seen) -> Iterator[Flaw]:
    """Every declared parameter is valid, required ones are present, none is given twice; else 400."""
    op = seen.op
    if op is None:
        return
    for message, rule in _parameter_problems(seen):
        if seen.status == 200:
            yield server(rule, f"HTTP 200 accepted {message}; expected 400")
        else:
            yield client(rule, f"the request sent {message} (refused with HTTP {seen.status})")


@cites(TOKEN_APP_RULE)
def app_token(seen: Seen) -> Iterator[Flaw]:
    """A token of one app naming another `app_id` is refused with 403."""
    token_app, app_id = seen.token_app, seen.app_id
    if seen.op is None or token_app is None or app_id is None or app_id < 1 or seen.is_op("token"):
        return
    if token_app == app_id:
        return
    message = f"a token of app {token_app} acting for app {app_id}"
    if seen.status in PAST_SIGNATURE:
        yield server(TOKEN_APP_RULE, f"HTTP {seen.status} accepted {message}; expected 403")
    elif seen.status != 403:
        yield client(TOKEN_APP_RULE, f"the request used {message} (refused with HTTP {seen.status})")


def _parameter_problems(seen: Seen) -> Iterator[tuple[str, str]]:
    op = seen.op
    assert op is not None
    names = [name for name, _value in seen.params]
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield f"parameter {name!r} twice", DUPLICATE_RULE
    for param in op.parameters:
        value = seen.param(param.name)
        if value is None:
            if param.required:
                yield f"no {param.name}", at(param.pointer)
        elif not seen.contract.parameter_valid(op, param.name, value) or not _content_ok(param.schema, value):
            yield f"an invalid {param.name} {value[:40]!r}", at(param.pointer)


def _sign_type_ok(seen: Seen) -> bool:
    op, name = seen.op, seen.contract.rule.type_parameter
    value = seen.param(name)
    return op is not None and (value is None or seen.contract.parameter_valid(op, name, value))


def _content_ok(schema: dict[str, object], value: str) -> bool:
    if schema.get("contentMediaType") != "application/json":
        return True
    try:
        parsed = json.loads(value)
    except ValueError:
        return False
    return (schema.get("contentSchema") or {}).get("type") != "object" or isinstance(parsed, dict)
