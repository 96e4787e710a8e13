"""Tokens, signatures and app boundaries on signed operations: 401 and 403, and what another app sees."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx

from tests.support.client import SignedClient, prepare, sign_pairs
from tests.support.envelope import assert_error, new_order

ORDER = {"pay_type": 1, "amount": 1000}


def test_missing_token_is_401(client: SignedClient) -> None:
    response = client.call("POST", "/orders", ORDER, headers={"access_token": ""})
    assert_error(response, 401, "access_token")
    request = client.prepare("GET", "/orders", {"ids": "ord_x"})
    del request.headers["access_token"]
    assert_error(request.send(client.http), 401, "access_token")


def test_unknown_token_is_401(client: SignedClient) -> None:
    assert_error(client.call("POST", "/orders", ORDER, token="0" * 32), 401, "invalid access_token")


def test_parameter_changed_after_signing_is_401(client: SignedClient) -> None:
    request = client.prepare("POST", "/orders", ORDER)
    assert request.content is not None and b"amount=1000" in request.content
    tampered = request.content.replace(b"amount=1000", b"amount=1")
    response = client.http.post(request.url, headers=request.headers, content=tampered)
    assert_error(response, 401, "sign")


def test_parameter_added_after_signing_is_401(client: SignedClient) -> None:
    request = client.prepare("GET", "/channels")
    response = client.http.get(request.url + "&pay_type=1", headers=request.headers)
    assert_error(response, 401, "sign")


def test_missing_or_empty_sign_is_400(client: SignedClient) -> None:
    assert_error(client.call("POST", "/orders", ORDER, sign=False), 400, "missing parameter sign")
    response = client.call("GET", "/orders", {"ids": "ord_x", "sign": ""}, sign=False)
    assert_error(response, 400, "missing parameter sign")


def test_malformed_sign_or_sign_type_is_400(client: SignedClient) -> None:
    response = client.call("POST", "/orders", {**ORDER, "sign": "not-hex"}, sign=False)
    assert_error(response, 400, "sign")
    response = client.call("POST", "/orders", {**ORDER, "sign_type": 3, "sign": "A" * 64}, sign=False)
    assert_error(response, 400, "sign_type")


def test_sign_of_the_other_app_secret_is_401(client: SignedClient) -> None:
    response = client.call("POST", "/orders", ORDER, secret="demo-secret-10002")
    assert_error(response, 401, "sign")


def test_md5_and_hmac_signatures_are_both_accepted(client: SignedClient) -> None:
    assert new_order(client, sign_type=1)["status"] == 0
    assert new_order(client, sign_type=2)["status"] == 0


def test_md5_sign_checked_as_hmac_is_refused(client: SignedClient) -> None:
    pairs = [("app_id", "10001"), ("pay_type", "1"), ("amount", "1000"), ("sign_type", "1")]
    md5 = sign_pairs(pairs, client.app_secret)
    body = urlencode([*pairs[:3], ("sign_type", "2"), ("sign", md5)])
    response = client.http.post(
        client.base_url + "/orders",
        headers={"access_token": client.token, "content-type": "application/x-www-form-urlencoded"},
        content=body,
    )
    assert_error(response, 401, "sign")


def test_lowercase_hex_sign_is_accepted(client: SignedClient) -> None:
    pairs = [("app_id", "10001"), ("pay_type", "1"), ("amount", "1000")]
    body = urlencode([*pairs, ("sign", sign_pairs(pairs, client.app_secret).lower())])
    headers = {"access_token": client.token, "content-type": "application/x-www-form-urlencoded"}
    assert client.http.post(client.base_url + "/orders", headers=headers, content=body).status_code == 200


def test_parameters_are_signed_exactly_as_sent(client: SignedClient) -> None:
    # "01000" and "1000" are the same amount but not the same signature: the server signs the wire form.
    wire = [("app_id", "10001"), ("pay_type", "1"), ("amount", "01000")]
    signed_canonical = sign_pairs([("app_id", "10001"), ("pay_type", "1"), ("amount", "1000")], client.app_secret)
    headers = {"access_token": client.token, "content-type": "application/x-www-form-urlencoded"}
    url = client.base_url + "/orders"
    refused = client.http.post(url, headers=headers, content=urlencode([*wire, ("sign", signed_canonical)]))
    assert_error(refused, 401, "sign")
    accepted = client.http.post(
        url, headers=headers, content=urlencode([*wire, ("sign", sign_pairs(wire, "demo-secret-10001"))])
    )
    assert accepted.status_code == 200 and accepted.json()["data"]["payment"]["amount"] == 1000


def test_empty_parameters_are_not_signed(client: SignedClient) -> None:
    assert new_order(client, memo="", product_name=None)["product"]["name"] is None


def test_unknown_parameters_are_signed_and_accepted(client: SignedClient) -> None:
    assert new_order(client, campaign="x")["status"] == 0
    request = client.prepare("POST", "/orders", {**ORDER, "campaign": "x"})
    assert request.content is not None
    response = client.http.post(
        request.url, headers=request.headers, content=request.content.replace(b"campaign=x", b"campaign=y")
    )
    assert_error(response, 401, "sign")


def test_token_of_another_app_is_403(client: SignedClient, other: SignedClient) -> None:
    response = client.call("POST", "/orders", {"app_id": 10002, **ORDER}, secret=other.app_secret)
    assert_error(response, 403, "10002")
    assert_error(client.call("GET", "/bills", {"app_id": 10002, "date": "2026-01-01"}), 403)


def test_other_apps_orders_are_left_out_of_a_query(client: SignedClient, other: SignedClient) -> None:
    mine, theirs = new_order(client), new_order(other)
    body = client.ok("GET", "/orders", {"ids": [theirs["id"], mine["id"]]})
    assert body["count"] == 1 and [o["id"] for o in body["data"]] == [mine["id"]]


def test_other_apps_order_cannot_be_paid(client: SignedClient, other: SignedClient) -> None:
    theirs = new_order(other)
    response = client.call("POST", "/sandbox/orders/{id}/pay", path_params={"id": theirs["id"]})
    assert_error(response, 404, "not found")
    assert other.ok("GET", "/orders", {"ids": theirs["id"]})["data"][0]["status"] == 0


def test_other_apps_channel_cannot_be_deleted(client: SignedClient, other: SignedClient) -> None:
    theirs = other.ok("POST", "/channels", {"name": "theirs", "pay_type": 2, "platform": 2})["data"]
    response = client.call("DELETE", "/channels/{id}", path_params={"id": theirs["id"]})
    assert_error(response, 404, "channel not found")
    listed = other.ok("GET", "/channels", {"pay_type": 2})["data"]
    assert theirs["id"] in [c["id"] for c in listed]


def test_bill_only_covers_the_tokens_app(client: SignedClient, other: SignedClient) -> None:
    theirs = new_order(other, amount=777)
    other.ok("POST", "/sandbox/orders/{id}/pay", path_params={"id": theirs["id"]})
    day = theirs["created_at"][:10]
    mine = client.ok("GET", "/bills", {"date": day})["data"]
    assert theirs["id"] not in [item["order_id"] for item in mine["items"]]
    assert theirs["id"] in [item["order_id"] for item in other.ok("GET", "/bills", {"date": day})["data"]["items"]]


def test_path_parameter_is_signed_as_id(client: SignedClient) -> None:
    channel = client.ok("POST", "/channels", {"name": "to-delete", "pay_type": 3, "platform": 3})["data"]
    # Signed without the path parameter: refused.
    request = prepare(
        client.base_url,
        "DELETE",
        "/channels/" + channel["id"],
        {"app_id": client.app_id},
        secret=client.app_secret,
        token=client.token,
    )
    assert_error(request.send(client.http), 401, "sign")
    deleted = client.ok("DELETE", "/channels/{id}", path_params={"id": channel["id"]})
    assert deleted["data"]["id"] == channel["id"]


def test_unsigned_http_client_gets_401_not_500(raw: httpx.Client) -> None:
    assert_error(raw.get("/orders", params={"ids": "a", "app_id": "1", "sign": "0" * 32}), 401)
