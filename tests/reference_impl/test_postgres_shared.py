"""Several `paycontract serve` processes on one PostgreSQL database behave as one server: two processes on
different ports (as two hosts behind a load balancer would be), and `verify` against two workers."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from paycontract.launcher import DEMO_APPS, RunningServer, running_server, start_server
from tests.support.client import SignedClient
from tests.support.databases import new_postgres_database
from tests.support.postgres_cluster import Cluster, start_cluster

APP_ID, SECRET, _MERCHANT = DEMO_APPS[0]
OTHER_ID, OTHER_SECRET, _OTHER_MERCHANT = DEMO_APPS[1]
PINNED = {"PAYCONTRACT_NOW": "2026-06-01 12:00:00"}


def start_two(db: str, folder: Path) -> list[RunningServer]:
    """Two servers on one database, started at the same moment (their migrations and seeding race)."""
    with ThreadPoolExecutor(2) as pool:
        return list(pool.map(lambda _: start_server(db=db, env=PINNED, log_dir=folder), range(2)))


def test_two_processes_on_one_database_behave_as_one_server(pg_cluster: Cluster, tmp_path: Path) -> None:
    first, second = start_two(new_postgres_database(pg_cluster), tmp_path)
    try:
        assert sum("seeded now" in server.log() for server in (first, second)) == 1
        with SignedClient(first.base_url, APP_ID, SECRET) as a, SignedClient(second.base_url, APP_ID, SECRET) as b:
            params = {"name": "shared", "pay_type": 2, "platform": 7, "priority": 50, "fee_rate": 125}
            channel = a.ok("POST", "/channels", params)["data"]
            order = a.ok("POST", "/orders", {"pay_type": 2, "amount": 10000})["data"]
            assert order["payment"]["platform"] == 7

            assert b.ok("GET", "/orders", {"ids": order["id"]})["data"] == [order]
            paid = b.ok("POST", "/sandbox/orders/{id}/pay", path_params={"id": order["id"]})["data"]
            assert a.call("POST", "/sandbox/orders/{id}/pay", path_params={"id": order["id"]}).status_code == 400
            assert a.ok("GET", "/orders", {"ids": order["id"]})["data"] == [paid]
            bill = b.ok("GET", "/bills", {"date": "2026-06-01"})["data"]
            item = {"order_id": order["id"], "channel_id": channel["id"], "amount": 10000, "fee": 125}
            assert bill["items"] == [{**item, "paid_at": paid["updated_at"]}]
            assert (bill["count"], bill["amount"], bill["fee"], bill["net"]) == (1, 10000, 125, 9875)

            # A token issued by one process is honoured by the other.
            with SignedClient(second.base_url, APP_ID, SECRET, _token=a.token) as borrowed:
                assert borrowed.ok("GET", "/channels")["count"] == 4  # the 3 seeded once, and the new one
            assert b.ok("DELETE", "/channels/{id}", path_params={"id": channel["id"]})["data"] == channel
            assert a.call("DELETE", "/channels/{id}", path_params={"id": channel["id"]}).status_code == 410
            assert a.ok("POST", "/orders", {"pay_type": 2, "amount": 1})["data"]["payment"]["platform"] == 2
        with SignedClient(second.base_url, OTHER_ID, OTHER_SECRET) as other:
            assert other.ok("GET", "/orders", {"ids": order["id"]})["count"] == 0
    finally:
        for server in (first, second):
            server.stop()
    assert all("Traceback" not in server.log() for server in (first, second))


@pytest.mark.slow
def test_verify_passes_against_two_workers_on_postgresql(pg_cluster: Cluster, tmp_path: Path) -> None:
    db = new_postgres_database(pg_cluster)
    # 15 s tokens, as `verify` gives the bundled server: the refresh and the expired-token probe both run.
    with running_server(db=db, extra_args=["--workers", "2", "--token-ttl", "15"], log_dir=tmp_path) as server:
        credentials = ["--app-id", str(APP_ID), "--app-secret", SECRET]
        other = ["--other-app-id", str(OTHER_ID), "--other-app-secret", OTHER_SECRET]
        command = [sys.executable, "-m", "paycontract", "verify", "--base-url", server.base_url, *credentials, *other]
        result = subprocess.run([*command, "--seed", "1"], capture_output=True, text=True, timeout=600)
        log = server.log()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Traceback" not in log


def test_banner_masks_the_password_and_a_lost_database_is_503(tmp_path: Path) -> None:
    cluster = start_cluster()  # its own, since this test stops it under the server
    try:
        db = new_postgres_database(cluster).replace("postgres@", "postgres:hunter2@")  # trust auth ignores it
        server = start_server(db=db, log_dir=tmp_path)
        try:
            assert "database   " + db.replace("hunter2", "***") in server.log()
            with SignedClient(server.base_url, APP_ID, SECRET) as client:
                assert client.ok("GET", "/channels")["count"] == 3
                cluster.stop()
                response = client.call("GET", "/channels")
            assert response.status_code == 503 and response.headers["retry-after"] == "1"
            assert response.json() == {"code": 503, "message": "service temporarily unavailable", "data": None}
        finally:
            server.stop()
    finally:
        cluster.stop()
    assert "hunter2" not in server.log() and "Traceback" not in server.log()
