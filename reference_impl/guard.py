"""The checks that come before routing, as one ASGI middleware: maintenance (503), `Accept` (406),
declared body size (413) and rate limit (429). Each answers with the error envelope."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from reference_impl import wire
from reference_impl.config import Settings
from reference_impl.errors import ApiError
from reference_impl.ratelimit import RateLimiter
from reference_impl.responses import send_error


class Guard:
    """Refuse what no route should see; pass everything else on."""

    def __init__(self, app: ASGIApp, settings: Settings, token_header: bytes = b"access_token") -> None:
        self.app = app
        self.settings = settings
        self.token_header = token_header
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_burst) if settings.rate_limit > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a refused request with its envelope, or hand the request on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        error = self.refusal(scope)
        if error is not None:
            await send_error(send, error)
            return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope) -> ApiError | None:
        """The error this request gets before routing, if any."""
        settings = self.settings
        if settings.maintenance:
            retry = str(settings.maintenance_retry_after)
            return ApiError(503, "service under maintenance", {"Retry-After": retry})
        headers = scope["headers"]
        if not wire.accepts_json(wire.header(headers, b"accept")):
            return ApiError(406, "responses are application/json; the Accept header excludes it")
        length = wire.header(headers, b"content-length")
        if length is not None and length.isdigit() and int(length) > settings.body_limit:
            return ApiError(413, f"request body exceeds {settings.body_limit} bytes")
        if self.limiter is not None:
            token = wire.header(headers, self.token_header)
            client = scope.get("client")
            key = token.decode("latin-1") if token else (client[0] if client else "")
            wait = self.limiter.check(key)
            if wait:
                return ApiError(429, "rate limit exceeded", {"Retry-After": str(wait)})
        return None
