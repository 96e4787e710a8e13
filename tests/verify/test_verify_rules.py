"""Every finding names the rule it enforces, and every rule named resolves to where the contract states it.

The walk covers each check this package registers (`registration.CHECKS`: the rules it declares with `@cites`
and every rule its `broken(...)` calls name), the rules schemathesis' own checks get, and the findings of real
runs against fault servers, read back from their JUnit reports.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path
from typing import Any

import pytest

from paycontract.verify.registration import CHECKS
from paycontract.verify.rules import SPEC_PREFIX, builtin_rule
from tests.verify.rule_resolution import RAW, resolves
from tests.verify.test_verify_self_check import verify_against


def our_checks() -> list[Any]:
    return list(CHECKS)


def broken_rules(check: Any) -> list[str]:
    """The rules the check's `broken(...)` calls name, where they are module constants or built from them."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(check)))
    rules = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "broken" and node.args:
            try:
                rules.append(eval(compile(ast.Expression(node.args[0]), "<rule>", "eval"), check.__globals__))
            except (NameError, KeyError, AttributeError):
                continue  # a rule chosen per response (a dict lookup by field); the runs below cover it
    return rules


def test_the_package_registers_its_checks() -> None:
    names = {check.__name__ for check in our_checks()}
    assert {"envelope_conformance", "acceptance_conformance", "auth_conformance"} <= names


@pytest.mark.parametrize("check", our_checks(), ids=lambda check: check.__name__)
def test_every_check_cites_rules_that_resolve(check: Any) -> None:
    declared = list(getattr(check, "rules", ()))
    assert declared, f"{check.__name__} declares no rule (@cites)"
    source = inspect.getsource(check)
    assert "AssertionError(" not in source, f"{check.__name__} fails without naming a rule; raise broken(rule, …)"
    for rule in [*declared, *broken_rules(check)]:
        assert resolves(rule), f"{check.__name__}: {rule} does not resolve"
    assert set(broken_rules(check)) <= set(declared), f"{check.__name__} raises a rule it does not declare"


@pytest.mark.parametrize(
    "check",
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "unsupported_method",
        "allow_header_conformance",
        "use_after_free",
        "ensure_resource_availability",
        "ignored_auth",
        "transport",
        "error",
    ],
)
def test_schemathesis_checks_get_a_spec_pointer_that_resolves(check: str) -> None:
    for label, status in (("POST /orders", 400), ("GET /bills", 200), ("DELETE /channels/{id}", 422), ("(run)", None)):
        rule = builtin_rule(RAW, check, label, status)
        assert rule.startswith(SPEC_PREFIX) and resolves(rule), (check, label, rule)


def test_a_schema_finding_points_at_the_schema_of_the_status_it_got() -> None:
    rule = builtin_rule(RAW, "response_schema_conformance", "POST /orders", 200)
    assert rule == "openapi.yaml#/paths/~1orders/post/responses/200/content/application~1json/schema"


def test_unresolvable_rules_are_told_apart() -> None:
    assert not resolves("openapi.yaml#/paths/~1nowhere/get")
    assert not resolves("docs/api.md § 没有这一节")
    assert not resolves("DESIGN.md § Nowhere")
    assert resolves("docs/api.md § 错误代码")


@pytest.mark.parametrize(
    ("fault", "operation", "expected"),
    [
        ("ignores-channel-filter", "listChannels", "openapi.yaml#/paths/~1channels/get/parameters"),
        ("created-201", "createChannel", "openapi.yaml#/paths/~1channels/post/responses"),
    ],
)
def test_findings_of_a_run_print_and_report_the_rule(fault: str, operation: str, expected: str, tmp_path: Path) -> None:
    outcome = verify_against(fault, tmp_path, ("--include-operation", operation))
    assert outcome.exit_code == 1, outcome.output[-2000:]
    assert outcome.rules, "the JUnit report cites no rule"
    assert [rule for rule in outcome.rules if not resolves(rule)] == []
    assert expected in outcome.rules
    assert f"   rule: {expected}" in outcome.output
