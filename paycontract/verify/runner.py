"""Drive a verify run: setup, schemathesis' engine (examples, coverage, fuzzing, stateful), auth probes, flows.

The engine is configured through `SchemathesisConfig` (what `schemathesis.toml` would say) and its events are
folded into a `RunResult` as they arrive; the hooks and checks it runs are this package's.
"""

from __future__ import annotations

import copy
import random
import time
from typing import Any

import schemathesis

from paycontract.errors import UserError
from paycontract.paths import default_spec_path
from paycontract.spec import load_spec
from paycontract.verify import flows, order_checks, pattern_formats, probes, protocol_checks, registration, setup, shard
from paycontract.verify.auth import TokenProvider, describe_transport_error
from paycontract.verify.context import Identity, VerifyContext, activated, current
from paycontract.verify.contract import Contract
from paycontract.verify.explicit import Explicit, exchange_from_prepared
from paycontract.verify.findings import Finding, RunResult, exchange_from_recorded, explain
from paycontract.verify.options import Credentials, VerifyOptions, normalise_base_url
from paycontract.verify.report import Progress
from paycontract.verify.rules import builtin_rule
from paycontract.verify.schemathesis_internals import (
    EngineError,
    EngineStopped,
    PhaseStart,
    ScenarioDone,
    disable_phases,
    drop_unproducible_inputs,
    engine_events,
    failure_key,
    is_negative,
)

# Statuses a schema-violating request may get: the documented refusals (never a 2xx, never a 5xx).
NEGATIVE_STATUSES = ["400", "401", "403", "404", "405", "406", "410", "413"]
STATEFUL_MAX_STEPS = 6
ENGINE_PHASES = {"examples": "examples", "coverage": None, "fuzzing": None, "stateful": "stateful"}


def engine_config(options: VerifyOptions, base_url: str | None, seed: int | None) -> schemathesis.Config:
    """The schemathesis configuration of a run (the same keys a `schemathesis.toml` takes)."""
    target = {"base-url": base_url} if base_url else {}
    if seed is not None:
        target["seed"] = seed
    return schemathesis.Config.from_dict(
        {
            **target,
            "workers": options.workers,
            "request-timeout": options.timeout,
            "warnings": False,
            # Every failing case is judged, not only the first per operation; the report keeps each once.
            "continue-on-failure": True,
            "generation": {"max-examples": options.max_examples, "mode": "all", "database": "none", "no-shrink": True},
            "checks": {
                # Replaced by acceptance_conformance, which knows the state-dependent refusals (410, 404, 400).
                "positive_data_acceptance": {"enabled": False},
                # The auth probes send the same requests without a token and with a garbage one, once per
                # operation and signed; this check's own probes repeated them, case after case.
                "ignored_auth": {"enabled": False},
                "negative_data_rejection": {"expected-statuses": NEGATIVE_STATUSES},
            },
            "phases": {
                # Examples come from the spec only, not from ids captured in earlier answers.
                "examples": {"extra-data-sources": {"responses": False}},
                # Sequences follow the spec's links only, not links guessed from parameter names.
                "stateful": {"max-steps": STATEFUL_MAX_STEPS, "inference": {"algorithms": []}},
            },
            "output": {"sanitization": {"enabled": False}},
        }
    )


def build_context(options: VerifyOptions) -> VerifyContext:
    """Load the spec and set up the identities of a run (no request is sent yet)."""
    spec = load_spec(options.spec_path or default_spec_path())
    contract = Contract.from_spec(spec)
    if options.base_url is None or options.app is None:
        raise UserError("a run needs --base-url and the app's credentials")
    base_url = normalise_base_url(options.base_url, contract.base_path)
    unknown = [op_id for op_id in [*options.include, *options.exclude] if op_id not in contract.by_id]
    if unknown:
        known = ", ".join(contract.by_id)
        raise UserError(f"unknown operation id {unknown[0]!r} (the spec has: {known})")

    def identity(credentials: Credentials) -> Identity:
        return Identity(credentials, TokenProvider(contract, base_url, credentials, timeout=options.timeout))

    other = identity(options.other_app) if options.other_app else None
    ctx = VerifyContext(contract, base_url, identity(options.app), other)
    ctx.traffic  # noqa: B018 - a spec the per-response checks cannot read fails here, before any request
    return ctx


