"""One command refreshes every golden file: `scripts/update-goldens` runs each generator of goldens and every
test that rewrites its golden under `UPDATE_GOLDENS=1`."""

from __future__ import annotations

from pathlib import Path

from paycontract.paths import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "update-goldens"


def test_every_test_that_rewrites_a_golden_is_run_by_the_script() -> None:
    script = SCRIPT.read_text(encoding="utf-8")
    readers = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in (PROJECT_ROOT / "tests").rglob("test_*.py")
        if path != Path(__file__) and 'environ.get("UPDATE_GOLDENS")' in path.read_text(encoding="utf-8")
    ]
    assert len(readers) >= 3
    missing = [reader for reader in readers if f"UPDATE_GOLDENS=1 python3 -m pytest -q {reader}" not in script]
    assert not missing, f"scripts/update-goldens does not refresh the goldens of {missing}"


def test_the_script_regenerates_the_committed_outputs_and_the_edge_case_goldens() -> None:
    commands = [line for line in SCRIPT.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert "python3 -m paycontract generate" in commands
    assert "python3 -m generator.goldens" in commands
