"""One path of the route table as an ASGI endpoint, running DESIGN's order of checks on every request.

After routing (404) come the method (405), `Accept` and a declared body size (406, 413, `guard.Admission`),
the body as read (413), the rate limit (429), the token (401), `app_id` (400), another app's token (403),
`sign`/`sign_type` (400), the signature (401), the operation's own parameters (400), and the handler,
which answers the resource's state (404, 410, 400). A request with several problems gets the first one's
status. A parameter sent twice is refused at the step of that parameter (so a duplicated `app_id` at the
`app_id` step, any other name with the operation's own parameters); a body that cannot be read as a form at
all is refused just before `app_id`, the first step that needs a parameter.

Every failure becomes an error envelope here, storage failures included: a database that cannot be
reached is logged in one line and answered 503 with `Retry-After`; any other unexpected exception is
logged to stderr with its traceback and answered with a generic 500 that leaks nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from typing import Any

from starlette.types import Receive, Scope, Send

from reference_impl import wire
from reference_impl.errors import INTERNAL_ERROR, ApiError
from reference_impl.handlers import Handler
from reference_impl.responses import send_error, send_json
from reference_impl.state import Call, ServerState
from reference_impl.storage.base import StorageUnavailable
from reference_impl.validation import ParameterRule, compile_parameters, validate

logger = logging.getLogger("paycontract.server")

APP_ID = "app_id"  # the parameter that names the app a request acts for
# The database is down or every pooled connection is busy: a retry soon may well succeed.
STORAGE_UNAVAILABLE = ApiError(503, "service temporarily unavailable", {"Retry-After": "1"})
Sources = Mapping[str, Mapping[str, str]]


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
        signing = {self.verifier.parameter, self.verifier.type_parameter} if self.verifier else set()
        rules = compile_parameters(operation["parameters"])
        self.app_rules = [rule for rule in rules if rule.name == APP_ID]
        self.sign_rules = [rule for rule in rules if rule.name in signing]
        self.own_rules = [rule for rule in rules if rule.name != APP_ID and rule.name not in signing]
        self.signing = frozenset(signing)

    async def __call__(self, scope: Scope, receive: Receive) -> bytes:
        """The response body for a request, or `ApiError`."""
        headers = scope["headers"]
        body = b""
        if self.reads_body:
            body = await wire.read_body(
                receive, wire.header(headers, b"content-length"), self.state.settings.body_limit
            )
        self.state.admission.check_rate(scope)
        app = None
        if self.auth_header is not None:
            token = wire.header(headers, self.auth_header)
            app = await self.state.tokens.resolve(token.decode("latin-1") if token is not None else None)
        if self.reads_body:
            wire.check_form_content_type(wire.header(headers, b"content-type"), body)
        path_params = scope.get("path_params")
        path_pairs = [(name, str(value)) for name, value in path_params.items()] if path_params else []
        query_pairs = wire.parse_pairs(scope["query_string"], "query string")
        body_pairs = wire.parse_pairs(body, "request body")
        pairs = path_pairs + query_pairs + body_pairs
        repeated = wire.repeated(pairs)
        sources = {"path": dict(path_pairs), "query": dict(query_pairs), "body": dict(body_pairs)}
        params = _step(self.app_rules, sources, repeated, {APP_ID})
        if app is not None and params.get(APP_ID) is not None and params[APP_ID] != app.app_id:
            raise ApiError(403, f"access_token does not belong to app_id {params[APP_ID]}")
        if self.verifier is not None:
            params.update(_step(self.sign_rules, sources, repeated, self.signing))
            signer = app or self.state.tokens.app(params.get(APP_ID))
            if signer is None:
                raise ApiError(401, f"unknown {APP_ID}: cannot check the signature")
            self.verifier.verify(pairs, dict(pairs), signer.secret)
        params.update(_step(self.own_rules, sources, repeated, None))
        client = scope.get("client")
        try:
            return await self.handler(Call(params, app, client[0] if client else "", self.state))
        finally:
            # Also after a refusal: a handler may have opened a shared transaction before refusing.
            await self.state.storage.settle()


def _step(
    rules: list[ParameterRule], sources: Sources, repeated: list[str], names: Collection[str] | None
) -> dict[str, Any]:
    """One parameter step of the order: 400 for a repeated name among `names` (None: any), then the rules."""
    for name in repeated:
        if names is None or name in names:
            raise ApiError(400, f"duplicate parameter {name}")
    return validate(rules, sources)


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
            pipeline.state.admission.check_headers(scope)
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
