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
    """The first bill requests never get an answer (the client's timeout has to end them); later ones are served,
    so that a run does not spend a timeout on every bill case."""

    stalled = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == BILLS and self.stalled < 3:
            self.stalled += 1
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


# --- Routing and bill faults: each breaks one rule of DESIGN's "Channel routing", "Settlement" and "Finer points".


def _demo_app(params: dict[str, str]) -> int | None:
    app_id = params.get("app_id", "")
    return int(app_id) if app_id.isdigit() and int(app_id) in SECRETS else None


class DomainFault(Fault):
    """A fault that reads the wrapped app's own state through signed calls of a demo app."""

    async def as_app(self, scope: dict[str, Any], method: str, path: str, app_id: int, params: dict[str, str]) -> Any:
        """Call the wrapped app as `app_id`, signed; an `id` in `params` is signed and sent as the path's last part.
        Returns the answer's envelope `data` on a 200, else None."""
        token = await self.token_for(scope, app_id)
        signed = resign({**params, "app_id": str(app_id), "sign": "0"})
        path_id = signed.pop("id", None)
        answer = await call(self.app, internal(scope, method, f"{path}/{path_id}" if path_id else path, signed, token))
        body = answer.json()
        return body.get("data") if answer.status == 200 and isinstance(body, dict) else None

    async def channels(self, scope: dict[str, Any], app_id: int, pay_type: Any = None) -> list[dict[str, Any]]:
        """The app's live channels (of `pay_type`, if given), oldest first."""
        params = {"pay_type": str(pay_type)} if pay_type is not None else {}
        return list(await self.as_app(scope, "GET", CHANNELS, app_id, params) or [])


class Misrouting(DomainFault):
    """Orders are routed by `pick` over the channels this middleware considers (the app's live ones by default);
    the order's answers, queries and pay answers name the picked channel's platform."""

    include_deleted = False

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.created: dict[str, int] = {}
        self.deleted: list[dict[str, Any]] = []
        self.routed: dict[str, Any] = {}

    def pick(self, channels: list[dict[str, Any]]) -> dict[str, Any] | None:
        """The channel routing chooses among `channels` (oldest first): the highest priority, oldest on a tie."""
        return max(channels, key=lambda channel: channel["priority"]) if channels else None

    async def candidates(self, scope: dict[str, Any], app_id: int, pay_type: Any) -> list[dict[str, Any]]:
        """The channels routing considers, oldest first (channels seen created are newer than the seeded ones)."""
        channels = await self.channels(scope, app_id, pay_type)
        if self.include_deleted:
            channels += [c for c in self.deleted if c["app_id"] == app_id and c["pay_type"] == pay_type]
        return sorted(channels, key=lambda channel: self.created.get(channel["id"], -1))

    async def platform_for(self, request: Request, order: dict[str, Any]) -> Any:
        """The platform an answer names for `order` (None leaves it as the app answered)."""
        if request.method == "POST" and request.path == ORDERS:
            app_id = order["app"]["id"]
            chosen = self.pick(await self.candidates(request.scope, app_id, order["payment"]["type"]))
            if chosen is not None:
                self.routed[order["id"]] = chosen["platform"]
        return self.routed.get(order["id"])

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.extra.setdefault("json", response.json())
        data = body.get("data") if response.status == 200 and isinstance(body, dict) else None
        if isinstance(data, dict) and request.path == CHANNELS and request.method == "POST":
            self.created[data["id"]] = len(self.created)
        elif isinstance(data, dict) and request.path.startswith(CHANNELS + "/") and request.method == "DELETE":
            self.deleted.append(data)
        for order in self.orders_in(request, response):
            platform = await self.platform_for(request, order)
            if platform is not None:
                order["payment"]["platform"] = platform
        return self.rewritten(response)


class PriorityIgnored(Misrouting):
    """Orders go to the app's oldest live channel of the pay_type, whatever the priorities."""

    def pick(self, channels: list[dict[str, Any]]) -> dict[str, Any] | None:
        return channels[0] if channels else None


class TieGoesToNewest(Misrouting):
    """On a priority tie the newest channel wins, not the oldest."""

    def pick(self, channels: list[dict[str, Any]]) -> dict[str, Any] | None:
        return super().pick(channels[::-1])


class DeletedChannelRoutes(Misrouting):
    """Routing forgets to leave out deleted channels: a deleted channel with the top priority still wins."""

    include_deleted = True


