"""Realistic bugs, one ASGI middleware each around the real reference app, and the checks expected to catch them.

`FAULTS` maps a name to (middleware class, checks any of which may catch it). The self-check runs
`paycontract verify` against each and asserts it fails, naming one of those checks.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
import traceback
from collections.abc import Iterable
from typing import Any, ClassVar

from tests.verify.asgi import SECRETS, Request, Response, answer, call, internal, read, resign

API = "/v1"
ORDERS, CHANNELS, BILLS, TOKEN = f"{API}/orders", f"{API}/channels", f"{API}/bills", f"{API}/token"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class Fault:
    """Pass every request through `on_request`, the app, then `on_response`; subclasses change one or both."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = await self.on_request(await read(scope, receive))
        response = await self.on_response(request, await call(self.app, request))
        await answer(send, response)

    async def on_request(self, request: Request) -> Request:
        return request

    async def on_response(self, request: Request, response: Response) -> Response:
        return response

    async def token_for(self, scope: dict[str, Any], app_id: int) -> str:
        """A fresh token of a demo app, fetched from the wrapped app itself."""
        form = {"app_id": str(app_id), "app_secret": SECRETS[app_id]}
        grant = await call(self.app, internal(scope, "POST", TOKEN, form, None))
        return str(grant.json()["data"]["access_token"])

    def orders_in(self, request: Request, response: Response) -> Iterable[dict[str, Any]]:
        """The orders of a 200 answer to an order operation (mutable, within `response.extra["json"]`)."""
        body = response.extra.setdefault("json", response.json())
        about_orders = request.path.startswith((ORDERS, f"{API}/sandbox"))
        if response.status != 200 or not isinstance(body, dict) or not about_orders:
            return []
        data = body.get("data")
        return [item for item in (data if isinstance(data, list) else [data]) if isinstance(item, dict)]

    def rewritten(self, response: Response) -> Response:
        return response.with_json(response.extra["json"])


class DropRequiredField(Fault):
    """Orders come back without `expire_at` (a required field)."""

    async def on_response(self, request: Request, response: Response) -> Response:
        for order in self.orders_in(request, response):
            order.pop("expire_at", None)
        return self.rewritten(response)


class NumberAsString(Fault):
    """`payment.amount` is serialised as a string."""

    async def on_response(self, request: Request, response: Response) -> Response:
        for order in self.orders_in(request, response):
            order["payment"]["amount"] = str(order["payment"]["amount"])
        return self.rewritten(response)


class AmountsInYuan(Fault):
    """Amounts are answered in yuan (1000 fen shown as 10.0)."""

    async def on_response(self, request: Request, response: Response) -> Response:
        for order in self.orders_in(request, response):
            order["payment"]["amount"] = order["payment"]["amount"] / 100
        return self.rewritten(response)


class ExpiryTwelveHours(Fault):
    """Orders expire 12 hours after creation instead of 24."""

    async def on_response(self, request: Request, response: Response) -> Response:
        for order in self.orders_in(request, response):
            created = dt.datetime.strptime(order["created_at"], TIME_FORMAT)
            order["expire_at"] = (created + dt.timedelta(hours=12)).strftime(TIME_FORMAT)
        return self.rewritten(response)


class Created201(Fault):
    """Creating a channel answers 201 where 200 is documented."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if request.method == "POST" and request.path == CHANNELS and response.status == 200:
            response.status = 201
        return response


class WrongErrorStatus(Fault):
    """Invalid parameters are answered 422 (status and code) instead of 400."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if response.status == 400 and isinstance(body, dict):
            return response.with_json({**body, "code": 422}, status=422)
        return response


