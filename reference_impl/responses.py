"""Envelopes as bytes, and sending them. Stored resources are kept as JSON text and spliced in as they are."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.types import Send

from reference_impl.errors import ApiError, error_body

JSON_CONTENT_TYPE = (b"content-type", b"application/json")
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    """Compact JSON, non-ASCII kept (the form every stored document and response uses)."""
    return _ENCODER.encode(value)


def success(data: Any) -> bytes:
    """`{"code":0,"message":"success","data":…}`."""
    return success_raw(dumps(data))


def success_raw(data_json: str) -> bytes:
    """The success envelope around data that is already JSON text."""
    return ('{"code":0,"message":"success","data":' + data_json + "}").encode("utf-8")


def listing_raw(items_json: list[str]) -> bytes:
    """`{"code":0,"message":"success","count":N,"data":[…]}` around items that are already JSON text."""
    body = '{"code":0,"message":"success","count":' + str(len(items_json)) + ',"data":[' + ",".join(items_json) + "]}"
    return body.encode("utf-8")


async def send_json(send: Send, status: int, body: bytes, headers: Mapping[str, str] | None = None) -> None:
    """Send a complete JSON response."""
    raw_headers = [JSON_CONTENT_TYPE, (b"content-length", b"%d" % len(body))]
    if headers:
        raw_headers.extend((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items())
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


async def send_error(send: Send, error: ApiError) -> None:
    """Send the envelope of an `ApiError` with its status and headers."""
    await send_json(send, error.status, error_body(error), error.headers)
