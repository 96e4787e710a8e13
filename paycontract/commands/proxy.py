"""`paycontract proxy --upstream URL`: forward live traffic to a server and check every exchange."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from paycontract.commands.traffic_options import add_common, build
from paycontract.errors import UserError
from paycontract.traffic.checker import Checker
from paycontract.traffic.proxy import Proxy, serve, upstream_origin

DEFAULT_PORT = 8080


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `proxy` subcommand."""
    p = subparsers.add_parser(
        "proxy",
        help="check the live traffic between clients and a server",
        description="Listen on --host:--port, forward every request to --upstream unchanged and every answer "
        "back, and check each exchange against the contract: one line per violation while it runs, a "
        "summary on Ctrl-C or SIGTERM. Exit 1 if the server broke the contract; client findings (a wrong "
        "sign, an invalid parameter the server refused) count only with --fail-on-client. An upstream "
        "that refuses or resets is answered 502, a timeout 504.",
    )
    p.add_argument("--upstream", required=True, help="the server, e.g. http://127.0.0.1:8000/v1")
    p.add_argument("--host", default="127.0.0.1", help="where to listen (default 127.0.0.1: loopback only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port to listen on (default {DEFAULT_PORT})")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="per upstream request (default 30)")
    p.add_argument("--har", type=Path, default=None, metavar="FILE", help="record the traffic as HAR 1.2")
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted, then print the summary; the exit status of the run."""
    if not args.upstream.startswith(("http://", "https://")):
        raise UserError(f"--upstream {args.upstream!r} must be an http:// or https:// URL")
    _check_free(args.host, args.port)
    engine, reporter = build(args)
    upstream = upstream_origin(args.upstream, engine.contract.base_path)
    origin = f"http://{args.host}:{args.port}"
    checker = Checker(engine, reporter, "paycontract proxy", args.fail_on_client, args.har, origin)
    checker.start()
    print(f"paycontract proxy: {origin} → {upstream} (Ctrl-C stops)", file=sys.stderr, flush=True)
    serve(Proxy(upstream, checker.put, timeout=args.timeout), args.host, args.port)
    return checker.finish()


def _check_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise UserError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
