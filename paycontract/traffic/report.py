"""What a traffic run prints and writes: one line per finding as it happens, an NDJSON object per exchange,
a JUnit report with one test case per check, and the summary with the exit status."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import IO

from paycontract.errors import UserError
from paycontract.traffic.engine import Engine
from paycontract.traffic.exchange import Exchange
from paycontract.traffic.findings import CLIENT, SERVER, Finding
from paycontract.traffic.registry import UPSTREAM


class Reporter:
    """Prints findings to `out` while the run goes, and keeps what the JUnit report needs."""

    def __init__(self, ndjson: Path | None = None, junit: Path | None = None, out: IO[str] | None = None) -> None:
        self.out = out or sys.stdout
        self.junit = junit
        self.ndjson = _open(ndjson) if ndjson else None
        self.found: dict[str, list[tuple[str, Finding]]] = defaultdict(list)

    def record(self, exchange: Exchange, findings: list[Finding]) -> None:
        """Print one line per finding and write the exchange's NDJSON object."""
        where = f"{exchange.method} {exchange.path} → {exchange.status or 'no answer'}"
        for finding in findings:
            print(f"{where}: {finding.line()}", file=self.out, flush=True)
            self.found[finding.check].append((where, finding))
        if self.ndjson is not None:
            failures = [{"check": f.check, "message": f.message, "rule": f.rule, "side": f.side} for f in findings]
            line = {"method": exchange.method, "path": exchange.path, "status": exchange.status, "failures": failures}
            self.ndjson.write(json.dumps(line, ensure_ascii=False) + "\n")
            self.ndjson.flush()

    def finish(self, engine: Engine, fail_on_client: bool, label: str) -> int:
        """Print the summary, write the JUnit report; the exit status (1 when the run broke the contract)."""
        if self.ndjson is not None:
            self.ndjson.close()
        server, client = engine.by_side[SERVER], engine.by_side[CLIENT]
        counts = f"{server} server finding(s), {client} client finding(s)"
        print(f"{label}: {engine.exchanges} exchange(s), {counts}", file=self.out)
        for (side, check), count in sorted(engine.by_check.items()):
            print(f"  {side} {check}: {count}", file=self.out)
        if self.junit is not None:
            self._write_junit(engine, fail_on_client, label)
        return 1 if engine.failed(fail_on_client) else 0

    def _write_junit(self, engine: Engine, fail_on_client: bool, label: str) -> None:
        names = [*engine.checks, UPSTREAM]
        suite = ET.Element("testsuite", name=label, tests=str(len(names)))
        failures = 0
        for name in names:
            case = ET.SubElement(suite, "testcase", classname=label, name=name)
            counted = [(w, f) for w, f in self.found.get(name, []) if f.side == SERVER or fail_on_client]
            text = "\n".join(f"{where}: {finding.line()}" for where, finding in self.found.get(name, []))
            if counted:
                failures += 1
                failure = ET.SubElement(case, "failure", message=counted[0][1].message[:200])
                failure.text = text
            elif text:
                ET.SubElement(case, "system-out").text = text
        suite.set("failures", str(failures))
        try:
            ET.ElementTree(suite).write(self.junit, encoding="utf-8", xml_declaration=True)
        except OSError as exc:
            raise UserError(f"cannot write the JUnit report: {exc.strerror}", where=str(self.junit)) from None


def _open(path: Path) -> IO[str]:
    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write: {exc.strerror}", where=str(path)) from None
