"""The parts of `verify` that need no server: base URLs, the state model's expectations, steering, signing on
the wire, the checks on hand-made answers, the report's curl line and the JUnit XML."""

from __future__ import annotations

import datetime as dt
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from paycontract.errors import UserError
from paycontract.paths import default_spec_path
from paycontract.spec import load_spec
from paycontract.verify import checks, driver, junit, probes, runner, state_checks
from paycontract.verify.auth import Grant, TokenProvider, refresh_margin
from paycontract.verify.context import Identity, SentCase, VerifyContext, activated
from paycontract.verify.contract import Contract
from paycontract.verify.findings import Exchange, Finding, RunResult
from paycontract.verify.options import Credentials, VerifyOptions, normalise_base_url
from paycontract.verify.report import curl_line
from paycontract.verify.signing_hook import prepare, wire_pairs
from paycontract.verify.state import Expectation, ServerModel

BASE = "http://127.0.0.1:1/v1"
SECRET = "demo-secret-10001"


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract.from_spec(load_spec(default_spec_path()))


class FixedToken(TokenProvider):
    """A provider that never asks a server."""

    def token(self) -> str:
        return "token-1"


@pytest.fixture
def ctx(contract: Contract) -> Iterator[VerifyContext]:
    credentials = Credentials(10001, SECRET)
    context = VerifyContext(contract, BASE, Identity(credentials, FixedToken(contract, BASE, credentials, timeout=1)))
    with activated(context):
        yield context


@pytest.fixture(scope="module")
def schema(contract: Contract) -> Any:
    return runner.load_schema(contract, runner.engine_config(VerifyOptions(), None, None))


# --- options -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://h:8000", "http://h:8000/v1"),
        ("http://h:8000/", "http://h:8000/v1"),
        ("https://h/api/v1/", "https://h/api/v1"),
    ],
)
def test_a_base_url_without_a_path_gets_the_spec_servers_path(given: str, expected: str) -> None:
    assert normalise_base_url(given, "/v1") == expected


def test_a_base_url_with_a_query_is_refused() -> None:
    with pytest.raises(UserError, match="must not carry a query"):
        normalise_base_url("http://h/v1?x=1")


# --- state model ---------------------------------------------------------------------------------------------


def _channel(channel_id: str, pay_type: int, priority: int, platform: int) -> dict[str, Any]:
    return {"id": channel_id, "pay_type": pay_type, "priority": priority, "platform": platform, "fee_rate": 60}


def test_the_model_requires_410_for_a_second_delete_and_400_for_a_second_pay() -> None:
    model = ServerModel(retention_days=90)
    model.observe("create_channel", 1, {}, 200, {"data": _channel("c1", 1, 0, 5)})
    assert model.expectation("delete_channel", 1, {"id": "c1"}).statuses == {200}
    model.observe("delete_channel", 1, {"id": "c1"}, 200, {"data": _channel("c1", 1, 0, 5)})
    assert model.expectation("delete_channel", 1, {"id": "c1"}).statuses == {410}
    assert model.expectation("delete_channel", 2, {"id": "c1"}).statuses == {404}
    order = {"id": "o1", "status": 0, "created_at": "2026-11-25 10:00:00", "updated_at": "2026-11-25 10:00:00"}
    model.observe("create_order", 1, {}, 200, {"data": order})
    assert model.expectation("pay_order", 1, {"id": "o1"}).statuses == {200}
    model.observe("pay_order", 1, {"id": "o1"}, 200, {"data": {**order, "status": 1}})
    assert model.expectation("pay_order", 1, {"id": "o1"}).statuses == {400}
    assert model.expectation("pay_order", 2, {"id": "o1"}).statuses == {404}


def test_the_model_expects_400_for_an_order_with_no_live_channel_once_the_apps_channels_are_known() -> None:
    model = ServerModel(retention_days=90)
    assert model.expectation("create_order", 1, {"pay_type": "2"}).statuses == {200}  # channels not yet known
    model.observe("list_channels", 1, {}, 200, {"data": [_channel("a", 1, 0, 1), _channel("b", 1, 0, 2)]})
    model.mark_complete(1)
    assert model.expectation("create_order", 1, {"pay_type": "1"}).statuses == {200}
    model.observe("create_channel", 1, {}, 200, {"data": _channel("c", 1, 9, 3)})
    assert model.expectation("create_order", 1, {"pay_type": "2"}).statuses == {400}
    assert model.is_protected_channel("a") and not model.is_protected_channel("c")


