"""Conforming variants that show clients other values than the reference app's, where the contract leaves
them open: ids and tokens in other formats, and a server clock days away from the client's.

Each maps values both ways: answers carry the variant's values, requests are mapped back before the app
sees them. A request signed correctly over the variant's values is re-signed over the app's; any other
request goes in with the sign it came with, so the app refuses it as the variant itself would.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import secrets
import uuid
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urlencode

from tests.verify.asgi import RULE, SECRETS, Request, Response
from tests.verify.faults import BILLS, TOKEN, Fault

# The paths that carry an id, as (prefix, id, suffix).
_ID_PATHS = (re.compile(r"(/v1/channels/)([^/]+)()"), re.compile(r"(/v1/sandbox/orders/)([^/]+)(/pay)"))
_TOKEN_HEADER = "access_token"


class TwoWayMap:
    """The app's values and the variant's, each issued once and mapped both ways."""

    def __init__(self, make: Any) -> None:
        self.make = make
        self.outward: dict[str, str] = {}
        self.inward: dict[str, str] = {}

    def out(self, inner: str, kind: str) -> str:
        """The variant's value for the app's `inner` (issued on first sight)."""
        if inner not in self.outward:
            outer = self.make(inner, kind, len(self.outward) + 1)
            self.outward[inner], self.inward[outer] = outer, inner
        return self.outward[inner]

    def back(self, outer: str) -> str:
        """The app's value behind `outer`; a value the variant never issued goes in unchanged."""
        return self.inward.get(outer, outer)


class Resigning(Fault):
    """Maps request values back (`inward`, `inward_id` for a path's id), re-signing what was signed right."""

    def inward(self, request: Request, name: str, value: str) -> str:
        return value

    def inward_id(self, value: str) -> str:
        return value

    async def on_request(self, request: Request) -> Request:
        if not request.utf8_form():
            return request  # the app refuses it (400) before it looks at any value the variant would map
        outer_path = _path_id(request.path)
        pairs = [*request.query, *request.form]
        mapped = [(name, self.inward(request, name, value)) for name, value in pairs]
        inner_path = ("id", self.inward_id(outer_path[1])) if outer_path else None
        if mapped == pairs and (outer_path is None or inner_path == outer_path):
            return request
        if _signed_correctly(pairs, outer_path):
            mapped = _resigned(mapped, inner_path)
        return _with_pairs(request, mapped, inner_path[1] if inner_path else None)


class MappedIds(Resigning):
    """Order and channel ids in the variant's own format (`make_id`), mapped both ways."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.ids = TwoWayMap(self.make_id)

    def make_id(self, inner: str, kind: str, serial: int) -> str:
        raise NotImplementedError

    def inward(self, request: Request, name: str, value: str) -> str:
        return ",".join(self.ids.back(part) for part in value.split(",")) if name == "ids" else value

    def inward_id(self, value: str) -> str:
        return self.ids.back(value)

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if response.status != 200 or not isinstance(body, dict) or request.path == TOKEN:
            return response
        kind = "channel" if "/channels" in request.path else "order"
        data = body.get("data")
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                self._map_object(item, kind)
        return response.with_json(body)

    def _map_object(self, item: dict[str, Any], kind: str) -> None:
        if isinstance(item.get("id"), str):
            item["id"] = self.ids.out(item["id"], kind)
        for entry in item.get("items") or []:
            for name, entry_kind in (("order_id", "order"), ("channel_id", "channel")):
                if isinstance(entry, dict) and isinstance(entry.get(name), str):
                    entry[name] = self.ids.out(entry[name], entry_kind)


class UuidIds(MappedIds):
    """Ids are UUIDs (`8c6f…-…`, 36 characters with hyphens)."""

    def make_id(self, inner: str, kind: str, serial: int) -> str:
        return str(uuid.uuid4())


class PrefixedIds(MappedIds):
    """Ids are short, typed and sequential: `ch_1`, `ord_2`, … (a prefix per kind, as many APIs do)."""

    def make_id(self, inner: str, kind: str, serial: int) -> str:
        return f"{'ch' if kind == 'channel' else 'ord'}_{serial}"


class ShiftedClock(Resigning):
    """The server's clock runs days ahead of the client's: every time it answers, and its "today", is later.

    Clocks are the server's (a client learns the server's date from its answers); the app's times are shown
    `DAYS` later, and a bill date asked for is taken back by as much before the app sees it.
    """

    DAYS = dt.timedelta(days=3)
    TIMES = ("created_at", "updated_at", "expire_at", "paid_at")

    def inward(self, request: Request, name: str, value: str) -> str:
        if request.path != BILLS or name != "date":
            return value
        return _shifted(value, "%Y-%m-%d", -self.DAYS)

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if response.status != 200 or not isinstance(body, dict):
            return response
        data = body.get("data")
        objects = data if isinstance(data, list) else [data]
        if isinstance(data, dict):
            objects += [item for item in data.get("items") or [] if isinstance(item, dict)]
            if request.path == BILLS and isinstance(data.get("date"), str):
                data["date"] = _shifted(data["date"], "%Y-%m-%d", self.DAYS)
        for item in objects:
            for name in self.TIMES if isinstance(item, dict) else ():
                if isinstance(item.get(name), str):
                    item[name] = _shifted(item[name], "%Y-%m-%d %H:%M:%S", self.DAYS)
        return response.with_json(body)


def _shifted(value: str, layout: str, by: dt.timedelta) -> str:
    """`value` moved by `by` when it is a zero-padded time in `layout`; anything else stays as it is."""
    try:
        moved = dt.datetime.strptime(value, layout) + by
    except (ValueError, OverflowError):
        return value
    text = moved.strftime(layout)
    return text if len(text) == len(value) else value


class JwtTokens(Fault):
    """Access tokens are long JWT-like strings (`header.payload.signature`, base64url), mapped both ways."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.tokens = TwoWayMap(_jwt_like)

    async def on_request(self, request: Request) -> Request:
        token = request.header(_TOKEN_HEADER)
        if token is None or self.tokens.back(token) == token:
            return request
        return request.with_header(_TOKEN_HEADER, self.tokens.back(token))

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        data = body.get("data") if isinstance(body, dict) else None
        if request.path != TOKEN or not isinstance(data, dict) or not isinstance(data.get("access_token"), str):
            return response
        data["access_token"] = self.tokens.out(data["access_token"], "token")
        return response.with_json(body)


