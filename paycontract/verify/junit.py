"""JUnit XML for CI: one test case per operation and phase, failed with its distinct findings; and the merge of
the reports of `verify --shard` runs into one (test cases unioned, case counts summed, failures kept)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from paycontract.errors import UserError
from paycontract.verify.findings import PHASES, RunResult
from paycontract.verify.report import curl_line
from paycontract.verify.shard import Shard, parse_shard

# Characters XML 1.0 cannot carry at all; generated request data may hold them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _suite(tests: int, failures: int, elapsed: float) -> tuple[ET.Element, ET.Element]:
    """The `<testsuites>` root and its one `<testsuite>`, with the run's totals."""
    suites = ET.Element("testsuites", name="paycontract verify")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="paycontract verify",
        tests=str(tests),
        failures=str(failures),
        errors="0",
        time=f"{elapsed:.3f}",
    )
    return suites, suite


def to_xml(result: RunResult, shard: Shard | None = None) -> ET.Element:
    """The `<testsuites>` tree of a run (naming its shard, if it ran one)."""
    pairs = [
        (operation, phase)
        for operation in result.operations
        for phase in PHASES
        if result.cases[(operation, phase)] or result.failures[(operation, phase)]
    ]
    failed = {(f.operation, f.phase) for f in result.findings.values()}
    suites, suite = _suite(len(pairs), len(failed & set(pairs)), result.wall_time)
    if shard is not None:
        ET.SubElement(ET.SubElement(suite, "properties"), "property", name="shard", value=str(shard))
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
                    f"{f.check} — rule: {f.rule or '(none)'}\n{f.message}"
                    + (f"\n$ {curl_line(f.exchange)}" if f.exchange else "")
                    for f in findings
                )
            )
    return suites


def write(result: RunResult, path: Path, shard: Shard | None = None) -> None:
    """Write the run's JUnit XML to `path`."""
    write_tree(to_xml(result, shard), path)


def write_tree(root: ET.Element, path: Path) -> None:
    """Write a `<testsuites>` tree to `path`, indented, creating its folder."""
    tree = ET.ElementTree(root)
    ET.indent(tree)
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def merge(paths: Sequence[Path]) -> ET.Element:
    """One report from the shards' reports: a test case per (operation, phase) seen in any of them, its case
    counts summed and every distinct failure kept; the suite's time is the shards' summed time. When the inputs
    name their shards, they must be shards 1..N of one N, each once (a missing shard would lose coverage)."""
    cases: dict[tuple[str, str], dict[str, object]] = {}
    shards: list[Shard] = []
    elapsed = 0.0
    for path in paths:
        suite = _suite_of(path)
        elapsed += float(suite.get("time") or 0)
        shards += [parse_shard(p.get("value", "")) for p in suite.iter("property") if p.get("name") == "shard"]
        for case in suite.iter("testcase"):
            key = (case.get("classname", ""), case.get("name", ""))
            merged = cases.setdefault(key, {"count": 0, "checks": set(), "texts": []})
            merged["count"] = int(merged["count"]) + _case_count(case)  # type: ignore[call-overload]
            for failure in case.iter("failure"):
                merged["checks"].update(c.strip() for c in failure.get("message", "").split(";") if c.strip())  # type: ignore[attr-defined]
                if failure.text and failure.text not in merged["texts"]:  # type: ignore[operator]
                    merged["texts"].append(failure.text)  # type: ignore[attr-defined]
    _check_shards(shards, len(paths))
    return _merged_tree(cases, elapsed)


def _suite_of(path: Path) -> ET.Element:
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise UserError(f"--merge-junit {path}: no such file") from None
    except (ET.ParseError, OSError) as exc:
        raise UserError(f"--merge-junit {path}: not a readable JUnit XML report ({exc})") from None
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    if suite is None:
        raise UserError(f"--merge-junit {path}: no <testsuite> in it")
    return suite


def _case_count(case: ET.Element) -> int:
    out = case.find("system-out")
    head = (out.text or "").split()[:1] if out is not None else []
    return int(head[0]) if head and head[0].isdigit() else 0


def _check_shards(shards: list[Shard], inputs: int) -> None:
    if not shards:
        return
    counts = {shard.count for shard in shards}
    wanted = sorted(range(1, max(counts) + 1))
    if len(shards) != inputs or len(counts) != 1 or sorted(shard.index for shard in shards) != wanted:
        given = ", ".join(str(shard) for shard in shards)
        raise UserError(f"--merge-junit: the reports must be shards 1/N..N/N of one N, each once (got {given})")


def _merged_tree(cases: dict[tuple[str, str], dict[str, object]], elapsed: float) -> ET.Element:
    order = {phase: i for i, phase in enumerate(PHASES)}
    keys = sorted(cases, key=lambda key: (key[0], order.get(key[1], len(order)), key[1]))
    failed = [key for key in keys if cases[key]["checks"] or cases[key]["texts"]]
    suites, suite = _suite(len(keys), len(failed), elapsed)
    for key in keys:
        merged = cases[key]
        case = ET.SubElement(suite, "testcase", classname=key[0], name=key[1])
        ET.SubElement(case, "system-out").text = f"{merged['count']} cases"
        if key in failed:
            failure = ET.SubElement(case, "failure", message="; ".join(sorted(merged["checks"])), type="contract")  # type: ignore[call-overload]
            failure.text = "\n\n".join(merged["texts"])  # type: ignore[call-overload]
    return suites