def test_the_bill_window_follows_the_servers_date_not_the_local_clock() -> None:
    model = ServerModel(retention_days=90)
    model.observe("create_order", 1, {}, 200, {"data": {"id": "o", "created_at": "2030-01-31 23:00:00"}})
    today = dt.date(2030, 1, 31)

    def statuses(days: int) -> frozenset[int]:
        return model.expectation("bill", 1, {"date": (today + dt.timedelta(days=days)).isoformat()}).statuses

    assert statuses(0) == {200} and statuses(-89) == {200}
    assert statuses(2) == {400} and statuses(-91) == {410}
    assert statuses(1) == {200, 400} and statuses(-90) == {200, 410}


def test_the_bill_window_is_as_long_as_the_specs_retention() -> None:
    model = ServerModel(retention_days=30)
    model.observe("create_order", 1, {}, 200, {"data": {"id": "o", "created_at": "2030-01-31 23:00:00"}})
    oldest = dt.date(2030, 1, 1)
    assert model.bill_window() == (oldest, dt.date(2030, 1, 31))
    expectation = model.expectation("bill", 1, {"date": (oldest - dt.timedelta(days=2)).isoformat()})
    assert expectation.statuses == {410} and "30 days" in expectation.reason


# --- steering and signing ------------------------------------------------------------------------------------


def _wire(request: Any) -> list[tuple[str, str]]:
    query = request.url.split("?", 1)[1] if "?" in request.url else ""
    body = request.body.decode() if isinstance(request.body, bytes) else request.body or ""
    return parse_qsl(query, keep_blank_values=True) + parse_qsl(body, keep_blank_values=True)


def test_signing_covers_the_wire_form_and_the_path_parameter(ctx: VerifyContext, schema: Any) -> None:
    op = ctx.contract.by_id["paySandboxOrder"]
    body = {"app_id": 5, "sign": "A" * 32, "sign_type": 1, "extra": ["x", "y"], "none": None}
    case = schema.find_operation_by_id(op.id).Case(
        path_parameters={"id": "ord_1"}, body=body, headers={"access_token": ""}, media_type=op.body_media_type
    )
    sent = prepare(ctx, op, case, ctx.primary)
    request = case.as_transport_kwargs(base_url=BASE)
    assert sent.authenticated and case.headers["access_token"] == "token-1"
    pairs = _wire(SimpleNamespace(url=request["url"], body=_encode(request["data"])))
    # The app is the run's, an undeclared list travels comma-joined, and a None is signed as what is sent.
    assert ("app_id", "10001") in pairs and ("extra", "x,y") in pairs and ("none", "null") in pairs
    expected = ctx.contract.rule.sign([*pairs, ("id", "ord_1")], SECRET, 1)
    assert case.body["sign"] == expected and len(expected) == 32


def _prepared_pairs(case: Any) -> list[tuple[str, str]]:
    """The wire pairs of a fully prepared `requests` request: what the server reads."""
    kwargs = case.as_transport_kwargs(base_url=BASE)
    names = ("method", "url", "params", "data", "json", "files", "headers")
    request = requests.Request(**{name: kwargs.get(name) for name in names}).prepare()
    url = urlsplit(request.url or "")
    pairs = parse_qsl(url.query, keep_blank_values=True)
    if request.body and str(request.headers.get("Content-Type", "")).startswith("application/x-www-form-urlencoded"):
        body = request.body.decode("utf-8", "replace") if isinstance(request.body, bytes) else str(request.body)
        pairs += parse_qsl(body, keep_blank_values=True)
    template = "/v1" + case.operation.path
    if "{id}" in template and url.path.startswith(template.split("{id}")[0]):
        pairs.append(("id", unquote(url.path.removeprefix(template.split("{id}")[0]).split("/")[0])))
    return pairs


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_wire_pairs_are_what_a_prepared_request_sends(schema: Any, mode: GenerationMode) -> None:
    """The pairs signed are those of the request as `requests` prepares it, for generated cases of every operation."""
    strategies = [operation.ok().as_strategy(generation_mode=mode) for operation in schema.get_all_operations()]

    @settings(max_examples=150, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(strategies))
    def check(case: Any) -> None:
        assert wire_pairs(case, BASE) == _prepared_pairs(case)

    check()


