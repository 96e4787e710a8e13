"""The `before_call`/`after_call` hooks: every request leaves with a fresh token and a `sign` computed over the
parameters exactly as they travel, and every answer to the run's own writes updates the state model.

A schema-valid value of `app_id` (and, on the token operation, of `app_secret`) is replaced by the run's own
credential, and a schema-valid `sign` by the real signature; an invalid, missing or extra value is what a
negative case is testing, so it is left as generated. A negative case therefore reaches the server signed and
authenticated, and tests validation rather than authentication.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import requests

from paycontract.spec import Operation
from paycontract.verify import steering
from paycontract.verify.auth import says_expired
from paycontract.verify.context import Identity, SentCase, VerifyContext, current
from paycontract.verify.schemathesis_internals import is_negative, keep_generation_mode, negative_locations

FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    """Steer, authenticate and sign the case for the active run (no-op outside a run)."""
    ctx = current()
    if ctx is None or case.id in ctx.raw_cases:
        return
    op = ctx.contract.operation_for(case.operation.method, case.operation.path)
    if op is None:
        return
    prepare(ctx, op, case, ctx.primary)


def after_call(context: Any, case: Any, response: Any) -> None:
    """Follow the answer: a token the server calls expired is dropped, a write is folded into the model."""
    ctx = current()
    sent = ctx.sent.get(case.id) if ctx is not None else None
    if ctx is None or sent is None:
        return
    identity = ctx.identity_for(sent.app_id)
    if identity is not None and sent.token and says_expired(response.status_code, identity.tokens, sent.token):
        identity.tokens.invalidate(sent.token)
    op = ctx.contract.operation_for(case.operation.method, case.operation.path)
    try:
        body = response.json()
    except ValueError:
        return
    if op is not None:
        # Any write the server acknowledged changed its state, even one it should have refused.
        ctx.model.observe(op.role, sent.app_id, sent.params, response.status_code, body)


def prepare(ctx: VerifyContext, op: Operation, case: Any, identity: Identity, *, steer: bool = True) -> SentCase:
    """Steer (positive cases), set credentials and token, sign; record how the case was prepared."""
    positive = not is_negative(case)
    steering.drop_refusable_names(op, case)
    steering.join_undeclared_arrays(op, case)
    if steer:
        steering.spare_servers_channels(ctx, op, case)
    if positive and steer:
        steering.steer(ctx, op, case)
    app_ok = _use_credentials(ctx, op, case, identity)
    token = _refresh_token(ctx, case, identity)
    # Every edit replaces a valid value with a valid one, so the generation-time mode still holds; a re-judging
    # would misread the comma-joined `ids` as an invalid array and turn positive queries negative.
    keep_generation_mode(case)
    pairs = wire_pairs(case, ctx.base_url)
    params = dict(pairs)
    signed = True
    if op.signed:
        sign = sign_case(ctx, op, case, pairs, identity.credentials.app_secret)
        signed = sign is not None
        if sign is not None:
            params[ctx.contract.rule.parameter] = sign
    authenticated = app_ok and signed and (token is not None or not op.signed)
    sent = SentCase(
        app_id=identity.app_id if app_ok else _as_app_id(params.get(ctx.contract.app_parameter)),
        params=params,
        positive=positive,
        authenticated=authenticated,
        token=token,
        seen_seq=ctx.model.seq,
        negative=negative_locations(case),
    )
    if positive and authenticated:
        sent.expectation = ctx.model.expectation(op.role, identity.app_id, params)
    ctx.record(case.id, sent)
    keep_generation_mode(case)
    return sent


def _use_credentials(ctx: VerifyContext, op: Operation, case: Any, identity: Identity) -> bool:
    """Put the identity's values in place of valid credential fields; False when one was left invalid."""
    contract = ctx.contract
    values: dict[str, Any] = {contract.app_parameter: identity.app_id}
    if op.id == contract.token_operation.id:
        values[contract.secret_parameter] = identity.credentials.app_secret
    ok = True
    for name, value in values.items():
        container = steering.container_of(case, op, name)
        if container is None or name not in container:
            ok = ok and op.parameter(name) is None
            continue
        if contract.is_valid(op, name, container[name]):
            container[name] = value
        else:
            ok = False
    return ok


