"""The Starlette application: routes from the generated contract, a pipeline per operation, the guard.

`create_app(settings)` returns the ASGI app, whose lifespan opens (migrating and seeding) the database
and closes it; pass
`contract=` (or set `Settings.contract` to a module file) to serve another generated contract.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router, get_route_path
from starlette.types import Receive, Scope, Send

from paycontract.errors import UserError
from reference_impl.clock import Clock, format_time, parse_pinned
from reference_impl.config import Settings
from reference_impl.dispatch import OperationPipeline, PathEndpoint
from reference_impl.errors import INTERNAL_ERROR, ApiError, error_body
from reference_impl.guard import Admission, Guard
from reference_impl.handlers import HANDLERS
from reference_impl.signature import SignatureVerifier
from reference_impl.state import ServerState
from reference_impl.storage import create_storage
from reference_impl.tokens import TokenStore

logger = logging.getLogger("paycontract.server")
GC_THRESHOLD = 20_000
CONTRACT_NAMES = ("SPEC_VERSION", "BASE_PATH", "SIGNATURE", "OPERATIONS", "ROUTES")


def load_contract(path: str = "") -> ModuleType:
    """The generated contract module: ours, or the one in the file at `path`."""
    if not path:
        return importlib.import_module("reference_impl.contract")
    spec = importlib.util.spec_from_file_location("paycontract_contract", Path(path))
    if spec is None or spec.loader is None:
        raise UserError(f"PAYCONTRACT_CONTRACT={path!r}: not a Python module file")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except (OSError, SyntaxError) as exc:
        raise UserError(f"PAYCONTRACT_CONTRACT={path!r}: cannot load it ({exc.__class__.__name__}: {exc})") from None
    missing = [name for name in CONTRACT_NAMES if not hasattr(module, name)]
    if missing:
        raise UserError(f"PAYCONTRACT_CONTRACT={path!r}: not a generated contract (no {', '.join(missing)})")
    return module


def build_state(settings: Settings, contract: ModuleType) -> ServerState:
    """The storage (not yet opened) and the caches of one process."""
    clock = Clock(parse_pinned(settings.now) if settings.now else None)
    storage = create_storage(settings)
    tokens = TokenStore(storage, clock, settings.token_ttl, (app.app_id for app in settings.apps))
    verifier = SignatureVerifier(contract.SIGNATURE, sandbox=settings.sandbox)
    return ServerState(settings, storage, clock, tokens, verifier, Admission(settings))


async def open_state(state: ServerState) -> None:
    """Open the database (migrating and seeding it) and read the apps."""
    await state.storage.open(state.settings.apps, format_time(state.clock.now()))
    state.tokens.load(await state.storage.load_apps())


def build_routes(contract: ModuleType, state: ServerState) -> list[Route]:
    """One route per path of the contract's route table, each dispatching on method."""
    by_path: dict[str, dict[str, OperationPipeline]] = {}
    for method, path, operation_id in contract.ROUTES:
        operation = contract.OPERATIONS[operation_id]
        if operation["sandbox_only"] and not state.settings.sandbox:
            continue
        handler = HANDLERS.get(operation.get("role") or "")
        if handler is None:
            logger.warning("operation %s (%s %s) plays no known x-role; it is not served", operation_id, method, path)
            continue
        operation = {"operation_id": operation_id, **operation}
        by_path.setdefault(path, {})[method] = OperationPipeline(operation, handler, state)
    base = contract.BASE_PATH.rstrip("/")
    return [Route(base + path, PathEndpoint(path, pipelines)) for path, pipelines in by_path.items()]


class ExactPathRouter(Router):
    """Starlette's router, but a path without parameters is found by one dict lookup instead of a regex scan.

    Only the hot paths change; parameterised paths, 404s and the lifespan go through Starlette as before.
    """

    def __init__(self, routes: list[Route], **kwargs: Any) -> None:
        super().__init__(routes, **kwargs)
        self.exact = {route.path: route for route in routes if not route.param_convertors}

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand a request for an exact path straight to its endpoint; anything else to Starlette's router."""
        route = self.exact.get(get_route_path(scope)) if scope["type"] == "http" else None
        if route is None:
            await super().app(scope, receive, send)
            return
        scope.setdefault("router", self)
        scope["route"], scope["endpoint"], scope["path_params"] = route, route.endpoint, {}
        await route.app(scope, receive, send)


def tune_garbage_collector() -> None:
    """Leave the objects of start-up out of every collection, and collect the young generation less often.

    A request allocates a few hundred short-lived objects and almost no cycles; the default threshold
    (700) runs a collection every couple of requests, which shows in the latency tail under load.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 20, 20)


def _error_response(error: ApiError) -> Response:
    return Response(error_body(error), error.status, error.headers, media_type="application/json")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _error_response(ApiError(404, f"no such path: {request.url.path}"))
    return _error_response(ApiError(exc.status_code, str(exc.detail), exc.headers))


async def _internal_error(request: Request, exc: Exception) -> Response:
    return _error_response(INTERNAL_ERROR)


def create_app(settings: Settings, contract: ModuleType | None = None) -> Starlette:
    """The ASGI application for `settings`, serving `contract` (default: the generated one)."""
    contract = contract or load_contract(settings.contract)
    state = build_state(settings, contract)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await open_state(state)
        tune_garbage_collector()
        try:
            yield
        finally:
            await state.storage.close()

    app = Starlette(
        routes=build_routes(contract, state),
        middleware=[Middleware(Guard, settings=settings)],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
        lifespan=lifespan,
    )
    app.router = ExactPathRouter(app.router.routes, lifespan=lifespan, redirect_slashes=False)
    app.state.server = state
    return app
