"""Every generated sample of every operation, run in its real runtime against a fresh reference server.

Each language gets its own server (a fresh SQLite file), so the languages cannot lean on each other's
data. First every sample runs with nothing set but `PAYCONTRACT_BASE_URL`: the ones that act on live
data (query, pay, delete) go first, on a server that holds no order and no channel of their making,
and must create what they need through the API. Then the overrides: `PAYCONTRACT_PARAM_*` pointing at
data the first pass created (the query returns the created order, the sandbox pays it, a channel made
with credentials from the environment is deleted). Each language × operation is its own test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.languages import LANGUAGES, Language
from generator.sample_context import sample_contexts
from generator.samples import sample_path
from paycontract.launcher import DEMO_APPS, RunningServer, start_server
from tests.samples.runtime import ROOT, Ran, clean_env, run

pytestmark = pytest.mark.runtime

OTHER_APP_ID, OTHER_SECRET, OTHER_MERCHANT = DEMO_APPS[1]
OPERATIONS = ["getToken", "createOrder", "queryOrders", "paySandboxOrder", "getBill", "createChannel", "listChannels", "deleteChannel"]


class Runs:
    """One language's samples run against one server, remembering what each printed."""

    def __init__(self, language: Language, server: RunningServer, workdir: Path) -> None:
        self.language, self.server, self.workdir = language, server, workdir
        self.fresh: dict[str, dict[str, Any]] = {}
        self.overridden: dict[str, dict[str, Any]] = {}
        self.runs: dict[str, Ran] = {}

    def call(self, op_id: str, **env: str) -> dict[str, Any]:
        """Run one sample with only the base URL of the server (and `env`); its stdout must be one JSON answer."""
        path = ROOT / sample_path(self.language, op_id)
        ran = run(self.language.argv(str(path)), clean_env(PAYCONTRACT_BASE_URL=self.server.base_url, **env), self.workdir)
        self.runs[op_id if not env else f"{op_id} {sorted(env)}"] = ran
        assert ran.returncode == 0, ran.explain()
        try:
            return json.loads(ran.stdout)
        except json.JSONDecodeError:
            pytest.fail(f"{path.name} did not print one JSON answer\n{ran.explain()}")

    def explain(self, op_id: str) -> str:
        """What the sample's run printed, for a failure message."""
        return self.runs[op_id].explain() if op_id in self.runs else "(not run)"


def fresh_order(spec) -> list[str]:
    """Every operation, those whose sample first creates its data (from the spec's links) ahead of the rest."""
    creating = [c["op"]["id"] for c in sample_contexts(spec) if c["op"]["setups"]]
    return creating + [op_id for op_id in OPERATIONS if op_id not in creating]


def fresh_pass(runs: Runs, order: list[str]) -> None:
    """Every sample with no PAYCONTRACT_* variable but the base URL."""
    for op_id in order:
        runs.fresh[op_id] = runs.call(op_id)


def override_pass(runs: Runs) -> None:
    """Live parameters from the environment: the first pass's order, and a channel of the other demo app."""
    created = runs.fresh["createOrder"]["data"]["id"]
    runs.overridden["queryOrders"] = runs.call("queryOrders", PAYCONTRACT_PARAM_IDS=created)
    runs.overridden["paySandboxOrder"] = runs.call("paySandboxOrder", PAYCONTRACT_PARAM_ID=created)
    other = {"PAYCONTRACT_APP_ID": str(OTHER_APP_ID), "PAYCONTRACT_APP_SECRET": OTHER_SECRET}
    channel = runs.call("createChannel", **other)
    runs.overridden["createChannel"] = channel
    runs.overridden["listChannels"] = runs.call("listChannels", **other)
    runs.overridden["deleteChannel"] = runs.call("deleteChannel", PAYCONTRACT_PARAM_ID=channel["data"]["id"], **other)


_runs: dict[str, Runs] = {}


@pytest.fixture
def runs(key: str, spec, languages, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """The language's finished runs, on a server of its own (started on first use, stopped after)."""
    if key not in _runs:
        workdir = tmp_path_factory.mktemp(f"run-{key}")
        server = start_server(log_dir=workdir)
        try:
            _runs[key] = Runs(languages[key], server, workdir)
            fresh_pass(_runs[key], fresh_order(spec))
            override_pass(_runs[key])
        finally:
            server.stop()
    return _runs[key]


def example_id(spec, op_id: str, name: str) -> str:
    """The spec's example value of a parameter (what the samples used to send by default)."""
    param = spec.operation(op_id).parameter(name)
    assert param is not None
    value = param.example
    return value[0] if isinstance(value, list) else str(value)


def test_the_runs_cover_every_operation(spec) -> None:
    assert sorted(OPERATIONS) == sorted(op.id for op in spec.operations)


@pytest.mark.parametrize("op_id", OPERATIONS)
@pytest.mark.parametrize("key", list(LANGUAGES))
def test_sample_on_a_fresh_server_with_no_settings_answers_code_0(key: str, op_id: str, runs: Runs) -> None:
    assert op_id in runs.fresh, f"{key}: the runs stopped before {op_id}"
    assert runs.fresh[op_id]["code"] == 0, f"{key} {op_id}: {runs.fresh[op_id]}\n{runs.explain(op_id)}"


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_with_no_settings_the_samples_act_on_data_they_created(key: str, runs: Runs, spec) -> None:
    queried = runs.fresh["queryOrders"]
    assert queried["count"] == 1, queried
    order = queried["data"][0]
    assert order["id"] != example_id(spec, "queryOrders", "ids")
    assert (order["status"], order["app"]["id"]) == (0, DEMO_APPS[0][0])
    paid = runs.fresh["paySandboxOrder"]["data"]
    assert paid["id"] not in (order["id"], example_id(spec, "paySandboxOrder", "id"))
    assert paid["status"] == 1
    deleted = runs.fresh["deleteChannel"]["data"]
    assert deleted["id"] != example_id(spec, "deleteChannel", "id")
    assert deleted["app_id"] == DEMO_APPS[0][0]
    assert deleted["id"] not in [c["id"] for c in runs.fresh["listChannels"]["data"]]  # listed after the delete


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_the_bill_holds_the_order_the_pay_sample_created_and_paid(key: str, runs: Runs) -> None:
    paid = runs.fresh["paySandboxOrder"]["data"]
    bill = runs.fresh["getBill"]["data"]
    # The sample defaults to today (UTC+8); the server says which day that was for it.
    if bill["date"] == paid["updated_at"][:10]:
        assert paid["id"] in [item["order_id"] for item in bill["items"]]


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_created_order_comes_back_by_its_id_from_the_environment(key: str, runs: Runs) -> None:
    created = runs.fresh["createOrder"]["data"]
    queried = runs.overridden["queryOrders"]
    assert queried["count"] == 1 and queried["data"] == [created]
    assert created["product"] == {"id": "1231422", "name": "金币"}  # non-ASCII went out and came back intact
    assert created["ext_data"] == {"campaign": "双十一"}
    assert created["app"]["id"] == DEMO_APPS[0][0]
    paid = runs.overridden["paySandboxOrder"]["data"]
    assert (paid["id"], paid["status"]) == (created["id"], 1)


@pytest.mark.parametrize("key", list(LANGUAGES))
def test_channel_create_list_delete_with_credentials_from_the_environment(key: str, runs: Runs) -> None:
    created = runs.overridden["createChannel"]["data"]
    assert created["app_id"] == OTHER_APP_ID
    assert created["id"] in [c["id"] for c in runs.overridden["listChannels"]["data"]]
    assert runs.overridden["deleteChannel"]["data"]["id"] == created["id"]
