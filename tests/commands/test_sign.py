"""`paycontract sign` over every signing vector: the same string to sign and sign, in both algorithms."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from paycontract.cli import main
from tests.samples.runtime import ROOT, clean_env

VECTORS = json.loads((ROOT / "tests" / "vectors" / "signing.json").read_text("utf-8"))["vectors"]
ALGORITHMS = {"1": "md5", "2": "hmac_sha256"}


@pytest.mark.parametrize("sign_type", list(ALGORITHMS))
@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_sign_prints_the_vectors(vector: dict, sign_type: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["sign", "--sign-type", sign_type, "--secret", vector["secret"], *(f"{n}={v}" for n, v in vector["params"])]
    assert main(argv) == 0
    want = f"string_to_sign: {vector['string_to_sign']}\nsign: {vector[ALGORITHMS[sign_type]]}\n"
    assert capsys.readouterr().out == want


def test_a_demo_app_id_takes_the_demo_secret(capsys: pytest.CaptureFixture[str]) -> None:
    vector = VECTORS[0]
    assert main(["sign", "--app-id", "10001", *(f"{n}={v}" for n, v in vector["params"])]) == 0
    assert capsys.readouterr().out.splitlines()[1] == f"sign: {vector['hmac_sha256']}"


@pytest.mark.parametrize(
    "argv",
    [["oops"], ["=1"], ["--sign-type", "9", "a=1"], ["--app-id", "1", "a=1"], ["--secret", "s", "--app-id", "10001"]],
)
def test_bad_arguments_are_one_line_exit_2(argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "paycontract", "sign", *argv], env=clean_env(), cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
