"""The 变更历史 of the repository's releases, rendered, against `history.md` beside this test.

Refresh it with `scripts/update-goldens` (or `UPDATE_GOLDENS=1 python -m pytest tests/history`).
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.docs import render_history
from generator.render import make_environment
from paycontract.spec import Spec
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "history.md"


def test_rendered_history_matches_the_golden(spec: Spec) -> None:
    rendered = render_history(spec, make_environment())
    if os.environ.get("UPDATE_GOLDENS"):
        GOLDEN.write_text(rendered, encoding="utf-8")
    assert GOLDEN.exists(), f"missing {GOLDEN} (create it with scripts/update-goldens)"
    assert rendered == GOLDEN.read_text(encoding="utf-8")


def test_the_docs_carry_the_same_history(spec: Spec) -> None:
    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert "# 变更历史\n\n" + GOLDEN.read_text(encoding="utf-8") in docs
