"""The `contract` target: committed output up to date, ruff-clean, byte-stable, and `--check` catches drift."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.contract_layer import OUTPUT, build_context
from generator.core import render_all
from paycontract.cli import main
from paycontract.spec import Spec, load_spec
from tests.support.specs import ROOT, add_optional_parameter


def test_committed_contract_is_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--check", "--target", "contract"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_output_is_byte_stable(spec: Spec) -> None:
    first = render_all(spec, only=["contract"])[OUTPUT]
    second = render_all(load_spec(ROOT / "openapi.yaml"), only=["contract"])[OUTPUT]
    assert first == second
    assert first.startswith('"""') and "GENERATED" in first.splitlines()[2]


def test_output_is_ruff_clean(tmp_path: Path, spec: Spec) -> None:
    target = tmp_path / "contract.py"
    target.write_text(render_all(spec, only=["contract"])[OUTPUT], "utf-8")
    config = ["--config", str(ROOT / "pyproject.toml")]
    for command in (["check", *config, str(target)], ["format", "--check", *config, str(target)]):
        result = subprocess.run([sys.executable, "-m", "ruff", *command], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_context_reads_the_rules_from_the_spec(spec: Spec) -> None:
    operations = {op["operation_id"]: op for op in build_context(spec)["operations"]}
    amount = next(p for p in operations["createOrder"]["parameters"] if p["name"] == "amount")
    assert (amount["in"], amount["required"], amount["minimum"], amount["maximum"]) == ("body", True, 1, 100000000)
    assert operations["getToken"]["auth_header"] is None and not operations["getToken"]["signed"]
    assert operations["paySandboxOrder"]["sandbox_only"]
    ids = next(p for p in operations["queryOrders"]["parameters"] if p["name"] == "ids")
    assert ids["items"]["pattern"] == spec.resolved["components"]["schemas"]["Id"]["pattern"]


def test_check_reports_a_stale_contract_with_a_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(ROOT / "openapi.yaml", tmp_path / "openapi.yaml")
    (tmp_path / "reference_impl").mkdir()
    shutil.copy(ROOT / OUTPUT, tmp_path / OUTPUT)
    args = ["generate", "--spec", str(tmp_path / "openapi.yaml"), "--root", str(tmp_path), "--target", "contract"]
    assert main([*args, "--check"]) == 0
    add_optional_parameter(tmp_path / "openapi.yaml")
    capsys.readouterr()
    assert main([*args, "--check"]) == 1
    out = capsys.readouterr().out
    assert f"+++ b/{OUTPUT}" in out and '+            {"name": "coupon"' in out
    assert main(args) == 0
    assert main([*args, "--check"]) == 0