def load_schema(contract: Contract, config: schemathesis.Config) -> Any:
    """The spec as a schemathesis schema, handing the active run's token to every case that needs one; verify's
    checks and hooks are registered first, and the sign's pattern gets a format that draws it cheaply."""
    registration.register()
    raw = copy.deepcopy(contract.spec.raw)
    pattern_formats.add_formats(raw, contract.rule.parameter)
    schema = schemathesis.openapi.from_dict(raw, config=config)

    class RunToken:
        """The active run's cached token (none outside a run)."""

        def get(self, case: Any, context: Any) -> str | None:
            ctx = current()
            return ctx.primary.tokens.token() if ctx is not None else None

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers[contract.token_header] = data

    token_op = contract.token_operation.id
    schema.auth(refresh_interval=None, retry_on=[]).skip_for(operation_id=token_op)(RunToken)
    # schemathesis guesses from names that `app_id`, `product_id` and `source_id` refer to resources; since
    # nothing creates an "App" or a "Product", it would never start a stateful sequence with `createOrder`, and
    # the order links would go untested. They are credentials and merchant codes, which every request can carry
    # as generated. (A schemathesis without this analysis starts sequences where it decides.)
    drop_unproducible_inputs(schema)
    return schema


def run(options: VerifyOptions, progress: Progress) -> RunResult:
    """Run the whole suite against `options.base_url`; the result says what failed."""
    started = time.monotonic()
    ctx = build_context(options)
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**32)
    result = RunResult(seed=seed)
    schema = load_schema(ctx.contract, engine_config(options, ctx.base_url, seed))
    if options.shard is not None:
        units = work_units(ctx, options)
        ctx.shard_units = frozenset(shard.plan(units, options.shard))
        ctx.notes.append(shard.describe(options.shard, sorted(ctx.shard_units, key=shard.Unit.sort_key), len(units)))
    with activated(ctx):
        setup.authenticate(ctx)
        setup.report_transient_errors(ctx, result)
        explicit = Explicit(ctx, schema, result)
        progress.phase("setup")
        setup.prepare_server(ctx, explicit)
        progress.note(setup.describe(ctx))
        for note in ctx.notes:
            progress.note(note)
        tested = schema
        if options.include:
            tested = tested.include(operation_id=options.include)
        excluded = [*options.exclude, *sorted(ctx.excluded_operations)]
        if excluded:
            tested = tested.exclude(operation_id=excluded)
        if options.shard is None:
            run_engine(tested, result, progress)
        else:
            run_shard_engine(ctx, options, seed, excluded, result, progress)
        explicit.server_gone = any(f.message.startswith("Server Unavailable") for f in result.findings.values())
        if explicit.server_gone:
            ctx.notes.append("the server stopped responding; auth probes and flows were not sent")
        progress.phase("auth")
        probes.run(ctx, explicit, _selected(ctx, options))
        protocol_checks.run(ctx, result, _selected(ctx, options))
        order_checks.run(ctx, explicit, _selected(ctx, options))
        progress.tally("auth", result.phase_total("auth"))
        progress.phase("flows")
        flows.run(ctx, explicit, _selected(ctx, options))
        progress.tally("flows", result.phase_total("flows"))
        # Tokens refreshed mid-run went through the same retries; a reset one of them got past is reported too.
        setup.report_transient_errors(ctx, result)
    result.notes = [*ctx.notes, *result.notes]
    order = list(ctx.contract.by_label)
    result.operations.sort(key=lambda label: order.index(label) if label in order else len(order))
    result.wall_time = time.monotonic() - started
    return result


def work_units(ctx: VerifyContext, options: VerifyOptions) -> list[shard.Unit]:
    """Every unit of a full run with these options (before setup, so every shard enumerates the same list)."""
    selected = set(options.include or ctx.contract.by_id) - set(options.exclude)
    engine = [shard.Unit(shard.ENGINE, op.id) for op in ctx.contract.spec.operations if op.id in selected]
    stateful = [shard.Unit(shard.STATEFUL)] if engine else []
    refusals = [*protocol_checks.planned(ctx, selected), *order_checks.planned(ctx, selected)]
    return [*engine, *stateful, *probes.planned(ctx, selected), *refusals, *flows.planned(ctx, selected)]