class CountOffByOne(Fault):
    """List answers count one item too many."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if response.status == 200 and isinstance(body, dict) and "count" in body:
            return response.with_json({**body, "count": body["count"] + 1})
        return response


class IgnoredToken(Fault):
    """The token is never checked: every request runs with a valid token of the app it names."""

    tokens: dict[str, str]

    async def on_request(self, request: Request) -> Request:
        app_id = request.params().get("app_id", "")
        if request.path == TOKEN or not app_id.isdigit() or int(app_id) not in SECRETS:
            return request
        cache = self.__dict__.setdefault("tokens", {})
        if app_id not in cache:
            cache[app_id] = await self.token_for(request.scope, int(app_id))
        return request.with_header("access_token", cache[app_id])


class AcceptsExpiredToken(Fault):
    """Tokens never expire: a request with an expired token runs as the app the token was issued to."""

    issued: dict[str, int]

    async def on_response(self, request: Request, response: Response) -> Response:
        issued = self.__dict__.setdefault("issued", {})
        body = response.json()
        if request.path == TOKEN and response.status == 200:
            issued[body["data"]["access_token"]] = int(request.params()["app_id"])
            return response
        token = request.header("access_token") or ""
        expired = isinstance(body, dict) and "expired" in str(body.get("message", ""))
        if response.status == 401 and token in issued and expired:
            fresh = await self.token_for(request.scope, issued[token])
            return await call(self.app, request.with_header("access_token", fresh))
        return response


class UncheckedSignature(Fault):
    """The signature is never checked (the request is re-signed before the app sees it)."""

    async def on_request(self, request: Request) -> Request:
        params = request.params()
        return request.with_params(resign(params)) if "sign" in params else request


class AcceptsInvalidInput(Fault):
    """Out-of-range amounts are clamped into range instead of refused."""

    async def on_request(self, request: Request) -> Request:
        params = request.params()
        amount = params.get("amount", "")
        if request.path == ORDERS and request.method == "POST" and amount.lstrip("-").isdigit():
            clamped = min(max(int(amount), 1), 100_000_000)
            if str(clamped) != amount:
                return request.with_params(resign({**params, "amount": str(clamped)}))
        return request


class LostWrite(Fault):
    """An order is acknowledged under an id the server never stored."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if request.method == "POST" and request.path == ORDERS:
            for order in self.orders_in(request, response):
                order["id"] = "ord_" + secrets.token_urlsafe(12)
            return self.rewritten(response)
        return response


class LeaksOtherAppsOrders(Fault):
    """A query returns the asked-for orders of every app, not only the caller's."""

    async def on_response(self, request: Request, response: Response) -> Response:
        params = request.params()
        is_query = request.method == "GET" and request.path == ORDERS and response.status == 200
        if not is_query or not params.get("app_id", "").isdigit():
            return response
        body = response.json()
        for other in (app for app in SECRETS if str(app) != params["app_id"]):
            token = await self.token_for(request.scope, other)
            their_query = resign({**params, "app_id": str(other)})
            theirs = await call(self.app, internal(request.scope, "GET", ORDERS, their_query, token))
            extra = (theirs.json() or {}).get("data") or []
            body["data"] += [order for order in extra if order not in body["data"]]
        body["count"] = len(body["data"])
        return response.with_json(body)


class TracebackOnNonAscii(Fault):
    """A parameter with non-ASCII text crashes the handler, and the traceback goes out as the answer."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = await read(scope, receive)
        try:
            for value in request.params().values():
                value.encode("ascii")
        except UnicodeEncodeError:
            await answer(send, Response(500, [(b"content-type", b"text/plain")], traceback.format_exc().encode()))
            return
        await answer(send, await call(self.app, request))


class RetryAfterMissing(Fault):
    """Every 25th request is rate limited (429) without a Retry-After header."""

    async def on_response(self, request: Request, response: Response) -> Response:
        count = self.__dict__["count"] = self.__dict__.get("count", 0) + 1
        if count % 25 == 0:
            return Response(429, [], b"").with_json({"code": 429, "message": "rate limit exceeded", "data": None})
        return response


class DeleteTwiceSucceeds(Fault):
    """Deleting a deleted channel answers 200 instead of 410."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if request.method == "DELETE" and response.status == 410 and isinstance(body, dict):
            return response.with_json({"code": 0, "message": "success", "data": None}, status=200)
        return response


class ConnectionReset(Fault):
    """Bill requests die mid-answer: headers and a few bytes, then the connection drops."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == BILLS:
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4096")]})
            await send({"type": "http.response.body", "body": b'{"code":0,', "more_body": True})
            raise ConnectionResetError("connection reset while answering a bill")
        await self.app(scope, receive, send)


class StallsOnBills(Fault):
    """Bill requests never get an answer (the client's timeout has to end them)."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == BILLS:
            await asyncio.sleep(3600)
        await self.app(scope, receive, send)


class HugeNonJsonBills(Fault):
    """Bill requests get 8 MB of text instead of an envelope."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if request.path == BILLS:
            return Response(200, [(b"content-type", b"text/plain")], b"x" * (8 * 1024 * 1024))
        return response


class DiesMidRun(Fault):
    """The server process exits after its 120th request (a crash); later requests are refused."""

    async def on_request(self, request: Request) -> Request:
        count = self.__dict__["count"] = self.__dict__.get("count", 0) + 1
        if count >= 120:
            os._exit(1)
        return request


class ResetsFirstToken(Fault):
    """The first token request's connection drops mid-answer; every later request is served."""

    reset_done = False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == TOKEN and not ResetsFirstToken.reset_done:
            ResetsFirstToken.reset_done = True
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"512")]})
            await send({"type": "http.response.body", "body": b'{"code":0,', "more_body": True})
            raise ConnectionResetError("connection reset while answering the token request")
        await self.app(scope, receive, send)


