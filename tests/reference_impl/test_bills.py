"""`GET /v1/bills`: the day's paid orders with each channel's fee; dates, retention."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import httpx

from tests.support.client import SignedClient
from tests.support.envelope import assert_error, new_order


def server_today(client: SignedClient) -> date:
    """The server's UTC+8 day, learnt from a fresh order (never from the test's own clock)."""
    return date.fromisoformat(new_order(client)["created_at"][:10])


def test_paid_orders_appear_in_the_bill_with_the_channel_fee(client: SignedClient) -> None:
    channel = client.ok(
        "POST", "/channels", {"name": "fee", "pay_type": 2, "platform": 9, "priority": 99, "fee_rate": 155}
    )
    day = server_today(client).isoformat()
    before = client.ok("GET", "/bills", {"date": day})["data"]
    orders = [new_order(client, pay_type=2, amount=amount) for amount in (999, 1, 100000000)]
    unpaid = new_order(client, pay_type=1, amount=5000)
    paid = [client.ok("POST", "/sandbox/orders/{id}/pay", path_params={"id": o["id"]})["data"] for o in orders]
    bill = client.ok("GET", "/bills", {"date": day})["data"]
    new_items = bill["items"][before["count"] :]
    assert [item["order_id"] for item in new_items] == [o["id"] for o in orders]
    assert [item["fee"] for item in new_items] == [999 * 155 // 10000, 0, 100000000 * 155 // 10000]
    assert {item["channel_id"] for item in new_items} == {channel["data"]["id"]}
    assert [item["paid_at"] for item in new_items] == [p["updated_at"] for p in paid]
    assert unpaid["id"] not in [item["order_id"] for item in bill["items"]]
    assert bill["count"] == len(bill["items"]) == before["count"] + 3
    assert bill["amount"] == sum(item["amount"] for item in bill["items"])
    assert bill["fee"] == sum(item["fee"] for item in bill["items"])
    assert bill["net"] == bill["amount"] - bill["fee"]
    assert (bill["date"], bill["currency"]) == (day, "CNY")
    client.ok("DELETE", "/channels/{id}", path_params={"id": channel["data"]["id"]})


def test_seeded_channel_fee_is_60_basis_points(other: SignedClient) -> None:
    order = new_order(other, pay_type=3, amount=1000)
    other.ok("POST", "/sandbox/orders/{id}/pay", path_params={"id": order["id"]})
    bill = other.ok("GET", "/bills", {"date": order["created_at"][:10]})["data"]
    assert [item["fee"] for item in bill["items"] if item["order_id"] == order["id"]] == [6]


def test_a_day_without_payments_is_zero(client: SignedClient) -> None:
    day = (server_today(client) - timedelta(days=30)).isoformat()
    bill = client.ok("GET", "/bills", {"date": day})["data"]
    assert bill == {"date": day, "currency": "CNY", "count": 0, "amount": 0, "fee": 0, "net": 0, "items": []}


def test_retention_is_90_days(client: SignedClient) -> None:
    today = server_today(client)
    assert client.ok("GET", "/bills", {"date": (today - timedelta(days=90)).isoformat()})["data"]["count"] == 0
    assert_error(client.call("GET", "/bills", {"date": (today - timedelta(days=91)).isoformat()}), 410, "retention")


def test_future_date_is_400(client: SignedClient) -> None:
    tomorrow = (server_today(client) + timedelta(days=1)).isoformat()
    assert_error(client.call("GET", "/bills", {"date": tomorrow}), 400, "date")


def test_date_must_be_a_real_zero_padded_date(client: SignedClient) -> None:
    for bad in ("2026-2-01", "2026-02-30", "20260201", "2026-02-01T00:00", "2026-02-01\n", "٢٠٢٦-٠٢-٠١"):
        assert_error(client.call("GET", "/bills", {"date": bad}), 400, "date")
    assert_error(client.call("GET", "/bills"), 400, "missing parameter date")


def test_concurrent_pays_of_one_order_succeed_once_and_bill_it_once(client: SignedClient) -> None:
    order = new_order(client, pay_type=3, amount=4321)
    request = client.prepare("POST", "/sandbox/orders/{id}/pay", path_params={"id": order["id"]})

    async def pay_many(times: int) -> list[int]:
        async with httpx.AsyncClient(timeout=30.0) as http:
            responses = await asyncio.gather(*(request.send_async(http) for _ in range(times)))
        return sorted(response.status_code for response in responses)

    assert asyncio.run(pay_many(12)) == [200] + [400] * 11
    bill = client.ok("GET", "/bills", {"date": order["created_at"][:10]})["data"]
    assert [item["order_id"] for item in bill["items"]].count(order["id"]) == 1
