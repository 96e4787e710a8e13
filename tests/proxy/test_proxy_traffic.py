"""`paycontract proxy` in front of real servers: the reference passes, each injected bug is named by the right
check, the HAR it records gives `check-har` the same findings, a wrongly signing client is the client's fault,
and an upstream that is down or stalls is answered 502/504 and recorded."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from paycontract.launcher import free_port
from tests.proxy.running import check_har, fault_server, start_proxy
from tests.proxy.traffic import run_samples, scripted_session
from tests.support.client import SignedClient

# Fault server → the checks, any of which names the bug from this traffic.
FAULTS = {
    "unchecked-signature": {"signature"},
    "amounts-in-yuan": {"amounts", "order_echo", "response_schema"},
    "leaks-other-apps-orders": {"isolation"},
    "dropped-required-field": {"response_schema", "times"},
    "wrong-error-status": {"status_declared"},
    "created-201": {"status_declared"},
    "count-off-by-one": {"count"},
    "expiry-12-hours": {"times"},
    "lost-write": {"persistence"},
    "delete-twice-succeeds": {"persistence"},
    "ignores-channel-filter": {"persistence"},
    "accepts-invalid-input": {"parameters"},
    "retention-89-days": {"bills"},
    "retention-91-days": {"bills"},
    "priority-ignored": {"routing"},
    "repay-succeeds": {"persistence"},
    "query-in-creation-order": {"persistence"},
    "query-shows-pending": {"persistence"},
    "fee-rounded": {"bills"},
    "net-is-gross": {"bills"},
}


def _traffic(base_url: str) -> None:
    run_samples(base_url)
    scripted_session(base_url)


def test_the_reference_server_passes_and_the_har_gives_the_same_findings(tmp_path: Path) -> None:
    har = tmp_path / "traffic.har"
    with fault_server("none", tmp_path) as upstream:
        proxy = start_proxy(upstream, tmp_path, "--har", str(har), "--junit-xml", str(tmp_path / "proxy.xml"))
        _traffic(proxy.base_url)
        outcome = proxy.stop()
    assert outcome.exit_code == 0, outcome.output
    assert outcome.failures("server") == [], outcome.output
    assert len(outcome.exchanges) >= 20
    # The session's bad amount and wrong sign are the client's, and the summary says so.
    assert {"parameters", "signature"} <= outcome.checks("client"), outcome.output
    assert "0 server finding(s)" in outcome.output
    replayed = check_har(har, tmp_path)
    assert replayed.exit_code == 0, replayed.output
    assert replayed.exchanges == outcome.exchanges
    assert (tmp_path / "proxy.xml").read_text(encoding="utf-8").count("<testcase") >= 17


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_is_named_with_the_right_check(fault: str, tmp_path: Path) -> None:
    har = tmp_path / "traffic.har"
    with fault_server(fault, tmp_path) as upstream:
        proxy = start_proxy(upstream, tmp_path, "--har", str(har))
        _traffic(proxy.base_url)
        outcome = proxy.stop(signal.SIGTERM)
    assert outcome.exit_code == 1, outcome.output
    assert outcome.checks("server") & FAULTS[fault], f"{fault}: {outcome.checks('server')}\n{outcome.output}"
    replayed = check_har(har, tmp_path)
    assert replayed.exit_code == 1
    assert replayed.exchanges == outcome.exchanges


def test_a_client_that_signs_wrongly_fails_the_run_only_when_asked(tmp_path: Path) -> None:
    with fault_server("none", tmp_path) as upstream:
        for extra, expected in (((), 0), (("--fail-on-client",), 1)):
            proxy = start_proxy(upstream, tmp_path, *extra)
            with SignedClient(proxy.base_url, 10001, "demo-secret-10001") as client:
                refused = client.call("GET", "/channels", secret="a-wrong-secret")
            outcome = proxy.stop()
            assert refused.status_code == 401
            assert outcome.exit_code == expected, outcome.output
            assert outcome.checks("client") == {"signature"}
            assert outcome.failures("server") == []


def test_an_upstream_that_is_down_is_answered_502_and_recorded(tmp_path: Path) -> None:
    proxy = start_proxy(f"http://127.0.0.1:{free_port()}/v1", tmp_path)
    answer = httpx.post(proxy.base_url + "/token", data={"app_id": "10001", "app_secret": "x"})
    outcome = proxy.stop()
    assert answer.status_code == 502
    assert answer.json() == {"code": 502, "message": answer.json()["message"], "data": None}
    assert outcome.exit_code == 1
    assert outcome.exchanges[0]["status"] == 0
    assert outcome.exchanges[0]["failures"][0]["check"] == "upstream"


def test_an_upstream_that_stalls_is_answered_504(tmp_path: Path) -> None:
    with fault_server("stalls-on-bills", tmp_path) as upstream:
        proxy = start_proxy(upstream, tmp_path, "--timeout", "1")
        with SignedClient(proxy.base_url, 10001, "demo-secret-10001") as client:
            answer = client.call("GET", "/bills", {"date": "2026-01-01"})
        outcome = proxy.stop()
    assert answer.status_code == 504
    assert [f["check"] for f in outcome.exchanges[-1]["failures"]] == ["upstream"]
