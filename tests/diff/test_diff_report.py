"""`paycontract diff` as a command: formats, the version gate, bad input, and the real release history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paycontract.cli import main
from tests.conftest import ROOT, SPEC_PATH

CASES = Path(__file__).parent / "cases"
FIRST_RELEASE = ROOT / "specs" / "releases" / "0.9.0.yaml"


def _diff(capsys: pytest.CaptureFixture[str], old: Path, new: Path, fmt: str) -> tuple[int, str, str]:
    code = main(["diff", str(old), str(new), "--format", fmt])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lists_each_change_then_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / "enum-request"
    code, out, _ = _diff(capsys, case / "old.yaml", case / "new.yaml", "text")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].split() == [
        "breaking",
        "enum-value-removed",
        "POST",
        "/orders",
        "body",
        "pay_type:",
        "value",
        "`2`",
        "removed",
    ]
    assert lines[-1] == (
        "1 breaking, 1 non-breaking change(s); breaking changes need a major version bump (info.version 1.0.0 → 1.0.0)"
    )


def test_markdown_groups_breaking_first(capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / "response-fields-added-removed"
    _, out, _ = _diff(capsys, case / "old.yaml", case / "new.yaml", "markdown")
    assert out.index("### Breaking changes") < out.index("- `POST /orders 200 data.note`: field removed")
    assert out.index("### Non-breaking changes") < out.index("- `POST /orders 200 data.channel`: field added")


def test_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _diff(capsys, SPEC_PATH, SPEC_PATH, "markdown")
    assert code == 0
    assert "No changes." in out


def test_first_release_to_current_tells_the_errata(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _diff(capsys, FIRST_RELEASE, SPEC_PATH, "json")
    report = json.loads(out)
    assert (code, report["major_bumped"]) == (0, True)
    found = {(c["rule"], c["location"]) for c in report["changes"]}
    assert ("type-changed", "POST /orders 200 data.payment.currency") in found
    assert ("response-field-removed", "POST /orders 200 data.product.product_id") in found
    assert ("response-field-added", "POST /orders 200 data.product.id") in found
    assert ("response-field-removed", "GET /orders 200 total") in found
    assert ("response-field-added", "GET /orders 200 count") in found
    assert ("operation-added", "POST /channels") in found


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        ("a: [1\n", "YAML syntax error"),
        ("just: yaml\n", "not an OpenAPI document"),
    ],
)
def test_bad_spec_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    bad = tmp_path / "bad.yaml"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    code, out, err = _diff(capsys, SPEC_PATH, bad, "text")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"paycontract diff: {bad}") and message in err


CHANGE_KEYS = [
    "kind",
    "breaking",
    "rule",
    "location",
    "operation",
    "part",
    "name",
    "path",
    "keyword",
    "old",
    "new",
    "text",
]


def test_json_is_the_full_structured_diff_in_a_fixed_key_order(capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / "constraint-restated"
    code, out, _ = _diff(capsys, case / "old.yaml", case / "new.yaml", "json")
    report = json.loads(out)
    assert code == report["exit_code"] == 1
    assert list(report) == [
        "old_version", "new_version", "breaking", "non_breaking", "major_bumped", "exit_code", "verdict", "changes"
    ]  # fmt: skip
    assert all(list(c) == CHANGE_KEYS for c in report["changes"])
    assert report["changes"][:2] == [
        {
            "kind": "breaking",
            "breaking": True,
            "rule": "constraint-tightened",
            "location": "POST /orders body app_id",
            "operation": "POST /orders",
            "part": "body",
            "name": "app_id",
            "path": "",
            "keyword": "minimum",
            "old": None,
            "new": 1,
            "text": "minimum none → `1`",
        },
        {
            "kind": "non-breaking",
            "breaking": False,
            "rule": "constraint-restated",
            "location": "POST /orders body app_id",
            "operation": "POST /orders",
            "part": "body",
            "name": "app_id",
            "path": "",
            "keyword": "maximum",
            "old": None,
            "new": 9223372036854775807,
            "text": "maximum none → `9223372036854775807`",
        },
    ]
    assert sum(c["breaking"] for c in report["changes"]) == report["breaking"] == 1


def test_json_keeps_spec_values_with_sorted_keys(capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / "signature-rule-changed"
    _, out, _ = _diff(capsys, case / "old.yaml", case / "new.yaml", "json")
    changes = json.loads(out)["changes"]
    with_values = [c for c in changes if isinstance(c["old"], dict) or isinstance(c["new"], dict)]
    assert with_values, changes
    for change in with_values:
        for value in (change["old"], change["new"]):
            if isinstance(value, dict):
                assert list(value) == sorted(value)


def test_text_is_the_default_format(capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / "enum-request"
    assert main(["diff", str(case / "old.yaml"), str(case / "new.yaml")]) == 1
    default = capsys.readouterr().out
    _, text, _ = _diff(capsys, case / "old.yaml", case / "new.yaml", "text")
    assert default == text and default.startswith("breaking ")


def test_bad_format_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", str(SPEC_PATH), str(SPEC_PATH), "--format", "yaml"])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("paycontract diff: error: argument --format: invalid choice: 'yaml'")
