"""Faults for the rules the first rule tables left without one: a parameter given in two places, what a new order
is, the forms of a bill date, an empty `app_id`, a body that is not UTF-8, absent fields, an empty day's bill, and
a query that does not see a pay. `faults.py` adds them to `FAULTS`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from urllib.parse import urlencode

from tests.verify.asgi import RULE, SECRETS, Request, Response, call, internal, resign
from tests.verify.faults import (
    BILLS,
    ORDERS,
    PAY,
    TIME_FORMAT,
    BillFault,
    Fault,
    _is_delete,
    _is_pay,
    _path_id,
    envelope_answer,
)

Pairs = list[tuple[str, str]]


def _signed_right(pairs: Pairs) -> str | None:
    """The secret of the demo app `pairs` name, when their `sign` is right over them."""
    params = dict(pairs)
    app_id = params.get("app_id", "")
    secret = SECRETS.get(int(app_id)) if app_id.isdigit() else None
    try:
        right = secret is not None and RULE.sign_pairs(pairs, secret) == params.get("sign", "").upper()
    except (KeyError, ValueError):
        return None
    return secret if right else None


class AcceptsDuplicatesAcrossPlaces(Fault):
    """Path, query and body are read each on its own and merged (path over body over query): a name repeated
    within one place is still 400, but one given in two places is taken once instead of refused."""

    async def on_request(self, request: Request) -> Request:
        path: Pairs = [("id", _path_id(request))] if _is_pay(request) or _is_delete(request) else []
        query, form = request.query, request.form
        across = {name for name, _ in query} & {name for name, _ in [*form, *path]}
        across |= {name for name, _ in form} & {name for name, _ in path}
        if not across:
            return request
        kept_query = [(n, v) for n, v in query if n not in across]
        kept_form = [(n, v) for n, v in form if n not in {name for name, _ in path}]
        secret = _signed_right([*query, *form, *path])
        if secret is not None:
            sign = RULE.sign_pairs([*kept_query, *kept_form, *path], secret)
            kept_query, kept_form = ([(n, sign if n == "sign" else v) for n, v in p] for p in (kept_query, kept_form))
        return _with(request, kept_query, kept_form)


def _with(request: Request, query: Pairs, form: Pairs) -> Request:
    """The request with this query string and (for POST) this form body."""
    scope = {**request.scope, "query_string": urlencode(query).encode()}
    if request.method != "POST":
        return replace(request, scope=scope)
    body = urlencode(form).encode()
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
    scope["headers"] = [*headers, (b"content-length", str(len(body)).encode())]
    return Request(scope, body)


class CreatedAsPaid(Fault):
    """A new order is created paid: the server pays it as it stores it and answers it with status 1."""

    async def on_response(self, request: Request, response: Response) -> Response:
        app_id = request.params().get("app_id", "")
        if request.method != "POST" or request.path != ORDERS or response.status != 200 or not app_id.isdigit():
            return response
        order_id = response.json()["data"]["id"]
        signed = resign({"id": order_id, "app_id": app_id, "sign": "0"})
        signed.pop("id")
        token = await self.token_for(request.scope, int(app_id))
        paid = await call(self.app, internal(request.scope, "POST", f"{PAY}{order_id}/pay", signed, token))
        return paid if paid.status == 200 else response


class UpdatedAtAfterCreation(Fault):
    """A pending order's `updated_at` is a second after its `created_at` (the row is stamped again as it is
    stored), in every answer that carries it."""

    async def on_response(self, request: Request, response: Response) -> Response:
        for order in self.orders_in(request, response):
            if order.get("status") == 0:
                created = dt.datetime.strptime(order["created_at"], TIME_FORMAT)
                order["updated_at"] = (created + dt.timedelta(seconds=1)).strftime(TIME_FORMAT)
        return self.rewritten(response)


_LOOSE_DATE = re.compile(r"([0-9]{4})-?([0-9]{1,2})-?([0-9]{1,2})")


class LooseBillDates(Fault):
    """A bill date is read leniently, as many date libraries do: `2026-1-5` and `20260105` are 5 January, and a
    day past the month's end rolls over (`2026-09-31` is 1 October) — instead of 400 for anything but a
    zero-padded real date."""

    async def on_request(self, request: Request) -> Request:
        params = request.params()
        match = _LOOSE_DATE.fullmatch(params.get("date", ""))
        if request.method != "GET" or request.path != BILLS or match is None:
            return request
        year, month, day = (int(part) for part in match.groups())
        try:
            date = (dt.date(year, month, 1) + dt.timedelta(days=day - 1)).isoformat()
        except ValueError:
            return request
        if date == params["date"] or _signed_right(request.query) is None:
            return request
        return request.with_params(resign({**params, "date": date}))


class RefusedAsBadSignature(Fault):
    """A 400 for `name` (missing, empty or malformed, as `spoiled` tells) is answered `status` (401, as a wrong
    signature, unless a subclass says otherwise)."""

    name = ""
    status, message = 401, "invalid sign"

    def spoiled(self, value: str | None) -> bool:
        return False

    async def on_response(self, request: Request, response: Response) -> Response:
        body = response.json()
        message = str(body.get("message", "")) if isinstance(body, dict) else ""
        if response.status == 400 and self.name in message and self.spoiled(request.params().get(self.name)):
            return envelope_answer(self.status, self.message)
        return response


class MalformedSign401(RefusedAsBadSignature):
    """A `sign` that is not hex is answered 401 (compared and found wrong) instead of 400."""

    name = "sign"

    def spoiled(self, value: str | None) -> bool:
        return bool(value) and _HEX.fullmatch(value or "") is None


class MissingAppId401(RefusedAsBadSignature):
    """A request without `app_id` is answered 401 (no app to check the signature for) instead of 400."""

    name = "app_id"

    def spoiled(self, value: str | None) -> bool:
        return not value


class BadSignType401(RefusedAsBadSignature):
    """A `sign_type` outside 1 and 2 is answered 401 (no algorithm matches) instead of 400."""

    name = "sign_type"

    def spoiled(self, value: str | None) -> bool:
        return value not in (None, "", "1", "2")


class EmptyAppId403(RefusedAsBadSignature):
    """An empty `app_id` is compared with the token's app as it stands (no app is ""): 403 instead of 400, as
    if the token were another app's; a missing one is still 400."""

    name = "app_id"
    status, message = 403, "access_token does not belong to app_id "

    def spoiled(self, value: str | None) -> bool:
        return value == ""


