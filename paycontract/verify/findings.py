"""What a run found: cases and failures per operation and phase, each distinct failure kept once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from paycontract.verify.rules import ContractViolation, builtin_rule
from paycontract.verify.schemathesis_internals import RecordedCase, raised_exception

# The phases a report shows, in order. `positive` and `negative` gather schemathesis' coverage and fuzzing
# cases by generation mode; `auth` are the refusal probes, `flows` the scripted sequences (probes.py, flows.py).
PHASES = ("examples", "positive", "negative", "stateful", "auth", "flows")


@dataclass(frozen=True)
class Exchange:
    """A request as sent and the start of what came back (or the transport error)."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | str | None
    status: int | None = None
    response: str = ""
    error: str | None = None


@dataclass
class Finding:
    """One distinct failure: which check, where, why, and an exchange that shows it."""

    check: str
    operation: str
    phase: str
    message: str
    exchange: Exchange | None
    # Where the contract states the rule broken: a spec pointer or a section of the published rules.
    # Keyword-only and required, so that no finding can leave it out.
    rule: str = field(kw_only=True)
    occurrences: int = 1


@dataclass
class RunResult:
    """Everything the report needs after a run."""

    cases: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: Counter[tuple[str, str]] = field(default_factory=Counter)
    findings: dict[tuple[str, ...], Finding] = field(default_factory=dict)
    operations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seed: int | None = None
    wall_time: float = 0.0
    generated_cases: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def passed(self) -> bool:
        """True when nothing failed."""
        return not self.findings

    @property
    def total_cases(self) -> int:
        """Every request the run sent and judged."""
        return sum(self.cases.values())

    def count_case(self, operation: str, phase: str) -> None:
        """One more case of `operation` in `phase`."""
        with self._lock:
            self.cases[(operation, phase)] += 1
            if operation not in self.operations:
                self.operations.append(operation)

    def add(self, finding: Finding, key: tuple[str, ...]) -> None:
        """Record a failure; one seen before (same key) only bumps its count."""
        with self._lock:
            self.failures[(finding.operation, finding.phase)] += 1
            if finding.operation not in self.operations:
                self.operations.append(finding.operation)
            existing = self.findings.get(key)
            if existing is None:
                self.findings[key] = finding
            else:
                existing.occurrences += 1

    def phase_total(self, phase: str) -> tuple[int, int]:
        """Cases and failures of one phase, over all operations."""
        cases = sum(n for (_, p), n in self.cases.items() if p == phase)
        return cases, sum(n for (_, p), n in self.failures.items() if p == phase)

    def checks_that_failed(self) -> list[str]:
        """The distinct check names behind the findings, sorted."""
        return sorted({finding.check for finding in self.findings.values()})


def exchange_from_recorded(recorded: RecordedCase) -> Exchange:
    """An `Exchange` from a case the engine recorded (request as sent, response if any)."""
    return Exchange(
        method=recorded.method,
        url=recorded.url,
        headers=recorded.headers,
        body=recorded.body,
        status=recorded.status,
        response=_start_of(recorded.content),
    )


def _start_of(content: bytes | None, limit: int = 300) -> str:
    if not content:
        return ""
    text = content[:limit].decode("utf-8", "replace")
    return text + ("…" if len(content) > limit else "")


def explain(raw: Mapping[str, Any], check: str, failure: Any, label: str, status: int | None) -> tuple[str, str]:
    """A failure's message and the rule it cites: its own for our checks, the spec's pointer for the others."""
    exception = raised_exception(failure)
    if isinstance(exception, ContractViolation):
        return exception.detail, exception.rule
    message = str(getattr(failure, "message", "") or getattr(failure, "title", "") or failure).strip()
    return message, builtin_rule(raw, check, label, status)