def _encode(data: dict[str, Any]) -> bytes:
    return requests.Request("POST", BASE, data=data).prepare().body.encode()


def test_a_negative_value_is_left_for_the_server_to_refuse(ctx: VerifyContext, schema: Any) -> None:
    op = ctx.contract.by_id["createOrder"]
    body = {"app_id": -3, "pay_type": 1, "amount": 10, "sign": "not-hex"}
    case = schema.find_operation_by_id(op.id).Case(
        body=body, headers={"access_token": ""}, media_type=op.body_media_type
    )
    sent = prepare(ctx, op, case, ctx.primary)
    assert case.body["app_id"] == -3 and case.body["sign"] == "not-hex"
    assert not sent.authenticated and sent.expectation is None


def test_steering_keeps_positive_cases_valid_and_meaningful(ctx: VerifyContext, schema: Any) -> None:
    ctx.model.observe("create_order", 10001, {}, 200, {"data": {"id": "ord_mine", "created_at": "2030-01-31 08:00:00"}})
    ctx.model.observe("list_channels", 10001, {}, 200, {"data": [_channel("chn_seeded", 1, 0, 1)]})
    order = schema.find_operation_by_id("createOrder").Case(
        body={"app_id": 1, "pay_type": 1, "amount": 5, "sign": "B" * 64, "ext_data": "[1, 2]"},
        headers={"access_token": ""},
        media_type="application/x-www-form-urlencoded",
    )
    prepare(ctx, ctx.contract.by_id["createOrder"], order, ctx.primary)
    assert json.loads(order.body["ext_data"]) == {"value": [1, 2]}
    bill = schema.find_operation_by_id("getBill").Case(query={"app_id": 1, "date": "1999-01-01", "sign": "C" * 64})
    prepare(ctx, ctx.contract.by_id["getBill"], bill, ctx.primary)
    assert dt.date(2030, 1, 31) - dt.date.fromisoformat(bill.query["date"]) <= dt.timedelta(days=89)
    delete = schema.find_operation_by_id("deleteChannel").Case(
        path_parameters={"id": "chn_seeded"}, query={"app_id": 1, "sign": "D" * 64}
    )
    prepare(ctx, ctx.contract.by_id["deleteChannel"], delete, ctx.primary)
    assert delete.path_parameters["id"].startswith("absent-")
    query = schema.find_operation_by_id("queryOrders").Case(query={"ids": "x1", "app_id": 1, "sign": "E" * 64})
    prepare(ctx, ctx.contract.by_id["queryOrders"], query, ctx.primary)
    assert query.query["ids"] == "x1,ord_mine"


@pytest.mark.parametrize(
    ("generated", "sent"),
    [
        ("Infinity", {"value": "Infinity"}),
        ('{"a": NaN}', {"value": '{"a": NaN}'}),
        ("[1e400]", {"value": "[1e400]"}),
        ('{"a": 1.5}', {"a": 1.5}),
    ],
)
def test_a_json_object_field_never_carries_what_is_not_json(
    ctx: VerifyContext, schema: Any, generated: str, sent: dict[str, Any]
) -> None:
    # Python's parser takes NaN, Infinity and 1e400; RFC 8259 does not, and a server may refuse them.
    order = schema.find_operation_by_id("createOrder").Case(
        body={"app_id": 1, "pay_type": 1, "amount": 5, "sign": "B" * 64, "ext_data": generated},
        headers={"access_token": ""},
        media_type="application/x-www-form-urlencoded",
    )
    prepare(ctx, ctx.contract.by_id["createOrder"], order, ctx.primary)
    assert json.loads(order.body["ext_data"], parse_constant=pytest.fail) == sent


@pytest.mark.parametrize(("lifetime", "refreshed_after"), [(7200, 6480), (15, 13), (2, 1.5)])
def test_a_token_is_replaced_before_it_can_arrive_expired(lifetime: float, refreshed_after: float) -> None:
    assert lifetime - refresh_margin(lifetime) == pytest.approx(refreshed_after)


