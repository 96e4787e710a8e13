"""`paycontract lint` as a process: exit codes, and bad input as one line on stderr, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize(
    ("case", "code", "prefix"),
    [("dangling-ref", 1, "spec.yaml:30: ref-resolves: "), ("yaml-syntax-error", 2, "paycontract lint: spec.yaml:15: ")],
)
def test_exit_code_and_one_line(case: str, code: int, prefix: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "paycontract", "lint", "spec.yaml"],
        cwd=CASES / case,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == code
    assert len(lines) == 1 and lines[0].startswith(prefix), lines
