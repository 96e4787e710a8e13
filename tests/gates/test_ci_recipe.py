"""The documented CI recipe runs the five release gates in order, each a valid `paycontract` command."""

from __future__ import annotations

import os
import shlex

import yaml

from paycontract.cli import build_parser, main
from tests.conftest import ROOT

RECIPE = ROOT / "docs" / "ci" / "github-actions.yml"
ORDER = [("lint",), ("generate", "--check"), ("docs", "check"), ("diff",), ("verify",)]


def _gate_commands() -> list[list[str]]:
    workflow = yaml.safe_load(RECIPE.read_text(encoding="utf-8"))
    steps = next(iter(workflow["jobs"].values()))["steps"]
    gates = [s for s in steps if str(s.get("name", "")).startswith("Gate ")]
    assert [s["name"].split(":")[0] for s in gates] == [f"Gate {i}" for i in range(1, 6)]
    return [shlex.split(s["run"].split("|")[0]) for s in gates]


def test_gates_run_in_order_and_parse(monkeypatch) -> None:
    for name, value in {"STAGING_URL": "https://staging.example.com/v1", "APP_ID": "10001", "APP_SECRET": "s"}.items():
        monkeypatch.setenv(name, value)
    commands = [[os.path.expandvars(a) for a in argv] for argv in _gate_commands()]
    parser = build_parser()
    for argv, expected in zip(commands, ORDER, strict=True):
        assert argv[0] == "paycontract"
        assert tuple(a for a in argv[1:] if a in expected) == expected
        parser.parse_args(argv[1:])  # exits (fails the test) on an option the CLI does not have


def test_the_diff_gate_passes_on_this_project(capsys) -> None:
    diff_argv = _gate_commands()[3]
    assert main(diff_argv[1:]) == 0, capsys.readouterr().out


SHARDED = ROOT / "docs" / "ci" / "github-actions-verify-sharded.yml"


def test_the_sharded_recipe_runs_four_shards_and_merges_them(monkeypatch) -> None:
    workflow = yaml.safe_load(SHARDED.read_text(encoding="utf-8"))
    verify, merge = workflow["jobs"]["verify"], workflow["jobs"]["merge"]
    shards = verify["strategy"]["matrix"]["shard"]
    assert shards == [1, 2, 3, 4]
    parser = build_parser()
    for var in ("STAGING_URL", "APP_ID", "APP_SECRET", "GITHUB_RUN_ID"):
        monkeypatch.setenv(var, "1" if var != "STAGING_URL" else "https://staging.example.com/v1")
    run = next(s["run"] for s in verify["steps"] if "--shard" in str(s.get("run", "")))
    for shard in shards:
        argv = shlex.split(os.path.expandvars(run.replace("${{ matrix.shard }}", str(shard))))
        assert argv[:2] == ["paycontract", "verify"] and argv[argv.index("--shard") + 1] == f"{shard}/4"
        parser.parse_args(argv[1:])
    assert merge["needs"] == "verify"
    merge_run = shlex.split(next(s["run"] for s in merge["steps"] if "--merge-junit" in str(s.get("run", ""))))
    assert merge_run[merge_run.index("--merge-junit") + 2 :] == [f"reports/verify-{k}.xml" for k in shards]
