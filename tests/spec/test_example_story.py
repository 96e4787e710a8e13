"""The spec's examples describe one consistent day, by the DESIGN's rules (routing, fees, paying)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from paycontract.spec import Spec

TIME = "%Y-%m-%d %H:%M:%S"


@pytest.fixture(scope="module")
def data(spec: Spec) -> dict[str, Any]:
    """The `data` of each operation's 200 example, by operationId."""
    return {op.id: op.response_example("200")["data"] for op in spec.operations}


def test_new_order_is_pending_and_expires_a_day_later(data: dict[str, Any]) -> None:
    order = data["createOrder"]
    assert order["status"] == 0 and order["updated_at"] == order["created_at"]
    created = datetime.strptime(order["created_at"], TIME)
    assert datetime.strptime(order["expire_at"], TIME) == created + timedelta(hours=24)


def test_query_returns_the_created_order(data: dict[str, Any]) -> None:
    assert data["queryOrders"] == [data["createOrder"]]


def test_paying_changes_only_status_and_updated_at(data: dict[str, Any]) -> None:
    created, paid = data["createOrder"], data["paySandboxOrder"]
    assert paid["status"] == 1 and paid["updated_at"] > created["updated_at"]
    assert {k: v for k, v in paid.items() if k not in ("status", "updated_at")} == {
        k: v for k, v in created.items() if k not in ("status", "updated_at")
    }


def test_path_examples_name_the_created_resources(spec: Spec, data: dict[str, Any]) -> None:
    assert spec.operation("paySandboxOrder").parameter("id").example == data["createOrder"]["id"]
    assert spec.operation("deleteChannel").parameter("id").example == data["createChannel"]["id"]
    assert data["deleteChannel"] == data["createChannel"] == data["listChannels"][0]


def test_bill_sums_the_paid_order_with_its_channel_fee(data: dict[str, Any]) -> None:
    bill, paid, channel = data["getBill"], data["paySandboxOrder"], data["createChannel"]
    (item,) = bill["items"]
    assert (item["order_id"], item["channel_id"]) == (paid["id"], channel["id"])
    assert item["paid_at"] == paid["updated_at"] and bill["date"] == item["paid_at"][:10]
    assert item["amount"] == paid["payment"]["amount"]
    assert item["fee"] == item["amount"] * channel["fee_rate"] // 10000
    assert (bill["count"], bill["amount"], bill["fee"]) == (1, item["amount"], item["fee"])
    assert bill["net"] == bill["amount"] - bill["fee"]
    assert channel["pay_type"] == paid["payment"]["type"] and channel["platform"] == paid["payment"]["platform"]
