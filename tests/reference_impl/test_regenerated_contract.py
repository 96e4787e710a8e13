"""Adding an optional parameter to the spec and regenerating is all it takes for the server to accept it."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.contract_layer import OUTPUT
from generator.core import generate
from tests.support.client import SignedClient
from tests.support.envelope import assert_error, new_order
from tests.support.specs import ROOT, add_optional_parameter


def test_new_optional_parameter_is_enforced_after_regenerating(tmp_path: Path, start, client: SignedClient) -> None:
    spec_path = tmp_path / "openapi.yaml"
    shutil.copy(ROOT / "openapi.yaml", spec_path)
    add_optional_parameter(spec_path)
    result = generate(spec_path, tmp_path, only=["contract"])
    assert result.changed == [OUTPUT]
    contract_file = tmp_path / OUTPUT
    assert '"name": "coupon"' in contract_file.read_text("utf-8")

    # The committed contract does not know `coupon`: any value is an unknown (signed, ignored) parameter.
    assert new_order(client, coupon="not valid")["status"] == 0

    server = start(env={"PAYCONTRACT_CONTRACT": str(contract_file)})
    with SignedClient(server.base_url, 10001, "demo-secret-10001") as regenerated:
        assert new_order(regenerated, coupon="SAVE")["status"] == 0
        assert new_order(regenerated)["status"] == 0  # still optional
        response = regenerated.call("POST", "/orders", {"pay_type": 1, "amount": 1, "coupon": "not valid"})
        assert_error(response, 400, "coupon", "^[A-Z]{4}$")
