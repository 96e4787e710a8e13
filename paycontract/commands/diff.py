"""`paycontract diff OLD NEW`: classify every change between two spec versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `diff` subcommand."""
    p = subparsers.add_parser("diff", help="classify the changes between two versions of the spec")
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Exit 1 when a breaking change comes without a major version bump."""
    from paycontract.diff import diff_specs
    from paycontract.diff.report import FORMATS
    from paycontract.spec import load_spec

    old, new = load_spec(args.old), load_spec(args.new)
    result = diff_specs(old, new)
    sys.stdout.write(FORMATS[args.format](result))
    return result.exit_code
