"""One path of the route table as an ASGI endpoint: method check, then the request pipeline of the
operation — read, parse, authenticate, validate, authorise, verify the signature, handle, answer.

Every failure becomes an error envelope here, storage failures included: a database that cannot be
reached is logged in one line and answered 503 with `Retry-After`; any other unexpected exception is
logged to stderr with its traceback and answered with a generic 500 that leaks nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from starlette.types import Receive, Scope, Send

from reference_impl import wire
from reference_impl.errors import INTERNAL_ERROR, ApiError
from reference_impl.handlers import Handler
from reference_impl.responses import send_error, send_json
from reference_impl.state import Call, ServerState
from reference_impl.storage.base import StorageUnavailable
from reference_impl.validation import compile_parameters, validate

logger = logging.getLogger("paycontract.server")

APP_ID = "app_id"  # the parameter that names the app a request acts for
# The database is down or every pooled connection is busy: a retry soon may well succeed.
STORAGE_UNAVAILABLE = ApiError(503, "service temporarily unavailable", {"Retry-After": "1"})


class OperationPipeline:
    """Everything one operation does with a request before and after its handler."""

    def __init__(self, operation: Mapping[str, Any], handler: Handler, state: ServerState) -> None:
        self.operation_id = operation["operation_id"]
        self.state = state
        self.handler = handler
        self.reads_body = operation["body_media_type"] is not None
        header = operation["auth_header"]
        self.auth_header = header.lower().encode("latin-1") if header else None
        self.verifier = state.verifier if operation["signed"] else None
        skip = frozenset([self.verifier.parameter]) if self.verifier else frozenset()
        self.rules = compile_parameters(operation["parameters"], skip)

    async def __call__(self, scope: Scope, receive: Receive) -> bytes:
        """The response body for a request, or `ApiError`."""
        headers = scope["headers"]
        body = b""
        if self.reads_body:
            body = await wire.read_body(
                receive, wire.header(headers, b"content-length"), self.state.settings.body_limit
            )
            wire.check_form_content_type(wire.header(headers, b"content-type"), body)
        path_params = scope.get("path_params")
        path_pairs = [(name, str(value)) for name, value in path_params.items()] if path_params else []
        query_pairs = wire.parse_pairs(scope["query_string"], "query string")
        body_pairs = wire.parse_pairs(body, "request body")
        pairs = path_pairs + query_pairs + body_pairs
        sent = wire.unique(pairs)
        app = None
        if self.auth_header is not None:
            token = wire.header(headers, self.auth_header)
            app = await self.state.tokens.resolve(token.decode("latin-1") if token is not None else None)
        sources = {"path": dict(path_pairs), "query": dict(query_pairs), "body": dict(body_pairs)}
        params = validate(self.rules, sources)
        if app is not None and params.get(APP_ID) is not None and params[APP_ID] != app.app_id:
            raise ApiError(403, f"access_token does not belong to app_id {params[APP_ID]}")
        if self.verifier is not None:
            signer = app or self.state.tokens.app(params.get(APP_ID))
            if signer is None:
                raise ApiError(401, f"unknown {APP_ID}: cannot check the signature")
            self.verifier.verify(pairs, sent, signer.secret)
        client = scope.get("client")
        try:
            return await self.handler(Call(params, app, client[0] if client else "", self.state))
        finally:
            # Also after a refusal: a handler may have opened a shared transaction before refusing.
            await self.state.storage.settle()


class PathEndpoint:
    """The ASGI app of one path: picks the operation by method (405 with `Allow` otherwise)."""

    def __init__(self, path: str, pipelines: Mapping[str, OperationPipeline]) -> None:
        self.path = path
        self.pipelines = dict(pipelines)
        self.allow = ", ".join(sorted(self.pipelines))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the operation for the request's method and send its answer."""
        pipeline = self.pipelines.get(scope["method"])
        try:
            if pipeline is None:
                raise ApiError(405, f"method {scope['method']} not allowed on {self.path}", {"Allow": self.allow})
            body = await pipeline(scope, receive)
        except ApiError as error:
            await send_error(send, error)
            return
        except StorageUnavailable as exc:
            logger.error("storage unavailable in %s %s: %s", scope["method"], scope["path"], exc)
            await send_error(send, STORAGE_UNAVAILABLE)
            return
        except Exception:
            logger.exception("internal error in %s %s", scope["method"], scope["path"])
            await send_error(send, INTERNAL_ERROR)
            return
        await send_json(send, 200, body)
