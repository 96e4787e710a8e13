"""The checks that come before a request's parameters are read, in DESIGN's order of checks.

`Guard` (an ASGI middleware) answers maintenance (503), which may come before anything; routing then
answers an unknown path (404) and a wrong method (405); `Admission`, run by each path's endpoint once
its method is known, answers `Accept` (406), a declared body size (413) and the rate limit (429).
Each answers with the error envelope.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from reference_impl import wire
from reference_impl.config import Settings
from reference_impl.errors import ApiError
from reference_impl.ratelimit import RateLimiter
from reference_impl.responses import send_error


class Guard:
    """Refuse every request while the server is under maintenance; pass everything on otherwise."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 503 during maintenance, or hand the request on."""
        if scope["type"] == "http" and self.settings.maintenance:
            retry = str(self.settings.maintenance_retry_after)
            await send_error(send, ApiError(503, "service under maintenance", {"Retry-After": retry}))
            return
        await self.app(scope, receive, send)


class Admission:
    """The refusals of a routed request before its parameters are read: 406, 413 (declared), 429."""

    def __init__(self, settings: Settings, token_header: bytes = b"access_token") -> None:
        self.settings = settings
        self.token_header = token_header
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_burst) if settings.rate_limit > 0 else None

    def check_headers(self, scope: Scope) -> None:
        """406 for an `Accept` that excludes JSON, then 413 for a declared body over the limit."""
        headers = scope["headers"]
        if not wire.accepts_json(wire.header(headers, b"accept")):
            raise ApiError(406, "responses are application/json; the Accept header excludes it")
        length = wire.header(headers, b"content-length")
        limit = self.settings.body_limit
        if length is not None and length.isdigit() and int(length) > limit:
            raise ApiError(413, f"request body exceeds {limit} bytes")

    def check_rate(self, scope: Scope) -> None:
        """429 (with `Retry-After`) when the request's token, or else its address, is over the rate limit."""
        if self.limiter is None:
            return
        token = wire.header(scope["headers"], self.token_header)
        client = scope.get("client")
        key = token.decode("latin-1") if token else (client[0] if client else "")
        wait = self.limiter.check(key)
        if wait:
            raise ApiError(429, "rate limit exceeded", {"Retry-After": str(wait)})
