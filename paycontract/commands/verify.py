"""`paycontract verify`: check a deployment against the contract (signature-aware, stateful)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from paycontract.verify.options import DEFAULT_MAX_EXAMPLES, DEFAULT_TIMEOUT, Credentials, VerifyOptions

if TYPE_CHECKING:
    from paycontract.verify.report import Progress


DESCRIPTION = """\
Send generated, correctly signed requests (and refusal probes) to a server and check every answer against the
spec and the domain rules: schemas, statuses, signatures, echo, routing, persistence, isolation, bills. Each
finding names its rule and comes with a curl line that reproduces it. Exit 0 when the server honours the
contract, 1 on any finding, 2 when the run cannot start (a bad argument, an unreachable server, a spec lacking
an operation verify needs). Without --base-url it starts the bundled reference server and acts as its demo
apps.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `verify` subcommand."""
    p = subparsers.add_parser("verify", help="verify a deployment honours the contract", description=DESCRIPTION)
    p.add_argument(
        "--base-url",
        default=None,
        help="the deployment, e.g. http://host:8000/v1 (no path: the spec server's /v1 is appended; "
        "default: start the bundled reference server)",
    )
    p.add_argument("--spec", type=Path, default=None, help="the spec (default: the project's openapi.yaml)")
    p.add_argument("--app-id", type=int, default=None, help="the app to act as")
    p.add_argument("--app-secret", default=None, help="its secret")
    p.add_argument("--other-app-id", type=int, default=None, help="a second app, for isolation and 403 checks")
    p.add_argument("--other-app-secret", default=None, help="its secret")
    p.add_argument(
        "--max-examples",
        type=int,
        default=None,
        help=f"examples per operation and phase (default {DEFAULT_MAX_EXAMPLES})",
    )
    p.add_argument("--seed", type=int, default=None, help="make the run reproducible")
    p.add_argument("--workers", type=int, default=None, help="concurrent workers (default 1)")
    p.add_argument("--include-operation", action="append", default=[], metavar="ID", help="only this operationId")
    p.add_argument("--exclude-operation", action="append", default=[], metavar="ID", help="skip this operationId")
    p.add_argument("--junit-xml", type=Path, default=None, metavar="PATH", help="write a JUnit XML report")
    p.add_argument(
        "--timeout", type=float, default=None, metavar="SECONDS", help=f"per request (default {DEFAULT_TIMEOUT:g})"
    )
    p.add_argument(
        "--shard",
        default=None,
        metavar="K/N",
        help="run only shard K of N (N CI jobs with K = 1..N together make one full run, none overlapping)",
    )
    p.add_argument(
        "--merge-junit",
        nargs="+",
        default=None,
        metavar=("OUT.xml", "IN.xml"),
        help="run nothing: fold the shards' JUnit reports IN.xml ... into OUT.xml (exit 1 if any failed)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the contract suite; exit 0 only when nothing failed, 1 on failures, 2 when it could not run."""
    from paycontract.verify import junit, report, runner

    if args.merge_junit is not None:
        return _merge(args.merge_junit)
    options = VerifyOptions.from_args(args)
    progress = report.Progress(sys.stdout)
    with _target(options, progress):
        result = runner.run(options, progress)
    print(report.render(result), flush=True)
    if options.junit_xml is not None:
        junit.write(result, options.junit_xml, shard=options.shard)
        print(f"JUnit XML written to {options.junit_xml}")
    return 0 if result.passed else 1


def _merge(paths: list[str]) -> int:
    """`--merge-junit OUT IN...`: one report from the shards' reports; exit 1 when it holds a failure."""
    from paycontract.errors import UserError
    from paycontract.verify import junit

    if len(paths) < 2:
        raise UserError("--merge-junit needs OUT.xml and at least one IN.xml")
    out, *inputs = (Path(path) for path in paths)
    merged = junit.merge(inputs)
    junit.write_tree(merged, out)
    suite = merged.find("testsuite")
    assert suite is not None
    print(f"merged {len(inputs)} reports into {out}: {suite.get('tests')} test cases, {suite.get('failures')} failed")
    return 1 if suite.get("failures") != "0" else 0


# Short enough that a default run outlives its first token: refresh and the expired-token probe both happen.
BUNDLED_TOKEN_TTL = 15


@contextlib.contextmanager
def _target(options: VerifyOptions, progress: Progress) -> Iterator[None]:
    """With no --base-url: the bundled reference server, fresh database and demo credentials, for the run."""
    if options.base_url is not None:
        yield
        return
    from paycontract.launcher import DEMO_APPS, running_server

    (app_id, secret, _), (other_id, other_secret, _) = DEMO_APPS[:2]
    ttl = str(BUNDLED_TOKEN_TTL)
    with running_server(extra_args=["--token-ttl", ttl]) as server:
        progress.note(f"started the reference server on {server.base_url} (fresh database, demo apps, {ttl} s tokens)")
        options.base_url = server.base_url
        options.app = options.app or Credentials(app_id, secret)
        if options.other_app is None and options.app.app_id != other_id:
            options.other_app = Credentials(other_id, other_secret)
        yield
