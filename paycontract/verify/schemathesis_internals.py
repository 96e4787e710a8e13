"""Every private or undocumented part of schemathesis that verify relies on, each behind one named function.

What schemathesis documents as public (its `docs/reference/python.md` and guides) is used directly elsewhere:
the loaders (`schemathesis.openapi.from_dict`), `schemathesis.hook`, `schemathesis.check`, `schema.auth`,
`schemathesis.Config`, `schemathesis.errors`, `Case` and its `call`, `validate_response` and
`as_transport_kwargs`, the schema's `include`/`exclude`/`parametrize`/`as_state_machine`. Everything else —
running the engine from Python, the scenario recorder, a case's generation metadata, the dependency graph,
the registries, failures' titles and keys — may change in any release; `tests/unit/test_schemathesis_internals.py`
exercises each function here against the installed schemathesis and names the one that broke.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from schemathesis.checks import CHECKS as CHECK_REGISTRY
from schemathesis.engine import events, from_schema
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

CUSTOM_CHECK_TITLE = "Custom check failed"


def registered_checks() -> list[Callable[..., Any]]:
    """Every check schemathesis runs by default, in registration order (its undocumented `CHECKS` registry)."""
    return CHECK_REGISTRY.get_all()


def registered_hooks(name: str) -> list[Callable[..., Any]]:
    """The global hooks registered under `name` (the undocumented `GLOBAL_HOOK_DISPATCHER`)."""
    return list(GLOBAL_HOOK_DISPATCHER.get_all_by_name(name))


def keep_generation_mode(case: Any) -> None:
    """Take a case's edited containers as its generated baseline (`Case._sync_validated_hashes`).

    Without it, reading `case.meta` after an edit re-validates the containers and may relabel the case's
    generation mode.
    """
    sync = getattr(case, "_sync_validated_hashes", None)
    if sync is not None:
        sync()


def is_negative(case: Any) -> bool:
    """Whether the case was generated in negative mode (`case.meta.generation.mode`); False when it has no meta."""
    meta = case.meta if case is not None else None
    return meta is not None and meta.generation.mode.is_negative


def negative_locations(case: Any) -> frozenset[str] | None:
    """Where the case was generated invalid (`case.meta.components`, keyed by location); None without meta."""
    meta = case.meta
    if meta is None:
        return None
    return frozenset(where.value for where, info in meta.components.items() if not info.mode.is_positive)


def failure_key(failure: Any) -> str:
    """What makes a failure distinct from another of the same class (`Failure._unique_key`); "" if none."""
    return str(getattr(failure, "_unique_key", ""))


def raised_exception(failure: Any) -> BaseException | None:
    """The exception a custom check raised, kept on its failure (`CustomFailure.exception`); None for others."""
    exception = getattr(failure, "exception", None)
    return exception if isinstance(exception, BaseException) else None


def failing_check(failure: Any) -> str:
    """The check that raised a failure: a custom check's name is only in its title ("Custom check failed:
    `name`"), a built-in's in the class attribute `checks`; else the failure's class name."""
    title = str(getattr(failure, "title", ""))
    if "`" in title and title.startswith(CUSTOM_CHECK_TITLE):
        return title.split("`")[1]
    names = getattr(type(failure), "checks", ())
    return names[0] if names else type(failure).__name__


def drop_unproducible_inputs(schema: Any) -> bool:
    """Remove from the stateful dependency graph (`schema.analysis.dependency_graph`) every resource input that
    no operation produces; False when this schemathesis has no such graph."""
    try:
        graph = schema.analysis.dependency_graph
        produced = {output.resource.name for node in graph.operations.values() for output in node.outputs}
        for node in graph.operations.values():
            node.inputs = [
                slot for slot in node.inputs if slot.resource_field is None or slot.resource.name in produced
            ]
    except AttributeError:
        return False
    return True


def disable_phases(config: Any, *phases: str) -> None:
    """Switch phases off in a loaded configuration (`config.projects.default.phases.<name>.enabled`)."""
    for phase in phases:
        getattr(config.projects.default.phases, phase).enabled = False


@dataclass(frozen=True)
class PhaseStart:
    """A phase of the engine began (`examples`, `coverage`, `fuzzing`, `stateful`, or one of its own)."""

    name: str


@dataclass(frozen=True)
class RecordedCase:
    """One case a scenario sent: the request as it left, the answer, and each failing check with its failure."""

    case: Any
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    status: int | None
    content: bytes | None
    failures: list[tuple[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ScenarioDone:
    """A scenario (one operation in one phase, or the stateful sequences) finished."""

    phase: str
    label: str | None
    is_test: bool
    generated: int
    cases: list[RecordedCase]


@dataclass(frozen=True)
class EngineError:
    """An error the engine reported and went on after: its title ("Network Error", …), message and exception."""

    phase: str | None
    label: str | None
    title: str
    message: str
    error: BaseException | None


@dataclass(frozen=True)
class EngineStopped:
    """The engine stopped on an error of its own."""

    error: BaseException


EngineEvent = PhaseStart | ScenarioDone | EngineError | EngineStopped


def engine_events(schema: Any) -> Iterator[EngineEvent]:
    """Run schemathesis' engine on `schema` (`schemathesis.engine.from_schema(...).execute()`, which the docs do
    not present as an API) and translate the events verify folds; the others are left out."""
    for event in from_schema(schema).execute():
        if isinstance(event, events.PhaseStarted):
            yield PhaseStart(event.phase.name.value)
        elif isinstance(event, events.ScenarioFinished):
            yield _scenario(event)
        elif isinstance(event, events.NonFatalError):
            phase = event.phase.value if event.phase else None
            yield EngineError(phase, event.label, event.info.title, event.info.message, event.value)
        elif isinstance(event, events.FatalError):
            yield EngineStopped(event.exception)


def _scenario(event: Any) -> ScenarioDone:
    recorder = event.recorder
    cases = []
    for case_id, node in recorder.cases.items():
        interaction = recorder.interactions.get(case_id)
        if interaction is None:
            continue
        failures = [
            (check.name or failing_check(check.failure_info.failure), check.failure_info.failure)
            for check in recorder.checks.get(case_id, [])
            if check.failure_info is not None
        ]
        cases.append(_recorded(node.value, interaction, failures))
    return ScenarioDone(event.phase.value, event.label, event.is_test_scenario, len(recorder.cases), cases)


def _recorded(case: Any, interaction: Any, failures: list[tuple[str, Any]]) -> RecordedCase:
    request, response = interaction.request, interaction.response
    headers = {name: value[0] if isinstance(value, list) else value for name, value in request.headers.items()}
    return RecordedCase(
        case=case,
        method=request.method,
        url=request.uri,
        headers=headers,
        body=request.body,
        status=response.status_code if response is not None else None,
        content=response.content if response is not None else None,
        failures=failures,
    )
