"""`paycontract docs sync|check FILE`: keep a hand-written Slate document in step with the spec."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paycontract.errors import UserError

SYNC_DESCRIPTION = """\
Replace the code tabs (shell, Java, PHP, Python, Ruby, ...) of each operation section of a Slate markdown
document with samples generated from the spec; the prose is left as it is.
"""

CHECK_DESCRIPTION = """\
Compare a Slate markdown document's parameter and response tables, request lines and JSON examples with the
spec: one 'file:line: message' per disagreement or unstated constraint; exit 1 on any, 2 when the document
cannot be read.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `docs` subcommand and its `sync` and `check` actions."""
    p = subparsers.add_parser("docs", help="sync or check a Slate markdown document against the spec")
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True
    sync = actions.add_parser(
        "sync", help="regenerate the code tabs of each operation section in place", description=SYNC_DESCRIPTION
    )
    sync.add_argument("file", type=Path, help="the Slate markdown document")
    sync.add_argument("--output", type=Path, default=None, help="write here instead of in place")
    sync.add_argument("--check", action="store_true", help="write nothing; exit 1 if the tabs are stale")
    sync.add_argument("--spec", type=Path, default=None, help="the spec (default: the project's openapi.yaml)")
    sync.add_argument("--templates", type=Path, default=None, help="a folder of templates that override ours")
    sync.set_defaults(run=run_sync)
    check = actions.add_parser(
        "check", help="report where the document's tables disagree with the spec", description=CHECK_DESCRIPTION
    )
    check.add_argument("file", type=Path, help="the Slate markdown document")
    check.add_argument("--spec", type=Path, default=None, help="the spec (default: the project's openapi.yaml)")
    check.set_defaults(run=run_check)


def run_sync(args: argparse.Namespace) -> int:
    """Replace the code tabs under each operation section; exit 1 on `--check` drift or any problem."""
    import difflib
    import sys

    from generator.languages import LANGUAGES
    from generator.render import make_environment
    from generator.samples import render_operation_samples
    from paycontract.docs_sync import sync_document
    from paycontract.paths import default_spec_path
    from paycontract.slate import read_slate
    from paycontract.spec import load_spec

    spec = load_spec(args.spec or default_spec_path())
    doc = read_slate(args.file)
    samples = render_operation_samples(spec, make_environment(args.templates))
    result = sync_document(doc, spec, samples, list(LANGUAGES))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    target = args.output or args.file
    changed = result.text != doc.text
    if args.check:
        if changed:
            diff = difflib.unified_diff(
                doc.text.splitlines(keepends=True),
                result.text.splitlines(keepends=True),
                fromfile=f"a/{args.file}",
                tofile=f"b/{args.file}",
            )
            sys.stdout.writelines(diff)
            print(f"{args.file}: code tabs out of date; run 'paycontract docs sync {args.file}'", file=sys.stderr)
        else:
            print(f"{args.file}: code tabs up to date")
        return 1 if changed or result.problems else 0
    if changed or args.output:
        try:
            target.write_bytes(result.text.encode("utf-8"))
        except OSError as exc:
            raise UserError(f"cannot write: {exc.strerror}", where=str(target)) from None
    for title, line in result.updated:
        print(f"{doc.where(line)}: updated the code tabs of '{title}'")
    if not result.updated:
        print(f"{args.file}: code tabs up to date")
    return 1 if result.problems else 0


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
