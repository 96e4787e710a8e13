"""`paycontract serve`: run the reference implementation (a sandbox server) under uvicorn."""

from __future__ import annotations

import argparse

from paycontract.errors import UserError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `serve` subcommand."""
    p = subparsers.add_parser("serve", help="run the reference implementation")
    p.add_argument("--host", default=None, help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default 8000)")
    p.add_argument("--db", type=str, default=None, help="SQLite file, or :memory: (default: a file in the data dir)")
    p.add_argument("--workers", type=int, default=None, help="uvicorn worker processes (default 1)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    raise UserError("not implemented yet")
