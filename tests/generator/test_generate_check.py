"""`paycontract generate --check` on the project's own generated files, and on a one-character spec edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core import generate
from paycontract.cli import main

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi.yaml"


def test_committed_outputs_are_up_to_date() -> None:
    result = generate(SPEC, ROOT, check=True)
    assert result.clean, f"out of date: {result.changed + result.stale}; run scripts/update-goldens\n{result.diff}"


def test_a_one_character_spec_edit_fails_the_check_with_a_diff(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    text = SPEC.read_text("utf-8")
    edited = text.replace("summary: 订单创建", "summary: 订单创见", 1)
    assert edited != text
    spec = tmp_path / "openapi.yaml"
    spec.write_text(edited, "utf-8")
    before = {p: p.read_bytes() for p in (ROOT / "samples").rglob("*") if p.is_file()}
    code = main(["generate", "--check", "--spec", str(spec), "--root", str(ROOT)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "-# 订单创建: POST /orders" in out and "+# 订单创见: POST /orders" in out
    assert "--- a/docs/api.md" in out and "+## 订单创见" in out
    assert "out of date" in err
    assert before == {p: p.read_bytes() for p in (ROOT / "samples").rglob("*") if p.is_file()}  # --check wrote nothing


def test_templates_override(tmp_path: Path) -> None:
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "ruby.j2").write_text("# {{ op.summary }} in {{ language.label }}\n", "utf-8")
    result = generate(SPEC, tmp_path / "out", templates=tmp_path, only=["samples"])
    assert (tmp_path / "out" / "samples" / "ruby" / "createOrder.rb").read_text("utf-8") == "# 订单创建 in RUBY\n"
    assert (tmp_path / "out" / "samples" / "python" / "createOrder.py").read_text("utf-8").startswith('"""订单创建')
    assert "samples/ruby/getToken.rb" in result.changed


def test_a_broken_override_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "php.j2").write_text("{{ op.nope }}\n", "utf-8")
    code = main(["generate", "--check", "--templates", str(tmp_path), "--target", "samples"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().count("\n") == 0 and "samples/php.j2" in err and "nope" in err
