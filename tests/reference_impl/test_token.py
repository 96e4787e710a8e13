"""`POST /v1/token`: issue, refusal, expiry."""

from __future__ import annotations

import time

import httpx

from tests.reference_impl.conftest import demo_client
from tests.support.client import SignedClient
from tests.support.envelope import assert_error, new_order


def test_token_is_issued_for_the_right_secret(client: SignedClient) -> None:
    response = client.fetch_token()
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == 0 and body["message"] == "success"
    assert body["data"]["expires_in"] == 7200
    assert len(body["data"]["access_token"]) >= 16


def test_each_token_is_new(client: SignedClient) -> None:
    first = client.fetch_token().json()["data"]["access_token"]
    second = client.fetch_token().json()["data"]["access_token"]
    assert first != second


def test_wrong_secret_is_401(raw: httpx.Client) -> None:
    response = raw.post("/token", data={"app_id": "10001", "app_secret": "demo-secret-10002"})
    assert_error(response, 401, "app_secret")


def test_unknown_app_is_401(raw: httpx.Client) -> None:
    response = raw.post("/token", data={"app_id": "99999", "app_secret": "demo-secret-10001"})
    assert_error(response, 401)


def test_missing_secret_is_400_naming_it(raw: httpx.Client) -> None:
    assert_error(raw.post("/token", data={"app_id": "10001"}), 400, "app_secret")


def test_token_is_not_signed_and_ignores_extra_parameters(raw: httpx.Client) -> None:
    response = raw.post("/token", data={"app_id": "10001", "app_secret": "demo-secret-10001", "extra": "x"})
    assert response.status_code == 200


def test_expired_token_is_refused(start) -> None:
    server = start(env={"PAYCONTRACT_TOKEN_TTL": "1"})
    with demo_client(server, 0) as client:
        assert client.fetch_token().json()["data"]["expires_in"] == 1
        new_order(client)  # the fresh token works
        time.sleep(1.2)
        response = client.call("POST", "/orders", {"pay_type": 1, "amount": 1000})
        assert_error(response, 401, "expired")
