"""Benchmark `paycontract verify` against a plain `schemathesis run` of the same spec with the same example
budget and seed, each against a fresh reference server, side by side in one run.

    PYTHONPATH=$PWD python bench/verify.py [--max-examples 60] [--seed 1] [--rounds 3] [--no-default-run] [--no-faults]

Prints each run's wall time (the client process, server start-up excluded), the cases schemathesis' phases
generated, cases per second and the ratio; then the median time to the first finding over the injected
faults of `tests/verify/faults.py` (from verify's start to the first progress line that says FAILED or
error, each fault on a fresh fault server); then times `paycontract verify` with no arguments (the README's
command: bundled server, default budget) from start to exit. Targets: ours >= 1.0 x plain cases/s; the
default run within 60 s on two cores. Plain schemathesis cannot sign, so nearly all its requests are
refused with 401 at the server's door, while ours reach the handlers and run the domain checks.

What is compared: the cases counted are those schemathesis' phases (examples, coverage, fuzzing, stateful)
generated — plain's "N generated", ours' "M of them generated" — over each client's whole wall time. Ours'
wall also holds what it sends on top and does not count: setup, auth, protocol and refusal probes, flows.
Both generate from the same spec with the same engine; ours draws the `sign` (whose valid value it replaces
with the real signature) from the pattern's alphabet instead of through `from_regex`, the same strings about
five times cheaper (`paycontract/verify/pattern_formats.py`); plain draws the spec as written.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.first_finding import report_first_findings  # noqa: E402
from paycontract.launcher import DEMO_APPS, start_server  # noqa: E402
from paycontract.verify.options import DEFAULT_MAX_EXAMPLES  # noqa: E402

TARGET_RATIO = 1.0
TARGET_DEFAULT_SECONDS = 60.0
OURS = re.compile(r"in (\d+) cases, (\d+) of them generated")
PLAIN = re.compile(r"(\d+) generated")


@dataclass(frozen=True)
class Measure:
    """One client run: its wall time and CPU time, the cases its phases generated, its exit code."""

    seconds: float
    cases: int
    exit_code: int
    cpu_seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Generated cases per second."""
        return self.cases / self.seconds if self.seconds else 0.0

    @property
    def cpu_per_case(self) -> float:
        """Client CPU milliseconds per generated case (steadier than wall time on a shared machine)."""
        return 1000 * self.cpu_seconds / self.cases if self.cases else 0.0


def timed(command: list[str], pattern: re.Pattern[str], group: int) -> Measure:
    """Run `command`, time it, and read the generated-case count from its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # A folder of its own: schemathesis keeps a crash cache in the working directory and replays it next time.
    with tempfile.TemporaryDirectory(prefix="paycontract-bench-") as workdir:
        started, cpu_before = time.monotonic(), _children_cpu()
        done = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
        seconds, cpu = time.monotonic() - started, _children_cpu() - cpu_before
    match = pattern.search(done.stdout + done.stderr)
    if match is None:
        raise SystemExit(f"bench/verify.py: no case count in the output of {command[:4]}:\n{done.stdout[-2000:]}")
    return Measure(seconds, int(match.group(group)), done.returncode, cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def against_fresh_server(command: list[str], pattern: re.Pattern[str], group: int) -> Measure:
    """`command` with `{base_url}` filled in, against a reference server started for it alone."""
    server = start_server()
    try:
        return timed([part.format(base_url=server.base_url) for part in command], pattern, group)
    finally:
        server.kill()


def compare_once(budget: list[str]) -> tuple[Measure, Measure]:
    """One run of ours and one of plain schemathesis with the same budget, each against a fresh server."""
    (app, secret, _), (other, other_secret, _) = DEMO_APPS[:2]
    credentials = ["--app-id", str(app), "--app-secret", secret, "--other-app-id", str(other)]
    credentials += ["--other-app-secret", other_secret]
    ours = against_fresh_server(
        [sys.executable, "-m", "paycontract", "verify", "--base-url", "{base_url}", *credentials, *budget], OURS, 2
    )
    plain = against_fresh_server(
        ["schemathesis", "run", str(ROOT / "openapi.yaml"), "--url", "{base_url}", *budget], PLAIN, 1
    )
    for name, measure in (("paycontract verify", ours), ("schemathesis run", plain)):
        print(
            f"{name:<20} {measure.seconds:7.1f} s  {measure.cases:6d} cases  {measure.rate:7.1f} cases/s"
            f"  {measure.cpu_per_case:5.1f} ms CPU/case  (exit {measure.exit_code})",
            flush=True,
        )
    return ours, plain


def main() -> int:
    """Run the benchmark and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=DEFAULT_MAX_EXAMPLES)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1, help="pairs of runs, alternated; the median ratio counts")
    parser.add_argument("--no-default-run", action="store_true", help="skip timing `paycontract verify` alone")
    parser.add_argument("--no-faults", action="store_true", help="skip the time to the first finding per fault")
    args = parser.parse_args()
    budget = ["--max-examples", str(args.max_examples), "--seed", str(args.seed)]
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (shared machine: numbers are noisy)")
    print(f"budget: --max-examples {args.max_examples} --seed {args.seed}, each against a fresh server\n")

    rounds = [compare_once(budget) for _ in range(max(args.rounds, 1))]
    ratio = statistics.median(ours.rate / plain.rate if plain.rate else float("inf") for ours, plain in rounds)
    cpu = statistics.median(plain.cpu_per_case / ours.cpu_per_case for ours, plain in rounds if ours.cpu_per_case)
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    over = f" (median of {len(rounds)} rounds)" if len(rounds) > 1 else ""
    print(f"ratio (ours / plain cases per second){over}: {ratio:.2f}  {verdict} the target of {TARGET_RATIO}")
    print(f"ratio of client CPU per case (plain / ours){over}: {cpu:.2f}")

    if not args.no_faults:
        print()
        report_first_findings(budget)

    if not args.no_default_run:
        default = timed([sys.executable, "-m", "paycontract", "verify"], OURS, 1)
        verdict = "within" if default.seconds <= TARGET_DEFAULT_SECONDS else "OVER"
        print(
            f"\n`paycontract verify` (no arguments): {default.seconds:.1f} s from start to exit, "
            f"{default.cases} cases, exit {default.exit_code}  {verdict} {TARGET_DEFAULT_SECONDS:.0f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
