"""The self-check: `paycontract verify` fails on every fault-injected server, naming a check that caught the
bug, and passes on the unchanged reference implementation.

Each server is the real reference app under uvicorn on a free port with a fresh SQLite file, wrapped in one
fault middleware (`faults.py`); verify runs as the CLI would, with a small budget and a fixed seed.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from paycontract.launcher import DEMO_APPS, free_port
from tests.verify.faults import FAULTS
from tests.verify.rule_resolution import resolves

ROOT = Path(__file__).resolve().parents[2]
BUDGET = ["--max-examples", "4", "--seed", "20261125"]
# One verification per core: its client (schemathesis generating and checking cases) keeps a core busy most
# of the run and the server takes a tenth of that, so more runs than cores only take turns.
WORKERS = max(2, os.cpu_count() or 2)
CONTROL = "none"
_RULE_LINE = re.compile(r"^[a-z_]+ — rule: (.*)$", re.MULTILINE)


@dataclass
class Outcome:
    """How one verification ended, and which checks its JUnit report names."""

    exit_code: int
    checks: set[str]
    output: str
    rules: list[str]
    seconds: float = 0.0


def failed_checks(junit: Path) -> set[str]:
    """The check names in the failures of a JUnit report (they head each failure's message)."""
    if not junit.exists():
        return set()
    root = ET.parse(junit).getroot()
    return {name.strip() for failure in root.iter("failure") for name in failure.get("message", "").split(";")}


def cited_rules(junit: Path) -> list[str]:
    """The rule each finding of a JUnit report cites, in order (each finding's text starts `check — rule: R`)."""
    if not junit.exists():
        return []
    texts = (failure.text or "" for failure in ET.parse(junit).getroot().iter("failure"))
    return [match.group(1) for text in texts for match in _RULE_LINE.finditer(text)]


@contextlib.contextmanager
def serving(fault: str, workdir: Path) -> Iterator[str]:
    """Serve the reference app wrapped in `fault` on a free port; yields its base URL, stops it after."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.verify.fault_server", fault, str(port), str(workdir / f"{fault}.sqlite3")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(base_url, server)
        yield base_url
    finally:
        server.kill()
        server.wait()


def verify_against(fault: str, workdir: Path, extra: tuple[str, ...] = ()) -> Outcome:
    """Serve the reference app with `fault`, run `paycontract verify` against it, stop the server."""
    with serving(fault, workdir) as base_url:
        (app, secret, _), (other, other_secret, _) = DEMO_APPS[:2]
        junit = workdir / f"{fault}.xml"
        command = [sys.executable, "-m", "paycontract", "verify", "--base-url", base_url, "--junit-xml", str(junit)]
        command += ["--app-id", str(app), "--app-secret", secret, "--other-app-id", str(other)]
        command += ["--other-app-secret", other_secret, *BUDGET, *extra]
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
        seconds = time.monotonic() - started
        return Outcome(done.returncode, failed_checks(junit), done.stdout + done.stderr, cited_rules(junit), seconds)


def _wait_ready(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the fault server exited with {server.returncode}")
        try:
            httpx.get(base_url + "/", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"the fault server did not answer on {base_url}")


@pytest.mark.slow
def test_verify_catches_every_injected_bug_and_passes_the_reference(tmp_path: Path) -> None:
    names = [CONTROL, *FAULTS]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = dict(zip(names, pool.map(lambda name: verify_against(name, tmp_path), names), strict=True))
    report = "\n".join(
        f"  {name:<34} exit {o.exit_code} {o.seconds:5.1f} s  caught by: {', '.join(sorted(o.checks)) or '-'}"
        for name, o in outcomes.items()
    )
    total = sum(o.seconds for o in outcomes.values())
    print(f"\nverify against each server ({WORKERS} at a time, {total:.0f} s of runs):\n{report}")
    control = outcomes.pop(CONTROL)
    assert control.exit_code == 0, f"the reference implementation failed verification:\n{control.output[-3000:]}"
    assert not control.checks
    missed = {name: outcome for name, outcome in outcomes.items() if outcome.exit_code != 1}
    details = ", ".join(f"{name} (exit {o.exit_code})\n{o.output[-2000:]}" for name, o in missed.items())
    assert not missed, f"not caught: {details}"
    wrong = {name: o.checks for name, o in outcomes.items() if not o.checks & FAULTS[name][1]}
    assert not wrong, f"caught, but not by a check expected to catch it: {wrong}"
    # Every finding names the rule it enforces, and the rule resolves to where the contract states it.
    unnamed = {name: [r for r in o.rules if not resolves(r)] for name, o in outcomes.items()}
    assert not {name: rules for name, rules in unnamed.items() if rules}, unnamed
    assert all(o.rules for o in outcomes.values())
