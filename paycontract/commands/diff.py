"""`paycontract diff OLD NEW`: classify every change between two spec versions."""

from __future__ import annotations

import argparse
from pathlib import Path

from paycontract.errors import UserError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `diff` subcommand."""
    p = subparsers.add_parser("diff", help="classify the changes between two versions of the spec")
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Exit 1 when a breaking change comes without a major version bump."""
    raise UserError("not implemented yet")
