"""The options `proxy` and `check-har` share (secrets, reports, the spec) and the engine they build from them."""

from __future__ import annotations

import argparse
from pathlib import Path

from paycontract.errors import UserError
from paycontract.paths import default_spec_path
from paycontract.spec import load_spec
from paycontract.traffic.contract import TrafficContract
from paycontract.traffic.engine import Engine
from paycontract.traffic.report import Reporter


def add_common(p: argparse.ArgumentParser) -> None:
    """Add the secrets, report and exit-status options."""
    p.add_argument("--spec", type=Path, default=None, help="the spec (default: the project's openapi.yaml)")
    p.add_argument("--app-id", type=int, default=None, help="an app whose requests' sign is checked")
    p.add_argument("--app-secret", default=None, help="its secret")
    p.add_argument("--other-app-id", type=int, default=None, help="a second app whose sign is checked")
    p.add_argument("--other-app-secret", default=None, help="its secret")
    p.add_argument("--ndjson", type=Path, default=None, metavar="FILE", help="write one JSON object per exchange")
    p.add_argument("--junit-xml", type=Path, default=None, metavar="FILE", help="write a JUnit XML report")
    p.add_argument(
        "--fail-on-client",
        action="store_true",
        help="exit 1 on client findings too (a wrong sign or invalid parameter the server refused)",
    )


def secrets_of(args: argparse.Namespace) -> dict[int, str]:
    """The app secrets given; an id without its secret (or the reverse) is a UserError."""
    found: dict[int, str] = {}
    for app_id, secret, flag in (
        (args.app_id, args.app_secret, "--app-id"),
        (args.other_app_id, args.other_app_secret, "--other-app-id"),
    ):
        if (app_id is None) != (secret is None):
            raise UserError(f"{flag} and its secret go together: give both or neither")
        if app_id is not None:
            found[app_id] = secret
    return found


def build(args: argparse.Namespace) -> tuple[Engine, Reporter]:
    """The engine (spec, secrets) and the reporter (NDJSON, JUnit) the options ask for."""
    contract = TrafficContract.from_spec(load_spec(args.spec or default_spec_path()), args.command)
    return Engine(contract, secrets_of(args)), Reporter(args.ndjson, args.junit_xml)
