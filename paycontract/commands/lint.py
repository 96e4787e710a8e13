"""`paycontract lint [SPEC]`: validate a spec, then check the project's own rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = """\
Check that a spec is valid OpenAPI 3.1 and follows the project's rules (every response in the envelope and
with an example, signed operations declaring their parameters, each x-role played once, ...). Prints one
'file:line: rule: message' line per finding and the spec it checked; exit 1 on any finding, 2 when the file
cannot be read as OpenAPI 3.1.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `lint` subcommand."""
    p = subparsers.add_parser("lint", help="validate a spec and check the project's rules", description=DESCRIPTION)
    p.add_argument("spec", nargs="?", type=Path, default=None, help="the spec (default: the project's openapi.yaml)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print one line per finding; exit 1 on findings, 2 on an unreadable spec."""
    from paycontract.lint import lint
    from paycontract.paths import default_spec_path

    spec = args.spec or default_spec_path()
    findings = lint(spec)
    for finding in findings:
        print(finding)
    if args.spec is None:
        # With no argument the spec checked may be the installed package's, not the one in this folder.
        print(f"paycontract lint: checked {spec.resolve()}: {len(findings)} finding(s)", file=sys.stderr)
    return 1 if findings else 0