class RoutingNotFixed(Misrouting):
    """A query answers each order with the platform of the channel that would route it now, not the one it got."""

    async def platform_for(self, request: Request, order: dict[str, Any]) -> Any:
        if request.method != "GET" or request.path != ORDERS:
            return None
        chosen = self.pick(await self.candidates(request.scope, order["app"]["id"], order["payment"]["type"]))
        return chosen["platform"] if chosen is not None else None


class StartsWithoutChannels(DomainFault):
    """The apps start with no channels: the seeded ones are deleted before the first request is served."""

    cleared = False

    async def on_request(self, request: Request) -> Request:
        if not self.cleared:
            self.cleared = True
            for app_id in SECRETS:
                for channel in await self.channels(request.scope, app_id):
                    await self.as_app(request.scope, "DELETE", CHANNELS, app_id, {"id": channel["id"]})
        return request


class NoChannelDefaultRoute(StartsWithoutChannels):
    """Apps start with no channels, and an order of a pay_type with no live channel is routed to a default
    platform (a channel made for it and dropped again) instead of refused with 400."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        app_id = _demo_app(request.params())
        no_channel = "no channel" in str(body.get("message", "")) if isinstance(body, dict) else False
        if request.method != "POST" or request.path != ORDERS or response.status != 400 or not no_channel or not app_id:
            return response
        pay_type = request.params()["pay_type"]
        fallback = {"name": "default", "pay_type": pay_type, "platform": pay_type, "priority": "0"}
        channel = await self.as_app(request.scope, "POST", CHANNELS, app_id, fallback)
        routed = await call(self.app, request)
        await self.as_app(request.scope, "DELETE", CHANNELS, app_id, {"id": channel["id"]})
        return routed


def _totals(bill: dict[str, Any]) -> dict[str, Any]:
    """`bill` with count, amount, fee and net recomputed from its items (so that it adds up)."""
    items = sorted(bill["items"], key=lambda item: item["paid_at"])
    amount, fee = sum(item["amount"] for item in items), sum(item["fee"] for item in items)
    return {**bill, "items": items, "count": len(items), "amount": amount, "fee": fee, "net": amount - fee}


def _empty_bill(date: str) -> dict[str, Any]:
    return {"date": date, "currency": "CNY", "count": 0, "amount": 0, "fee": 0, "net": 0, "items": []}


class BillFault(DomainFault):
    """Rewrites the answers to `GET /bills` of the demo apps through `bill`."""

    async def on_response(self, request: Request, response: Response) -> Response:
        app_id = _demo_app(request.params())
        if request.method != "GET" or request.path != BILLS or app_id is None:
            return response
        return await self.bill(request, response, app_id, request.params().get("date", ""))

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        return response

    def answer_bill(self, response: Response, bill: dict[str, Any]) -> Response:
        """A 200 answer carrying `bill`."""
        return response.with_json({"code": 0, "message": "success", "data": bill}, status=200)

    def served(self, response: Response) -> dict[str, Any] | None:
        """The bill of a 200 answer."""
        body = response.json()
        return body["data"] if response.status == 200 and isinstance(body, dict) else None


class BillListsOtherApps(BillFault):
    """A bill also lists the other apps' orders paid that day, its totals recomputed so that they add up."""

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        bill = self.served(response)
        if bill is None:
            return response
        for other in (app for app in SECRETS if app != app_id):
            theirs = await self.as_app(request.scope, "GET", BILLS, other, {"date": date})
            bill["items"] += theirs["items"] if theirs else []
        return self.answer_bill(response, _totals(bill))


class PendingOrdersBilled(BillFault):
    """A bill lists the app's orders created that day whether paid or not (a pending one as paid at creation)."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.pending: dict[str, dict[str, Any]] = {}

    async def on_response(self, request: Request, response: Response) -> Response:
        for order in self.orders_in(request, response):
            if order["status"] == 0:
                self.pending[order["id"]] = order
            else:
                self.pending.pop(order["id"], None)
        return await super().on_response(request, response)

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        bill = self.served(response)
        if bill is None:
            return response
        channels = await self.channels(request.scope, app_id)
        for order in self.pending.values():
            payment = order["payment"]
            routed = [c for c in channels if (c["pay_type"], c["platform"]) == (payment["type"], payment["platform"])]
            if order["app"]["id"] != app_id or not order["created_at"].startswith(date) or not routed:
                continue
            fee = payment["amount"] * routed[0]["fee_rate"] // 10000
            item = {"order_id": order["id"], "channel_id": routed[0]["id"], "amount": payment["amount"], "fee": fee}
            bill["items"].append({**item, "paid_at": order["created_at"]})
        return self.answer_bill(response, _totals(bill))


class FeeRounded(BillFault):
    """Item fees are rounded half up instead of floored."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.rates: dict[str, int] = {}

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if request.method == "POST" and request.path == CHANNELS and response.status == 200:
            self.rates[body["data"]["id"]] = body["data"]["fee_rate"]
        return await super().on_response(request, response)

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        bill = self.served(response)
        if bill is None:
            return response
        rates = {**self.rates, **{c["id"]: c["fee_rate"] for c in await self.channels(request.scope, app_id)}}
        for item in bill["items"]:
            if item["channel_id"] in rates:
                item["fee"] = (item["amount"] * rates[item["channel_id"]] + 5000) // 10000
        return self.answer_bill(response, _totals(bill))