class BadBytesReplaced(Fault):
    """A form body is read leniently, as `errors="replace"` does: bytes that are not UTF-8 become U+FFFD and the
    request is taken, instead of 400 for a body that is not a UTF-8 form."""

    async def on_request(self, request: Request) -> Request:
        if request.method != "POST" or request.utf8_form():
            return request
        return _with(request, request.query, request.form)


class AbsentAsZeroValues(Fault):
    """Fields the request left out come back as zero values: `product` fields not sent as "" (Go's empty
    string), an `ext_data` not sent as `[]` (PHP's `json_encode` of an empty array) — not null and `{}`."""

    async def on_response(self, request: Request, response: Response) -> Response:
        for order in self.orders_in(request, response):
            product = order.get("product")
            if isinstance(product, dict):
                order["product"] = {key: "" if value is None else value for key, value in product.items()}
            if order.get("ext_data") == {}:
                order["ext_data"] = []
        return self.rewritten(response)


class EmptyDay404(BillFault):
    """A day with no paid orders has no bill: 404 instead of 200 with zeros and no items."""

    async def bill(self, request: Request, response: Response, app_id: int, date: str) -> Response:
        bill = self.served(response)
        if bill is not None and not bill.get("items"):
            return envelope_answer(404, f"no bill for {date}")
        return response


class QueryShowsPending(Fault):
    """A query answers a paid order as it was created: pending, `updated_at` its creation time (a read model
    that never saw the pay)."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if request.method != "GET" or request.path != ORDERS:
            return response
        for order in self.orders_in(request, response):
            order.update(status=0, updated_at=order.get("created_at"))
        return self.rewritten(response)


_HEX = re.compile(r"[0-9A-Fa-f]{32,64}")

EXTRA_FAULTS: dict[str, tuple[type[Fault], set[str]]] = {
    "accepts-duplicates-across-places": (AcceptsDuplicatesAcrossPlaces, {"refusal_conformance"}),
    "created-as-paid": (CreatedAsPaid, {"new_order_conformance", "acceptance_conformance"}),
    "updated-at-after-creation": (UpdatedAtAfterCreation, {"new_order_conformance"}),
    "loose-bill-dates": (LooseBillDates, {"acceptance_conformance", "negative_data_rejection"}),
    "malformed-sign-401": (MalformedSign401, {"refusal_conformance"}),
    "missing-app-id-401": (MissingAppId401, {"refusal_conformance"}),
    "bad-sign-type-401": (BadSignType401, {"refusal_conformance"}),
    "empty-app-id-403": (EmptyAppId403, {"refusal_conformance"}),
    "bad-bytes-replaced": (BadBytesReplaced, {"refusal_conformance"}),
    "absent-as-zero-values": (AbsentAsZeroValues, {"order_echo_conformance", "response_schema_conformance"}),
    "empty-day-404": (EmptyDay404, {"acceptance_conformance"}),
    "query-shows-pending": (QueryShowsPending, {"persistence_conformance"}),
}
