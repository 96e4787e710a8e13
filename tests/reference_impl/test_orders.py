"""`POST /v1/orders` and `GET /v1/orders`: the Order as DESIGN decides it, routing, and the query."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from tests.support.client import SignedClient
from tests.support.envelope import assert_error, new_order

TIME = "%Y-%m-%d %H:%M:%S"


def test_created_order_has_every_field(client: SignedClient) -> None:
    order = new_order(
        client, pay_type=2, amount=1234, product_id="SKU-007", product_name="金币", ext_data='{"campaign":"双十一"}'
    )
    assert order["id"].startswith("ord_") and order["status"] == 0 and order["type"] == 0
    created = datetime.strptime(order["created_at"], TIME)
    assert order["updated_at"] == order["created_at"]
    assert datetime.strptime(order["expire_at"], TIME) - created == timedelta(hours=24)
    assert order["app"] == {"id": 10001, "merchant_id": 20001}
    assert order["payment"] == {"type": 2, "platform": 2, "amount": 1234, "currency": "CNY"}
    assert order["product"] == {"id": "SKU-007", "name": "金币"}
    assert order["client"] == {"ip": "127.0.0.1"}
    assert order["ext_data"] == {"campaign": "双十一"}


def test_defaults_of_an_order(client: SignedClient) -> None:
    order = new_order(client)
    assert order["product"] == {"id": None, "name": None}
    assert order["ext_data"] == {}


def test_query_returns_orders_as_created_in_the_order_given(client: SignedClient) -> None:
    first, second = new_order(client, amount=1), new_order(client, amount=2)
    body = client.ok("GET", "/orders", {"ids": [second["id"], "ord_unknown", first["id"]]})
    assert body["code"] == 0 and body["message"] == "success"
    assert body["count"] == 2
    assert body["data"] == [second, first]


def test_query_of_unknown_ids_is_empty(client: SignedClient) -> None:
    assert client.ok("GET", "/orders", {"ids": "ord_nothing"}) == {
        "code": 0,
        "message": "success",
        "count": 0,
        "data": [],
    }


def test_query_limits(client: SignedClient) -> None:
    assert_error(client.call("GET", "/orders", {"ids": ",".join(f"o{i}" for i in range(51))}), 400, "ids")
    assert_error(client.call("GET", "/orders", {"ids": "a,a"}), 400, "ids")
    assert_error(client.call("GET", "/orders", {"ids": "a,,b"}), 400, "ids")
    assert_error(client.call("GET", "/orders", {"ids": "a/b"}), 400, "ids")
    assert_error(client.call("GET", "/orders", {}), 400, "missing parameter ids")
    assert client.ok("GET", "/orders", {"ids": ",".join(f"o{i}" for i in range(50))})["count"] == 0


def test_amount_is_checked(client: SignedClient) -> None:
    for bad in ("0", "100000001", "10.00", "1e3", "-5", "abc", "9" * 400):
        assert_error(client.call("POST", "/orders", {"pay_type": 1, "amount": bad}), 400, "amount")
    assert new_order(client, amount=100000000)["payment"]["amount"] == 100000000


def test_pay_type_is_checked(client: SignedClient) -> None:
    for bad in ("0", "4", "x"):
        assert_error(client.call("POST", "/orders", {"pay_type": bad, "amount": 1}), 400, "pay_type")


def test_required_parameters_are_named(client: SignedClient) -> None:
    assert_error(client.call("POST", "/orders", {"pay_type": 1}), 400, "missing parameter amount")
    assert_error(client.call("POST", "/orders", {"amount": 1}), 400, "missing parameter pay_type")
    assert_error(client.call("POST", "/orders", {"pay_type": 1, "amount": 1}, add_app_id=False), 400, "app_id")


def test_ext_data_must_be_a_json_object(client: SignedClient) -> None:
    for bad in ("[1,2]", '"text"', "{bad json}", '{"a":NaN}', '{"a":1e999}', "[" * 1000 + "]" * 1000):
        assert_error(client.call("POST", "/orders", {"pay_type": 1, "amount": 1, "ext_data": bad}), 400, "ext_data")
    nested = {"a": {"b": [1, 2.5, None, True]}, "big": 12345678901234567890123}
    assert new_order(client, ext_data=json.dumps(nested))["ext_data"] == nested


def test_string_lengths_are_checked(client: SignedClient) -> None:
    response = client.call("POST", "/orders", {"pay_type": 1, "amount": 1, "product_id": "x" * 65})
    assert_error(response, 400, "product_id", "64")
    assert new_order(client, product_id="长" * 64)["product"]["id"] == "长" * 64


def test_source_id_is_an_int64(client: SignedClient) -> None:
    assert new_order(client, source_id=2**63 - 1)["status"] == 0
    assert_error(client.call("POST", "/orders", {"pay_type": 1, "amount": 1, "source_id": 2**63}), 400, "source_id")
    assert_error(client.call("POST", "/orders", {"pay_type": 1, "amount": 1, "source_id": -1}), 400, "source_id")


def test_amount_is_checked_before_routing(client: SignedClient, other: SignedClient) -> None:
    for channel in other.ok("GET", "/channels", {"pay_type": 3})["data"]:
        other.ok("DELETE", "/channels/{id}", path_params={"id": channel["id"]})
    assert_error(other.call("POST", "/orders", {"pay_type": 3, "amount": 0}), 400, "amount")
    assert_error(other.call("POST", "/orders", {"pay_type": 3, "amount": 10}), 400, "pay_type", "channel")


def test_order_routes_to_the_highest_priority_channel(client: SignedClient) -> None:
    low = client.ok("POST", "/channels", {"name": "low", "pay_type": 2, "platform": 201, "priority": 0})["data"]
    assert new_order(client, pay_type=2)["payment"]["platform"] == 2  # the seeded channel is older: it wins the tie
    high = client.ok("POST", "/channels", {"name": "high", "pay_type": 2, "platform": 202, "priority": 50})["data"]
    routed = new_order(client, pay_type=2)
    assert routed["payment"]["platform"] == 202
    client.ok("DELETE", "/channels/{id}", path_params={"id": high["id"]})
    assert new_order(client, pay_type=2)["payment"]["platform"] == 2
    # Routing is fixed at creation: the order routed to the deleted channel keeps its platform.
    assert client.ok("GET", "/orders", {"ids": routed["id"]})["data"][0]["payment"]["platform"] == 202
    client.ok("DELETE", "/channels/{id}", path_params={"id": low["id"]})


def test_sandbox_pay(client: SignedClient) -> None:
    order = new_order(client)
    paid = client.ok("POST", "/sandbox/orders/{id}/pay", path_params={"id": order["id"]})["data"]
    assert paid["status"] == 1
    assert {k: v for k, v in paid.items() if k not in ("status", "updated_at")} == {
        k: v for k, v in order.items() if k not in ("status", "updated_at")
    }
    assert client.ok("GET", "/orders", {"ids": order["id"]})["data"] == [paid]
    again = client.call("POST", "/sandbox/orders/{id}/pay", path_params={"id": order["id"]})
    assert_error(again, 400, "not pending")


def test_pay_unknown_order_is_404(client: SignedClient) -> None:
    response = client.call("POST", "/sandbox/orders/{id}/pay", path_params={"id": "ord_missing"})
    assert_error(response, 404, "order not found")
    response = client.call("POST", "/sandbox/orders/{id}/pay", path_params={"id": "bad id!"})
    assert_error(response, 400, "id")
