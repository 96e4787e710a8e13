"""The baseline of `bench/serve.py`: a bare Starlette app answering a fixed JSON envelope, run under
uvicorn with exactly the reference server's options. Usage: `python bench/bare_app.py PORT`."""

from __future__ import annotations

import contextlib
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reference_impl.config import Settings
from reference_impl.server import uvicorn_options

FIXED = {
    "code": 0,
    "message": "success",
    "data": {"access_token": "8f1c2b7e4a9d4c1f9e0b6a3d5c7e2f10", "expires_in": 7200},
}


async def fixed(request: Request) -> JSONResponse:
    """Always the same small JSON."""
    return JSONResponse(FIXED)


app = Starlette(routes=[Route("/", fixed, methods=["GET", "POST"])])


def main() -> None:
    """Serve the bare app on the port given, as the reference server would be served."""
    options = uvicorn_options(Settings(port=int(sys.argv[1])))
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(app, **options)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
