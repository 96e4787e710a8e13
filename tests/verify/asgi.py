"""A small ASGI toolkit for fault injection: read a whole request, change it, call the app, change the answer.

The fault servers wrap the real reference app; each bug is a middleware that rewrites what goes in or what
comes out, the way a real bug would show on the wire.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from paycontract.launcher import DEMO_APPS
from paycontract.paths import default_spec_path
from paycontract.signing import SignatureRule
from paycontract.spec import load_spec

RULE = SignatureRule.from_spec(load_spec(default_spec_path()).signature_rule)
SECRETS = {app_id: secret for app_id, secret, _ in DEMO_APPS}
FORM = "application/x-www-form-urlencoded"


@dataclass
class Request:
    """A buffered HTTP request."""

    scope: dict[str, Any]
    body: bytes

    @property
    def method(self) -> str:
        return str(self.scope["method"])

    @property
    def path(self) -> str:
        return str(self.scope["path"])

    @property
    def query(self) -> list[tuple[str, str]]:
        return parse_qsl(self.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)

    @property
    def form(self) -> list[tuple[str, str]]:
        if self.method != "POST":
            return []
        return parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True)

    def utf8_form(self) -> bool:
        """Whether the body reads as a UTF-8 form, its percent-escapes included (what the contract requires)."""
        try:
            parse_qsl(self.body.decode("utf-8"), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            return False
        return True

    def params(self) -> dict[str, str]:
        """Query and form parameters (the last value wins)."""
        return dict(self.query + self.form)

    def header(self, name: str) -> str | None:
        wanted = name.lower().encode()
        return next((v.decode("latin-1") for k, v in self.scope["headers"] if k.lower() == wanted), None)

    def with_header(self, name: str, value: str) -> Request:
        headers = [(k, v) for k, v in self.scope["headers"] if k.lower() != name.lower().encode()]
        headers.append((name.lower().encode(), value.encode("latin-1")))
        return replace(self, scope={**self.scope, "headers": headers})

    def with_params(self, params: dict[str, str]) -> Request:
        """The same request carrying `params` (in the body for POST, else in the query string)."""
        encoded = urlencode(params)
        if self.method == "POST":
            headers = [(k, v) for k, v in self.scope["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(encoded)).encode()))
            return Request({**self.scope, "headers": headers}, encoded.encode())
        return replace(self, scope={**self.scope, "query_string": encoded.encode()})


@dataclass
class Response:
    """A buffered HTTP response."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    extra: dict[str, Any] = field(default_factory=dict)

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def with_json(self, value: Any, status: int | None = None) -> Response:
        body = json.dumps(value, ensure_ascii=False).encode()
        headers = [(k, v) for k, v in self.headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        return Response(status or self.status, headers, body)


async def call(app: Any, request: Request) -> Response:
    """Run `request` through `app` and buffer its answer."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": request.body, "more_body": False}

    response = Response(500, [], b"")

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            response.status = message["status"]
            response.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            response.body += message.get("body", b"")

    await app(request.scope, receive, send)
    return response


async def read(scope: dict[str, Any], receive: Any) -> Request:
    """Buffer the whole request body."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return Request(scope, body)


async def answer(send: Any, response: Response) -> None:
    """Send a buffered response."""
    await send({"type": "http.response.start", "status": response.status, "headers": response.headers})
    await send({"type": "http.response.body", "body": response.body})


def resign(params: dict[str, str]) -> dict[str, str]:
    """`params` with `sign` recomputed for its demo app (unchanged when the app is not a demo app)."""
    app_id = params.get("app_id", "")
    secret = SECRETS.get(int(app_id)) if app_id.isdigit() else None
    if secret is None or "sign" not in params:
        return params
    try:
        return {**params, "sign": RULE.sign_pairs(list(params.items()), secret)}
    except (KeyError, ValueError):
        return params


def internal(scope: dict[str, Any], method: str, path: str, params: dict[str, str], token: str | None) -> Request:
    """A request the fault itself sends to the wrapped app (to fetch a token, or another app's data)."""
    headers = [(b"content-type", FORM.encode())]
    if token:
        headers.append((b"access_token", token.encode()))
    base = {**scope, "method": method, "path": path, "raw_path": path.encode(), "headers": headers}
    if method == "POST":
        return Request({**base, "query_string": b""}, b"").with_params(params)
    return Request({**base, "query_string": urlencode(params).encode()}, b"")