def _refresh_token(ctx: VerifyContext, case: Any, identity: Identity) -> str | None:
    """Send the current token where the case carries the token header (a case without it tests its absence)."""
    header = ctx.contract.token_header
    if header not in case.headers:
        return None
    token = identity.tokens.token()
    case.headers[header] = token
    return token


def sign_case(ctx: VerifyContext, op: Operation, case: Any, pairs: list[tuple[str, str]], secret: str) -> str | None:
    """Replace a valid `sign` with the signature of the wire `pairs`; None when it was left as generated."""
    rule = ctx.contract.rule
    container = steering.container_of(case, op, rule.parameter)
    if container is None or rule.parameter not in container:
        return None
    if not ctx.contract.is_valid(op, rule.parameter, container[rule.parameter]):
        return None
    container[rule.parameter] = sign = signature(ctx, pairs, secret)
    return sign


def signature(ctx: VerifyContext, pairs: list[tuple[str, str]], secret: str) -> str:
    """The `sign` for wire pairs, with the algorithm their own `sign_type` names (the default if it names none)."""
    rule = ctx.contract.rule
    try:
        return rule.sign_pairs(pairs, secret)
    except (KeyError, ValueError):
        # An unknown `sign_type` is what the case tests; sign it with the default algorithm.
        return rule.sign([p for p in pairs if p[0] != rule.type_parameter], secret, None)


def wire_pairs(case: Any, base_url: str) -> list[tuple[str, str]]:
    """The case's parameters as the server will read them: query, form body and path, percent-decoded.

    They come from schemathesis' own serialisation of the case (`as_transport_kwargs`), encoded by `requests`'
    public `PreparedRequest`, as when it sends them (its URL and body steps only, not a whole request).
    """
    kwargs = case.as_transport_kwargs(base_url=base_url)
    url = urlsplit(kwargs["url"])
    pairs = parse_qsl(url.query, keep_blank_values=True)
    if kwargs.get("params"):
        pairs += parse_qsl(_encoded_query(kwargs["params"]), keep_blank_values=True)
    body = _form_body(kwargs)
    if body:
        pairs += parse_qsl(body, keep_blank_values=True)
    names, pattern = _path_pattern(urlsplit(base_url).path.rstrip("/") + case.operation.path)
    match = pattern.fullmatch(url.path)
    if match:
        pairs += [(name, unquote(value)) for name, value in zip(names, match.groups(), strict=True)]
    return pairs


def _encoded_query(params: Any) -> str:
    """The query string `requests` sends for `params`."""
    prepared = requests.PreparedRequest()
    prepared.prepare_url("http://paycontract.invalid/", params)
    return urlsplit(prepared.url or "").query


def _encoded(data: Any) -> Any:
    """The body `requests` sends for form `data` (a mapping or pairs), through its public `PreparedRequest`."""
    prepared = requests.PreparedRequest()
    prepared.prepare_headers({})
    prepared.prepare_body(data, None)
    return prepared.body


def _form_body(kwargs: dict[str, Any]) -> str:
    """The form body `requests` would send for these transport arguments ("" when it is not a form)."""
    data = kwargs.get("data")
    if not data or kwargs.get("files") or kwargs.get("json") is not None:
        return ""
    headers = kwargs.get("headers") or {}
    declared = next((str(value) for name, value in headers.items() if name.lower() == "content-type"), None)
    is_text = isinstance(data, (str, bytes))
    content_type = declared if declared is not None else ("" if is_text else FORM_MEDIA_TYPE)
    if not content_type.startswith(FORM_MEDIA_TYPE):
        return ""
    body = data if is_text else _encoded(data)
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)


@functools.lru_cache(maxsize=64)
def _path_pattern(template: str) -> tuple[tuple[str, ...], re.Pattern[str]]:
    parts = re.split(r"\{([^}]+)\}", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else "([^/]*)" for i, part in enumerate(parts))
    return tuple(parts[1::2]), re.compile(regex)


def _as_app_id(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None
