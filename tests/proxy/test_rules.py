"""The traffic checks name rules the way verify's findings do, and every rule they name resolves."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from paycontract.traffic import checks_orders, checks_request, checks_state, checks_wire
from paycontract.traffic.registry import CHECKS
from tests.verify.rule_resolution import resolves

MODULES = (checks_orders, checks_request, checks_state, checks_wire)


def named_rules(function: Callable[..., Any] | ModuleType) -> list[str]:
    """The rules the `server(...)`/`client(...)` calls of a function or module name, where they are constants
    (a rule chosen per answer, a local name, is covered by the tests of the checks)."""
    namespace = vars(function) if isinstance(function, ModuleType) else function.__globals__
    tree = ast.parse(inspect.getsource(function))
    calls = (node for node in ast.walk(tree) if isinstance(node, ast.Call) and node.args)
    rules = []
    for call in calls:
        if getattr(call.func, "id", None) in ("server", "client") and isinstance(call.args[0], ast.Name):
            rules.extend([namespace[call.args[0].id]] if call.args[0].id in namespace else [])
    return rules


def test_every_rule_a_traffic_check_module_names_resolves() -> None:
    rules = [rule for module in MODULES for rule in named_rules(module)]
    assert len(rules) > 20
    assert [rule for rule in rules if not resolves(rule)] == []


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_every_check_declares_rules_that_resolve(name: str) -> None:
    declared = getattr(CHECKS[name], "rules", ())
    assert [rule for rule in declared if not resolves(rule)] == []
    assert set(named_rules(CHECKS[name])) <= set(declared), f"{name} names a rule it does not declare"
