"""DESIGN's order of checks: a request with two problems gets the status of the one that comes first.

404 path → 405 method → 406 Accept → 413 body → 429 → 401 token → 400 `app_id` → 403 another app's token →
400 `sign`/`sign_type` → 401 signature → 400 the operation's own parameters → 404/410/400 of the resource's
state; 503 comes before all of them. One test per step, each pairing it with a problem of a later step.
"""

from __future__ import annotations

from urllib.parse import urlencode

import httpx

from tests.support.client import SignedClient, sign_pairs
from tests.support.envelope import assert_error

FORM = {"content-type": "application/x-www-form-urlencoded"}
HTML = {"accept": "text/html"}
TOO_BIG = b"memo=" + b"x" * (2 * 1024 * 1024)
WRONG_SIGN = "0" * 64


def post_orders(
    client: SignedClient, pairs: list[tuple[str, str]], token: str | None, sign: str | None = None
) -> httpx.Response:
    """POST these pairs to /orders with `token`, signed by the client's secret unless `sign` is given."""
    body = urlencode([*pairs, ("sign", sign if sign is not None else sign_pairs(pairs, client.app_secret))])
    headers = {**FORM, **({"access_token": token} if token is not None else {})}
    return client.http.post(client.base_url + "/orders", headers=headers, content=body)


ORDER = [("app_id", "10001"), ("pay_type", "1"), ("amount", "1000")]


def test_maintenance_comes_before_an_unknown_path(start) -> None:
    server = start(env={"PAYCONTRACT_MAINTENANCE": "1"})
    assert_error(httpx.put(server.base_url + "/nothing", headers=HTML), 503)


def test_unknown_path_comes_before_method_accept_and_body(raw: httpx.Client) -> None:
    assert_error(raw.put("/nothing/here", headers=HTML, content=TOO_BIG), 404)
    assert_error(raw.post("/orders/x", headers=HTML), 404)


def test_wrong_method_comes_before_accept_and_body(raw: httpx.Client) -> None:
    assert_error(raw.put("/orders", headers=HTML, content=TOO_BIG), 405)


def test_accept_comes_before_the_body_size(raw: httpx.Client) -> None:
    assert_error(raw.post("/orders", headers={**HTML, **FORM}, content=TOO_BIG), 406)


def test_body_size_comes_before_the_rate_limit_and_the_rate_limit_before_the_token(start) -> None:
    server = start(env={"PAYCONTRACT_RATE_LIMIT": "1", "PAYCONTRACT_RATE_BURST": "1"})
    with httpx.Client(base_url=server.base_url) as http:
        statuses = [http.get("/orders").status_code for _ in range(4)]
        assert statuses[-1] == 429, statuses  # no token either: the rate limit is answered first
        assert_error(http.post("/orders", headers=FORM, content=TOO_BIG), 413)
        assert_error(http.get("/orders"), 429)


def test_token_comes_before_app_id(client: SignedClient) -> None:
    assert_error(post_orders(client, [("pay_type", "1"), ("amount", "1000")], "garbage"), 401, "access_token")
    assert_error(post_orders(client, ORDER, None), 401, "access_token")


def test_app_id_comes_before_another_apps_token(client: SignedClient, other: SignedClient) -> None:
    bad_app = [("app_id", "abc"), ("pay_type", "1"), ("amount", "1000")]
    assert_error(post_orders(client, bad_app, other.token), 400, "app_id")
    twice = [*ORDER, ("app_id", "10001")]
    assert_error(post_orders(client, twice, other.token), 400, "duplicate parameter app_id")


def test_another_apps_token_comes_before_sign_and_parameters(client: SignedClient, other: SignedClient) -> None:
    assert_error(post_orders(client, ORDER, other.token, sign=""), 403)
    bad_amount = [("app_id", "10001"), ("pay_type", "1"), ("amount", "0"), ("amount", "1")]
    assert_error(post_orders(client, bad_amount, other.token), 403)


def test_sign_and_sign_type_come_before_the_signature(client: SignedClient) -> None:
    assert_error(post_orders(client, ORDER, client.token, sign=""), 400, "missing parameter sign")
    assert_error(post_orders(client, ORDER, client.token, sign="not-hex"), 400, "sign")
    assert_error(post_orders(client, [*ORDER, ("sign_type", "3")], client.token, sign=WRONG_SIGN), 400, "sign_type")


def test_signature_comes_before_the_operations_parameters(client: SignedClient) -> None:
    bad_amount = [("app_id", "10001"), ("pay_type", "9"), ("amount", "0")]
    assert_error(post_orders(client, bad_amount, client.token, sign=WRONG_SIGN), 401, "sign")
    twice = [*ORDER, ("amount", "2")]
    assert_error(post_orders(client, twice, client.token, sign=WRONG_SIGN), 401, "sign")


def test_parameters_come_before_the_resources_state(client: SignedClient) -> None:
    assert_error(client.call("DELETE", "/channels/{id}", path_params={"id": "x" * 65}), 400, "id")
    assert_error(client.call("DELETE", "/channels/{id}", path_params={"id": "chn_unknown"}), 404)
    twice = client.prepare(
        "DELETE",
        "/channels/{id}",
        [("app_id", "10001"), ("memo", "a"), ("memo", "b")],
        path_params={"id": "chn_unknown"},
    )
    assert_error(twice.send(client.http), 400, "duplicate parameter memo")


def test_a_parameter_in_the_query_and_in_the_body_is_given_twice(client: SignedClient) -> None:
    pairs = [*ORDER, ("amount", "1000")]
    body = urlencode([*ORDER, ("sign", sign_pairs(pairs, client.app_secret))])
    headers = {**FORM, "access_token": client.token}
    response = client.http.post(client.base_url + "/orders?amount=1000", headers=headers, content=body)
    assert_error(response, 400, "duplicate parameter amount")


def test_unknown_parameters_with_legal_names_are_signed_and_ignored(client: SignedClient) -> None:
    extra = [*ORDER, ("Campaign_2026", "spring")]
    assert post_orders(client, extra, client.token).status_code == 200
    assert_error(post_orders(client, extra, client.token, sign=sign_pairs(ORDER, client.app_secret)), 401, "sign")
