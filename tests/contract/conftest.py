"""The contract suite under pytest: `pytest tests/contract [--base-url URL --app-id ID --app-secret S
[--other-app-id ID --other-app-secret S]]`. Without `--base-url` the bundled reference server is started
(fresh database, demo apps), so the suite runs in CI as well.

It shares everything with `paycontract verify`: the token provider, the signing hook, the state model, the
checks, the probes and the flows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from paycontract.errors import UserError
from paycontract.launcher import DEMO_APPS, running_server
from paycontract.verify import runner, setup
from paycontract.verify.context import VerifyContext, activated
from paycontract.verify.explicit import Explicit
from paycontract.verify.findings import RunResult
from paycontract.verify.options import Credentials, VerifyOptions

# Flags of this folder only; their `dest`s are prefixed so they cannot clash with another plugin's.
OPTIONS = {
    "--base-url": ("contract_base_url", str, "deployment to verify (default: start the bundled reference server)"),
    "--app-id": ("contract_app_id", int, "the app to act as"),
    "--app-secret": ("contract_app_secret", str, "its secret"),
    "--other-app-id": ("contract_other_app_id", int, "a second app, for isolation and 403 checks"),
    "--other-app-secret": ("contract_other_app_secret", str, "its secret"),
}
PYTEST_MAX_EXAMPLES = 10


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("paycontract contract suite")
    for flag, (dest, kind, help_text) in OPTIONS.items():
        group.addoption(flag, dest=dest, type=kind, default=None, help=help_text)


@dataclass
class ContractRun:
    """The active run of the session: its context, its schema and what setup found."""

    ctx: VerifyContext
    explicit: Explicit
    result: RunResult


def _option(config: pytest.Config, flag: str) -> Any:
    # Options are registered only when this folder is named on the command line; otherwise all are unset.
    return config.getoption(OPTIONS[flag][0], default=None)


def _credentials(config: pytest.Config, id_flag: str, secret_flag: str) -> Credentials | None:
    app_id, secret = _option(config, id_flag), _option(config, secret_flag)
    return Credentials(app_id, secret) if app_id is not None and secret is not None else None


@pytest.fixture(scope="session")
def contract_options(pytestconfig: pytest.Config) -> Iterator[VerifyOptions]:
    """Options of the session's run, against `--base-url` or a freshly started reference server."""
    base_url = _option(pytestconfig, "--base-url")
    app = _credentials(pytestconfig, "--app-id", "--app-secret")
    other = _credentials(pytestconfig, "--other-app-id", "--other-app-secret")
    if base_url is not None:
        options = VerifyOptions(base_url=base_url, app=app, other_app=other, max_examples=PYTEST_MAX_EXAMPLES)
        try:
            options.validate()
        except UserError as exc:
            raise pytest.UsageError(str(exc)) from None
        yield options
        return
    (app_id, secret, _), (other_id, other_secret, _) = DEMO_APPS[:2]
    with running_server() as server:
        yield VerifyOptions(
            base_url=server.base_url,
            app=app or Credentials(app_id, secret),
            other_app=other or Credentials(other_id, other_secret),
            max_examples=PYTEST_MAX_EXAMPLES,
        )


@pytest.fixture(scope="session")
def contract_run(contract_options: VerifyOptions) -> Iterator[ContractRun]:
    """Authenticate, learn the server (setup), and keep the run active for every contract test."""
    ctx = runner.build_context(contract_options)
    result = RunResult()
    explicit = Explicit(
        ctx, runner.load_schema(ctx.contract, runner.engine_config(contract_options, None, None)), result
    )
    with activated(ctx):
        try:
            setup.authenticate(ctx)
        except UserError as exc:
            pytest.exit(f"contract suite: {exc}", returncode=2)
        setup.prepare_server(ctx, explicit)
        yield ContractRun(ctx, explicit, result)