class NetIsGross(BillFault):
    """A bill's net is its amount: the fee is never subtracted."""

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        bill = self.served(response)
        return response if bill is None else self.answer_bill(response, {**bill, "net": bill["amount"]})


class BillCountOffByOne(BillFault):
    """A bill's count is one more than its items."""

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        bill = self.served(response)
        return response if bill is None else self.answer_bill(response, {**bill, "count": bill["count"] + 1})


CST = dt.timezone(dt.timedelta(hours=8))
# The server's clock pinned to 03:00 UTC+8 today, when the UTC day is still yesterday. A pinned clock never
# expires a token, so tokens are announced to outlive the run (verify then does not probe an expired one).
NIGHT_CLOCK = {
    "PAYCONTRACT_NOW": dt.datetime.now(CST).strftime("%Y-%m-%d") + " 03:00:00",
    "PAYCONTRACT_TOKEN_TTL": "3600",
}


def _utc_day(paid_at: str) -> str:
    moment = dt.datetime.strptime(paid_at, TIME_FORMAT).replace(tzinfo=CST)
    return moment.astimezone(dt.UTC).date().isoformat()


class UtcDayBills(BillFault):
    """Bills cut days at UTC midnight (08:00 in UTC+8): an order paid at 03:00 UTC+8 is in the previous day's bill.

    Seen from outside only while the server's clock is between 00:00 and 08:00 UTC+8; this server's clock is
    pinned there."""

    environ: ClassVar[dict[str, str]] = NIGHT_CLOCK

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        bill = self.served(response)
        if bill is None:
            return response
        after = (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()
        later = await self.as_app(request.scope, "GET", BILLS, app_id, {"date": after})
        items = [*bill["items"], *(later["items"] if later else [])]
        that_day = [item for item in items if _utc_day(item["paid_at"]) == date]
        return self.answer_bill(response, _totals({**bill, "items": that_day}))


class Retention89Days(BillFault):
    """Bills are kept 89 days: today − 90 is 410."""

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        if self.served(response) is None:
            return response
        before = (dt.date.fromisoformat(date) - dt.timedelta(days=1)).isoformat()
        earlier = await call(self.app, request.with_params(resign({**request.params(), "date": before})))
        if earlier.status != 410:
            return response
        return response.with_json({"code": 410, "message": "past the 89-day retention", "data": None}, status=410)


class Retention91Days(BillFault):
    """Bills are kept 91 days: today − 91 is served (empty) instead of 410."""

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        if response.status != 410:
            return response
        after = (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()
        if await self.as_app(request.scope, "GET", BILLS, app_id, {"date": after}) is None:
            return response
        return self.answer_bill(response, _empty_bill(date))


class FutureBillEmpty(BillFault):
    """A bill for a day after today is answered 200 with an empty bill instead of 400."""

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        body = response.json()
        future = response.status == 400 and isinstance(body, dict) and "after today" in str(body.get("message"))
        return self.answer_bill(response, _empty_bill(date)) if future else response


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


# --- Protocol and order-of-checks faults (DESIGN.md § What the contract leaves to each server) ---------------

from paycontract.facts import domain_facts  # noqa: E402 - the block's own needs, kept with it
from paycontract.paths import default_spec_path  # noqa: E402
from paycontract.spec import load_spec  # noqa: E402

SPEC = load_spec(default_spec_path())
BODY_LIMIT = domain_facts(SPEC, "the fault servers").body_limit


def envelope_answer(status: int, message: str) -> Response:
    """An error envelope as a fault server sends it."""
    headers = [(b"content-type", b"application/json")]
    return Response(status, headers, b"").with_json({"code": status, "message": message, "data": None})


class UnknownPathHtml(Fault):
    """An unknown path gets the framework's HTML 404 page instead of the envelope."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if response.status == 404 and isinstance(body, dict) and "no such path" in str(body.get("message")):
            return Response(404, [(b"content-type", b"text/html")], b"<html><h1>404 Not Found</h1></html>")
        return response


class WrongMethod404(Fault):
    """A method the path does not take is answered 404 (as if the path were unknown) instead of 405."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if response.status == 405:
            return envelope_answer(404, f"no such path: {request.path}")
        return response


class IgnoresAccept(Fault):
    """The `Accept` header is never looked at: JSON goes to every client, never a 406."""

    async def on_request(self, request: Request) -> Request:
        return request.with_header("accept", "*/*")


class AcceptBeforeRouting(Fault):
    """`Accept` is checked before routing: an unknown path or a wrong method asked for HTML gets 406."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        accept = dict(scope.get("headers", [])).get(b"accept", b"")
        if scope["type"] == "http" and accept.startswith(b"text/html"):
            await answer(send, envelope_answer(406, "responses are application/json"))
            return
        await self.app(scope, receive, send)


class NoBodyLimit(Fault):
    """Bodies of any size are taken (the server only reads the first 1 MiB of it): never a 413."""

    async def on_request(self, request: Request) -> Request:
        if len(request.body) <= BODY_LIMIT:
            return request
        headers = [(k, v) for k, v in request.scope["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", b"0"))
        return Request({**request.scope, "headers": headers}, b"")


class MissingSign401(Fault):
    """A missing or empty `sign` is answered 401 (as a bad signature) instead of 400 (a missing parameter)."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if response.status == 400 and isinstance(body, dict) and body.get("message") == "missing parameter sign":
            return envelope_answer(401, "missing sign")
        return response


class SignatureBeforeToken(Fault):
    """The `sign` is looked at before the token: a request without one is 400 whatever its token."""

    async def on_response(self, request: Request, response: Response) -> Response:
        unsigned = request.path != TOKEN and not request.params().get("sign")
        if unsigned and response.status in (401, 403):
            return envelope_answer(400, "missing parameter sign")
        return response


class ParamsBefore403(Fault):
    """Parameters are validated before the token's app is compared with `app_id` (another app's token gets 400)."""

    async def on_response(self, request: Request, response: Response) -> Response:
        app_id = request.params().get("app_id", "")
        if response.status != 403 or not app_id.isdigit() or int(app_id) not in SECRETS:
            return response
        own = request.with_params(resign(request.params()))
        token = await self.token_for(request.scope, int(app_id))
        checked = await call(self.app, own.with_header("access_token", token))
        return checked if checked.status == 400 else response


class ParamsBeforeSignature(Fault):
    """Parameters are validated before the signature: a bad parameter is 400 even when the sign is wrong."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        message = str(body.get("message")) if isinstance(body, dict) else ""
        if response.status != 401 or not message.startswith("invalid sign"):
            return response
        checked = await call(self.app, request.with_params(resign(request.params())))
        return checked if checked.status == 400 else response


class ResourceBeforeParams(Fault):
    """A path id is looked up before it is validated: an id too long for the spec is 404, not 400."""

    async def on_response(self, request: Request, response: Response) -> Response:
        segments = request.path.split("/")
        too_long = any(len(segment) > 64 for segment in segments)
        if response.status == 400 and too_long and request.path.startswith((CHANNELS + "/", f"{API}/sandbox/")):
            return envelope_answer(404, "not found")
        return response


class AcceptsDuplicates(Fault):
    """A parameter given twice is taken (the last value wins) instead of refused with 400."""

    async def on_request(self, request: Request) -> Request:
        pairs = [*request.query, *request.form]
        if len({name for name, _ in pairs}) == len(pairs):
            return request
        return request.with_params(resign(dict(pairs)))


class DuplicatesBeforeToken(Fault):
    """A parameter given twice is refused before the token is checked (400 where a bad token is 401)."""

    async def on_response(self, request: Request, response: Response) -> Response:
        pairs = [*request.query, *request.form]
        if response.status == 401 and len({name for name, _ in pairs}) != len(pairs):
            return envelope_answer(400, "duplicate parameter")
        return response


# Caught by the raw protocol probes, or by the refusal probes on signed operations.
RAW, SIGNED = "protocol_conformance", "refusal_conformance"
PROTOCOL_FAULTS: dict[str, tuple[type[Fault], set[str]]] = {
    name: (fault, {check})
    for name, fault, check in [
        ("unknown-path-html", UnknownPathHtml, RAW),
        ("wrong-method-404", WrongMethod404, RAW),
        ("ignores-accept", IgnoresAccept, RAW),
        ("accept-before-routing", AcceptBeforeRouting, RAW),
        ("no-body-limit", NoBodyLimit, RAW),
        ("missing-sign-401", MissingSign401, SIGNED),
        ("signature-before-token", SignatureBeforeToken, SIGNED),
        ("params-before-403", ParamsBefore403, SIGNED),
        ("params-before-signature", ParamsBeforeSignature, SIGNED),
        ("resource-before-params", ResourceBeforeParams, SIGNED),
        ("accepts-duplicates", AcceptsDuplicates, SIGNED),
        ("duplicates-before-token", DuplicatesBeforeToken, SIGNED),
    ]
}
FAULTS.update(PROTOCOL_FAULTS)
# Routing and bill faults.
FAULTS.update(
    {
        "priority-ignored": (PriorityIgnored, {"routing_conformance"}),
        "tie-goes-to-newest": (TieGoesToNewest, {"routing_conformance"}),
        "deleted-channel-routes": (DeletedChannelRoutes, {"routing_conformance"}),
        "routing-not-fixed": (RoutingNotFixed, {"routing_fixed_conformance", "persistence_conformance"}),
        "no-channel-default-route": (NoChannelDefaultRoute, {"acceptance_conformance"}),
        "bill-lists-other-apps": (BillListsOtherApps, {"isolation_conformance"}),
        "pending-orders-billed": (PendingOrdersBilled, {"bill_paid_only_conformance"}),
        "fee-rounded": (FeeRounded, {"settlement_conformance"}),
        "net-is-gross": (NetIsGross, {"settlement_conformance"}),
        "bill-count-off-by-one": (BillCountOffByOne, {"count_conformance"}),
        "utc-day-bills": (UtcDayBills, {"bill_day_conformance", "settlement_conformance"}),
        "retention-89-days": (Retention89Days, {"acceptance_conformance"}),
        "retention-91-days": (Retention91Days, {"acceptance_conformance"}),
        "future-bill-empty": (FutureBillEmpty, {"acceptance_conformance"}),
    }
)
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


# --- Statuses, ownership, filters, order, empty values and names: each breaks one rule of DESIGN or the spec ----

DECLARED = {param.name for op in SPEC.operations for param in op.parameters} | {
    "access_token"
}
PAY = f"{API}/sandbox/orders/"


def _message(response: Response) -> str:
    body = response.json()
    return str(body.get("message", "")) if isinstance(body, dict) else ""


def _path_id(request: Request) -> str:
    """The id in a channel delete's or a sandbox pay's path."""
    parts = request.path.removeprefix(PAY if request.path.startswith(PAY) else CHANNELS + "/").split("/")
    return parts[0]


def _is_pay(request: Request) -> bool:
    return request.method == "POST" and request.path.startswith(PAY) and request.path.endswith("/pay")


def _is_delete(request: Request) -> bool:
    return request.method == "DELETE" and request.path.startswith(CHANNELS + "/")


class RepaySucceeds(DomainFault):
    """Paying an order that is not pending answers 200 with the order as it is, instead of 400."""

    async def on_response(self, request: Request, response: Response) -> Response:
        app_id = _demo_app(request.params())
        if not _is_pay(request) or response.status != 400 or "not pending" not in _message(response) or not app_id:
            return response
        found = await self.as_app(request.scope, "GET", ORDERS, app_id, {"ids": _path_id(request)})
        return (
            response.with_json({"code": 0, "message": "success", "data": found[0]}, status=200) if found else response
        )


class PaysOtherAppsOrder(DomainFault):
    """Paying another app's order pays it (as its owner) instead of answering 404 as for an unknown order."""

    async def on_response(self, request: Request, response: Response) -> Response:
        app_id = _demo_app(request.params())
        if not _is_pay(request) or response.status != 404 or not app_id:
            return response
        for other in (app for app in SECRETS if app != app_id):
            signed = resign({"id": _path_id(request), "app_id": str(other), "sign": "0"})
            signed.pop("id")
            token = await self.token_for(request.scope, other)
            paid = await call(self.app, internal(request.scope, "POST", request.path, signed, token))
            if paid.status == 200:
                return paid
        return response


class OtherAppsChannel403(DomainFault):
    """Deleting another app's live channel answers 403 (telling that it exists) instead of 404."""

    async def on_response(self, request: Request, response: Response) -> Response:
        app_id = _demo_app(request.params())
        if not _is_delete(request) or response.status != 404 or not app_id:
            return response
        for other in (app for app in SECRETS if app != app_id):
            if any(channel["id"] == _path_id(request) for channel in await self.channels(request.scope, other)):
                return envelope_answer(403, "the channel belongs to another app")
        return response


class OtherAppsDeletedChannel410(Fault):
    """Deleting another app's deleted channel answers 410 (telling that it existed) instead of 404."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.deleted: set[str] = set()

    async def on_response(self, request: Request, response: Response) -> Response:
        if _is_delete(request) and response.status == 200:
            self.deleted.add(_path_id(request))
        if _is_delete(request) and response.status == 404 and _path_id(request) in self.deleted:
            return envelope_answer(410, "channel has been deleted")
        return response


class DeleteUnknown410(Fault):
    """Deleting an unknown channel answers 410 instead of 404."""

    async def on_response(self, request: Request, response: Response) -> Response:
        return (
            envelope_answer(410, "channel has been deleted")
            if _is_delete(request) and response.status == 404
            else response
        )


class PayUnknown400(Fault):
    """Paying an unknown order answers 400 instead of 404."""

    async def on_response(self, request: Request, response: Response) -> Response:
        return envelope_answer(400, "invalid parameter id") if _is_pay(request) and response.status == 404 else response


class QueryUnknown404(Fault):
    """A query naming any unknown id answers 404 instead of leaving the unknown ids out."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        asked = [i for i in request.params().get("ids", "").split(",") if i]
        is_query = request.method == "GET" and request.path == ORDERS and response.status == 200
        if is_query and isinstance(body, dict) and len(body.get("data") or []) < len(set(asked)):
            return envelope_answer(404, "order not found")
        return response


class QueryInCreationOrder(Fault):
    """A query answers its orders in the order they were created (the table's order), not the order of the ids."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.created: dict[str, int] = {}

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if response.status != 200 or not isinstance(body, dict) or request.path != ORDERS:
            return response
        if request.method == "POST":
            self.created[body["data"]["id"]] = len(self.created)
            return response
        ordered = sorted(body.get("data") or [], key=lambda order: self.created.get(order["id"], -1))
        return response.with_json({**body, "data": ordered})


class ListsOtherAppsChannels(DomainFault):
    """`GET /channels` lists every app's channels (of the pay_type asked), not only the caller's."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body, app_id = response.json(), _demo_app(request.params())
        if request.method != "GET" or request.path != CHANNELS or response.status != 200 or not app_id:
            return response
        pay_type = request.params().get("pay_type") or None
        for other in (app for app in SECRETS if app != app_id):
            body["data"] += await self.channels(request.scope, other, pay_type)
        return response.with_json({**body, "count": len(body["data"])})


class ChannelsNewestFirst(Fault):
    """`GET /channels` lists the newest channel first."""

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        if request.method == "GET" and request.path == CHANNELS and response.status == 200 and isinstance(body, dict):
            return response.with_json({**body, "data": list(reversed(body.get("data") or []))})
        return response


class BillItemsNewestFirst(BillFault):
    """A bill lists its items newest first, not in pay order."""

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        bill = self.served(response)
        return response if bill is None else self.answer_bill(response, {**bill, "items": bill["items"][::-1]})


class EmptyExtData400(Fault):
    """An empty `ext_data` is refused as invalid JSON instead of counting as absent."""

    async def on_response(self, request: Request, response: Response) -> Response:
        is_create = request.method == "POST" and request.path == ORDERS
        if is_create and request.params().get("ext_data") == "" and response.status != 401:
            return envelope_answer(400, "invalid parameter ext_data: not a JSON object")
        return response


class EmptyPriorityHighest(Fault):
    """An empty `priority` is read as the highest priority (100) instead of the default."""

    async def on_request(self, request: Request) -> Request:
        params = request.params()
        if request.method == "POST" and request.path == CHANNELS and params.get("priority") == "":
            return request.with_params(resign({**params, "priority": "100"}))
        return request


class MaintenanceWithoutRetryAfter(Fault):
    """Every 25th request is answered 503 (a short maintenance) without a Retry-After header."""

    async def on_response(self, request: Request, response: Response) -> Response:
        count = self.__dict__["count"] = self.__dict__.get("count", 0) + 1
        return envelope_answer(503, "under maintenance") if count % 25 == 0 else response


class RefusesUnknownNames(Fault):
    """A parameter the spec does not declare is refused with 400, even with a name the contract says is ignored."""

    async def on_response(self, request: Request, response: Response) -> Response:
        unknown = sorted({name for name, _ in [*request.query, *request.form]} - DECLARED)
        if unknown and response.status in (200, 404, 410):
            return envelope_answer(400, f"unknown parameter {unknown[0]}")
        return response


class IsoTimes(Fault):
    """Order times are written ISO 8601 style (`2026-01-02T03:04:05+08:00`) instead of `YYYY-MM-DD HH:MM:SS`."""

    async def on_response(self, request: Request, response: Response) -> Response:
        for order in self.orders_in(request, response):
            for name in ("created_at", "updated_at", "expire_at"):
                order[name] = order[name].replace(" ", "T") + "+08:00"
        return self.rewritten(response)


class BadFilterIgnored(Fault):
    """`GET /channels` with a `pay_type` outside the enum lists every channel instead of answering 400."""

    async def on_request(self, request: Request) -> Request:
        params = request.params()
        pay_type = params.get("pay_type")
        if request.method == "GET" and request.path == CHANNELS and pay_type and pay_type not in ("1", "2", "3"):
            params.pop("pay_type")
            return request.with_params(resign(params))
        return request


class OtherAppsToken401(Fault):
    """Another app's token is answered 401 (as an invalid token) instead of 403."""

    async def on_response(self, request: Request, response: Response) -> Response:
        return envelope_answer(401, "invalid access_token") if response.status == 403 else response


class Md5Refused(Fault):
    """`sign_type=1` (MD5) is not supported: every request signed with it is 401."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if request.params().get("sign_type") == "1" and response.status == 200:
            return envelope_answer(401, "invalid sign")
        return response


class PathIdUnsigned(Fault):
    """The signature is checked without the path's `id`: a request signed over it, as the contract says, is 401."""

    async def on_request(self, request: Request) -> Request:
        params = request.params()
        if not (_is_pay(request) or _is_delete(request)) or not params.get("sign"):
            return request
        with_id = {**resign({**params, "id": _path_id(request)})}
        with_id.pop("id")
        if params["sign"] == with_id["sign"]:
            return request.with_params({**params, "sign": "0" * 64})
        if params["sign"] == resign(params)["sign"]:
            return request.with_params(with_id)
        return request


class EmptyValuesSigned(Fault):
    """Empty values are signed as `name=`: a request with one, signed as the contract says, is 401."""

    async def on_response(self, request: Request, response: Response) -> Response:
        empty = [name for name, value in [*request.query, *request.form] if value == "" and name != "sign"]
        if empty and response.status == 200:
            return envelope_answer(401, "invalid sign")
        return response


class PayMovesExpiry(Fault):
    """Paying an order also moves its `expire_at` to 24 h after the pay (in the pay's answer)."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if not _is_pay(request):
            return response
        for order in self.orders_in(request, response):
            paid = dt.datetime.strptime(order["updated_at"], TIME_FORMAT)
            order["expire_at"] = (paid + dt.timedelta(hours=24)).strftime(TIME_FORMAT)
        return self.rewritten(response)


class PaidAtIsCreation(BillFault):
    """A bill item's `paid_at` is the order's creation time, not the time it was paid."""

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        bill = self.served(response)
        if bill is None or not bill["items"]:
            return response
        ids = ",".join(item["order_id"] for item in bill["items"])
        orders = await self.as_app(request.scope, "GET", ORDERS, app_id, {"ids": ids}) or []
        created = {order["id"]: order["created_at"] for order in orders}
        for item in bill["items"]:
            item["paid_at"] = created.get(item["order_id"], item["paid_at"])
        return self.answer_bill(response, bill)


def _has_token(request: Request) -> bool:
    return bool(request.header("access_token"))


class BodyLimitBeforeAccept(Fault):
    """The body's size is checked before `Accept`: a large body asking for HTML is 413, not 406."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        length = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if scope["type"] == "http" and length.isdigit() and int(length) > BODY_LIMIT:
            await answer(send, envelope_answer(413, f"request body exceeds {BODY_LIMIT} bytes"))
            return
        await self.app(scope, receive, send)


class TokenBeforeBodyLimit(Fault):
    """The token is checked before the body's size: a body over 1 MiB without a token is 401, not 413."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if response.status == 413 and request.path != TOKEN and not _has_token(request):
            return envelope_answer(401, "missing access_token header")
        return response


class TokenBeforeAccept(Fault):
    """The token is checked before `Accept`: a request asking for HTML without a token is 401, not 406."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if response.status == 406 and request.path != TOKEN and not _has_token(request):
            return envelope_answer(401, "missing access_token header")
        return response


class BadAppId403(Fault):
    """`app_id` is compared with the token's app before it is validated: a malformed one is 403, not 400."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if response.status == 400 and _has_token(request) and "parameter app_id" in _message(response):
            return envelope_answer(403, "access_token does not belong to app_id")
        return response


class TokenAnySecret(Fault):
    """`POST /token` issues a token for a demo app whatever `app_secret` is sent."""

    async def on_response(self, request: Request, response: Response) -> Response:
        app_id = _demo_app(request.params())
        if request.path != TOKEN or response.status != 401 or app_id is None:
            return response
        form = {"app_id": str(app_id), "app_secret": SECRETS[app_id]}
        return await call(self.app, internal(request.scope, "POST", TOKEN, form, None))


class SignTypeDefaultMd5(Fault):
    """A request without `sign_type` is checked as MD5 (1), not HMAC-SHA256 (2): signed as the contract says, 401."""

    async def on_request(self, request: Request) -> Request:
        params = request.params()
        if params.get("sign") and not params.get("sign_type") and params["sign"] == resign(params)["sign"]:
            return request.with_params({**params, "sign": "0" * 64})
        return request


AUDIT_FAULTS: dict[str, tuple[type[Fault], set[str]]] = {
    "repay-succeeds": (RepaySucceeds, {"acceptance_conformance"}),
    "pays-other-apps-order": (PaysOtherAppsOrder, {"acceptance_conformance"}),
    "other-apps-channel-403": (OtherAppsChannel403, {"acceptance_conformance"}),
    "other-apps-deleted-channel-410": (OtherAppsDeletedChannel410, {"acceptance_conformance"}),
    "delete-unknown-410": (DeleteUnknown410, {"acceptance_conformance"}),
    "pay-unknown-400": (PayUnknown400, {"acceptance_conformance"}),
    "query-unknown-404": (QueryUnknown404, {"acceptance_conformance"}),
    "query-in-creation-order": (QueryInCreationOrder, {"persistence_conformance"}),
    "lists-other-apps-channels": (ListsOtherAppsChannels, {"isolation_conformance"}),
    "channels-newest-first": (ChannelsNewestFirst, {"list_order_conformance"}),
    "bill-items-newest-first": (BillItemsNewestFirst, {"list_order_conformance", "settlement_conformance"}),
    "empty-ext-data-400": (EmptyExtData400, {"acceptance_conformance"}),
    "empty-priority-highest": (EmptyPriorityHighest, {"channel_echo_conformance"}),
    "maintenance-without-retry-after": (MaintenanceWithoutRetryAfter, {"retry_after_conformance"}),
    "refuses-unknown-names": (RefusesUnknownNames, {"acceptance_conformance"}),
    "iso-times": (IsoTimes, {"time_conformance", "response_schema_conformance"}),
    "bad-filter-ignored": (
        BadFilterIgnored,
        {"refusal_conformance", "negative_data_rejection", "channel_filter_conformance"},
    ),
    "other-apps-token-401": (OtherAppsToken401, {"auth_conformance"}),
    "md5-refused": (Md5Refused, {"acceptance_conformance"}),
    "path-id-unsigned": (PathIdUnsigned, {"acceptance_conformance", "auth_conformance"}),
    "empty-values-signed": (EmptyValuesSigned, {"acceptance_conformance"}),
    "pay-moves-expiry": (PayMovesExpiry, {"pay_conformance", "time_conformance"}),
    "paid-at-is-creation": (PaidAtIsCreation, {"pay_conformance", "list_order_conformance"}),
    "body-limit-before-accept": (BodyLimitBeforeAccept, {"protocol_conformance"}),
    "token-before-body-limit": (TokenBeforeBodyLimit, {"protocol_conformance"}),
    "token-before-accept": (TokenBeforeAccept, {"protocol_conformance"}),
    "bad-app-id-403": (BadAppId403, {"refusal_conformance"}),
    "token-any-secret": (TokenAnySecret, {"auth_conformance"}),
    "sign-type-default-md5": (SignTypeDefaultMd5, {"acceptance_conformance"}),
}
FAULTS.update(AUDIT_FAULTS)

from tests.verify.faults_extra import EXTRA_FAULTS  # noqa: E402 - its faults build on the classes above

FAULTS.update(EXTRA_FAULTS)
