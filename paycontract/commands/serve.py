"""`paycontract serve`: run the reference implementation (a sandbox server) under uvicorn."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `serve` subcommand."""
    p = subparsers.add_parser(
        "serve",
        help="run the reference implementation",
        description="Run the reference server. Every flag also has a PAYCONTRACT_* environment variable "
        "(see the README); flags win.",
    )
    p.add_argument("--host", default=None, help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default 8000)")
    p.add_argument(
        "--db",
        type=str,
        default=None,
        help="SQLite file, :memory:, or postgresql://USER[:PASSWORD]@HOST:PORT/DB (default: a file in the data dir)",
    )
    p.add_argument("--data-dir", default=None, help="folder of the default database (default ./data)")
    p.add_argument("--workers", type=int, default=None, help="uvicorn worker processes (default 1)")
    p.add_argument("--apps", default=None, help="APP_ID:MERCHANT_ID:SECRET[,…] (default: the two demo apps)")
    p.add_argument(
        "--token-ttl", type=int, default=None, help="token lifetime in seconds (default: the spec's x-token-lifetime)"
    )
    p.add_argument("--rate-limit", type=float, default=None, help="requests per second per client (default 0: off)")
    p.add_argument(
        "--body-limit", type=int, default=None, help="largest request body in bytes (default: the spec's x-body-limit)"
    )
    p.add_argument(
        "--bill-retention-days",
        type=int,
        default=None,
        help="how many days back bills are served (default: the spec's x-retention-days)",
    )
    p.add_argument("--maintenance", action="store_true", default=None, help="answer every request 503")
    p.add_argument("--access-log", action="store_true", default=None, help="log every request")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from paycontract.errors import UserError
    from reference_impl.config import load_settings, parse_apps
    from reference_impl.server import serve

    apps = None
    if args.apps is not None:
        try:
            apps = parse_apps(args.apps)
        except ValueError:
            raise UserError(f"--apps {args.apps!r}: expected APP_ID:MERCHANT_ID:SECRET[,…]") from None
    settings = load_settings(
        host=args.host,
        port=args.port,
        db=args.db,
        data_dir=args.data_dir,
        workers=args.workers,
        apps=apps,
        token_ttl=args.token_ttl,
        rate_limit=args.rate_limit,
        body_limit=args.body_limit,
        bill_retention_days=args.bill_retention_days,
        maintenance=args.maintenance,
        access_log=args.access_log,
    )
    return serve(settings)
