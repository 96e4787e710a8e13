"""Every error status of the envelope, and hostile input answered with a 4xx or stored literally."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx

from paycontract.launcher import RunningServer
from tests.support.client import SignedClient, sign_pairs
from tests.support.databases import execute, missing_table_error
from tests.support.envelope import assert_error, new_order

FORM = {"content-type": "application/x-www-form-urlencoded"}


def signed_body(client: SignedClient, pairs: list[tuple[str, str]]) -> bytes:
    """A form body of these pairs plus their sign."""
    return urlencode([*pairs, ("sign", sign_pairs(pairs, client.app_secret))]).encode()


def post_orders(client: SignedClient, content: bytes, **headers: str) -> httpx.Response:
    """POST raw bytes to /orders with a valid token."""
    return client.http.post(
        client.base_url + "/orders", headers={**FORM, "access_token": client.token, **headers}, content=content
    )


def test_unknown_path_is_404(raw: httpx.Client) -> None:
    assert_error(raw.get("/nothing/here"), 404, "/v1/nothing/here")
    assert_error(raw.get("/"), 404)
    assert_error(raw.get("/orders/"), 404)
    assert_error(httpx.get(str(raw.base_url).replace("/v1", "/v2") + "orders"), 404)


def test_wrong_method_is_405_with_allow(raw: httpx.Client) -> None:
    assert_error(raw.put("/orders"), 405, "PUT", "/orders")
    assert raw.put("/orders").headers["allow"] == "GET, POST"
    assert raw.patch("/channels/chn_x").headers["allow"] == "DELETE"
    assert raw.head("/token").status_code == 405
    assert_error(raw.request("OPTIONS", "/bills"), 405)


def test_accept_without_json_is_406(raw: httpx.Client) -> None:
    assert_error(raw.post("/token", headers={"accept": "text/html"}), 406, "Accept")
    assert_error(raw.post("/token", headers={"accept": "application/json;q=0, */*"}), 406)
    for ok in (
        "application/json",
        "*/*",
        "application/*",
        "text/html, application/json;q=0.1",
        "application/json; charset=utf-8",
    ):
        assert raw.post("/token", headers={"accept": ok}).status_code == 400, ok


def test_body_over_the_limit_is_413(server: RunningServer, client: SignedClient) -> None:
    big = b"memo=" + b"x" * (1024 * 1024)
    assert_error(post_orders(client, big), 413, "1048576")

    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"x" * 65536

    streamed = client.http.post(
        client.base_url + "/orders", headers={**FORM, "access_token": client.token}, content=chunks()
    )
    assert_error(streamed, 413)


def test_declared_length_over_the_limit_is_413_before_the_body(server: RunningServer) -> None:
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n\r\n"
        )
        head = sock.recv(4096)
    assert head.startswith(b"HTTP/1.1 413")


def test_maintenance_is_503_with_retry_after(start) -> None:
    server = start(env={"PAYCONTRACT_MAINTENANCE": "1", "PAYCONTRACT_MAINTENANCE_RETRY_AFTER": "42"})
    for response in (httpx.post(server.base_url + "/token"), httpx.get(server.base_url + "/orders?ids=x")):
        assert_error(response, 503, "maintenance")
        assert response.headers["retry-after"] == "42"


def test_rate_limit_is_429_with_retry_after(start) -> None:
    # One worker: the token buckets are per process, so with several a client may be counted by each.
    server = start(env={"PAYCONTRACT_RATE_LIMIT": "1", "PAYCONTRACT_RATE_BURST": "3"}, extra_args=["--workers", "1"])
    with httpx.Client(base_url=server.base_url) as http:
        responses = [http.post("/token", data={"app_id": "10001", "app_secret": "x"}) for _ in range(5)]
        assert responses[0].status_code == 401  # within the burst (the launcher's probe took one)
        limited = assert_error(responses[-1], 429, "rate limit")
        wait = int(responses[-1].headers["retry-after"])
        assert limited and 1 <= wait <= 3
        time.sleep(wait)
        assert http.post("/token", data={"app_id": "10001", "app_secret": "x"}).status_code == 401


def test_internal_error_is_500_without_internals(start) -> None:
    server = start()
    with SignedClient(server.base_url, 10001, "demo-secret-10001") as client:
        day = new_order(client)["created_at"][:10]
        execute(server.db, "DROP TABLE payments")  # the server's storage breaks under it
        response = client.call("GET", "/bills", {"date": day})
    assert response.json() == {"code": 500, "message": "internal error", "data": None}
    assert response.status_code == 500
    assert "payments" not in response.text
    assert "Traceback" in server.log() and missing_table_error(server.db, "payments") in server.log()


def test_body_that_is_not_utf8_is_400(client: SignedClient) -> None:
    assert_error(post_orders(client, b"app_id=10001&pay_type=1&amount=1&memo=%FF%FE"), 400, "UTF-8")
    assert_error(post_orders(client, b"app_id=10001&memo=\xff"), 400, "UTF-8")
    response = client.http.get(client.base_url + "/orders?ids=%C3%28", headers={"access_token": client.token})
    assert_error(response, 400, "UTF-8")


def test_duplicate_parameters_are_400(client: SignedClient) -> None:
    pairs = [("app_id", "10001"), ("pay_type", "1"), ("amount", "1"), ("amount", "2")]
    assert_error(post_orders(client, signed_body(client, pairs)), 400, "duplicate parameter amount")
    query = urlencode([("ids", "a"), ("app_id", "10001"), ("app_id", "10001")])
    response = client.http.get(client.base_url + "/orders?" + query, headers={"access_token": client.token})
    assert_error(response, 400, "duplicate parameter app_id")


def test_malformed_bodies_are_4xx(client: SignedClient) -> None:
    for body in (b"=&=&&&", b"%", b"app_id", b"\x00\x01\x02", b"a=%zz", b'{"app_id": 10001}', b"&" * 5000):
        response = post_orders(client, body)
        assert 400 <= response.status_code < 500, (body, response.text)
        assert response.json()["code"] == response.status_code


def test_json_body_is_400(client: SignedClient) -> None:
    response = post_orders(client, b'{"app_id": 10001}', **{"content-type": "application/json"})
    assert_error(response, 400, "application/x-www-form-urlencoded")


def test_huge_numbers_are_400(client: SignedClient) -> None:
    for value in ("9" * 5000, "9223372036854775808", "-9223372036854775809", "1" + "0" * 30):
        pairs = [("app_id", value), ("pay_type", "1"), ("amount", "1")]
        assert_error(post_orders(client, signed_body(client, pairs)), 400, "app_id")


def test_sql_and_html_are_stored_literally(client: SignedClient) -> None:
    hostile = {
        "product_id": "1'; DROP TABLE orders; --",
        "product_name": "<script>alert(1)</script>",
        "memo": 'Robert"); DELETE FROM orders WHERE ("1"="1',
        "ext_data": '{"html":"<b>&amp;</b>","sql":"\' OR 1=1 --","nul":"\\u0000"}',
    }
    order = new_order(client, **hostile)
    assert order["product"] == {"id": hostile["product_id"], "name": hostile["product_name"]}
    assert order["ext_data"] == {"html": "<b>&amp;</b>", "sql": "' OR 1=1 --", "nul": "\x00"}
    assert client.ok("GET", "/orders", {"ids": order["id"]})["data"] == [order]
    response = client.call("GET", "/orders", {"ids": "' OR '1'='1"})
    assert_error(response, 400, "ids")


def test_non_ascii_and_control_characters_in_strings(client: SignedClient) -> None:
    order = new_order(client, product_name="金币 💰\t\n", os="安卓")
    assert order["product"]["name"] == "金币 💰\t\n"
    assert client.ok("GET", "/orders", {"ids": order["id"]})["data"] == [order]
