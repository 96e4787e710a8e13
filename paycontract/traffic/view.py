"""An exchange seen through the contract: its operation, its parameters, the app it acts for, the parsed body."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from paycontract.spec import Operation
from paycontract.strict_json import strict_loads
from paycontract.traffic.contract import Route, TrafficContract
from paycontract.traffic.exchange import Exchange
from paycontract.traffic.state import RunState

NOT_JSON = object()


@dataclass
class Seen:
    """What every check receives: the exchange, its route (None off the spec), and the run's state."""

    exchange: Exchange
    contract: TrafficContract
    state: RunState
    route: Route | None
    secrets: dict[int, str]

    @property
    def op(self) -> Operation | None:
        """The operation the request matched, or None."""
        return self.route.operation if self.route else None

    def is_op(self, role: str) -> bool:
        """Whether the request matched the operation of this role (one of `paycontract.roles.ROLES`)."""
        return self.op is not None and self.op.role == role

    @property
    def status(self) -> int:
        """The response's HTTP status."""
        return self.exchange.status

    @cached_property
    def params(self) -> list[tuple[str, str]]:
        """Every request parameter as sent: path, query, form body."""
        path = list(self.route.path_params) if self.route else []
        # A body is read only where the operation takes one, as a server routes it.
        form = list(self.exchange.form) if self.op is None or self.op.body_media_type else []
        return [*path, *self.exchange.query, *form]

    def param(self, name: str) -> str | None:
        """The first value of a parameter (an empty value counts as absent)."""
        value = next((v for n, v in self.params if n == name), None)
        return value or None

    @property
    def app_id(self) -> int | None:
        """The app the request names (`app_id`), if it is an integer."""
        return as_int_text(self.param("app_id"))

    @property
    def token_app(self) -> int | None:
        """The app the request's token was issued to, if the traffic showed that token granted."""
        token = self.exchange.request_header(self.contract.token_header)
        return self.state.tokens.get(token) if token else None

    @cached_property
    def body(self) -> Any:
        """The response body parsed as JSON (decompressed first), or `NOT_JSON`."""
        raw = decoded_body(self.exchange)
        try:
            return strict_loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return NOT_JSON

    @property
    def ok(self) -> bool:
        """A 200 envelope with code 0."""
        return self.status == 200 and isinstance(self.body, dict) and self.body.get("code") == 0

    @property
    def data(self) -> Any:
        """The envelope's `data`, or None."""
        return self.body.get("data") if isinstance(self.body, dict) else None

    def records(self) -> list[dict[str, Any]]:
        """`data` as a list of objects: the list itself, or the one object."""
        data = self.data
        items = data if isinstance(data, list) else [data]
        return [item for item in items if isinstance(item, dict)]


def decoded_body(exchange: Exchange) -> bytes:
    """The response body with its `Content-Encoding` (gzip, deflate) undone; as is when it cannot be."""
    encoding = (exchange.response_header("content-encoding") or "").strip().lower()
    try:
        if encoding == "gzip":
            return gzip.decompress(exchange.response_body)
        if encoding == "deflate":
            return zlib.decompress(exchange.response_body)
    except (OSError, zlib.error, EOFError):
        return exchange.response_body
    return exchange.response_body


def as_int_text(value: str | None) -> int | None:
    """An integer written as decimal text, else None."""
    if value is None:
        return None
    text = value.strip()
    return int(text) if text.lstrip("-").isdigit() else None


def as_int(value: Any) -> int | None:
    """A JSON integer (not a bool, not a float), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def describe(value: Any, limit: int = 80) -> str:
    """A short printable form of a value for a message."""
    text = repr(value) if not isinstance(value, bytes) else repr(value[:limit])
    return text if len(text) <= limit else text[: limit - 1] + "…"
