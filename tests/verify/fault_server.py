"""Serve the reference app wrapped in one fault middleware: `python -m tests.verify.fault_server NAME PORT DB`.

NAME `none` serves the reference app unchanged (the control); NAME may also be a conforming variant
(`variants.py`)."""

from __future__ import annotations

import sys

import uvicorn

from reference_impl.app import create_app
from reference_impl.config import load_settings
from tests.verify.faults import FAULTS, HOSTILE
from tests.verify.variants import VARIANTS

TOKEN_TTL = "4"


def main(name: str, port: int, db: str) -> None:
    """Build the app with its fault and serve it until interrupted."""
    # Tokens short enough that every run outlives its first one: refresh and the expired-token probe both run.
    wrapper = None if name == "none" else VARIANTS.get(name) or HOSTILE.get(name) or FAULTS[name][0]
    # A fault may need its own server settings (a pinned clock, say).
    environ = {"PAYCONTRACT_TOKEN_TTL": TOKEN_TTL, **getattr(wrapper, "environ", {})}
    settings = load_settings(environ=environ, host="127.0.0.1", port=port, db=db)
    app = create_app(settings)
    if wrapper is not None:
        app = wrapper(app)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
