"""The domain facts live once, in the spec (`x-retention-days`, `x-body-limit`, `x-token-lifetime`), and the
server finds its handlers by `x-role`: a spec that renames an operation or keeps bills longer needs only a
regenerated contract layer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.contract_layer import OUTPUT
from generator.core import generate
from paycontract.facts import domain_facts
from paycontract.paths import PROJECT_ROOT
from paycontract.spec import Spec
from reference_impl.config import Settings
from tests.reference_impl.conftest import StartServer
from tests.support.client import SignedClient
from tests.support.envelope import assert_error
from tests.support.specs import edited_spec

# The facts' values, as code would write them again (prose and the generated contract layer aside).
FACT_LITERALS = re.compile(r"\b(7200|1048576|1024 \* 1024|timedelta\(days=(90|91)\))\b")


def test_the_servers_defaults_are_the_specs_facts(spec: Spec) -> None:
    facts = domain_facts(spec, "the test")
    assert (Settings().bill_retention_days, Settings().body_limit, Settings().token_ttl) == (
        facts.bill_retention_days,
        facts.body_limit,
        facts.token_lifetime,
    )


def test_no_module_writes_a_fact_of_its_own() -> None:
    tops = ("paycontract", "reference_impl", "generator")
    sources = [p for top in tops for p in (PROJECT_ROOT / top).rglob("*.py") if p != PROJECT_ROOT / OUTPUT]
    assert sources
    offenders = [str(p.relative_to(PROJECT_ROOT)) for p in sources if FACT_LITERALS.search(p.read_text("utf-8"))]
    assert not offenders, f"these modules write a domain fact the spec states: {offenders}"


def _renamed(document: dict[str, Any]) -> None:
    document["paths"]["/bills"]["get"]["operationId"] = "fetchSettlement"


def test_a_regenerated_contract_serves_a_renamed_operation(tmp_path: Path, start: StartServer) -> None:
    spec_path = edited_spec(tmp_path / "openapi.yaml", _renamed)
    generate(spec_path, tmp_path, only=["contract"])
    contract = tmp_path / OUTPUT
    assert '"fetchSettlement"' in contract.read_text("utf-8")
    server = start(env={"PAYCONTRACT_CONTRACT": str(contract), "PAYCONTRACT_BILL_RETENTION_DAYS": "200"})
    with SignedClient(server.base_url, 10001, "demo-secret-10001") as client:
        order = client.ok("POST", "/orders", {"pay_type": 1, "amount": 1})["data"]
        today = order["created_at"][:10]
        assert client.ok("GET", "/bills", {"date": today})["data"]["date"] == today
        assert_error(client.call("GET", "/bills", {"date": "1999-01-01"}), 410, "200-day")
