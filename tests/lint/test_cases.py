"""`paycontract lint` on every case folder under `cases/`: output and exit code, byte for byte.

A case is a folder holding `expected.txt` (and usually `spec.yaml`); adding a case is dropping in a
folder. The linter runs as `paycontract lint spec.yaml` with the case folder as working directory,
so paths in the output are relative to it. `expected.txt` holds what it prints (stdout, then
stderr) and a last line `exit N`. Cases under `positive/` must be clean; all others must not be.
Regenerate every `expected.txt` with `UPDATE_GOLDENS=1 python -m pytest tests/lint`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paycontract.cli import main

CASES = Path(__file__).parent / "cases"
CASE_DIRS = sorted(p for p in CASES.rglob("*") if p.is_dir() and not any(c.is_dir() for c in p.iterdir()))


def run_lint(case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """What `paycontract lint spec.yaml` prints in `case`, and its exit code, as one text."""
    monkeypatch.chdir(case)
    code = main(["lint", "spec.yaml"])
    captured = capsys.readouterr()
    return f"{captured.out}{captured.err}exit {code}\n"


@pytest.mark.parametrize("case", CASE_DIRS, ids=[c.relative_to(CASES).as_posix() for c in CASE_DIRS])
def test_case(case: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    actual = run_lint(case, capsys, monkeypatch)
    expected_path = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDENS"):
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"missing {expected_path} (create it with UPDATE_GOLDENS=1)"
    assert actual == expected_path.read_text(encoding="utf-8")
    if "positive" in case.relative_to(CASES).parts:
        assert actual == "exit 0\n", "a positive case must lint clean"
    else:
        assert not actual.endswith("exit 0\n"), "a negative case must fail"
        assert "Traceback" not in actual
