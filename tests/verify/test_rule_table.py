"""The rule table is consistent: each row names a real fault, and a check that fault is known to be caught by.

The self-check (`test_verify_self_check.py`) runs verify against every fault and asserts it is caught by one
of the fault's checks; together the two tie each rule to a check that enforces it and a server that breaks it.
"""

from __future__ import annotations

import re

from tests.verify.faults import FAULTS
from tests.verify.rule_table import ROWS

_SOURCE = re.compile(r"openapi\.yaml#/\S+|DESIGN\.md § .+|docs/api\.md § .+")


def test_every_row_names_a_fault_whose_catching_checks_include_its_check() -> None:
    for row in ROWS:
        assert row.fault in FAULTS, row
        assert row.check in FAULTS[row.fault][1], row


def test_every_fault_breaks_a_rule_of_the_table() -> None:
    assert set(FAULTS) <= {row.fault for row in ROWS}


def test_rows_are_unique_and_cite_where_the_contract_says_it() -> None:
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids))
    for row in ROWS:
        assert _SOURCE.fullmatch(row.source), row
        assert row.statement


def test_spec_pointers_resolve() -> None:
    import yaml

    from paycontract.paths import default_spec_path
    from paycontract.verify.rules import resolve

    spec = yaml.safe_load(default_spec_path().read_text(encoding="utf-8"))
    for row in ROWS:
        if row.source.startswith("openapi.yaml#/"):
            assert resolve(spec, row.source), row
