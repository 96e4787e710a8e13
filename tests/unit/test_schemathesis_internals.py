"""Each private or undocumented schemathesis API verify relies on, exercised against the installed schemathesis.

A failure names the internal that changed (`schemathesis internal … changed`), so that upgrading schemathesis
says what to fix in `paycontract/verify/schemathesis_internals.py`. The last tests keep every other module of
the package away from those internals.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.errors import FailureGroup

from paycontract.paths import PROJECT_ROOT, default_spec_path
from paycontract.spec import load_spec
from paycontract.verify import registration
from paycontract.verify import schemathesis_internals as internals
from paycontract.verify.rules import broken

INTERNALS_MODULE = PROJECT_ROOT / "paycontract" / "verify" / "schemathesis_internals.py"


@contextlib.contextmanager
def internal(name: str) -> Iterator[None]:
    """Turn any error or failed assertion inside the block into one failure that names the internal."""
    try:
        yield
    except Exception as exc:  # whatever a new schemathesis raises is the news
        pytest.fail(f"schemathesis internal {name} changed: {type(exc).__name__}: {exc}", pytrace=False)


# --- a tiny API on a loopback port: one operation answers outside its schema, one drops the connection ------

MINI_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "mini", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer", "minimum": 0}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"n": {"type": "integer"}},
                                    "required": ["n"],
                                }
                            }
                        },
                    }
                },
            }
        },
        "/drop": {"get": {"operationId": "drop", "responses": {"200": {"description": "never"}}}},
    },
}


class MiniHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/drop"):
            self.close_connection = True
            self.connection.shutdown(2)
            return
        body = json.dumps({"n": "not a number"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture(scope="module")
def mini_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), MiniHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def engine_run(mini_url: str) -> list[internals.EngineEvent]:
    config = schemathesis.Config.from_dict(
        {
            "base-url": mini_url,
            "workers": 1,
            "request-timeout": 2,
            "generation": {"max-examples": 3, "database": "none"},
        }
    )
    internals.disable_phases(config, "coverage", "stateful")
    schema = schemathesis.openapi.from_dict(copy.deepcopy(MINI_SPEC), config=config)
    with internal("schemathesis.engine.from_schema(...).execute() and its events"):
        return list(internals.engine_events(schema))


@pytest.fixture(scope="module")
def pay_schema() -> Any:
    return schemathesis.openapi.from_dict(copy.deepcopy(load_spec(default_spec_path()).raw))


def _scenarios(events: list[internals.EngineEvent]) -> list[internals.ScenarioDone]:
    return [event for event in events if isinstance(event, internals.ScenarioDone)]


def _schema_failures(events: list[internals.EngineEvent]) -> list[tuple[internals.RecordedCase, Any]]:
    return [
        (recorded, failure)
        for scenario in _scenarios(events)
        for recorded in scenario.cases
        for name, failure in recorded.failures
        if name == "response_schema_conformance"
    ]


def test_engine_events_tell_phases(engine_run: list[internals.EngineEvent]) -> None:
    with internal("engine events PhaseStarted.phase.name"):
        phases = [event.name for event in engine_run if isinstance(event, internals.PhaseStart)]
        assert "fuzzing" in phases, phases


def test_engine_events_record_each_case_and_its_failures(engine_run: list[internals.EngineEvent]) -> None:
    with internal("ScenarioFinished.recorder (cases, interactions, checks, failure_info)"):
        scenarios = [s for s in _scenarios(engine_run) if s.label == "GET /items" and s.phase == "fuzzing"]
        assert scenarios, "no fuzzing scenario for GET /items"
        scenario = scenarios[0]
        assert scenario.is_test and scenario.generated >= 1 and scenario.cases
        recorded, _ = _schema_failures(engine_run)[0]
        assert recorded.method == "GET" and recorded.url.startswith("http://127.0.0.1:")
        assert recorded.status == 200 and b"not a number" in (recorded.content or b"")
        assert recorded.case.operation.label == "GET /items"
        assert isinstance(recorded.headers, dict)


def test_engine_events_report_a_dropped_connection(engine_run: list[internals.EngineEvent]) -> None:
    with internal("NonFatalError.info.title / .message / .value"):
        errors = [event for event in engine_run if isinstance(event, internals.EngineError)]
        dropped = [error for error in errors if error.label == "GET /drop"]
        assert dropped, errors
        assert dropped[0].title == "Network Error", dropped[0].title
        assert dropped[0].message and isinstance(dropped[0].error, BaseException)
        assert getattr(dropped[0].error, "request", None) is not None


def test_disabled_phases_do_not_run(engine_run: list[internals.EngineEvent]) -> None:
    with internal("config.projects.default.phases.<name>.enabled"):
        ran = {scenario.phase for scenario in _scenarios(engine_run) if scenario.cases}
        assert "fuzzing" in ran and not ran & {"coverage", "stateful"}, ran
        config = schemathesis.Config.from_dict({})
        internals.disable_phases(config, "examples")
        assert config.projects.default.phases.examples.enabled is False


def test_failure_key_and_name(engine_run: list[internals.EngineEvent]) -> None:
    with internal("Failure._unique_key and the built-in failure classes' `checks`"):
        _, failure = _schema_failures(engine_run)[0]
        assert internals.failure_key(failure), "empty _unique_key"
        assert internals.failing_check(failure) == "response_schema_conformance"


def test_a_custom_checks_failure_keeps_its_name_and_exception(mini_url: str) -> None:
    rule = "DESIGN.md § Decisions"

    def made_up_conformance(ctx: Any, response: Any, case: Any) -> None:
        raise broken(rule, "always fails")

    schema = schemathesis.openapi.from_dict(copy.deepcopy(MINI_SPEC))
    case = schema.find_operation_by_id("listItems").Case(query={"n": 1})
    response = case.call(base_url=mini_url)
    with pytest.raises(FailureGroup) as group:
        case.validate_response(response, checks=[made_up_conformance])
    with internal("CustomFailure.title ('Custom check failed: `name`') and .exception"):
        (failure,) = group.value.exceptions
        assert internals.failing_check(failure) == "made_up_conformance", failure.title
        exception = internals.raised_exception(failure)
        assert exception is not None and getattr(exception, "rule", None) == rule


def test_a_case_keeps_its_mode_after_edits_it_takes_as_baseline(pay_schema: Any) -> None:
    operation = pay_schema.find_operation_by_id("queryOrders")
    seen: list[tuple[bool, bool, frozenset[str] | None]] = []

    @settings(max_examples=5, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE))
    def edit(case: Any) -> None:
        case.query["app_id"] = "not-a-number"
        internals.keep_generation_mode(case)
        kept = internals.is_negative(case)
        case.query["ids"] = ""
        seen.append((kept, internals.is_negative(case), internals.negative_locations(case)))

    with internal("Case._sync_validated_hashes and case.meta revalidation"):
        edit()
        assert seen and all(kept is False for kept, _, _ in seen), seen
    with internal("case.meta.generation.mode / case.meta.components"):
        assert all(relabelled and where == {"query"} for _, relabelled, where in seen), seen


def test_a_case_without_generation_metadata(pay_schema: Any) -> None:
    case = pay_schema.find_operation_by_id("queryOrders").Case(query={"ids": "x"})
    with internal("case.meta is None for a hand-made case"):
        assert internals.negative_locations(case) is None and internals.is_negative(case) is False
        internals.keep_generation_mode(case)


def test_dropping_unproducible_inputs_from_the_dependency_graph(pay_schema: Any) -> None:
    schema = schemathesis.openapi.from_dict(copy.deepcopy(load_spec(default_spec_path()).raw))
    with internal("schema.analysis.dependency_graph (operations, inputs, outputs, resource_field)"):
        graph = schema.analysis.dependency_graph
        before = {slot.resource.name for node in graph.operations.values() for slot in node.inputs}
        assert {"App", "Order"} <= before, before
        assert internals.drop_unproducible_inputs(schema) is True
        after = {slot.resource.name for node in graph.operations.values() for slot in node.inputs}
        produced = {out.resource.name for node in graph.operations.values() for out in node.outputs}
        assert "Order" in after and "App" not in after and after <= produced, (after, produced)


def test_the_registries() -> None:
    registration.register()
    with internal("schemathesis.checks.CHECKS registry"):
        names = [check.__name__ for check in internals.registered_checks()]
        assert "not_a_server_error" in names and "envelope_conformance" in names
    with internal("schemathesis.hooks.GLOBAL_HOOK_DISPATCHER.get_all_by_name"):
        for hook in registration.HOOKS:
            assert hook in internals.registered_hooks(hook.__name__)


# --- nothing else in the package touches them ----------------------------------------------------------------

# The modules the docs present as schemathesis' public Python API (docs/reference/python.md).
PUBLIC_MODULES = {
    "schemathesis",
    "schemathesis.openapi",
    "schemathesis.graphql",
    "schemathesis.pytest",
    "schemathesis.errors",
}
# Attribute (or `getattr` string) names of the internals wrapped in schemathesis_internals.
PRIVATE_NAMES = {
    "_sync_validated_hashes",
    "_unique_key",
    "_meta",
    "analysis",
    "dependency_graph",
    "recorder",
    "failure_info",
    "is_test_scenario",
    "get_all_by_name",
    "GLOBAL_HOOK_DISPATCHER",
    "projects",
    "meta",
}
PRIVATE_TEXTS = {internals.CUSTOM_CHECK_TITLE}


def touches(source: str) -> list[str]:
    """What a module's source touches of schemathesis beyond its public API."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if _private_module(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and _private_module(node.module):
            found.append(f"from {node.module} import …")
        elif isinstance(node, ast.Attribute) and (node.attr in PRIVATE_NAMES or _info_title(node)):
            found.append(f".{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _private_text(node.value):
            found.append(repr(node.value))
    return found


def _private_text(text: str) -> bool:
    return text in PRIVATE_NAMES or any(part in text for part in PRIVATE_TEXTS)


def _private_module(name: str) -> bool:
    return (name == "schemathesis" or name.startswith("schemathesis.")) and name not in PUBLIC_MODULES


def _info_title(node: ast.Attribute) -> bool:
    return node.attr == "title" and isinstance(node.value, ast.Attribute) and node.value.attr == "info"


def _package_modules() -> list[Path]:
    return sorted(path for path in (PROJECT_ROOT / "paycontract").rglob("*.py") if path != INTERNALS_MODULE)


@pytest.mark.parametrize("path", _package_modules(), ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_no_other_module_touches_schemathesis_internals(path: Path) -> None:
    found = touches(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(PROJECT_ROOT)} touches {found}; go through verify/schemathesis_internals.py"


def test_the_walk_catches_each_kind_of_touch() -> None:
    assert touches("from schemathesis.engine import events") == ["from schemathesis.engine import …"]
    assert touches("import schemathesis.specs.openapi") == ["import schemathesis.specs.openapi"]
    assert touches("case._sync_validated_hashes()") == ["._sync_validated_hashes"]
    assert touches("getattr(failure, '_unique_key', '')") == ["'_unique_key'"]
    assert touches("event.info.title") == [".title"]
    assert touches("title.startswith('Custom check failed')") == ["'Custom check failed'"]
    assert touches("import schemathesis\nfrom schemathesis.errors import FailureGroup\nspec.info") == []
    assert touches(INTERNALS_MODULE.read_text(encoding="utf-8")), "the walk finds nothing in the internals module"
