"""`paycontract lint [SPEC]`: validate a spec, then check the project's own rules."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `lint` subcommand."""
    p = subparsers.add_parser("lint", help="validate a spec and check the project's rules")
    p.add_argument("spec", nargs="?", type=Path, default=None, help="the spec (default: the project's openapi.yaml)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per finding; exit 1 on findings, 2 on an unreadable spec."""
    from paycontract.lint import lint
    from paycontract.paths import default_spec_path

    findings = lint(args.spec or default_spec_path())
    for finding in findings:
        print(finding)
    return 1 if findings else 0
