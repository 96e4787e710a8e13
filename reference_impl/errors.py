"""Error envelopes: every failure is `{"code": status, "message": why, "data": null}` with that HTTP status."""

from __future__ import annotations

import json
from collections.abc import Mapping


class ApiError(Exception):
    """A request that is answered with an error envelope; `headers` go out with it (Allow, Retry-After)."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def bad_parameter(name: str, reason: str) -> ApiError:
    """400 naming the parameter, in the spec's wording: `invalid parameter amount: must be …`."""
    return ApiError(400, f"invalid parameter {name}: {reason}")


def missing_parameter(name: str) -> ApiError:
    """400 for a required parameter that was not sent (or sent empty)."""
    return ApiError(400, f"missing parameter {name}")


def envelope(code: int, message: str, data: object = None) -> bytes:
    """The JSON envelope as UTF-8 bytes (compact, non-ASCII kept)."""
    body = {"code": code, "message": message, "data": data}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error_body(error: ApiError) -> bytes:
    """The envelope for an `ApiError`."""
    return envelope(error.status, error.message)


INTERNAL_ERROR = ApiError(500, "internal error")
