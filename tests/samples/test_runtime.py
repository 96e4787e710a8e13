"""Every generated sample of every operation, run in its real runtime against the reference server.

One server for the module; per language the operations run in a flow so that live parameters
(`PAYCONTRACT_PARAM_*`) point at data the earlier samples created: create → query returns the created
order, sandbox pay on it, channel create → list → delete. Each language × operation is its own test.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.languages import LANGUAGES, Language
from generator.samples import sample_path
from paycontract.launcher import DEMO_APPS, RunningServer, start_server
from tests.samples.runtime import ROOT, Ran, clean_env, run

pytestmark = pytest.mark.runtime

OTHER_APP_ID, OTHER_SECRET, OTHER_MERCHANT = DEMO_APPS[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    workdir = tmp_path_factory.mktemp("samples-server")
    running = start_server(log_dir=workdir)
    try:
        yield running
    finally:
        running.stop()


class Flow:
    """One language's run of every operation, in order, remembering what each answered."""

    def __init__(self, language: Language, server: RunningServer, workdir: Path) -> None:
        self.language, self.server, self.workdir = language, server, workdir
        self.answers: dict[str, dict[str, Any]] = {}
        self.runs: dict[str, Ran] = {}

    def call(self, op_id: str, **env: str) -> dict[str, Any]:
        """Run one sample with the base URL of the test server (and `env`); its stdout must be one JSON answer."""
        path = ROOT / sample_path(self.language, op_id)
        ran = run(self.language.argv(str(path)), clean_env(PAYCONTRACT_BASE_URL=self.server.base_url, **env), self.workdir)
        self.runs[op_id] = ran
        assert ran.returncode == 0, ran.explain()
        try:
            answer = json.loads(ran.stdout)
        except json.JSONDecodeError:
            pytest.fail(f"{path.name} did not print one JSON answer\n{ran.explain()}")
        self.answers[op_id] = answer
        return answer


def order_flow(flow: Flow) -> None:
    """Token; create an order (demo defaults); query it back; pay it in the sandbox; the day's bill."""
    flow.call("getToken")
    created = flow.call("createOrder")["data"]
    flow.call("queryOrders", PAYCONTRACT_PARAM_IDS=created["id"])
    flow.call("paySandboxOrder", PAYCONTRACT_PARAM_ID=created["id"])
    flow.call("getBill")


def channel_flow(flow: Flow) -> None:
    """As the other demo app (credentials from the environment): add a channel, list, delete it."""
    other = {"PAYCONTRACT_APP_ID": str(OTHER_APP_ID), "PAYCONTRACT_APP_SECRET": OTHER_SECRET}
    created = flow.call("createChannel", **other)["data"]
    flow.call("listChannels", **other)
    flow.call("deleteChannel", PAYCONTRACT_PARAM_ID=created["id"], **other)


FLOWS: list[Callable[[Flow], None]] = [order_flow, channel_flow]
OPERATIONS = ["getToken", "createOrder", "queryOrders", "paySandboxOrder", "getBill", "createChannel", "listChannels", "deleteChannel"]
_flows: dict[str, Flow] = {}


@pytest.fixture
def flow(request: pytest.FixtureRequest, server: RunningServer, languages, tmp_path_factory) -> Flow:
    """The language's finished flow (run once, on first use)."""
    key = request.getfixturevalue("key")
    if key not in _flows:
        _flows[key] = Flow(languages[key], server, tmp_path_factory.mktemp(f"run-{key}"))
        for step in FLOWS:
            step(_flows[key])
    return _flows[key]


def test_the_flows_cover_every_operation(spec) -> None:
    assert sorted(OPERATIONS) == sorted(op.id for op in spec.operations)


@pytest.mark.parametrize("op_id", OPERATIONS)
@pytest.mark.parametrize("key", list(LANGUAGES))
def test_sample_answers_code_0(key: str, op_id: str, flow: Flow) -> None:
    assert op_id in flow.answers, f"{key}: the flow stopped before {op_id}"
    answer = flow.answers[op_id]
    assert answer["code"] == 0, f"{key} {op_id}: {answer}\n{flow.runs[op_id].explain()}"


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_created_order_comes_back(key: str, flow: Flow) -> None:
    created = flow.answers["createOrder"]["data"]
    queried = flow.answers["queryOrders"]
    assert queried["count"] == 1 and queried["data"] == [created]
    assert created["product"] == {"id": "1231422", "name": "金币"}  # non-ASCII went out and came back intact
    assert created["ext_data"] == {"campaign": "双十一"}
    assert created["app"]["id"] == DEMO_APPS[0][0]


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_sandbox_pay_and_the_bill(key: str, flow: Flow) -> None:
    created = flow.answers["createOrder"]["data"]
    paid = flow.answers["paySandboxOrder"]["data"]
    assert (paid["id"], paid["status"]) == (created["id"], 1)
    bill = flow.answers["getBill"]["data"]
    # The sample defaults to today (UTC+8); the server says which day that was for it.
    if bill["date"] == paid["updated_at"][:10]:
        assert created["id"] in [item["order_id"] for item in bill["items"]]


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_channel_create_list_delete_with_credentials_from_the_environment(key: str, flow: Flow) -> None:
    created = flow.answers["createChannel"]["data"]
    assert created["app_id"] == OTHER_APP_ID
    assert created["id"] in [c["id"] for c in flow.answers["listChannels"]["data"]]
    assert flow.answers["deleteChannel"]["data"]["id"] == created["id"]
