"""`registration` lists every check defined in `paycontract/verify` and registers exactly those, once."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import paycontract.verify
from paycontract.verify import registration
from paycontract.verify.schemathesis_internals import registered_checks, registered_hooks

CHECK_PARAMETERS = ["ctx", "response", "case"]


def defined_checks() -> dict[str, Callable[..., Any]]:
    """Every check function defined in the package: `@cites` rules and the `(ctx, response, case)` signature."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.iter_modules(paycontract.verify.__path__, "paycontract.verify."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == module.__name__ and _is_check(value):
                found[name] = value
    return found


def _is_check(function: Callable[..., Any]) -> bool:
    return hasattr(function, "rules") and list(inspect.signature(function).parameters) == CHECK_PARAMETERS


def ours(checks: list[Callable[..., Any]]) -> list[Callable[..., Any]]:
    return [check for check in checks if check.__module__.startswith("paycontract.")]


def test_every_check_defined_in_the_package_is_listed() -> None:
    defined = defined_checks()
    listed = {check.__name__: check for check in registration.CHECKS}
    unlisted = sorted(set(defined) - set(listed))
    assert not unlisted, f"checks nobody registers (add them to registration.CHECKS): {unlisted}"
    assert all(listed[name] is defined[name] for name in defined)
    assert len(listed) == len(registration.CHECKS), "a check is listed twice"
    assert len(defined) >= 21


def test_the_registered_checks_are_the_list_in_its_order() -> None:
    registration.register()
    registered = ours(registered_checks())
    assert [check.__name__ for check in registered] == [check.__name__ for check in registration.CHECKS]
    assert all(a is b for a, b in zip(registered, registration.CHECKS, strict=True))


def test_registering_again_registers_each_hook_once() -> None:
    registration.register()
    registration.register()
    for hook in registration.HOOKS:
        assert registered_hooks(hook.__name__).count(hook) == 1, hook.__name__
    assert len(ours(registered_checks())) == len(registration.CHECKS)


def test_the_hooks_are_the_signing_hooks() -> None:
    assert [hook.__name__ for hook in registration.HOOKS] == ["before_call", "after_call"]


def test_the_walk_would_catch_an_unlisted_check() -> None:
    from paycontract.verify.rules import cites

    @cites("DESIGN.md § Decisions")
    def made_up_conformance(ctx: Any, response: Any, case: Any) -> None:
        """Not a real check."""

    def helper(ctx: Any, response: Any, case: Any) -> None:
        """No rules: not a check."""

    assert _is_check(made_up_conformance)
    assert not _is_check(helper)
    assert not _is_check(cites("DESIGN.md § Decisions")(lambda response, case: None))


# The two functions that turn a check's schemathesis arguments into a plain exchange (`verify/subject.py`,
# `verify/driver.py`): everything else a check reads is the exchange and verify's record of the request.
ADAPTERS = {"subject", "judge"}


def schemathesis_uses(check: Callable[..., Any]) -> list[str]:
    """Where `check` reads its `response` or `case` other than by handing both to `subject(...)`/`judge(...)`."""
    import ast
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(check)))
    handed = {
        id(arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ADAPTERS
        for arg in node.args
    }
    return [
        f"{check.__name__}: line {node.lineno} reads {node.id}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id in ("response", "case") and id(node) not in handed
    ]


def test_every_check_judges_a_plain_exchange_not_schemathesis_objects() -> None:
    found = [use for check in registration.CHECKS for use in schemathesis_uses(check)]
    assert not found, found


def test_the_exchange_rule_would_catch_a_check_reading_the_case() -> None:
    def reads_the_case(ctx: Any, response: Any, case: Any) -> bool:
        return subject(response, case) is None or case.id == "x"  # noqa: F821

    assert schemathesis_uses(reads_the_case) == ["reads_the_case: line 2 reads case"]