@pytest.mark.parametrize(
    ("elapsed", "slept", "probed"),
    [(30.0, None, True), (10.0, 7.0, True), (-100.0, None, False)],
    ids=["expired", "expires-soon", "outlives-the-run"],
)
def test_the_first_token_is_probed_once_it_has_surely_expired(
    ctx: VerifyContext, elapsed: float, slept: float | None, probed: bool
) -> None:
    tokens = ctx.primary.tokens
    tokens.first = Grant("old-token", issued_at=0.0, expires_in=15.0, received_at=0.1)
    tokens.clock = lambda: 0.1 + elapsed
    sleeps: list[float] = []
    token = probes.expired_token(ctx, sleep=sleeps.append)
    assert token == ("old-token" if probed else None)
    # Lifetime 15 s from receipt at 0.1, plus the 2 s slack: 10 s into the run, 7 s are left to wait.
    assert sleeps == ([] if slept is None else [pytest.approx(slept)])
    assert bool(ctx.notes) is not probed


# --- checks on hand-made answers -----------------------------------------------------------------------------


class Answer:
    """Just enough of a schemathesis Response for the domain checks: the request it answers is a real one."""

    def __init__(
        self,
        status: int,
        body: Any,
        headers: dict[str, list[str]] | None = None,
        request: requests.PreparedRequest | None = None,
    ) -> None:
        self.status_code = status
        self.content = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.headers = headers or {}
        self.request = request or requests.Request("GET", BASE + "/channels", params={"app_id": "10001"}).prepare()

    def json(self) -> Any:
        return json.loads(self.content)


def _case(method: str, path: str, case_id: str = "c1") -> Any:
    return SimpleNamespace(id=case_id, operation=SimpleNamespace(method=method, path=path), headers={}, meta=None)


def _fails(check: Any, answer: Answer, case: Any, match: str) -> None:
    with pytest.raises(AssertionError, match=match):
        check(None, answer, case)


def test_envelope_rules(ctx: VerifyContext) -> None:
    case = _case("GET", "/channels")
    _fails(checks.envelope_conformance, Answer(400, b"oops"), case, "not JSON")
    _fails(
        checks.envelope_conformance, Answer(400, {"code": 0, "message": "", "data": None}), case, "code is 0 exactly"
    )
    _fails(
        checks.envelope_conformance, Answer(404, {"code": 400, "message": "", "data": None}), case, "equals its HTTP"
    )
    _fails(checks.envelope_conformance, Answer(400, {"code": 400, "message": "", "data": 1}), case, "data null")
    assert checks.envelope_conformance(None, Answer(200, {"code": 0, "message": "ok", "data": []}), case) is None


def test_order_shape_rules(ctx: VerifyContext) -> None:
    case = _case("POST", "/orders")
    form = {"app_id": "10001", "amount": "1000", "pay_type": "1", "ext_data": '{"a":1}'}
    sent = requests.Request("POST", BASE + "/orders", data=form).prepare()
    order = {
        "id": "o",
        "created_at": "2030-01-01 00:00:00",
        "updated_at": "2030-01-01 00:00:00",
        "expire_at": "2030-01-02 00:00:00",
        "payment": {"amount": 1000, "type": 1},
        "product": {"id": None, "name": None},
        "ext_data": {"a": 1},
    }
    ok = {"code": 0, "message": "", "data": order}
    for check in (checks.order_echo_conformance, checks.amount_conformance, checks.time_conformance):
        assert check(None, Answer(200, ok, request=sent), case) is None
    yuan = {**ok, "data": {**order, "payment": {"amount": 10.0, "type": 1}}}
    _fails(checks.amount_conformance, Answer(200, yuan, request=sent), case, "not integer fen")
    _fails(checks.order_echo_conformance, Answer(200, yuan, request=sent), case, "payment.amount")
    short = {**ok, "data": {**order, "expire_at": "2030-01-01 12:00:00"}}
    _fails(checks.time_conformance, Answer(200, short, request=sent), case, r"created_at .* \+ 24h")
    unpadded = {**ok, "data": {**order, "created_at": "2030-1-1 00:00:00"}}
    _fails(checks.time_conformance, Answer(200, unpadded, request=sent), case, "zero-padded")


