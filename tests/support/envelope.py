"""Assertions about the API's JSON envelope, shared by the HTTP-level tests."""

from __future__ import annotations

import httpx

from tests.support.client import SignedClient


def assert_error(response: httpx.Response, status: int, *words: str) -> dict:
    """The response is the error envelope with this status, and its message mentions each word."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == status and body["data"] is None, body
    for word in words:
        assert word in body["message"], body
    return body


def new_order(client: SignedClient, **params: object) -> dict:
    """Create an order (Alipay, 10.00 CNY unless told otherwise) and return it."""
    return client.ok("POST", "/orders", {"pay_type": 1, "amount": 1000, **params})["data"]
