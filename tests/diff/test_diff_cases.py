"""The diff corpus: each folder under `cases/` holds old.yaml, new.yaml and the expected classification.

Adding a case is dropping in a folder. `expected.json` is written by hand (it states what the
rules say), never regenerated from the tool's output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paycontract.cli import main
from paycontract.diff.rules import RULES

CASES = Path(__file__).parent / "cases"
CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir())


def _key(change: dict[str, str]) -> tuple[str, str, str]:
    return change["location"], change["rule"], change["kind"]


def _run(case: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(["diff", str(case / "old.yaml"), str(case / "new.yaml"), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    code, report = _run(case, capsys)
    got = sorted(_key(c) for c in report["changes"])
    assert got == sorted(_key(c) for c in expected["changes"])
    assert code == expected["exit_code"] == report["exit_code"]


def test_corpus_covers_every_rule_and_kind() -> None:
    expected = [json.loads((case / "expected.json").read_text(encoding="utf-8")) for case in CASE_DIRS]
    seen = {(c["rule"], c["kind"]) for e in expected for c in e["changes"]}
    wanted = {(r.name, kind) for r in RULES.values() for kind in {r.request, r.response, r.document} - {None}}
    assert sorted(wanted - seen) == []
    assert len(CASE_DIRS) >= 20
