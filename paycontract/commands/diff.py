"""`paycontract diff OLD NEW`: classify every change between two spec versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = """\
List every change from OLD to NEW, each classified breaking or non-breaking for clients (a tightened request
constraint, a new response enum value, ...) and named by its rule. Exit 1 when a breaking change comes without
a major version bump of info.version.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `diff` subcommand."""
    p = subparsers.add_parser(
        "diff", help="classify the changes between two versions of the spec", description=DESCRIPTION
    )
    p.add_argument("old", type=Path, help="the old spec, or a folder of released specs (its newest is used)")
    p.add_argument("new", type=Path, help="the new spec")
    p.add_argument(
        "--format", choices=("text", "markdown", "json"), default="text", help="how to print the changes (default text)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Exit 1 when a breaking change comes without a major version bump."""
    from paycontract.diff import diff_specs
    from paycontract.diff.report import FORMATS
    from paycontract.errors import UserError
    from paycontract.history import load_releases
    from paycontract.spec import load_spec

    if args.old.is_dir():
        releases = load_releases(args.old)
        if not releases:
            raise UserError("no released spec (<version>.yaml) in this folder", where=str(args.old))
        old = releases[-1]
    else:
        old = load_spec(args.old)
    new = load_spec(args.new)
    result = diff_specs(old, new)
    sys.stdout.write(FORMATS[args.format](result))
    return result.exit_code
