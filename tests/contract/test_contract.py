"""The contract, property by property: every operation with generated cases, the spec's stateful links, the
auth refusal probes and the scripted flows, each judged by schemathesis' checks and the payment-domain ones.
"""

from __future__ import annotations

from typing import Any

import pytest

from paycontract.paths import default_spec_path
from paycontract.spec import load_spec
from paycontract.verify import flows, probes, registration, runner
from paycontract.verify.context import current
from paycontract.verify.contract import Contract
from paycontract.verify.options import VerifyOptions
from paycontract.verify.report import render_findings
from tests.contract.conftest import PYTEST_MAX_EXAMPLES, ContractRun

CONTRACT = Contract.from_spec(load_spec(default_spec_path()))
# The checks `case.call_and_validate` runs and the hooks that sign each case (`load_schema` registers them too).
registration.register()
schema = runner.load_schema(CONTRACT, runner.engine_config(VerifyOptions(max_examples=PYTEST_MAX_EXAMPLES), None, None))


@pytest.fixture(autouse=True)
def _active_run(contract_run: ContractRun) -> ContractRun:
    return contract_run


@schema.parametrize()
def test_operation(case: Any) -> None:
    ctx = current()
    assert ctx is not None
    if case.operation.definition.raw.get("operationId") in ctx.excluded_operations:
        pytest.skip("absent on this server (sandbox-only)")
    case.call_and_validate(base_url=ctx.base_url)


class ContractWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    """The spec's links as stateful sequences, sent to the run's server."""

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        ctx = current()
        assert ctx is not None
        return {"base_url": ctx.base_url}


TestStatefulLinks = ContractWorkflow.TestCase


def _selected(run: ContractRun) -> set[str]:
    return set(run.ctx.contract.by_id) - run.ctx.excluded_operations


def _fail_on_findings(run: ContractRun) -> None:
    if not run.result.passed:
        pytest.fail("\n" + render_findings(run.result), pytrace=False)


def test_setup_found_nothing(contract_run: ContractRun) -> None:
    _fail_on_findings(contract_run)


def test_auth_refusals(contract_run: ContractRun) -> None:
    contract_run.result.findings.clear()
    probes.run(contract_run.ctx, contract_run.explicit, _selected(contract_run))
    _fail_on_findings(contract_run)


def test_flows(contract_run: ContractRun) -> None:
    contract_run.result.findings.clear()
    flows.run(contract_run.ctx, contract_run.explicit, _selected(contract_run))
    _fail_on_findings(contract_run)
