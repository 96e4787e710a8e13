"""JUnit XML for CI: one test case per operation and phase, failed with its distinct findings."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from paycontract.verify.findings import PHASES, RunResult
from paycontract.verify.report import curl_line

# Characters XML 1.0 cannot carry at all; generated request data may hold them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def to_xml(result: RunResult) -> ET.Element:
    """The `<testsuites>` tree of a run."""
    pairs = [
        (operation, phase)
        for operation in result.operations
        for phase in PHASES
        if result.cases[(operation, phase)] or result.failures[(operation, phase)]
    ]
    failed = {(f.operation, f.phase) for f in result.findings.values()}
    suites = ET.Element("testsuites", name="paycontract verify")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="paycontract verify",
        tests=str(len(pairs)),
        failures=str(len(failed & set(pairs))),
        errors="0",
        time=f"{result.wall_time:.3f}",
    )
    for operation, phase in pairs:
        case = ET.SubElement(suite, "testcase", classname=_safe(operation), name=phase)
        ET.SubElement(case, "system-out").text = f"{result.cases[(operation, phase)]} cases"
        findings = [f for f in result.findings.values() if (f.operation, f.phase) == (operation, phase)]
        if findings:
            failure = ET.SubElement(
                case,
                "failure",
                message=_safe("; ".join(sorted({f.check for f in findings}))),
                type="contract",
            )
            failure.text = _safe(
                "\n\n".join(
                    f"{f.check}: {f.message}" + (f"\n$ {curl_line(f.exchange)}" if f.exchange else "") for f in findings
                )
            )
    return suites


def write(result: RunResult, path: Path) -> None:
    """Write the run's JUnit XML to `path`."""
    tree = ET.ElementTree(to_xml(result))
    ET.indent(tree)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)
