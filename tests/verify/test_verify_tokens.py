"""Tokens: fetched once and cached, refreshed before their announced expiry and when the server says one
expired; a whole run against a server with short-lived tokens never sends an expired one."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from paycontract.launcher import DEMO_APPS, RunningServer, start_server
from paycontract.paths import default_spec_path
from paycontract.spec import load_spec
from paycontract.verify.auth import AuthFailure, TokenProvider, says_expired
from paycontract.verify.contract import Contract
from paycontract.verify.options import Credentials
from tests.verify.test_verify_self_check import ROOT

TTL = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    running = start_server(extra_args=["--token-ttl", str(TTL)], log_dir=tmp_path_factory.mktemp("server"))
    yield running
    running.kill()


def provider(server: RunningServer, secret: str, clock: list[float]) -> TokenProvider:
    contract = Contract.from_spec(load_spec(default_spec_path()))
    app_id = DEMO_APPS[0][0]
    return TokenProvider(contract, server.base_url, Credentials(app_id, secret), timeout=5, clock=lambda: clock[0])


def test_a_token_is_cached_then_refreshed_before_it_expires(server: RunningServer) -> None:
    clock = [100.0]
    tokens = provider(server, DEMO_APPS[0][1], clock)
    first = tokens.token()
    clock[0] += TTL * 0.5
    assert tokens.token() == first and tokens.fetches == 1
    clock[0] += TTL * 0.45
    assert tokens.token() != first and tokens.fetches == 2


def test_a_token_the_server_called_expired_is_dropped_once(server: RunningServer) -> None:
    clock = [0.0]
    tokens = provider(server, DEMO_APPS[0][1], clock)
    first = tokens.token()
    tokens.invalidate("some-older-token")
    assert tokens.token() == first
    tokens.invalidate(first)
    assert tokens.token() != first and tokens.fetches == 2


def test_an_expired_token_is_told_by_status_and_lifetime_never_by_message(server: RunningServer) -> None:
    clock = [100.0]
    tokens = provider(server, DEMO_APPS[0][1], clock)
    token = tokens.token()
    assert not says_expired(401, tokens, token)  # within its lifetime a 401 is about something else
    clock[0] += TTL
    # Whatever the message says ("令牌已过期", "invalid", nothing): the status and the run's clock decide.
    assert says_expired(401, tokens, token)
    assert not says_expired(400, tokens, token)
    assert not says_expired(401, tokens, "a-token-the-run-never-got")
    assert not says_expired(401, tokens, None)


def test_wrong_credentials_are_one_line(server: RunningServer) -> None:
    with pytest.raises(AuthFailure, match=r"answered 401"):
        provider(server, "wrong-secret", [0.0]).token()


@pytest.mark.slow
def test_a_run_outlives_several_token_lifetimes(server: RunningServer) -> None:
    (app, secret, _), (other, other_secret, _) = DEMO_APPS[:2]
    command = [sys.executable, "-m", "paycontract", "verify", "--base-url", server.base_url, "--app-id", str(app)]
    command += ["--app-secret", secret, "--other-app-id", str(other), "--other-app-secret", other_secret]
    done = subprocess.run([*command, "--max-examples", "3", "--seed", "5"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "expired tokens were not probed" not in done.stdout


def test_a_server_that_refuses_the_credentials_stops_the_run_with_one_line(server: RunningServer) -> None:
    command = [sys.executable, "-m", "paycontract", "verify", "--base-url", server.base_url, "--app-id", "10001"]
    done = subprocess.run([*command, "--app-secret", "wrong"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("paycontract verify: cannot authenticate as app 10001, nothing was verified:")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stdout + done.stderr
