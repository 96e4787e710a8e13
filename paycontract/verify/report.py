"""What a person sees: progress while the run goes, then a summary table and each distinct failure once, with a
runnable (signed, authenticated) curl line and the start of the answer.
"""

from __future__ import annotations

import shlex
import sys
from typing import TextIO

from paycontract.verify.findings import PHASES, Exchange, RunResult

# Headers a transport adds on its own; a reproduction line does not need them.
_NOISE_HEADERS = {
    "user-agent",
    "accept-encoding",
    "accept",
    "connection",
    "content-length",
    "x-schemathesis-testcaseid",
}


class Progress:
    """Prints one line per phase and per operation as the run goes (nothing when quiet)."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stdout
        self.quiet = quiet
        self._sequences: list[int] = [0, 0, 0]

    def _print(self, text: str) -> None:
        if not self.quiet:
            print(text, file=self.stream, flush=True)

    def phase(self, name: str) -> None:
        """A phase begins (and the stateful tally, if any, is printed)."""
        self.flush()
        self._print(f"== {name}")

    def flush(self) -> None:
        """Print the stateful phase's tally once its sequences are done."""
        runs, cases, failures = self._sequences
        if runs:
            status = f"{failures} FAILED" if failures else "ok"
            self._print(f"   stateful  {runs} sequences{'':<20} {cases:>5} cases  {status}")
        self._sequences = [0, 0, 0]

    def note(self, text: str) -> None:
        """Something the person should know about the run itself."""
        self._print(f"   note: {text}")

    def scenario(self, phase: str, label: str, cases: dict[str, int], failures: dict[str, int]) -> None:
        """An operation (or a stateful sequence, tallied) finished in a phase."""
        total, failed = sum(cases.values()), sum(failures.values())
        if phase == "stateful":
            self._sequences = [self._sequences[0] + 1, self._sequences[1] + total, self._sequences[2] + failed]
            return
        split = ", ".join(f"{n} {name}" for name, n in cases.items()) if len(cases) > 1 else ""
        status = f"{failed} FAILED" if failed else "ok"
        self._print(f"   {phase:<9} {label:<32} {total:>5} cases{f' ({split})' if split else ''}  {status}")

    def tally(self, phase: str, totals: tuple[int, int]) -> None:
        """A phase of explicit requests finished: its cases and failures."""
        cases, failures = totals
        self._print(
            f"   {phase:<9} {'all operations':<32} {cases:>5} cases  {f'{failures} FAILED' if failures else 'ok'}"
        )

    def error(self, label: str, message: str) -> None:
        """A request or operation could not be tested (network error, crash of the server)."""
        self._print(f"   error     {label:<32} {message.splitlines()[0][:100]}")


def summary_table(result: RunResult) -> str:
    """Operation × phase: cases run, and failures after a slash when there are any."""
    phases = [phase for phase in PHASES if any(p == phase for (_, p) in result.cases | result.failures)]
    header = ["operation", *phases, "total"]
    rows = [header]
    for operation in result.operations:
        cells = [operation]
        for phase in phases:
            cells.append(_cell(result.cases[(operation, phase)], result.failures[(operation, phase)]))
        total_cases = sum(result.cases[(operation, phase)] for phase in phases)
        total_failures = sum(result.failures[(operation, phase)] for phase in phases)
        rows.append([*cells, _cell(total_cases, total_failures)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(cases: int, failures: int) -> str:
    if not cases and not failures:
        return "-"
    return f"{cases}/{failures}F" if failures else str(cases)


def curl_line(exchange: Exchange) -> str:
    """A curl command that sends the recorded request again, signature and token included."""
    parts = ["curl", "-X", exchange.method, shlex.quote(exchange.url)]
    for name, value in exchange.headers.items():
        if name.lower() not in _NOISE_HEADERS:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    body = exchange.body
    if body:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        parts += ["--data-raw", shlex.quote(text)]
    return " ".join(parts)


def render_findings(result: RunResult) -> str:
    """Every distinct failure once: check, operation and phase, what is wrong, how to reproduce it."""
    blocks = []
    for number, finding in enumerate(result.findings.values(), start=1):
        times = f", {finding.occurrences} times" if finding.occurrences > 1 else ""
        lines = [f"{number}. {finding.check} — {finding.operation} ({finding.phase}{times})"]
        lines += [f"   {line}" for line in finding.message.splitlines()[:6] if line.strip()]
        if finding.rule:
            lines.append(f"   rule: {finding.rule}")
        if finding.exchange is not None:
            lines.append(f"   $ {curl_line(finding.exchange)}")
            if finding.exchange.error:
                lines.append(f"   -> {finding.exchange.error}")
            elif finding.exchange.status is not None:
                lines.append(f"   -> {finding.exchange.status} {finding.exchange.response}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def render(result: RunResult) -> str:
    """The full end-of-run report."""
    parts = ["", summary_table(result), ""]
    if result.notes:
        parts += ["notes:", *(f"  - {note}" for note in result.notes), ""]
    if result.findings:
        parts += [f"{len(result.findings)} distinct failures:", "", render_findings(result), ""]
    verdict = "FAILED" if result.findings else "passed"
    parts.append(
        f"verify {verdict}: {len(result.findings)} distinct failures in {result.total_cases} cases, "
        f"{result.generated_cases} of them generated ({result.wall_time:.1f} s, seed {result.seed}; "
        f"rerun with --seed {result.seed})"
    )
    return "\n".join(parts)
