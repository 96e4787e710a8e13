"""Run the reference server under uvicorn: prepare the database, print the demo credentials, serve,
and stop cleanly on Ctrl-C (exit 0, no traceback)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import uvicorn
from starlette.applications import Starlette

from paycontract import __version__
from paycontract.errors import UserError
from reference_impl.app import create_app, load_contract
from reference_impl.clock import Clock, format_time, parse_pinned
from reference_impl.config import Settings
from reference_impl.storage import create_storage

SETTINGS_VARIABLE = "PAYCONTRACT_SERVER_SETTINGS"


def worker_app() -> Starlette:
    """The app of one worker process (`--workers N`), from the settings the parent passed on."""
    return create_app(Settings.from_json(os.environ[SETTINGS_VARIABLE]))


async def prepare(settings: Settings) -> tuple[str, list[int]]:
    """Migrate and seed the database once before the workers start; its label and the apps seeded now."""
    clock = Clock(parse_pinned(settings.now) if settings.now else None)
    storage = create_storage(settings)
    try:
        created = await storage.open(settings.apps, format_time(clock.now()))
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        raise UserError(f"cannot open the database {storage.label}: {reason}") from None
    finally:
        await storage.close()
    return storage.label, created


def banner(settings: Settings, database: str, created: list[int]) -> str:
    """What the server prints at start-up: where it listens, its database, and the apps to try it with."""
    contract = load_contract(settings.contract)
    origin = f"http://{settings.host}:{settings.port}"
    base_url = origin + contract.BASE_PATH
    lines = [
        f"paycontract reference server {__version__} (spec {contract.SPEC_VERSION})",
        f"  base URL   {base_url}",
        f"  database   {database}",
        "  apps       (" + ("seeded now" if created else "from the database") + ")",
    ]
    for app in settings.apps:
        lines.append(f"    app_id {app.app_id}  merchant_id {app.merchant_id}  app_secret {app.secret}")
    first = settings.apps[0]
    lines.append(f"  try        curl -X POST {base_url}/token -d app_id={first.app_id} -d app_secret={first.secret}")
    if settings.maintenance:
        lines.append(
            f"  MAINTENANCE MODE: every request is answered 503 (Retry-After {settings.maintenance_retry_after})"
        )
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def uvicorn_options(settings: Settings) -> dict[str, object]:
    """How uvicorn runs the server (the benchmark runs its baseline app with the same options).

    uvloop and httptools are used when installed (uvicorn's "auto"), as with `uvicorn[standard]`.
    """
    return {
        "host": settings.host,
        "port": settings.port,
        "access_log": settings.access_log,
        "log_level": "info",
        "server_header": False,
        "loop": "auto",
        "http": "auto",
    }


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(0)


def serve(settings: Settings) -> int:
    """Serve until interrupted; 0 on a clean stop."""
    database, created = asyncio.run(prepare(settings))
    print(banner(settings, database, created), flush=True)
    options = uvicorn_options(settings)
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then re-raises the signal: make that a clean exit.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        if settings.workers > 1:
            os.environ[SETTINGS_VARIABLE] = settings.to_json()
            uvicorn.run("reference_impl.server:worker_app", factory=True, workers=settings.workers, **options)
        else:
            uvicorn.run(create_app(settings), **options)
    except KeyboardInterrupt:
        pass  # uvicorn re-raises the Ctrl-C it already handled, after a graceful shutdown
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise UserError(f"the server could not start on {settings.host}:{settings.port} (see above)") from None
    print("paycontract reference server stopped", file=sys.stderr, flush=True)
    return 0
