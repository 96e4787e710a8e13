"""`POST/GET /v1/channels` and `DELETE /v1/channels/{id}`."""

from __future__ import annotations

from tests.support.client import SignedClient
from tests.support.envelope import assert_error

SEEDED = ["alipay-default", "wechat-default", "unionpay-default"]


def test_demo_channels_are_seeded(other: SignedClient) -> None:
    body = other.ok("GET", "/channels")
    channels = body["data"]
    assert body["count"] == len(channels) == 3
    assert [c["name"] for c in channels] == SEEDED
    for pay_type, channel in enumerate(channels, start=1):
        assert channel["pay_type"] == channel["platform"] == pay_type
        assert (channel["priority"], channel["fee_rate"], channel["app_id"]) == (0, 60, 10002)


def test_create_list_delete(client: SignedClient) -> None:
    created = client.ok(
        "POST", "/channels", {"name": "alipay-backup", "pay_type": 1, "platform": -7, "priority": 10, "fee_rate": 55}
    )["data"]
    assert created["id"].startswith("chn_")
    assert {k: created[k] for k in ("app_id", "name", "pay_type", "platform", "priority", "fee_rate")} == {
        "app_id": 10001,
        "name": "alipay-backup",
        "pay_type": 1,
        "platform": -7,
        "priority": 10,
        "fee_rate": 55,
    }
    listed = client.ok("GET", "/channels", {"pay_type": 1})["data"]
    assert [c["name"] for c in listed] == ["alipay-default", "alipay-backup"]
    assert listed[1] == created
    deleted = client.ok("DELETE", "/channels/{id}", path_params={"id": created["id"]})["data"]
    assert deleted == created
    assert created["id"] not in [c["id"] for c in client.ok("GET", "/channels")["data"]]
    again = client.call("DELETE", "/channels/{id}", path_params={"id": created["id"]})
    assert_error(again, 410, "deleted")


def test_defaults_are_zero(client: SignedClient) -> None:
    created = client.ok("POST", "/channels", {"name": "plain", "pay_type": 3, "platform": 9})["data"]
    assert (created["priority"], created["fee_rate"]) == (0, 0)
    client.ok("DELETE", "/channels/{id}", path_params={"id": created["id"]})


def test_unknown_channel_is_404(client: SignedClient) -> None:
    assert_error(client.call("DELETE", "/channels/{id}", path_params={"id": "chn_none"}), 404, "channel not found")


def test_channel_parameters_are_checked(client: SignedClient) -> None:
    base = {"name": "n", "pay_type": 1, "platform": 1}
    cases = [
        ({**base, "priority": "101"}, "priority"),
        ({**base, "priority": "1.5"}, "priority"),
        ({**base, "fee_rate": "10001"}, "fee_rate"),
        ({**base, "fee_rate": "-1"}, "fee_rate"),
        ({**base, "platform": str(2**31)}, "platform"),
        ({**base, "pay_type": "9"}, "pay_type"),
        ({**base, "name": "x" * 65}, "name"),
        ({"pay_type": 1, "platform": 1}, "missing parameter name"),
    ]
    for params, word in cases:
        assert_error(client.call("POST", "/channels", params), 400, word)
    assert_error(client.call("GET", "/channels", {"pay_type": "0"}), 400, "pay_type")


def test_delete_takes_its_parameters_in_the_query(client: SignedClient) -> None:
    created = client.ok("POST", "/channels", {"name": "q", "pay_type": 2, "platform": 2})["data"]
    in_body = client.call("DELETE", "/channels/{id}", path_params={"id": created["id"]}, in_query=False)
    assert_error(in_body, 400, "app_id")
    client.ok("DELETE", "/channels/{id}", path_params={"id": created["id"]})
