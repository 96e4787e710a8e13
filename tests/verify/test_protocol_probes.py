"""The protocol and refusal probes without a server: what each operation is probed with, how an answer is judged,
and that a repeated parameter leaves signed over both copies. The self-check runs them against real servers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace
from urllib.parse import parse_qsl

import pytest
import requests

from paycontract.paths import default_spec_path
from paycontract.spec import load_spec
from paycontract.verify import order_checks, protocol_checks, runner
from paycontract.verify.auth import TokenProvider
from paycontract.verify.context import Identity, SentCase, VerifyContext, activated
from paycontract.verify.contract import Contract
from paycontract.verify.options import Credentials, VerifyOptions
from paycontract.verify.rules import ContractViolation
from paycontract.verify.signing_hook import prepare

BASE = "http://127.0.0.1:1/v1"


class FixedToken(TokenProvider):
    """A provider that never asks a server."""

    def token(self) -> str:
        return "token-" + str(self.credentials.app_id)


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract.from_spec(load_spec(default_spec_path()))


def _identity(contract: Contract, app_id: int) -> Identity:
    credentials = Credentials(app_id, f"demo-secret-{app_id}")
    return Identity(credentials, FixedToken(contract, BASE, credentials, timeout=1))


@pytest.fixture
def ctx(contract: Contract) -> Iterator[VerifyContext]:
    context = VerifyContext(contract, BASE, _identity(contract, 10001), _identity(contract, 10002))
    with activated(context):
        yield context


def _response(status: int, content: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = content
    return response


def test_every_operation_is_probed_for_accept_and_every_body_for_its_size(ctx: VerifyContext) -> None:
    ops = ctx.contract.by_id
    probes = {probe.name: probe for probe in protocol_checks.raw_probes(ctx, set(ops))}
    for op in ops.values():
        accept = probes[f"accept:{op.id}"]
        assert accept.expected == 406 and accept.headers == {"Accept": "text/html"}
        if op.body_media_type:
            body = probes[f"body_limit:{op.id}"].body
            assert body is not None and len(body) > 1024 * 1024
        wrong = probes[f"wrong_method:{op.path}"]
        assert wrong.expected == 405
        assert not any(o.method == wrong.method for o in ops.values() if o.path == op.path)
    assert probes["unknown_path"].expected == probes["unknown_path_first"].expected == 404
    units = protocol_checks.planned(ctx, set(ops))
    assert len(units) == len(set(units)) == len(probes)


def test_a_raw_answer_must_be_the_envelope_of_the_required_status() -> None:
    probe = protocol_checks.RawProbe("p", "GET", "/x", 404, "an unknown path", later=frozenset({406}))
    envelope = json.dumps({"code": 404, "message": "no", "data": None}).encode()
    assert protocol_checks._problem(probe, _response(404, envelope)) is None
    assert "not a JSON envelope" in str(protocol_checks._problem(probe, _response(404, b"<h1>Not Found</h1>")))
    wrong_code = json.dumps({"code": 0, "message": "", "data": None}).encode()
    assert "error envelope" in str(protocol_checks._problem(probe, _response(404, wrong_code)))
    assert "answered 200" in str(protocol_checks._problem(probe, _response(200, envelope)))
    assert probe.rule(406) == protocol_checks.ORDER_RULE
    assert probe.rule(200).endswith("/components/responses/NotFound")


def test_every_signed_operation_gets_the_sign_and_order_probes(ctx: VerifyContext) -> None:
    for op in ctx.contract.spec.operations:
        if not op.signed:
            continue
        kinds = {spoiler.refusal.kind: spoiler.refusal for spoiler in order_checks.spoilers(ctx, op)}
        assert kinds["missing_sign"].expected == kinds["empty_sign"].expected == 400
        assert kinds["bad_token_and_no_sign"].expected == 401
        assert kinds["other_token_and_no_sign"].expected == 403
        assert kinds["bad_app_id_and_other_token"].expected == 400
        assert "repeated_parameter" in kinds
        has_path = any(p.location == "path" for p in op.parameters)
        assert ("bad_id_of_unknown_resource" in kinds) == has_path
        bad = order_checks._bad_parameter(ctx, op)
        if bad is not None:
            assert not ctx.contract.is_valid(op, *bad)
            assert kinds["other_token_and_parameter"].expected == 403
            assert kinds["bad_signature_and_parameter"].expected == 401


def test_a_refusal_answered_with_a_later_problems_status_cites_the_order(ctx: VerifyContext) -> None:
    refusal = order_checks.Refusal("k", 403, order_checks.SIGN_RULE, "another app's token", frozenset({400}))
    ctx.sent["c9"] = SentCase(10001, {"app_id": "10001"}, True, False, refusal=refusal)
    case = SimpleNamespace(id="c9", operation=SimpleNamespace(method="GET", path="/channels"), headers={}, meta=None)

    def answered(status: int) -> requests.Response:
        response = _response(status, b"{}")
        response.request = requests.Request("GET", BASE + "/channels", params={"app_id": "10001"}).prepare()
        return response

    assert order_checks.refusal_conformance(None, answered(403), case) is None
    with pytest.raises(ContractViolation) as caught:
        order_checks.refusal_conformance(None, answered(400), case)
    assert caught.value.rule == order_checks.ORDER_RULE
    with pytest.raises(ContractViolation) as caught:
        order_checks.refusal_conformance(None, answered(200), case)
    assert caught.value.rule == order_checks.SIGN_RULE
    # A request that was no refusal probe is not this check's.
    other = SimpleNamespace(id="other", operation=case.operation, headers={}, meta=None)
    assert order_checks.refusal_conformance(None, answered(200), other) is True


def test_a_repeated_parameter_travels_twice_and_is_signed_over_both(ctx: VerifyContext) -> None:
    schema = runner.load_schema(ctx.contract, runner.engine_config(VerifyOptions(), None, None))
    op = ctx.contract.by_id["createOrder"]
    body = {"app_id": 10001, "pay_type": 1, "amount": 1000, "sign": "0" * 64}
    case = schema.find_operation_by_id(op.id).Case(
        body=body, headers={"access_token": ""}, media_type=op.body_media_type
    )
    prepare(ctx, op, case, ctx.primary, steer=False)
    name = order_checks._repeatable(ctx, op)
    order_checks._twice(ctx, op, str(name))(case)
    sent = requests.Request("POST", BASE, data=case.as_transport_kwargs(base_url=BASE)["data"]).prepare().body
    pairs = parse_qsl(str(sent), keep_blank_values=True)
    assert [n for n, _ in pairs].count(str(name)) == 2
    signed = [pair for pair in pairs if pair[0] != "sign"]
    assert dict(pairs)["sign"] == ctx.contract.rule.sign(signed, "demo-secret-10001", None)
