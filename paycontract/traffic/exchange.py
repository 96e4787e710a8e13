"""One HTTP exchange as it travelled: the request and the response, as bytes, with when it happened."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

Pairs = tuple[tuple[str, str], ...]
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Exchange:
    """A request (method, path, query and form parameters as sent, headers, body) and its response.

    Header names are lowercase. `status` is 0 and `error` says why when no response came back
    (the upstream refused, reset or timed out). `started` is a Unix time, `elapsed` seconds.
    `body_recorded` is False when a recording left the response body out (the checks of the body are skipped).
    """

    method: str
    path: str
    query: Pairs = ()
    request_headers: Pairs = ()
    request_body: bytes = b""
    status: int = 0
    response_headers: Pairs = ()
    response_body: bytes = b""
    started: float = 0.0
    elapsed: float = 0.0
    error: str | None = None
    body_recorded: bool = True
    form: Pairs = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "form", _form_pairs(self.request_headers, self.request_body))

    def request_header(self, name: str) -> str | None:
        """The first request header called `name` (lowercase), or None."""
        return _first(self.request_headers, name)

    def response_header(self, name: str) -> str | None:
        """The first response header called `name` (lowercase), or None."""
        return _first(self.response_headers, name)


def header_pairs(headers: Iterable[tuple[str | bytes, str | bytes]]) -> Pairs:
    """Headers as (lowercase name, value) text pairs, from bytes (ASGI) or text."""
    return tuple((_text(name).lower(), _text(value)) for name, value in headers)


def query_pairs(query: str | bytes) -> Pairs:
    """A query string as percent-decoded pairs, blank values kept, in the order sent."""
    text = _text(query)
    return tuple(parse_qsl(text, keep_blank_values=True)) if text else ()


def _form_pairs(headers: Pairs, body: bytes) -> Pairs:
    content_type = (_first(headers, "content-type") or "").split(";")[0].strip().lower()
    if content_type != FORM or not body:
        return ()
    try:
        return tuple(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        return ()


def _first(pairs: Pairs, name: str) -> str | None:
    return next((value for key, value in pairs if key == name), None)


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value
