"""The routing and bill checks on hand-made answers, the routing flows' arithmetic, and a delete sparing the
server's own channels (no server)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from paycontract.paths import default_spec_path
from paycontract.spec import load_spec
from paycontract.verify import bill_checks, flows, routing_checks, runner, steering
from paycontract.verify.context import Identity, SentCase, VerifyContext, activated
from paycontract.verify.contract import Contract
from paycontract.verify.options import Credentials, VerifyOptions
from paycontract.verify.routing_flows import free_platforms
from tests.verify.test_verify_parts import BASE, SECRET, Answer, FixedToken, _case, _fails

DAY = "2030-01-31"


@pytest.fixture
def ctx() -> Iterator[VerifyContext]:
    contract = Contract.from_spec(load_spec(default_spec_path()))
    credentials = Credentials(10001, SECRET)
    context = VerifyContext(contract, BASE, Identity(credentials, FixedToken(contract, BASE, credentials, timeout=1)))
    with activated(context):
        yield context


def _bill(*items: dict[str, Any]) -> Answer:
    amount = sum(item["amount"] for item in items)
    data = {"date": DAY, "currency": "CNY", "count": len(items), "amount": amount, "fee": 0, "net": amount}
    return Answer(200, {"code": 0, "message": "success", "data": {**data, "items": list(items)}})


def _item(order_id: str, paid_at: str) -> dict[str, Any]:
    return {"order_id": order_id, "channel_id": "c", "amount": 100, "fee": 0, "paid_at": paid_at}


def test_a_bill_item_paid_on_another_day_names_the_bills_rule(ctx: VerifyContext) -> None:
    case = _case("GET", "/bills")
    ctx.sent["c1"] = SentCase(10001, {"date": DAY}, True, True)
    assert bill_checks.bill_day_conformance(None, _bill(_item("o1", f"{DAY} 23:59:59")), case) is None
    late = _bill(_item("o1", f"{DAY} 12:00:00"), _item("o2", "2030-02-01 03:00:00"))
    _fails(bill_checks.bill_day_conformance, late, case, r"'o2' paid at 2030-02-01 03:00:00.*Finer points: Bills")


def test_an_order_kept_pending_is_in_no_bill(ctx: VerifyContext) -> None:
    case = _case("GET", "/bills")
    ctx.sent["c1"] = SentCase(10001, {"date": DAY}, True, True)
    answer = _bill(_item("paid", f"{DAY} 10:00:00"), _item("pending", f"{DAY} 10:00:01"))
    assert bill_checks.bill_paid_only_conformance(None, answer, case) is None
    ctx.model.kept_pending.add("pending")
    _fails(bill_checks.bill_paid_only_conformance, answer, case, "'pending', which was never paid")


def test_a_queried_order_keeps_the_platform_it_was_created_with(ctx: VerifyContext) -> None:
    order = {"id": "o1", "status": 0, "payment": {"type": 1, "platform": 7}}
    ctx.model.observe("create_order", 10001, {}, 200, {"data": order})
    case = _case("GET", "/orders")
    ctx.sent["c1"] = SentCase(10001, {"ids": "o1"}, True, True, seen_seq=ctx.model.seq)
    same = Answer(200, {"code": 0, "message": "", "count": 1, "data": [order]})
    assert routing_checks.routing_fixed_conformance(None, same, case) is None
    moved = {**order, "payment": {"type": 1, "platform": 8}}
    answer = Answer(200, {"code": 0, "message": "", "count": 1, "data": [moved]})
    _fails(routing_checks.routing_fixed_conformance, answer, case, "platform 8, it was routed to platform 7")


def test_the_flows_channels_take_platforms_no_live_channel_has() -> None:
    assert free_platforms([{"platform": 91001}, {"platform": 91003}], 2) == [91002, 91004]


def test_a_delete_never_targets_a_channel_the_run_did_not_create(ctx: VerifyContext) -> None:
    ctx.model.observe("list_channels", 10001, {}, 200, {"data": [{"id": "chn_seeded", "pay_type": 1}]})
    schema = runner.load_schema(ctx.contract, runner.engine_config(VerifyOptions(), None, None))
    # A negative case too: its fault (here a bad sign_type) may be one a server rightly lets through.
    delete = schema.find_operation_by_id("deleteChannel").Case(
        path_parameters={"id": "chn_seeded"}, query={"app_id": 1, "sign": "D" * 64, "sign_type": "x"}
    )
    steering.spare_servers_channels(ctx, ctx.contract.by_id["deleteChannel"], delete)
    assert delete.path_parameters["id"].startswith("absent-")


def test_the_lifecycle_also_pays_an_order_created_seconds_before_and_never_one_kept_pending(ctx: VerifyContext) -> None:
    def created(order_id: str, at: str, app_id: int = 10001, status: int = 0) -> None:
        order = {"id": order_id, "status": status, "created_at": at}
        ctx.model.observe("create_order", app_id, {}, 200, {"data": order})

    newest = {"id": "o9", "status": 0, "created_at": "2026-12-04 10:00:05"}
    assert flows.older_pending_order(ctx, newest) is None
    created("kept", "2026-12-04 10:00:01")
    ctx.model.kept_pending.add("kept")
    created("theirs", "2026-12-04 10:00:01", app_id=10002)
    created("paid", "2026-12-04 10:00:02", status=1)
    created("same-second", "2026-12-04 10:00:05")
    assert flows.older_pending_order(ctx, newest) is None
    created("older", "2026-12-04 10:00:03")
    assert flows.older_pending_order(ctx, newest) == "older"
