"""Conforming variants: the reference app, each changed in one way the contract leaves open.

The mirror of `faults.py`. DESIGN.md's "What the contract leaves to each server" lists what a server may do
its own way — JSON formatting and number re-serialisation, message texts, `Content-Type` parameters, extra
headers and fields, compression, connection reuse, refusing oddly named unknown parameters — and `verify`
must pass every one of these servers.
"""

from __future__ import annotations

import gzip
import json
import re
from typing import Any, ClassVar

from tests.verify.asgi import Request, Response, answer, call, read
from tests.verify.faults import NIGHT_CLOCK, Fault, StartsWithoutChannels
from tests.verify.mapped_variants import JwtTokens, PrefixedIds, ShiftedClock, UuidIds

JSON = b"application/json"
_LEGAL_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")


def _with_body(response: Response, body: bytes, content_type: bytes | None = None) -> Response:
    headers = [(k, v) for k, v in response.headers if k.lower() not in (b"content-length", b"content-type")]
    headers.append((b"content-type", content_type or JSON))
    headers.append((b"content-length", str(len(body)).encode()))
    return Response(response.status, headers, body)


class Reformat(Fault):
    """Re-serialise every JSON answer with `dumps` (the same value, written differently)."""

    def dumps(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    async def on_response(self, request: Request, response: Response) -> Response:
        value = response.json()
        if value is None:
            return response
        return _with_body(response, self.dumps(value).encode())


class CompactSortedJson(Reformat):
    """No whitespace at all, keys sorted (as many serialisers do)."""

    def dumps(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class PrettyReversedJson(Reformat):
    """Indented, keys in reverse order."""

    def dumps(self, value: Any) -> str:
        return json.dumps(_reverse_keys(value), ensure_ascii=False, indent=2)


class GoEscapedJson(Reformat):
    """Go's encoding/json: `<`, `>` and `&` escaped as `\\u003c`, `\\u003e`, `\\u0026`."""

    def dumps(self, value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class PhpEscapedJson(Reformat):
    """PHP's json_encode: every non-ASCII character as `\\uXXXX`, `/` as `\\/`."""

    def dumps(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")


class DoublesInExtData(Reformat):
    """ext_data numbers re-serialised through IEEE-754 doubles, as JavaScript does (1e+30, 1.0 → 1, -0 → 0)."""

    def dumps(self, value: Any) -> str:
        return json.dumps(_through_doubles(value), ensure_ascii=False)


class ContentTypeParameters(Fault):
    """`application/json;charset=UTF-8` instead of plain `application/json`."""

    async def on_response(self, request: Request, response: Response) -> Response:
        return _with_body(response, response.body, b"application/json;charset=UTF-8")


class ExtraHeaders(Fault):
    """Headers the spec does not name: a request id, a server banner, caching advice."""

    async def on_response(self, request: Request, response: Response) -> Response:
        extra = [(b"x-request-id", b"9f1c2d"), (b"server", b"pay-gateway/2.3"), (b"cache-control", b"no-store")]
        return Response(response.status, [*response.headers, *extra], response.body)


class ExtraFields(Reformat):
    """Fields the spec does not name: a top-level `request_id`, and a `trace` in every data object."""

    def dumps(self, value: Any) -> str:
        if isinstance(value, dict):
            value = {**value, "request_id": "9f1c2d"}
            data = value.get("data")
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict):
                    item["trace"] = "t-1"
        return json.dumps(value, ensure_ascii=False)


class ChineseMessages(Reformat):
    """Error messages in Chinese (message texts are each server's own)."""

    def dumps(self, value: Any) -> str:
        if isinstance(value, dict) and value.get("code") not in (0, None):
            value = {**value, "message": f"请求失败（错误码 {value['code']}）"}
        return json.dumps(value, ensure_ascii=False)


class ConnectionClose(Fault):
    """Every answer closes its connection (no keep-alive)."""

    async def on_response(self, request: Request, response: Response) -> Response:
        return Response(response.status, [*response.headers, (b"connection", b"close")], response.body)


class GzipWhenAllowed(Fault):
    """A gzip-compressed body whenever the request's Accept-Encoding allows gzip."""

    async def on_response(self, request: Request, response: Response) -> Response:
        if "gzip" not in (request.header("accept-encoding") or ""):
            return response
        body = gzip.compress(response.body)
        headers = [(k, v) for k, v in response.headers if k.lower() != b"content-length"]
        headers += [(b"content-encoding", b"gzip"), (b"content-length", str(len(body)).encode())]
        return Response(response.status, headers, body)


class RefusesOddNames(Fault):
    """A parameter whose name is empty or not 1–64 of `A–Z a–z 0–9 _` is refused with 400 (the contract allows it)."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = await read(scope, receive)
        names = [name for name, _ in (*request.query, *request.form)]
        if all(_LEGAL_NAME.fullmatch(name) for name in names):
            await answer(send, await call(self.app, request))
            return
        body = json.dumps({"code": 400, "message": "illegal parameter name", "data": None}).encode()
        await answer(send, _with_body(Response(400, [], b""), body))


def _reverse_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _reverse_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_keys(item) for item in value]
    return value


def _double(value: Any) -> Any:
    """`value` after a trip through JavaScript: every number a double, printed without a needless `.0`."""
    if isinstance(value, dict):
        return {key: _double(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_double(item) for item in value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _through_doubles(value: Any) -> Any:
    """`value` with every ext_data number as JavaScript would print it after JSON.parse."""
    if isinstance(value, dict):
        return {key: (_double(item) if key == "ext_data" else _through_doubles(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [_through_doubles(item) for item in value]
    return value


VARIANTS: dict[str, type[Fault]] = {
    "compact-sorted-json": CompactSortedJson,
    "pretty-reversed-json": PrettyReversedJson,
    "go-escaped-json": GoEscapedJson,
    "php-escaped-json": PhpEscapedJson,
    "doubles-in-ext-data": DoublesInExtData,
    "content-type-parameters": ContentTypeParameters,
    "extra-headers": ExtraHeaders,
    "extra-fields": ExtraFields,
    "chinese-messages": ChineseMessages,
    "connection-close": ConnectionClose,
    "gzip-when-allowed": GzipWhenAllowed,
    "refuses-odd-names": RefusesOddNames,
    "uuid-ids": UuidIds,
    "prefixed-ids": PrefixedIds,
    "jwt-tokens": JwtTokens,
    "shifted-clock": ShiftedClock,
}


class NightClock(Fault):
    """The server's clock reads 03:00 UTC+8, when the UTC day is still yesterday (a pinned clock, unchanged app)."""

    environ: ClassVar[dict[str, str]] = NIGHT_CLOCK


# When the server runs and which channels its apps start with are the server's: verify passes at night, and
# with no seeded channels (it creates what it needs, and can then test an order with no channel).
VARIANTS.update({"night-clock": NightClock, "no-seeded-channels": StartsWithoutChannels})