def _jwt_like(inner: str, kind: str, serial: int) -> str:
    def part(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = json.dumps({"alg": "HS256", "typ": "JWT"}).encode()
    payload = json.dumps({"jti": secrets.token_hex(16), "seq": serial, "scope": "pay.orders pay.channels"}).encode()
    return ".".join((part(header), part(payload), part(secrets.token_bytes(32))))


def _path_id(path: str) -> tuple[str, str] | None:
    for pattern in _ID_PATHS:
        match = pattern.fullmatch(path)
        if match:
            return "id", match.group(2)
    return None


def _secret(pairs: list[tuple[str, str]]) -> str | None:
    app_id = dict(pairs).get("app_id", "")
    return SECRETS.get(int(app_id)) if app_id.isdigit() else None


def _signed_correctly(pairs: list[tuple[str, str]], path_id: tuple[str, str] | None) -> bool:
    """Whether the request's `sign` is right over its parameters as the client sent them."""
    secret, sent = _secret(pairs), dict(pairs).get("sign", "")
    if secret is None or not sent:
        return False
    try:
        return RULE.sign_pairs([*pairs, *([path_id] if path_id else [])], secret) == sent.upper()
    except (KeyError, ValueError):
        return False


def _resigned(pairs: list[tuple[str, str]], path_id: tuple[str, str] | None) -> list[tuple[str, str]]:
    secret = _secret(pairs)
    assert secret is not None  # only correctly signed requests, which name a demo app, are re-signed
    sign = RULE.sign_pairs([*pairs, *([path_id] if path_id else [])], secret)
    return [(name, sign if name == "sign" else value) for name, value in pairs]


def _with_pairs(request: Request, pairs: list[tuple[str, str]], path_id: str | None) -> Request:
    """The request with these parameters (each where it came from, repeats kept) and the path's id replaced."""
    scope = dict(request.scope)
    if path_id is not None:
        prefix, _, suffix = next(m for p in _ID_PATHS if (m := p.fullmatch(request.path))).groups()
        scope["path"] = prefix + path_id + suffix
        scope["raw_path"] = (prefix + quote(path_id, safe="") + suffix).encode()
    query_count = len(request.query)
    if pairs[:query_count] != request.query:
        scope["query_string"] = urlencode(pairs[:query_count]).encode()
    if request.form == pairs[query_count:]:
        return replace(request, scope=scope)
    body = urlencode(pairs[query_count:]).encode()
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
    scope["headers"] = [*headers, (b"content-length", str(len(body)).encode())]
    return Request(scope, body)
