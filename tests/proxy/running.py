"""Real processes for the proxy tests: a (fault) server, `paycontract proxy` in front of it, and its outcome."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from paycontract.launcher import DEMO_APPS, free_port

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
SECRET_ARGS = (
    "--app-id", str(DEMO_APPS[0][0]), "--app-secret", DEMO_APPS[0][1],
    "--other-app-id", str(DEMO_APPS[1][0]), "--other-app-secret", DEMO_APPS[1][1],
)  # fmt: skip


@dataclass
class Outcome:
    """How a proxy (or check-har) run ended: exit status, what it printed, its NDJSON objects."""

    exit_code: int
    output: str
    exchanges: list[dict]

    def failures(self, side: str) -> list[dict]:
        """Every failure of that side (`server` or `client`), over all exchanges."""
        return [f for ex in self.exchanges for f in ex["failures"] if f["side"] == side]

    def checks(self, side: str = "server") -> set[str]:
        """The names of the checks that reported a finding of that side."""
        return {f["check"] for f in self.failures(side)}


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """Until something answers HTTP on `url` (any status); fail if the process dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"process exited with {process.returncode} before answering on {url}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError(f"nothing answered on {url} within {timeout:.0f} s")


@contextmanager
def fault_server(name: str, workdir: Path) -> Iterator[str]:
    """Serve the reference app wrapped in fault `name` (`none`: unchanged); yields its base URL."""
    port = free_port()
    db = workdir / f"{name}-{port}.sqlite3"
    command = [sys.executable, "-m", "tests.verify.fault_server", name, str(port), str(db)]
    process = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_ready(base_url + "/", process)
        yield base_url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class RunningProxy:
    """A `paycontract proxy` process; `stop()` sends SIGINT and returns its outcome."""

    process: subprocess.Popen[bytes]
    base_url: str
    ndjson: Path
    log: Path

    def stop(self, sig: int = signal.SIGINT) -> Outcome:
        """Stop it as Ctrl-C (or `sig`) would, and read what it reported."""
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        output = self.log.read_text(encoding="utf-8", errors="replace")
        return Outcome(self.process.returncode, output, read_ndjson(self.ndjson))


def start_proxy(upstream: str, workdir: Path, *extra: str) -> RunningProxy:
    """Start `paycontract proxy --upstream …` with both demo apps' secrets, NDJSON into `workdir`."""
    port = free_port()
    ndjson = workdir / f"proxy-{port}.ndjson"
    command = [
        sys.executable, "-m", "paycontract", "proxy", "--upstream", upstream, "--port", str(port),
        *SECRET_ARGS, "--ndjson", str(ndjson), *extra,
    ]  # fmt: skip
    log = workdir / f"proxy-{port}.log"
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the proxy
        process = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    wait_ready(f"http://127.0.0.1:{port}/", process)
    return RunningProxy(process, f"http://127.0.0.1:{port}/v1", ndjson, log)


def check_har(har: Path, workdir: Path, *extra: str) -> Outcome:
    """Run `paycontract check-har` on a file with both demo apps' secrets."""
    ndjson = workdir / f"{har.stem}-check.ndjson"
    command = [sys.executable, "-m", "paycontract", "check-har", str(har), *SECRET_ARGS, "--ndjson", str(ndjson)]
    command += extra
    done = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    return Outcome(done.returncode, done.stdout + done.stderr, read_ndjson(ndjson))


def read_ndjson(path: Path) -> list[dict]:
    """The objects of an NDJSON file (none if it was not written)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
