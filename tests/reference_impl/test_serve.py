"""`paycontract serve` as a user runs it: banner with the demo credentials, clean Ctrl-C, restarts, config errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from paycontract.launcher import free_port, start_server
from tests.support.client import SignedClient
from tests.support.envelope import new_order


def test_banner_clean_stop_and_restart_on_the_same_database(tmp_path: Path, backend: str, new_db) -> None:
    db = new_db() if backend == "postgresql" else tmp_path / "data" / "server.sqlite3"
    server = start_server(db=db, log_dir=tmp_path)
    try:
        log = server.log()
        assert "app_id 10001  merchant_id 20001  app_secret demo-secret-10001" in log
        assert "app_id 10002  merchant_id 20002  app_secret demo-secret-10002" in log
        assert f"base URL   {server.base_url}" in log and "seeded now" in log
        with SignedClient(server.base_url, 10001, "demo-secret-10001") as client:
            order = new_order(client)
    finally:
        assert server.stop() == 0
    assert "Traceback" not in server.log()

    reconfigured = start_server(db=db, log_dir=tmp_path, env={"PAYCONTRACT_APPS": "10002:20002:rotated"})
    try:
        fetch = reconfigured.base_url + "/token"
        assert httpx.post(fetch, data={"app_id": 10001, "app_secret": "demo-secret-10001"}).status_code == 401
        assert httpx.post(fetch, data={"app_id": 10002, "app_secret": "demo-secret-10002"}).status_code == 401
        assert httpx.post(fetch, data={"app_id": 10002, "app_secret": "rotated"}).status_code == 200
    finally:
        reconfigured.stop()

    again = start_server(db=db, log_dir=tmp_path)
    try:
        assert "from the database" in again.log()
        with SignedClient(again.base_url, 10001, "demo-secret-10001") as client:
            assert client.ok("GET", "/orders", {"ids": order["id"]})["data"] == [order]
            assert client.ok("GET", "/channels")["count"] == 3  # seeded once, not again
        again.process.send_signal(signal.SIGTERM)
        assert again.process.wait(10) == 0
    finally:
        again.stop()
    assert "Traceback" not in again.log()


def test_readme_command_uses_a_database_in_the_data_directory(tmp_path: Path) -> None:
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "paycontract", "serve", "--port", str(port)], cwd=tmp_path, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/v1/").status_code == 404
                break
            except httpx.TransportError:
                time.sleep(0.05)
        assert (tmp_path / "data" / "paycontract.sqlite3").is_file()
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in output and "data/paycontract.sqlite3" in output


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PAYCONTRACT_TOKEN_TTL": "soon"}, "PAYCONTRACT_TOKEN_TTL='soon': expected seconds"),
        ({"PAYCONTRACT_APPS": "10001:demo"}, "PAYCONTRACT_APPS='10001:demo': expected APP_ID:MERCHANT_ID:SECRET"),
        ({"PAYCONTRACT_NOW": "yesterday"}, "PAYCONTRACT_NOW='yesterday'"),
        ({"PAYCONTRACT_CONTRACT": "/nonexistent/contract.py"}, "PAYCONTRACT_CONTRACT='/nonexistent/contract.py'"),
        ({"PAYCONTRACT_CONTRACT": __file__}, "not a generated contract"),
    ],
)
def test_bad_configuration_is_one_line(env: dict[str, str], expected: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paycontract", "serve", "--db", ":memory:", "--port", "0"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and expected in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--token-ttl", "0"], "--token-ttl 0: must be at least 1"),
        (["--apps", "10001"], "--apps '10001': expected APP_ID:MERCHANT_ID:SECRET"),
        (["--workers", "2", "--db", ":memory:"], ":memory: cannot be shared"),
    ],
)
def test_bad_flags_are_one_line(args: list[str], expected: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paycontract", "serve", "--port", "0", *args], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and expected in result.stderr, result.stderr


def test_configured_apps_and_pinned_clock(start) -> None:
    server = start(env={"PAYCONTRACT_APPS": "501:601:s3cret", "PAYCONTRACT_NOW": "2026-03-01 08:30:00"})
    assert "app_id 501  merchant_id 601  app_secret s3cret" in server.log()
    with SignedClient(server.base_url, 501, "s3cret") as client:
        order = new_order(client)
        assert order["app"] == {"id": 501, "merchant_id": 601}
        assert (order["created_at"], order["expire_at"]) == ("2026-03-01 08:30:00", "2026-03-02 08:30:00")
        assert client.ok("GET", "/bills", {"date": "2026-03-01"})["data"]["count"] == 0
        assert client.call("GET", "/bills", {"date": "2026-03-02"}).status_code == 400
    assert (
        httpx.post(server.base_url + "/token", data={"app_id": "10001", "app_secret": "demo-secret-10001"}).status_code
        == 401
    )


def test_sandbox_operations_can_be_switched_off(start) -> None:
    server = start(env={"PAYCONTRACT_SANDBOX": "0"})
    with SignedClient(server.base_url, 10001, "demo-secret-10001") as client:
        order = new_order(client)
        assert client.call("POST", "/sandbox/orders/{id}/pay", path_params={"id": order["id"]}).status_code == 404


@pytest.mark.slow
def test_several_workers_share_one_database(start) -> None:
    server = start(extra_args=["--workers", "2"])
    with SignedClient(server.base_url, 10001, "demo-secret-10001") as client:
        ids = [new_order(client)["id"] for _ in range(20)]
        assert client.ok("GET", "/orders", {"ids": ids})["count"] == 20
