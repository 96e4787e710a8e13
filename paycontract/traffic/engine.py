"""The check engine: every registered check on each exchange, then what the exchange teaches the state."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from paycontract.rules import DECISIONS, design
from paycontract.traffic.contract import TrafficContract
from paycontract.traffic.exchange import Exchange
from paycontract.traffic.findings import CLIENT, SERVER, Finding
from paycontract.traffic.learning import learn
from paycontract.traffic.registry import CHECKS, UPSTREAM, WITHOUT_BODY, Check
from paycontract.traffic.state import RunState
from paycontract.traffic.view import Seen


@dataclass
class Engine:
    """Runs `checks` on exchanges one at a time, sharing one `RunState`; counts what it found."""

    contract: TrafficContract
    secrets: Mapping[int, str]
    checks: Mapping[str, Check] = field(default_factory=lambda: dict(CHECKS))
    state: RunState = field(default_factory=RunState)
    exchanges: int = 0
    by_side: Counter[str] = field(default_factory=Counter)
    by_check: Counter[tuple[str, str]] = field(default_factory=Counter)

    def inspect(self, exchange: Exchange) -> list[Finding]:
        """The findings of one exchange (in check order); the state then learns from it."""
        self.exchanges += 1
        if exchange.error is not None:
            findings = [Finding(UPSTREAM, exchange.error, design(DECISIONS, "Envelope"), SERVER)]
        else:
            seen = Seen(
                exchange,
                self.contract,
                self.state,
                self.contract.route(exchange.method, exchange.path),
                dict(self.secrets),
            )
            checks = {n: c for n, c in self.checks.items() if exchange.body_recorded or n in WITHOUT_BODY}
            findings = [finding for name, check in checks.items() for finding in self._run(name, check, seen)]
            if exchange.body_recorded:
                learn(seen)
        for finding in findings:
            self.by_side[finding.side] += 1
            self.by_check[(finding.side, finding.check)] += 1
        return findings

    def failed(self, fail_on_client: bool = False) -> bool:
        """Whether the run breaks the contract: any server finding, or a client one when asked."""
        return bool(self.by_side[SERVER] or (fail_on_client and self.by_side[CLIENT]))

    def _run(self, name: str, check: Check, seen: Seen) -> list[Finding]:
        try:
            return [Finding(name, flaw.message, flaw.rule, flaw.side) for flaw in check(seen)]
        except Exception as exc:  # a check's own bug must not stop the traffic or hide the other checks
            print(
                f"paycontract: check {name} could not judge {seen.exchange.method} {seen.exchange.path}: {exc!r}",
                file=sys.stderr,
            )
            return []