class IgnoresChannelFilter(Fault):
    """`GET /channels?pay_type=N` lists every channel of the app, whatever N."""

    async def on_request(self, request: Request) -> Request:
        params = request.params()
        if request.method != "GET" or request.path != CHANNELS or not params.get("pay_type"):
            return request
        params.pop("pay_type")
        return request.with_params(resign(params))


# Not contract bugs but hostile servers: verify must report them as findings, never crash.
HOSTILE: dict[str, type[Fault]] = {
    "resets-first-token": ResetsFirstToken,
    "stalls-on-bills": StallsOnBills,
    "huge-non-json-bills": HugeNonJsonBills,
    "dies-mid-run": DiesMidRun,
}

FAULTS: dict[str, tuple[type[Fault], set[str]]] = {
    "dropped-required-field": (DropRequiredField, {"response_schema_conformance", "time_conformance"}),
    "number-as-string": (
        NumberAsString,
        {"response_schema_conformance", "amount_conformance", "order_echo_conformance"},
    ),
    "created-201": (Created201, {"status_code_conformance", "envelope_conformance", "acceptance_conformance"}),
    "ignored-token": (IgnoredToken, {"auth_conformance", "ignored_auth"}),
    "unchecked-signature": (UncheckedSignature, {"auth_conformance"}),
    "accepts-expired-token": (AcceptsExpiredToken, {"auth_conformance"}),
    "lost-write": (LostWrite, {"persistence_conformance", "acceptance_conformance"}),
    "leaks-other-apps-orders": (LeaksOtherAppsOrders, {"isolation_conformance"}),
    "amounts-in-yuan": (AmountsInYuan, {"amount_conformance", "order_echo_conformance", "response_schema_conformance"}),
    "traceback-on-non-ascii": (TracebackOnNonAscii, {"not_a_server_error", "leak_conformance", "envelope_conformance"}),
    "accepts-invalid-input": (AcceptsInvalidInput, {"negative_data_rejection"}),
    "wrong-error-status": (WrongErrorStatus, {"status_code_conformance", "envelope_conformance"}),
    "connection-reset": (ConnectionReset, {"transport"}),
    "expiry-12-hours": (ExpiryTwelveHours, {"time_conformance"}),
    "count-off-by-one": (CountOffByOne, {"count_conformance"}),
    "retry-after-missing": (RetryAfterMissing, {"retry_after_conformance"}),
    "delete-twice-succeeds": (DeleteTwiceSucceeds, {"acceptance_conformance", "response_schema_conformance"}),
    "ignores-channel-filter": (IgnoresChannelFilter, {"channel_filter_conformance"}),
}


# --- Faults of the rule-citing and token-refresh work -------------------------------------------------------


class ResetsRefreshToken(Fault):
    """The first token refresh of the run (an app's second token request) drops mid-answer; the rest is served."""

    granted: ClassVar[set[str]] = set()
    reset_done = False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != TOKEN:
            await self.app(scope, receive, send)
            return
        request = await read(scope, receive)
        app_id = request.params().get("app_id", "")
        if app_id in ResetsRefreshToken.granted and not ResetsRefreshToken.reset_done:
            ResetsRefreshToken.reset_done = True
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"512")]})
            await send({"type": "http.response.body", "body": b'{"code":0,', "more_body": True})
            raise ConnectionResetError("connection reset while answering a token refresh")
        ResetsRefreshToken.granted.add(app_id)
        await answer(send, await call(self.app, request))


HOSTILE["resets-refresh-token"] = ResetsRefreshToken


class RefusesMd5Signatures(Fault):
    """A correct MD5 signature (`sign_type=1`) is refused with 401, as if the server hashed another string."""

    async def on_request(self, request: Request) -> Request:
        params = request.params()
        sign = params.get("sign", "")
        if params.get("sign_type") != "1" or not sign:
            return request
        # The app then refuses it with its own 401 (which, on the sandbox, names the string it signed).
        return request.with_params({**params, "sign": ("0" if sign[0] != "0" else "1") + sign[1:]})


FAULTS["refuses-md5-signatures"] = (RefusesMd5Signatures, {"acceptance_conformance"})
