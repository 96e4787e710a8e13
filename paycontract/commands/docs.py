"""`paycontract docs sync|check FILE`: keep a hand-written Slate document in step with the spec."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paycontract.errors import UserError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `docs` subcommand and its `sync` and `check` actions."""
    p = subparsers.add_parser("docs", help="sync or check a Slate markdown document against the spec")
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    sync = actions.add_parser("sync", help="regenerate the code tabs of each operation section in place")
    sync.add_argument("file", type=Path)
    sync.add_argument("--output", type=Path, default=None, help="write here instead of in place")
    sync.add_argument("--check", action="store_true", help="write nothing; exit 1 if the tabs are stale")
    sync.add_argument("--spec", type=Path, default=None)
    sync.set_defaults(run=run_sync)
    check = actions.add_parser("check", help="report where the document's tables disagree with the spec")
    check.add_argument("file", type=Path)
    check.add_argument("--spec", type=Path, default=None)
    check.set_defaults(run=run_check)


def run_sync(args: argparse.Namespace) -> int:
    """Replace the code tabs under each operation section."""
    raise UserError("not implemented yet")


def run_check(args: argparse.Namespace) -> int:
    """One line per disagreement; exit 1 on drift, 2 on an unreadable document."""
    from paycontract.docs_check import check_document
    from paycontract.paths import default_spec_path
    from paycontract.slate import read_slate
    from paycontract.spec import load_spec

    spec = load_spec(args.spec or default_spec_path())
    doc = read_slate(args.file)
    findings = check_document(doc, spec)
    for finding in findings:
        print(f"{doc.where(finding.line)}: {finding.message}")
    if findings:
        print(f"{len(findings)} disagreement(s) with {spec.path.name}", file=sys.stderr)
        return 1
    return 0