def run_shard_engine(
    ctx: VerifyContext, options: VerifyOptions, seed: int, excluded: list[str], result: RunResult, progress: Progress
) -> None:
    """The engine's part of a shard: its operations' examples, coverage and fuzzing, then (if it holds them) the
    stateful sequences over every selected operation, as links cross operations."""
    held = set(shard.engine_operations(list(ctx.shard_units or ())))
    ops = [op for op in _selected(ctx, options) if op in held]
    if ops:
        config = engine_config(options, ctx.base_url, seed)
        disable_phases(config, "stateful")
        run_engine(load_schema(ctx.contract, config).include(operation_id=ops), result, progress)
    if ctx.takes(shard.Unit(shard.STATEFUL)):
        config = engine_config(options, ctx.base_url, seed)
        disable_phases(config, "examples", "coverage", "fuzzing")
        stateful = load_schema(ctx.contract, config)
        if options.include:
            stateful = stateful.include(operation_id=options.include)
        run_engine(stateful.exclude(operation_id=excluded) if excluded else stateful, result, progress)


def _selected(ctx: VerifyContext, options: VerifyOptions) -> set[str]:
    ids = set(options.include or ctx.contract.by_id)
    return ids - set(options.exclude) - ctx.excluded_operations


def run_engine(schema: Any, result: RunResult, progress: Progress) -> None:
    """Run schemathesis' phases, folding every finished scenario into `result` and reporting progress."""
    for event in engine_events(schema):
        if isinstance(event, PhaseStart) and event.name in ENGINE_PHASES:
            progress.phase(event.name)
        elif isinstance(event, ScenarioDone):
            _fold_scenario(event, result, progress)
        elif isinstance(event, EngineError):
            _fold_error(event, result, progress)
        elif isinstance(event, EngineStopped):
            raise UserError(f"the test engine stopped: {event.error}", exit_code=1)


# Engine errors that say something about the server, reported as findings; the others are about the run
# itself (no links left after filtering, a health check of the generator) and become notes.
TRANSPORT_ERRORS = {"Network Error", "Server Unavailable", "Unresponsive Operation", "Unhealthy API"}
RUN_NOTES = {"Missing Open API links", "Failed Health Check", "Configuration Error", "Schema Error"}


def _fold_error(event: EngineError, result: RunResult, progress: Progress) -> None:
    label = event.label if event.label and event.label != "-" else "(run)"
    message = f"{event.title}: {event.message}".strip()
    if event.title in RUN_NOTES:
        result.notes.append(f"{label}: {message.splitlines()[0]}")
        progress.note(f"{label}: {message.splitlines()[0]}")
        return
    check = "transport" if event.title in TRANSPORT_ERRORS else "error"
    request = getattr(event.error, "request", None)
    exchange = exchange_from_prepared(request, describe_transport_error(event.error)) if request is not None else None
    phase = _phase_name(event.phase or "stateful", None)
    rule = builtin_rule(_raw_spec(), check, label, None)
    result.add(Finding(check, label, phase, message, exchange, rule=rule), (check, label, message.splitlines()[0]))
    progress.error(label, message)


def _fold_scenario(event: ScenarioDone, result: RunResult, progress: Progress) -> None:
    if event.is_test:
        # The same count schemathesis reports as "generated" (the benchmark compares the two).
        result.generated_cases += event.generated
    counted: dict[str, int] = {}
    failed: dict[str, int] = {}
    for recorded in event.cases:
        label = recorded.case.operation.label
        phase = _phase_name(event.phase, recorded.case)
        result.count_case(label, phase)
        counted[phase] = counted.get(phase, 0) + 1
        for name, failure in recorded.failures:
            exchange = exchange_from_recorded(recorded)
            message, rule = explain(_raw_spec(), name, failure, label, exchange.status)
            key = (name, label, type(failure).__name__, failure_key(failure))
            result.add(Finding(name, label, phase, message, exchange, rule=rule), key)
            failed[phase] = failed.get(phase, 0) + 1
    progress.scenario(event.phase, event.label or "stateful sequences", counted, failed)


def _raw_spec() -> dict[str, Any]:
    ctx = current()
    return ctx.contract.spec.raw if ctx is not None else {}


def _phase_name(engine_phase: str, case: Any) -> str:
    name = ENGINE_PHASES.get(engine_phase, engine_phase)
    if name is not None:
        return name
    return "negative" if is_negative(case) else "positive"
