"""`paycontract verify` on bad input and hostile servers: one clear line and exit 2 when it cannot run,
findings (never a traceback) when the server misbehaves mid-run."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from paycontract.launcher import DEMO_APPS, free_port
from tests.support.specs import edited_spec
from tests.verify.test_verify_self_check import ROOT, verify_against


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paycontract", "verify", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-examples", "0"], "--max-examples must be at least 1"),
        (["--workers", "99"], "--workers must be between 1 and 16"),
        (["--timeout", "-1"], "--timeout must be a positive number"),
        (["--app-id", "10001"], "--app-id needs --app-secret as well"),
        (["--base-url", "ftp://example.com"], "is not an http(s) URL"),
        (["--base-url", "http://127.0.0.1:8000/v1"], "--base-url needs the app's credentials"),
        (["--max-examples", "many"], "invalid int value"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr + done.stdout


def test_unreachable_server_is_one_line_and_exit_2() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    done = run_cli("--base-url", url, "--app-id", "10001", "--app-secret", "s")
    assert done.returncode == 2
    want = f"paycontract verify: cannot reach the server: POST {url}/v1/token: connection refused (4 attempts)"
    assert done.stderr.strip() == want


def _without_bills(document: dict[str, Any]) -> None:
    del document["paths"]["/bills"]


def _without_retention(document: dict[str, Any]) -> None:
    del document["paths"]["/bills"]["get"]["x-retention-days"]


def _with_a_fractional_body_limit(document: dict[str, Any]) -> None:
    document["x-body-limit"] = 1.5


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_without_bills, "the spec has no operation with x-role bill; verify needs it"),
        (_without_retention, "the operation with x-role bill has no x-retention-days; verify needs it"),
        (_with_a_fractional_body_limit, "x-body-limit must be an integer of at least 1, not 1.5"),
    ],
)
def test_a_spec_lacking_what_verify_needs_is_one_line_and_exit_2(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], message: str
) -> None:
    spec = edited_spec(tmp_path / "trimmed.yaml", edit)
    done = run_cli("--spec", str(spec), "--base-url", "http://127.0.0.1:9/v1", "--app-id", "1", "--app-secret", "s")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().startswith(f"paycontract verify: {spec}:")
    assert done.stderr.strip().endswith(message)
    assert len(done.stderr.strip().splitlines()) == 1 and not done.stdout


def test_unknown_operation_id_is_one_line_and_exit_2() -> None:
    done = run_cli(
        "--base-url", "http://127.0.0.1:9/v1", "--app-id", "1", "--app-secret", "s", "--include-operation", "nope"
    )
    assert done.returncode == 2
    assert "unknown operation id 'nope'" in done.stderr


@pytest.mark.slow
def test_a_stalled_answer_is_a_finding(tmp_path: Path) -> None:
    outcome = verify_against("stalls-on-bills", tmp_path, ("--timeout", "1", "--include-operation", "getBill"))
    assert outcome.exit_code == 1
    assert "transport" in outcome.checks
    assert "timed out" in outcome.output
    assert "Traceback" not in outcome.output


@pytest.mark.slow
def test_a_huge_non_json_answer_is_a_finding(tmp_path: Path) -> None:
    outcome = verify_against("huge-non-json-bills", tmp_path, ("--include-operation", "getBill"))
    assert outcome.exit_code == 1
    assert "envelope_conformance" in outcome.checks
    assert "Traceback" not in outcome.output
    assert len(outcome.output) < 200_000


def _cases_per_test(junit: Path) -> dict[tuple[str, str], str]:
    root = ET.parse(junit).getroot()
    return {(c.get("classname", ""), c.get("name", "")): c.findtext("system-out", "") for c in root.iter("testcase")}


@pytest.mark.slow
def test_a_seed_makes_a_run_reproducible(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    assert verify_against("none", first).exit_code == 0
    assert verify_against("none", second).exit_code == 0
    assert _cases_per_test(first / "none.xml") == _cases_per_test(second / "none.xml")


@pytest.mark.slow
def test_a_server_that_dies_mid_run_is_reported_not_crashed_on(tmp_path: Path) -> None:
    outcome = verify_against("dies-mid-run", tmp_path)
    assert outcome.exit_code == 1
    assert "transport" in outcome.checks
    assert "Traceback" not in outcome.output


def test_a_reset_on_the_first_request_is_a_finding_not_an_unreachable_server(tmp_path: Path) -> None:
    """The token request is retried; the reset is reported with its curl line and exit 1, not exit 2."""
    outcome = verify_against("resets-first-token", tmp_path)
    assert outcome.exit_code == 1, outcome.output[-2000:]
    assert "transport" in outcome.checks
    assert "cannot reach the server" not in outcome.output
    assert "token request, answered on a retry" in outcome.output and "$ curl -X POST" in outcome.output


def test_a_reset_while_refreshing_the_token_mid_run_is_retried_and_reported(tmp_path: Path) -> None:
    """The first token is served; its refresh (tokens live 4 s) is reset once, retried, and reported as the first."""
    outcome = verify_against("resets-refresh-token", tmp_path, ("--include-operation", "createOrder"))
    assert outcome.exit_code == 1, outcome.output[-2000:]
    assert outcome.checks == {"transport"}
    assert "the response was cut off on the token request, answered on a retry" in outcome.output
    assert "$ curl -X POST" in outcome.output and "/v1/token" in outcome.output
    assert "Traceback" not in outcome.output


def test_a_refused_good_signature_shows_the_string_verify_signed_beside_the_servers_message(tmp_path: Path) -> None:
    outcome = verify_against("refuses-md5-signatures", tmp_path, ("--include-operation", "createChannel"))
    assert outcome.exit_code == 1, outcome.output[-2000:]
    assert outcome.checks == {"acceptance_conformance"}
    line = next(line for line in outcome.output.splitlines() if "verify signed: " in line)
    server_said, shown = line.split("; verify signed: ", 1)
    assert "refused with 401: 'invalid sign" in server_said
    # The sandbox names the string it signed: the two side by side show where the server went wrong.
    assert "the sandbox signed: " in server_said
    assert shown.endswith("&key=***") and "demo-secret" not in outcome.output.split("distinct failures:")[1]
    # The string shown is the one the request was signed over: with the secret put back, it gives the sent sign.
    curl = outcome.output[outcome.output.index(line) :].split("$ curl", 1)[1].splitlines()[0]
    sent_sign = curl.rsplit("sign=", 1)[1].rstrip("'")
    secret = DEMO_APPS[0][1]
    assert hashlib.md5(shown.replace("&key=***", f"&key={secret}").encode()).hexdigest().upper() == sent_sign
