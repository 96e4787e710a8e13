"""The one registration module lists every check the engine runs, and nothing in the package needs schemathesis."""

from __future__ import annotations

import subprocess
import sys

from paycontract.traffic.engine import Engine
from paycontract.traffic.registry import CHECKS, UPSTREAM
from tests.proxy.running import ENV, ROOT

EXPECTED = {
    "status_declared", "content_type", "envelope", "response_schema", "count", "retry_after", "leak",
    "signature", "parameters", "app_token", "order_echo", "amounts", "times",
    "isolation", "persistence", "routing", "bills",
}  # fmt: skip


def test_the_registry_holds_exactly_the_checks() -> None:
    assert set(CHECKS) == EXPECTED
    assert UPSTREAM not in CHECKS


def test_the_engine_runs_the_registry_by_default(spec) -> None:  # type: ignore[no-untyped-def]
    from paycontract.traffic.contract import TrafficContract

    assert list(Engine(TrafficContract.from_spec(spec), {}).checks) == list(CHECKS)


def test_the_engine_loads_without_schemathesis() -> None:
    code = (
        "import sys; sys.modules['schemathesis'] = None\n"
        "import paycontract.traffic.proxy, paycontract.traffic.har, paycontract.commands.check_har\n"
        "assert not any(m.startswith('paycontract.verify') for m in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
