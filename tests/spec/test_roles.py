"""The domain's operations by role (`x-role`) and the facts the spec states once (retention, body limit, token
lifetime): every role played exactly once, and a spec lacking one is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from paycontract.errors import SpecError
from paycontract.roles import (
    BILL,
    BODY_LIMIT_EXTENSION,
    PAY_ORDER,
    RETENTION_EXTENSION,
    ROLES,
    TOKEN,
    TOKEN_LIFETIME_EXTENSION,
)
from paycontract.spec import Spec, load_spec
from paycontract.traffic.contract import TrafficContract
from paycontract.verify.contract import Contract
from tests.support.specs import edited_spec


def test_every_role_is_played_by_exactly_one_operation(spec: Spec) -> None:
    roles = [op.role for op in spec.operations]
    assert sorted(roles) == sorted(ROLES)
    assert spec.role_operations(ROLES, "the test")[PAY_ORDER].sandbox_only


def test_the_facts_are_the_designs(spec: Spec) -> None:
    by_role = spec.role_operations(ROLES, "the test")
    assert spec.count_fact(RETENTION_EXTENSION, "the test", by_role[BILL]) == 90
    assert spec.count_fact(TOKEN_LIFETIME_EXTENSION, "the test", by_role[TOKEN]) == 7200
    assert spec.count_fact(BODY_LIMIT_EXTENSION, "the test") == 1024 * 1024


def test_verify_and_the_traffic_checks_read_them(spec: Spec) -> None:
    contract = Contract.from_spec(spec)
    assert (contract.bill_retention_days, contract.body_limit) == (90, 1024 * 1024)
    assert contract.token_operation.role == TOKEN
    assert TrafficContract.from_spec(spec).by_role[BILL].path == "/bills"


def test_operations_may_be_renamed_freely(tmp_path: Path) -> None:
    def rename(document: dict) -> None:
        document["paths"]["/bills"]["get"]["operationId"] = "fetchSettlement"
        document["paths"]["/bills"]["get"]["x-retention-days"] = 30

    contract = Contract.from_spec(load_spec(edited_spec(tmp_path / "renamed.yaml", rename)))
    assert contract.by_role[BILL].id == "fetchSettlement" and contract.bill_retention_days == 30


def test_verify_needs_no_sandbox_pay(tmp_path: Path) -> None:
    spec = load_spec(edited_spec(tmp_path / "production.yaml", lambda d: d["paths"].pop("/sandbox/orders/{id}/pay")))
    assert PAY_ORDER not in Contract.from_spec(spec).by_role
    with pytest.raises(SpecError, match="no operation with x-role pay_order; proxy needs it"):
        TrafficContract.from_spec(spec, "proxy")


def test_a_missing_role_names_the_file_the_role_and_who_needs_it(tmp_path: Path) -> None:
    path = edited_spec(tmp_path / "no-token.yaml", lambda d: d["paths"]["/token"]["post"].pop("x-role"))
    with pytest.raises(SpecError) as caught:
        Contract.from_spec(load_spec(path))
    assert str(caught.value) == f"{path}: the spec has no operation with x-role token; verify needs it"
