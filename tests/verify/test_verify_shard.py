"""`verify --shard K/N` and `--merge-junit`: the shards of a run partition it, and their reports fold into one."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from paycontract.errors import UserError
from paycontract.verify.options import DEFAULT_MAX_EXAMPLES
from paycontract.verify.shard import AUTH, ENGINE, FLOW, STATEFUL, Shard, Unit, parse_shard, plan
from tests.verify.test_verify_self_check import verify_against

ROOT = Path(__file__).resolve().parents[2]
UNITS = [
    *(Unit(ENGINE, op) for op in ("createOrder", "queryOrders", "createChannel", "listChannels", "getBill")),
    Unit(STATEFUL),
    *(Unit(AUTH, op, probe) for op in ("createOrder", "getBill") for probe in ("no-token", "wrong-sign", "other-app")),
    *(Unit(FLOW, "", name) for name in ("routing", "bill-window", "isolation")),
]


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_shards_together_are_the_full_run_and_never_overlap(count: int) -> None:
    parts = [plan(UNITS, Shard(k, count)) for k in range(1, count + 1)]
    assert sorted(u for part in parts for u in part) == sorted(set(UNITS))
    assert sum(len(part) for part in parts) == len(set(UNITS))
    assert max(len(p) for p in parts) - min(len(p) for p in parts) <= 1


def test_the_plan_does_not_depend_on_the_order_units_are_listed_in() -> None:
    assert plan(UNITS, Shard(2, 3)) == plan(list(reversed(UNITS)), Shard(2, 3))


@pytest.mark.parametrize("text", ["0/2", "3/2", "x", "1/0", "2"])
def test_a_bad_shard_is_one_line_and_exit_2(text: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "paycontract", "verify", "--shard", text],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and "--shard" in lines[0], lines
    with pytest.raises(UserError, match="--shard"):
        parse_shard(text)


def _cases(report: Path) -> set[tuple[str, str]]:
    root = ET.parse(report).getroot()
    return {(case.get("classname", ""), case.get("name", "")) for case in root.iter("testcase")}


def test_two_shards_merge_into_the_report_of_one_run(tmp_path: Path) -> None:
    """Both shards pass the reference server; their merged report holds every test case of an unsharded run."""
    (tmp_path / "whole").mkdir()
    whole = verify_against("none", tmp_path / "whole")
    assert whole.exit_code == 0, whole.output[-2000:]
    reports = []
    for k in (1, 2):
        folder = tmp_path / f"shard{k}"
        folder.mkdir()
        outcome = verify_against("none", folder, ("--shard", f"{k}/2"))
        assert outcome.exit_code == 0, outcome.output[-2000:]
        assert f"shard {k}/2" in outcome.output
        reports.append(folder / "none.xml")
    merged = tmp_path / "merged.xml"
    done = subprocess.run(
        [sys.executable, "-m", "paycontract", "verify", "--merge-junit", str(merged), *map(str, reports)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _cases(merged) == _cases(tmp_path / "whole" / "none.xml")


def test_merging_an_incomplete_set_of_shards_is_refused(tmp_path: Path) -> None:
    report = tmp_path / "one.xml"
    report.write_text(
        '<testsuites><testsuite name="paycontract verify" tests="1" failures="0">'
        '<properties><property name="shard" value="1/2"/></properties>'
        '<testcase classname="POST /orders" name="positive"/></testsuite></testsuites>',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "paycontract", "verify", "--merge-junit", str(tmp_path / "out.xml"), str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and len((done.stdout + done.stderr).strip().splitlines()) == 1


# Faults caught in different kinds of work unit: the engine's schema checks, the auth probes, the flows.
SHARDED_FAULTS = [
    "number-as-string",
    "unchecked-signature",
    "lost-write",
    "leaks-other-apps-orders",
    "delete-twice-succeeds",
]


# `verify`'s default budget, with the self-check's seed.
DEFAULT_BUDGET = ("--max-examples", str(DEFAULT_MAX_EXAMPLES), "--seed", "20261125")


@pytest.mark.slow
@pytest.mark.parametrize("fault", SHARDED_FAULTS)
def test_two_shards_find_what_one_run_finds(fault: str, tmp_path: Path) -> None:
    """On a broken server, at the default budget, the failed checks of shards 1/2 and 2/2 together are those of
    the unsharded run."""
    runs = {"whole": (), "1": ("--shard", "1/2"), "2": ("--shard", "2/2")}
    for name in runs:
        (tmp_path / name).mkdir()
    with ThreadPoolExecutor(max_workers=len(runs)) as pool:
        done = pool.map(lambda name: verify_against(fault, tmp_path / name, (*DEFAULT_BUDGET, *runs[name])), runs)
        outcomes = dict(zip(runs, done, strict=True))
    whole, parts = outcomes["whole"], [outcomes["1"], outcomes["2"]]
    assert whole.exit_code == 1 and whole.checks, whole.output[-2000:]
    assert 1 in {part.exit_code for part in parts}
    assert set().union(*(part.checks for part in parts)) == whole.checks
