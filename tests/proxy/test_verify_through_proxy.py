"""`paycontract verify` through the proxy in front of the reference server: verify passes, the proxy finds no
server fault in its ~700 requests (its negative cases and wrong signs are client findings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.proxy.running import ENV, ROOT, SECRET_ARGS, fault_server, start_proxy


@pytest.mark.slow
def test_verify_through_the_proxy_has_no_server_finding(tmp_path: Path) -> None:
    with fault_server("none", tmp_path) as upstream:
        proxy = start_proxy(upstream, tmp_path)
        command = [sys.executable, "-m", "paycontract", "verify", "--base-url", proxy.base_url, *SECRET_ARGS,
                   "--max-examples", "3", "--seed", "20261203"]  # fmt: skip
        verified = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
        outcome = proxy.stop()
    assert verified.returncode == 0, verified.stdout[-2000:]
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.failures("server") == []
    assert len(outcome.exchanges) > 300
    assert {"signature", "parameters"} <= outcome.checks("client")
