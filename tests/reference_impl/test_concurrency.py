"""Under load: 32 concurrent clients create 5,000 orders; nothing is lost, duplicated or miscounted —
not even when the server is SIGKILLed in the middle and restarted on the same database. On both backends."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
from collections.abc import Callable

import httpx
import pytest

from paycontract.launcher import RunningServer, start_server
from tests.support.client import SignedClient, prepare
from tests.support.databases import integrity_problems

CLIENTS = 32
ORDERS = 5000
PINNED = {"PAYCONTRACT_NOW": "2026-06-01 12:00:00"}  # one bill day, whatever the wall clock does

pytestmark = pytest.mark.slow


async def create_orders(
    base_url: str, token: str, total: int, stop: Callable[[list[dict]], bool] | None = None
) -> list[dict]:
    """Create up to `total` orders from 32 concurrent connections; the acknowledged ones (HTTP 200)."""
    counter = itertools.count()
    acked: list[dict] = []

    async def worker() -> None:
        async with httpx.AsyncClient(timeout=30.0) as http:
            while (n := next(counter)) < total and not (stop and stop(acked)):
                params = {"app_id": 10001, "pay_type": 1 + n % 3, "amount": 1 + n * 7 % 100000}
                request = prepare(base_url, "POST", "/orders", params, secret="demo-secret-10001", token=token)
                try:
                    response = await request.send_async(http)
                except httpx.TransportError:
                    return  # the server is gone
                if response.status_code == 200:
                    acked.append(response.json()["data"])

    await asyncio.gather(*(worker() for _ in range(CLIENTS)))
    return acked


def query_all(client: SignedClient, ids: list[str]) -> list[dict]:
    """Every order among `ids` that the server returns, 50 ids per query."""
    found = []
    for start in range(0, len(ids), 50):
        found.extend(client.ok("GET", "/orders", {"ids": ids[start : start + 50]})["data"])
    return found


def test_concurrent_creates_are_all_stored_once_and_billed_exactly(start) -> None:
    server = start(env=PINNED)
    with SignedClient(server.base_url, 10001, "demo-secret-10001") as client:
        acked = asyncio.run(create_orders(server.base_url, client.token, ORDERS))
        assert len(acked) == ORDERS
        ids = [order["id"] for order in acked]
        assert len(set(ids)) == ORDERS
        stored = query_all(client, ids)
        assert [o["id"] for o in stored] == ids
        assert stored == acked

        to_pay = acked[::3]
        for order in to_pay:
            client.ok("POST", "/sandbox/orders/{id}/pay", path_params={"id": order["id"]})
        bill = client.ok("GET", "/bills", {"date": "2026-06-01"})["data"]
    assert bill["count"] == len(to_pay)
    assert bill["amount"] == sum(o["payment"]["amount"] for o in to_pay)
    assert bill["fee"] == sum(o["payment"]["amount"] * 60 // 10000 for o in to_pay)
    assert bill["net"] == bill["amount"] - bill["fee"]
    assert [item["order_id"] for item in bill["items"]] == [o["id"] for o in to_pay]


def kill_all(server: RunningServer) -> None:
    """SIGKILL the server and every worker it started (its process group), as a host crash would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait()


def test_every_acknowledged_order_survives_sigkill(tmp_path, new_db, server_args) -> None:
    db = new_db()
    server: RunningServer = start_server(db=db, env=PINNED, log_dir=tmp_path, extra_args=server_args)
    try:
        with SignedClient(server.base_url, 10001, "demo-secret-10001") as client:
            token = client.token

        def kill_midway(acked: list[dict]) -> bool:
            if len(acked) >= ORDERS // 4:
                kill_all(server)
                return True
            return False

        acked = asyncio.run(create_orders(server.base_url, token, ORDERS, stop=kill_midway))
        assert server.process.returncode == -9
        assert ORDERS // 4 <= len(acked) < ORDERS
    finally:
        kill_all(server)

    restarted = start_server(db=db, env=PINNED, log_dir=tmp_path, extra_args=server_args)
    try:
        with SignedClient(restarted.base_url, 10001, "demo-secret-10001") as client:
            ids = [order["id"] for order in acked]
            assert len(set(ids)) == len(ids)
            assert query_all(client, ids) == acked
    finally:
        restarted.stop()
    assert integrity_problems(db) == []
