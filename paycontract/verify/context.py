"""The state of one verify run, shared by the hooks, the checks, the probes and the report.

schemathesis dispatches `before_call`/`after_call` hooks and checks globally, so they are registered once
(`registration.register()`) and find the run they serve through `current()`; with no active run they do
nothing, and the same process can run several verifications one after another.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from paycontract.traffic.contract import TrafficContract
from paycontract.traffic.state import RunState
from paycontract.verify.auth import TokenProvider
from paycontract.verify.contract import Contract
from paycontract.verify.options import Credentials
from paycontract.verify.state import Expectation, ServerModel


@dataclass
class Identity:
    """An app the run acts as: its credentials and its token provider."""

    credentials: Credentials
    tokens: TokenProvider

    @property
    def app_id(self) -> int:
        """The app's id."""
        return self.credentials.app_id


@dataclass(frozen=True)
class Probe:
    """A request made wrong on purpose, and the status the contract requires for it."""

    kind: str
    expected: int
    description: str


@dataclass
class SentCase:
    """How the hook prepared one case: for whom, the wire parameters it signed, and what it expects."""

    app_id: int | None
    params: dict[str, str]
    positive: bool
    authenticated: bool
    expectation: Expectation | None = None
    probe: Probe | None = None
    token: str | None = None
    seen_seq: int = 0
    # Where a generated case was made invalid (None: not generated, or no record of it).
    negative: frozenset[str] | None = None
    # What a refusal probe expects of the request (`order_checks.Refusal`), when it is one.
    refusal: Any = None


@dataclass
class VerifyContext:
    """Everything the hooks and checks of one run consult."""

    contract: Contract
    base_url: str
    primary: Identity
    other: Identity | None = None
    model: ServerModel = field(init=False)
    excluded_operations: set[str] = field(default_factory=set)
    sent: dict[str, SentCase] = field(default_factory=dict)
    raw_cases: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    # The work units of this shard (`verify --shard`); None runs every unit.
    shard_units: frozenset[object] | None = None
    # What the traffic checks remember between exchanges (`paycontract.verify.driver`).
    traffic_state: RunState = field(default_factory=RunState)
    # Engine phases may judge on several threads at once; learning into `traffic_state` takes turns.
    traffic_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.model = ServerModel(self.contract.bill_retention_days)

    def identity_for(self, app_id: int | None) -> Identity | None:
        """The identity whose app is `app_id`, if the run acts as it."""
        for identity in (self.primary, self.other):
            if identity is not None and identity.app_id == app_id:
                return identity
        return None

    @cached_property
    def traffic(self) -> TrafficContract:
        """The spec as the traffic check engine reads it (a spec that lacks what it needs raises `SpecError`)."""
        return TrafficContract.from_spec(self.contract.spec)

    def secrets(self) -> dict[int, str]:
        """The secret of each app the run acts as, by app id (what the signature check needs)."""
        return {i.app_id: i.credentials.app_secret for i in (self.primary, self.other) if i is not None}

    def takes(self, unit: object) -> bool:
        """Whether this run's shard holds `unit` (a `shard.Unit`); always true when the run is not sharded."""
        return self.shard_units is None or unit in self.shard_units

    def record(self, case_id: str, sent: SentCase) -> None:
        """Remember how a case was prepared (read back by the checks after the call)."""
        with self._lock:
            self.sent[case_id] = sent


_CURRENT: VerifyContext | None = None


def current() -> VerifyContext | None:
    """The active run, or None outside a run."""
    return _CURRENT


@contextlib.contextmanager
def activated(ctx: VerifyContext) -> Iterator[VerifyContext]:
    """Make `ctx` the active run for the duration of the block."""
    global _CURRENT
    previous, _CURRENT = _CURRENT, ctx
    try:
        yield ctx
    finally:
        _CURRENT = previous
