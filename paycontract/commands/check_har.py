"""`paycontract check-har FILE`: the proxy's checks on recorded traffic (a HAR file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from paycontract.commands.traffic_options import add_common, build
from paycontract.traffic.har import read_har


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `check-har` subcommand."""
    p = subparsers.add_parser(
        "check-har",
        help="check recorded traffic (a HAR file) against the contract",
        description="Run the checks of 'paycontract proxy' on the entries of a HAR 1.2 file, as browser "
        "devtools, mitmproxy or Charles export it, in file order. Same output and exit status as the "
        "proxy; a malformed HAR file is one line and exit 2.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the HAR file")
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check every entry, print the summary; the exit status of the run."""
    engine, reporter = build(args)
    for exchange in read_har(args.file):
        reporter.record(exchange, engine.inspect(exchange))
    return reporter.finish(engine, args.fail_on_client, "paycontract check-har")
