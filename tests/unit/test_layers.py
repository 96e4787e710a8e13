"""The layers of the README import only the layers above them; verify's checks and hooks import no schemathesis."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from paycontract.paths import PROJECT_ROOT

# package (or module prefix) → prefixes it must never import.
FORBIDDEN = {
    "paycontract": (
        "generator",
        "reference_impl",
        "paycontract.verify",
        "paycontract.traffic",
        "paycontract.commands",
        "paycontract.cli",
    ),
    "paycontract.verify": ("generator", "reference_impl", "paycontract.commands", "paycontract.cli"),
    # The check engine over plain exchanges: no schemathesis, nothing of verify.
    "paycontract.traffic": (
        "schemathesis",
        "hypothesis",
        "paycontract.verify",
        "generator",
        "reference_impl",
        "paycontract.commands",
        "paycontract.cli",
    ),
    "generator": ("reference_impl", "paycontract.verify", "paycontract.commands", "paycontract.cli"),
    "reference_impl": ("generator", "paycontract.verify", "paycontract.commands", "paycontract.cli"),
}
# The CLI is the one place that wires the layers together.
CLI_MODULES = ("paycontract.cli", "paycontract.__main__", "paycontract.commands")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _layer_of(module: str) -> str | None:
    if module.startswith(CLI_MODULES):
        return None
    matches = [layer for layer in FORBIDDEN if module == layer or module.startswith(layer + ".")]
    return max(matches, key=len, default=None)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _sources() -> list[Path]:
    tops = ("paycontract", "generator", "reference_impl")
    paths = (path for top in tops for path in (PROJECT_ROOT / top).rglob("*.py"))
    return sorted(path for path in paths if _layer_of(_module_name(path)) is not None)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_a_module_imports_only_the_layers_above_it(path: Path) -> None:
    layer = _layer_of(_module_name(path))
    assert layer is not None
    wrong = sorted(name for name in _imports(path) if _within(name, FORBIDDEN[layer]))
    assert not wrong, f"{path.relative_to(PROJECT_ROOT)} ({layer}) imports {wrong}"


def test_the_rules_catch_a_wrong_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from reference_impl.server import serve\n", encoding="utf-8")
    assert _within("reference_impl.server", FORBIDDEN["paycontract.verify"])
    assert "reference_impl.server" in _imports(bad)
    assert _layer_of("paycontract.traffic.engine") == "paycontract.traffic"
    assert _within("schemathesis.specs", FORBIDDEN["paycontract.traffic"])
    assert _within("paycontract.verify.rules", FORBIDDEN["paycontract"])


def _check_and_hook_modules() -> list[Path]:
    from paycontract.verify.registration import CHECKS, HOOKS

    modules = {function.__module__ for function in (*CHECKS, *HOOKS)}
    return sorted(PROJECT_ROOT / (module.replace(".", "/") + ".py") for module in modules)


@pytest.mark.parametrize("path", _check_and_hook_modules(), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_check_and_hook_modules_import_nothing_of_schemathesis(path: Path) -> None:
    # They only define functions; `registration.py` registers them and `schemathesis_internals.py` wraps the rest.
    wrong = sorted(name for name in _imports(path) if _within(name, ("schemathesis", "hypothesis")))
    assert not wrong, f"{path.relative_to(PROJECT_ROOT)} imports {wrong}"
