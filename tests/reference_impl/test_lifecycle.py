"""The order lifecycle the docs state (通用规则 · 订单生命周期): nothing closes an order, and an order past
`expire_at` stays pending and can still be paid in the sandbox."""

from __future__ import annotations

from pathlib import Path

from paycontract.launcher import DEMO_APPS
from tests.reference_impl.conftest import StartServer
from tests.support.client import SignedClient
from tests.support.envelope import new_order

CREATED = "2026-03-01 08:30:00"
LATER = "2026-03-02 09:00:00"  # 24.5 h later: past the order's expire_at


def test_an_expired_order_stays_pending_and_the_sandbox_still_pays_it(start: StartServer, tmp_path: Path) -> None:
    app_id, secret, _merchant = DEMO_APPS[0]
    db = tmp_path / "lifecycle.sqlite3"
    first = start(db=db, env={"PAYCONTRACT_NOW": CREATED})
    with SignedClient(first.base_url, app_id, secret) as client:
        order = new_order(client)
    first.stop()
    assert (order["status"], order["created_at"], order["expire_at"]) == (0, CREATED, "2026-03-02 08:30:00")

    later = start(db=db, env={"PAYCONTRACT_NOW": LATER})
    with SignedClient(later.base_url, app_id, secret) as client:
        assert client.ok("GET", "/orders", {"ids": order["id"]})["data"] == [order]
        paid = client.ok("POST", "/sandbox/orders/{id}/pay", path_params={"id": order["id"]})["data"]
        assert (paid["status"], paid["updated_at"]) == (1, LATER)
        assert {**paid, "status": 0, "updated_at": order["updated_at"]} == order
        bill = client.ok("GET", "/bills", {"date": LATER[:10]})["data"]
        assert [item["order_id"] for item in bill["items"]] == [order["id"]]
