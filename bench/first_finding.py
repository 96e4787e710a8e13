"""Time to the first finding: how long `paycontract verify` runs before it shows a person the first failure,
for each injected fault of `tests/verify/faults.py`, each against a fresh fault server (printed by
`bench/verify.py`)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.contenders import wait_for
from paycontract.launcher import DEMO_APPS, free_port
from tests.verify.faults import FAULTS

ROOT = Path(__file__).resolve().parent.parent
# How long one fault may take before it counts as missed.
LIMIT_SECONDS = 240.0


def _progress_failed(line: str) -> bool:
    """A progress line of verify that reports a failure (an operation's phase, a tally, or an error)."""
    return line.rstrip().endswith("FAILED") or line.startswith("   error ")


def _serve(fault: str, workdir: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "tests.verify.fault_server", fault, str(port), f"{workdir}/{fault}.sqlite3"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_for(base_url + "/", server, timeout=30)
    except RuntimeError:
        server.kill()
        raise SystemExit(f"bench/first_finding.py: the fault server {fault} did not start") from None
    return server, base_url


def first_finding(fault: str, budget: list[str]) -> float | None:
    """Seconds from verify's start to its first failing progress line against `fault`; None if it showed none."""
    (app, secret, _), (other, other_secret, _) = DEMO_APPS[:2]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="paycontract-bench-") as workdir:
        server, base_url = _serve(fault, workdir)
        command = [sys.executable, "-m", "paycontract", "verify", "--base-url", base_url, "--app-id", str(app)]
        command += ["--app-secret", secret, "--other-app-id", str(other), "--other-app-secret", other_secret, *budget]
        started = time.monotonic()
        verify = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.PIPE, text=True, bufsize=1)
        try:
            assert verify.stdout is not None
            for line in verify.stdout:
                elapsed = time.monotonic() - started
                if _progress_failed(line):
                    return elapsed
                if elapsed > LIMIT_SECONDS:
                    return None
            return None
        finally:
            verify.kill()
            verify.wait()
            server.kill()
            server.wait()


def report_first_findings(budget: list[str]) -> list[float]:
    """Print each fault's time to its first finding and their median; return the times of the faults caught."""
    times: list[float] = []
    for fault in FAULTS:
        seconds = first_finding(fault, budget)
        print(f"  {fault:<28} {'missed' if seconds is None else f'{seconds:6.1f} s'}", flush=True)
        if seconds is not None:
            times.append(seconds)
    if times:
        print(
            f"time to the first finding over {len(FAULTS)} faults: median {statistics.median(times):.1f} s, "
            f"max {max(times):.1f} s ({len(FAULTS) - len(times)} showed none)"
        )
    return times
