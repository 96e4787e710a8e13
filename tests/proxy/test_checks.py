"""The engine's checks on hand-built exchanges: what each one sees, which side it blames, what it lets pass."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

import pytest

from paycontract.spec import Spec
from paycontract.traffic.contract import TrafficContract
from paycontract.traffic.engine import Engine
from paycontract.traffic.exchange import FORM, Exchange
from tests.support.client import sign_pairs

SECRET = "demo-secret-10001"
ORDER = {
    "id": "ord_1", "status": 0, "type": 0, "created_at": "2026-12-03 15:00:00", "updated_at": "2026-12-03 15:00:00",
    "expire_at": "2026-12-04 15:00:00", "app": {"id": 10001, "merchant_id": 20001},
    "payment": {"type": 1, "platform": 1, "amount": 1000, "currency": "CNY"},
    "product": {"id": None, "name": None}, "client": {"ip": "127.0.0.1"}, "ext_data": {"n": 1},
}  # fmt: skip


@pytest.fixture
def engine(spec: Spec) -> Engine:
    return Engine(TrafficContract.from_spec(spec), {10001: SECRET})


def call(
    method: str,
    path: str,
    params: dict[str, str],
    data: Any,
    *,
    status: int = 200,
    sign: str | None = None,
    **extra: Any,
) -> Exchange:
    """An exchange of app 10001 (signed right unless `sign` is given) answered with `data` in an envelope."""
    pairs = [("app_id", "10001"), *params.items()]
    pairs.append(("sign", sign or sign_pairs(pairs, SECRET)))
    envelope = (
        {"code": 0, "message": "success", "data": data}
        if status == 200
        else {"code": status, "message": "no", "data": None}
    )
    envelope.update(extra.pop("top", {}))
    form = method == "POST"
    return Exchange(
        method=method,
        path=path,
        query=() if form else tuple(pairs),
        request_headers=(("content-type", FORM),) if form else (),
        request_body=urlencode(pairs).encode() if form else b"",
        status=status,
        response_headers=(("content-type", "application/json"), *extra.pop("headers", ())),
        response_body=json.dumps(envelope).encode(),
    )


def checks(engine: Engine, exchange: Exchange, side: str = "server") -> set[str]:
    return {f.check for f in engine.inspect(exchange) if f.side == side}


def test_a_conforming_create_passes_with_ext_data_compared_as_i_json(engine: Engine) -> None:
    created = call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000", "ext_data": '{"n": 1.0}'}, ORDER)
    assert engine.inspect(created) == []


def test_a_wrong_sign_is_the_clients_when_refused_and_the_servers_when_accepted(engine: Engine) -> None:
    wrong = "A" * 64
    refused = call("GET", "/v1/channels", {}, None, status=401, sign=wrong)
    accepted = call("GET", "/v1/channels", {}, [], sign=wrong, top={"count": 0})
    assert checks(engine, refused, "client") == {"signature"} and checks(engine, refused) == set()
    assert checks(engine, accepted) == {"signature"}


def test_an_amount_in_yuan_and_a_12_hour_expiry_are_named(engine: Engine) -> None:
    order = {**ORDER, "payment": {**ORDER["payment"], "amount": 10.0}, "expire_at": "2026-12-04 03:00:00"}
    found = checks(
        engine, call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000", "ext_data": '{"n":1}'}, order)
    )
    assert {"amounts", "times", "order_echo"} <= found  # 10.0 passes the schema: JSON Schema counts it an integer


# The order was created at 15:00:00 UTC+8. A Date of 15:00 UTC could be a server writing UTC, or a server whose
# own clock runs 8 hours ahead of its HTTP layer's: from outside the two look alike, and the contract lets a
# server keep its own clock (the night-clock and shifted-clock variants), so no offset is a finding.
DATES = ["Thu, 03 Dec 2026 15:00:30 GMT", "Thu, 03 Dec 2026 07:00:30 GMT", "Thu, 03 Dec 2026 10:00:10 GMT",
         "Sat, 07 Mar 2026 10:17:00 GMT"]  # fmt: skip


@pytest.mark.parametrize("date", DATES)
def test_a_creation_time_is_judged_by_the_servers_own_clock_not_its_date_header(engine: Engine, date: str) -> None:
    created = call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000", "ext_data": '{"n":1}'}, ORDER,
                   headers=(("date", date),))  # fmt: skip
    assert "times" not in checks(engine, created)


def test_routing_is_inferred_once_the_apps_channels_are_known(engine: Engine) -> None:
    channel = {"id": "chn_a", "app_id": 10001, "name": "a", "pay_type": 1, "platform": 9, "priority": 5,
               "fee_rate": 60, "created_at": "2026-12-03 14:00:00"}  # fmt: skip
    assert engine.inspect(call("GET", "/v1/channels", {}, [channel], top={"count": 1})) == []
    created = call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000", "ext_data": '{"n":1}'}, ORDER)
    assert checks(engine, created) == {"routing"}


def test_a_bill_must_add_up_with_floor_fees_of_the_channels_seen(engine: Engine) -> None:
    channel = {"id": "chn_a", "app_id": 10001, "name": "a", "pay_type": 1, "platform": 1, "priority": 5,
               "fee_rate": 125, "created_at": "2026-12-03 14:00:00"}  # fmt: skip
    engine.inspect(call("POST", "/v1/channels", {"name": "a", "pay_type": "1", "platform": "1"}, channel))
    item = {"order_id": "ord_x", "channel_id": "chn_a", "amount": 999, "fee": 13, "paid_at": "2026-12-03 15:00:00"}
    good = {"date": "2026-12-03", "currency": "CNY", "count": 1, "amount": 999, "fee": 12, "net": 987,
            "items": [{**item, "fee": 12}]}  # fmt: skip
    bad = {**good, "fee": 13, "net": 986, "items": [item]}
    assert engine.inspect(call("GET", "/v1/bills", {"date": "2026-12-03"}, good)) == []
    assert checks(engine, call("GET", "/v1/bills", {"date": "2026-12-03"}, bad)) == {"bills"}


def test_another_apps_order_in_a_query_is_an_isolation_breach(engine: Engine) -> None:
    theirs = {**ORDER, "id": "ord_2", "app": {"id": 10002, "merchant_id": 20002}}
    found = checks(engine, call("GET", "/v1/orders", {"ids": "ord_2"}, [theirs], top={"count": 1}))
    assert found == {"isolation"}


@pytest.mark.parametrize(
    ("days_back", "status", "flagged"),
    [(0, 200, False), (89, 410, True), (90, 410, True), (90, 200, False), (91, 200, True), (91, 410, False)],
)
def test_the_bill_window_is_the_specs_retention_from_the_servers_own_date(
    engine: Engine, days_back: int, status: int, flagged: bool
) -> None:
    assert engine.contract.bill_retention_days == 90
    engine.inspect(call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000"}, ORDER))
    day = (dt.date(2026, 12, 3) - dt.timedelta(days=days_back)).isoformat()
    bill = {"date": day, "currency": "CNY", "count": 0, "amount": 0, "fee": 0, "net": 0, "items": []}
    answered = call("GET", "/v1/bills", {"date": day}, bill if status == 200 else None, status=status)
    assert ("bills" in checks(engine, answered)) == flagged


def test_the_servers_day_moves_on_with_the_time_since_it_was_learned(engine: Engine) -> None:
    late = {**ORDER, "created_at": "2026-12-03 23:30:00", "updated_at": "2026-12-03 23:30:00"}
    created = call("POST", "/v1/orders", {"pay_type": "1", "amount": "1"}, late)
    engine.inspect(dataclasses.replace(created, started=1000))
    assert engine.state.server_day(1000 + 1500) == dt.date(2026, 12, 3)
    assert engine.state.server_day(1000 + 1800) is None  # midnight, give or take the margin
    assert engine.state.server_day(1000 + 2400) == dt.date(2026, 12, 4)
    assert engine.state.server_day(1000 + 7200) is None  # too long ago: the clock may be pinned
    day = (dt.date(2026, 12, 4) - dt.timedelta(days=90)).isoformat()
    gone = dataclasses.replace(call("GET", "/v1/bills", {"date": day}, None, status=410), started=1000 + 2400)
    assert checks(engine, gone) == {"bills"}


def test_a_query_answering_an_order_it_did_not_ask_for_is_an_isolation_breach(engine: Engine) -> None:
    found = checks(engine, call("GET", "/v1/orders", {"ids": "ord_9"}, [ORDER], top={"count": 1}))
    assert found == {"isolation"}


def test_a_bill_dated_another_day_than_asked_is_named(engine: Engine) -> None:
    bill = {"date": "2026-12-02", "currency": "CNY", "count": 0, "amount": 0, "fee": 0, "net": 0, "items": []}
    assert engine.inspect(call("GET", "/v1/bills", {"date": "2026-12-02"}, bill)) == []
    assert checks(engine, call("GET", "/v1/bills", {"date": "2026-12-03"}, bill)) == {"bills"}


@pytest.mark.parametrize("created_at", ["2026-12-03T15:00:00+08:00", "2026-12-03T07:00:00Z", "yesterday"])
def test_a_time_not_in_the_contracts_format_is_named_and_teaches_no_clock(engine: Engine, created_at: str) -> None:
    engine.inspect(call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000", "ext_data": '{"n":1}'}, ORDER))
    odd = {**ORDER, "id": "ord_odd", "created_at": created_at, "updated_at": created_at}
    assert "times" in checks(engine, call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000"}, odd))
    assert engine.state.clock is not None and engine.state.clock[0] == dt.datetime(2026, 12, 3, 15, 0)


CHANNEL = {"id": "chn_a", "app_id": 10001, "name": "a", "pay_type": 1, "platform": 1, "priority": 5,
           "fee_rate": 60, "created_at": "2026-12-03 14:00:00"}  # fmt: skip


def with_path_id(resource_id: str) -> str:
    """The sign of app 10001's request with no parameters but the path's `id`."""
    return sign_pairs([("app_id", "10001"), ("id", resource_id)], SECRET)


def at(exchange: Exchange, started: float, elapsed: float = 0.1) -> Exchange:
    """The exchange as if its request left at `started` and its answer took `elapsed` seconds."""
    return dataclasses.replace(exchange, started=started, elapsed=elapsed)


def test_a_listing_on_its_way_while_a_delete_went_through_may_show_the_channel_or_not(engine: Engine) -> None:
    created = call("POST", "/v1/channels", {"name": "a", "pay_type": "1", "platform": "1"}, CHANNEL)
    assert engine.inspect(at(created, 100.0)) == []
    deleted = call("DELETE", "/v1/channels/chn_a", {}, CHANNEL, sign=with_path_id("chn_a"))
    assert engine.inspect(at(deleted, 101.0, elapsed=1.0)) == []
    listing = call("GET", "/v1/channels", {}, [CHANNEL], top={"count": 1})
    assert checks(engine, at(listing, 101.5)) == set()  # left before the delete was answered (at 102.0)
    assert checks(engine, at(listing, 102.5)) == {"persistence"}  # left after: the deleted channel is listed


def test_a_channel_created_while_an_order_was_on_its_way_leaves_its_routing_unjudged(engine: Engine) -> None:
    assert engine.inspect(at(call("GET", "/v1/channels", {}, [], top={"count": 0}), 100.0)) == []
    top = {**CHANNEL, "platform": 9, "priority": 50}
    engine.inspect(at(call("POST", "/v1/channels", {"name": "a", "pay_type": "1", "platform": "9"}, top), 101.0, 1.0))
    order = call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000", "ext_data": '{"n":1}'}, ORDER)
    assert checks(engine, at(order, 101.5)) == set()
    assert checks(engine, at(order, 103.0)) == {"routing"}  # platform 1, but the channel of priority 50 has 9


def test_a_query_answers_in_the_order_of_its_ids_and_never_unpays_an_order(engine: Engine) -> None:
    second = {**ORDER, "id": "ord_2"}
    for order in (ORDER, second):
        engine.inspect(at(call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000"}, order), 100.0))
    paid = {**ORDER, "status": 1, "updated_at": "2026-12-03 15:05:00"}
    assert (
        engine.inspect(at(call("POST", "/v1/sandbox/orders/ord_1/pay", {}, paid, sign=with_path_id("ord_1")), 101.0))
        == []
    )
    in_order = call("GET", "/v1/orders", {"ids": "ord_1,ord_2"}, [paid, second], top={"count": 2})
    assert checks(engine, at(in_order, 102.0)) == set()
    swapped = call("GET", "/v1/orders", {"ids": "ord_2,ord_1"}, [paid, second], top={"count": 2})
    assert checks(engine, at(swapped, 102.0)) == {"persistence"}
    unpaid = call("GET", "/v1/orders", {"ids": "ord_1"}, [ORDER], top={"count": 1})
    assert checks(engine, at(unpaid, 102.0)) == {"persistence"}
    assert checks(engine, at(unpaid, 100.5)) == set()  # left before the pay was answered


def test_an_answer_that_joined_the_state_first_is_still_judged_by_what_was_shown_before_it(engine: Engine) -> None:
    """verify's driver learns an answer as its first check sees it: its own version must not hide its flaws."""
    from paycontract.traffic import checks_state
    from paycontract.traffic.learning import learn
    from paycontract.traffic.view import Seen

    engine.inspect(at(call("POST", "/v1/orders", {"pay_type": "1", "amount": "1000"}, ORDER), 100.0))
    rerouted = {**ORDER, "payment": {**ORDER["payment"], "platform": 2}}
    query = at(call("GET", "/v1/orders", {"ids": "ord_1"}, [rerouted], top={"count": 1}), 101.0)
    seen = Seen(query, engine.contract, engine.state, engine.contract.route(query.method, query.path), {})
    learn(seen)
    assert engine.state.orders["ord_1"].body == rerouted
    assert [flaw.rule for flaw in checks_state.persistence(seen)] == [checks_state.QUERY_RULE]
