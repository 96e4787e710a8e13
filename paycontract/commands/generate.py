"""`paycontract generate [--check] [--templates DIR]`: render everything derived from the spec."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paycontract.paths import default_spec_path

DESCRIPTION = """\
Write every file derived from the spec: the request samples in each language (samples/), docs/api.md,
docs/site/index.html and the reference server's contract layer. With --check, write nothing and exit 1 with a
diff when a committed file is out of date (a CI gate); it names the spec and the folder it compared.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `generate` subcommand."""
    p = subparsers.add_parser("generate", help="regenerate every file derived from the spec", description=DESCRIPTION)
    p.add_argument("--spec", type=Path, default=None, help="the spec (default: the project's openapi.yaml)")
    p.add_argument("--root", type=Path, default=None, help="where outputs go (default: the spec's folder)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 with a diff if anything is stale")
    p.add_argument("--templates", type=Path, default=None, help="a folder of templates that override ours")
    p.add_argument("--target", action="append", default=None, help="only this target (repeatable)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Generate, or check that the generated files are up to date."""
    from generator.core import generate
    from paycontract.errors import UserError

    if args.templates is not None and not args.templates.is_dir():
        raise UserError(f"--templates {args.templates}: not a folder")
    spec = args.spec or default_spec_path()
    result = generate(spec, args.root, check=args.check, templates=args.templates, only=args.target)
    where = f"{(args.root or spec.parent).resolve()} from {spec.resolve()}"
    if args.check:
        if result.clean:
            print(f"generated files are up to date: {where}")
            return 0
        sys.stdout.write(result.diff)
        print(
            f"{len(result.changed) + len(result.stale)} generated file(s) out of date in {where};"
            " run 'paycontract generate'",
            file=sys.stderr,
        )
        return 1
    for rel in result.changed:
        print(f"wrote {rel}")
    for rel in result.stale:
        print(f"removed {rel}")
    if result.clean:
        print(f"generated files are up to date: {where}")
    return 0