def test_count_retry_after_and_leak_rules(ctx: VerifyContext) -> None:
    case = _case("GET", "/channels")
    _fails(
        checks.count_conformance, Answer(200, {"code": 0, "message": "", "count": 2, "data": [{}]}), case, "count is 2"
    )
    _fails(checks.retry_after_conformance, Answer(429, {"code": 429, "message": "", "data": None}), case, "Retry-After")
    assert checks.retry_after_conformance(None, Answer(503, {}, {"retry-after": ["5"]}), case) is None
    leak = {"code": 500, "message": 'Traceback (most recent call last):\n  File "/app/x.py", line 3', "data": None}
    _fails(checks.leak_conformance, Answer(500, leak), case, "leaks internals")


def test_isolation_knows_whose_order_it_is_from_an_earlier_answer(ctx: VerifyContext) -> None:
    order = {"id": "o2", "app": {"id": 10002, "merchant_id": 20002}}
    created = requests.Request("POST", BASE + "/orders", data={"app_id": "10002", "pay_type": "1"}).prepare()
    queried = requests.Request("GET", BASE + "/orders", params={"app_id": "10001", "ids": "o2"}).prepare()
    # The query's answer claims the order is the caller's: only what the create showed tells otherwise.
    relabelled = {"code": 0, "message": "", "count": 1, "data": [{**order, "app": {"id": 10001}}]}
    ok = {"code": 0, "message": "", "data": order}
    assert state_checks.isolation_conformance(None, Answer(200, ok, request=created), _case("POST", "/orders")) is None
    _fails(
        state_checks.isolation_conformance,
        Answer(200, relabelled, request=queried),
        _case("GET", "/orders", "c2"),
        "app 10001 got o2 of app 10002",
    )


def test_acceptance_refuses_401_for_valid_credentials(ctx: VerifyContext) -> None:
    case = _case("GET", "/channels")
    ctx.sent["c1"] = SentCase(10001, {}, True, True, Expectation(frozenset({200}), "valid"))
    _fails(
        state_checks.acceptance_conformance, Answer(401, {}), case, "valid credentials and a valid sign were refused"
    )
    assert state_checks.acceptance_conformance(None, Answer(200, {}), case) is None


# --- report and JUnit ----------------------------------------------------------------------------------------


def test_the_curl_line_carries_token_signature_and_quoting() -> None:
    exchange = Exchange("POST", "http://h/v1/orders", {"access_token": "t", "User-Agent": "x"}, b"a=1&b=it's")
    line = curl_line(exchange)
    assert line == "curl -X POST http://h/v1/orders -H 'access_token: t' --data-raw 'a=1&b=it'\"'\"'s'"


def test_junit_has_one_case_per_operation_and_phase_and_survives_control_characters(tmp_path: Any) -> None:
    result = RunResult()
    for phase in ("positive", "negative"):
        result.count_case("POST /orders", phase)
    result.count_case("GET /bills", "examples")
    rule = "openapi.yaml#/paths"
    finding = Finding("envelope_conformance", "POST /orders", "negative", "bad \x00 byte", None, rule=rule)
    result.add(finding, ("k",))
    path = tmp_path / "report.xml"
    junit.write(result, path)
    cases = ET.parse(path).getroot().findall(".//testcase")
    assert {(c.get("classname"), c.get("name")) for c in cases} == {
        ("POST /orders", "positive"),
        ("POST /orders", "negative"),
        ("GET /bills", "examples"),
    }
    failed = [c for c in cases if c.find("failure") is not None]
    assert [(c.get("name"), c.find("failure").get("message")) for c in failed] == [("negative", "envelope_conformance")]


def test_an_answer_judged_on_another_thread_is_known_at_once(ctx: VerifyContext) -> None:
    """Each engine phase runs on threads of its own: the unit phases' last delete must be known to the stateful
    phase's first listing."""
    channel = {"id": "chn_x", "app_id": 10001, "name": "n", "pay_type": 1, "platform": 1, "priority": 0,
               "fee_rate": 0, "created_at": "2026-12-04 10:00:00"}  # fmt: skip
    deleted = requests.Request("DELETE", BASE + "/channels/chn_x", params={"app_id": "10001"}).prepare()
    answer = Answer(200, {"code": 0, "message": "success", "data": channel}, request=deleted)
    worker = threading.Thread(target=driver.seen_of, args=(answer, _case("DELETE", "/channels/{id}")))
    worker.start()
    worker.join()
    assert "chn_x" in ctx.traffic_state.deleted_channels
