"""The release history: released specs in a folder plus the current spec, newest first."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from paycontract.cli import main
from paycontract.errors import SpecError
from paycontract.history import changelog_entries, history
from paycontract.spec import load_spec
from tests.conftest import SPEC_PATH

CASES = Path(__file__).parent.parent / "diff" / "cases"


def _write(path: Path, source: Path, version: str, date: str | None) -> Path:
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    doc["info"]["version"] = version
    if date:
        doc["info"]["x-release-date"] = date
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """1.0.0 and 1.1.0 released (an enum value added), 2.0.0 current and unreleased (a field removed)."""
    releases = tmp_path / "specs" / "releases"
    _write(releases / "1.0.0.yaml", CASES / "enum-value-added-request" / "old.yaml", "1.0.0", "2026-01-05")
    _write(releases / "1.1.0.yaml", CASES / "enum-value-added-request" / "new.yaml", "1.1.0", "2026-02-10")
    # A release file for the current version is superseded by the current spec.
    _write(releases / "2.0.0.yaml", CASES / "operation-added" / "new.yaml", "2.0.0", "2026-03-01")
    current = yaml.safe_load((CASES / "enum-value-added-request" / "new.yaml").read_text(encoding="utf-8"))
    del current["paths"]["/orders"]["get"]
    current["info"]["version"] = "2.0.0"
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(current, sort_keys=False), encoding="utf-8")
    return tmp_path


def test_history_is_newest_first_with_changes_since_the_previous(project: Path) -> None:
    entries = history(load_spec(project / "openapi.yaml"))
    assert [(e.version, e.date) for e in entries] == [("2.0.0", ""), ("1.1.0", "2026-02-10"), ("1.0.0", "2026-01-05")]
    assert [(c.rule, c.location) for c in entries[0].changes] == [("operation-removed", "GET /orders")]
    assert [(c.rule, c.kind) for c in entries[1].changes] == [("enum-value-added", "non-breaking")]
    assert entries[2].first and entries[2].changes == ()


def test_changelog_entries_are_template_data(project: Path) -> None:
    entries = changelog_entries(load_spec(project / "openapi.yaml"))
    assert entries[0] == {
        "version": "2.0.0",
        "date": "未发布",
        "note": "",
        "groups": [{"title": "新增与删除的接口", "changes": [{"kind": "breaking", "text": "删除接口：`GET /orders`"}]}],
    }
    assert entries[1]["groups"] == [
        {
            "title": "create（`POST /orders`）",
            "changes": [{"kind": "non-breaking", "text": "参数 `pay_type`：新增取值 `3`"}],
        },
    ]
    assert (entries[2]["note"], entries[2]["groups"]) == ("首个版本", [])


def test_project_history_starts_with_the_first_release(spec) -> None:
    entries = changelog_entries(spec)
    assert [e["version"] for e in entries] == [spec.version, "0.9.0"]
    for group in entries[0]["groups"]:
        kinds = [c["kind"] for c in group["changes"]]
        assert kinds == sorted(kinds)  # "breaking" sorts before "non-breaking"
    assert any(c["kind"] == "breaking" for g in entries[0]["groups"] for c in g["changes"])


def test_misnamed_release_is_one_clear_error(project: Path) -> None:
    (project / "specs" / "releases" / "1.1.0.yaml").rename(project / "specs" / "releases" / "1.2.0.yaml")
    with pytest.raises(SpecError, match=r"1\.2\.0\.yaml:\d+: info.version is '1.1.0', the file name says '1.2.0'"):
        history(load_spec(project / "openapi.yaml"))


def test_duplicate_release_is_an_error(project: Path) -> None:
    _write(project / "specs" / "releases" / "v1.1.0.yaml", SPEC_PATH, "v1.1.0", None)
    with pytest.raises(SpecError, match=r"v1\.1\.0\.yaml:\d+: the same version as 1\.1\.0\.yaml"):
        history(load_spec(project / "openapi.yaml"))


def test_release_newer_than_the_spec_is_an_error(project: Path) -> None:
    _write(project / "specs" / "releases" / "3.0.0.yaml", SPEC_PATH, "3.0.0", None)
    with pytest.raises(SpecError, match=r"released version 3\.0\.0 is newer than info\.version 2\.0\.0"):
        history(load_spec(project / "openapi.yaml"))


def test_diff_against_a_folder_uses_its_newest_release(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    releases = project / "specs" / "releases"
    (releases / "2.0.0.yaml").unlink()
    code = main(["diff", str(releases), str(project / "openapi.yaml"), "--format", "text"])
    out = capsys.readouterr().out
    assert code == 0  # operation removed, major bumped 1 → 2
    assert "info.version 1.1.0 → 2.0.0" in out


def test_diff_against_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(tmp_path), str(SPEC_PATH)]) == 2
    assert "no released spec" in capsys.readouterr().err
