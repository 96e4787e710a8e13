"""`docs sync` on the source document replaces the code tabs of its two operation sections, nothing else."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.languages import LANGUAGES
from generator.render import make_environment
from generator.samples import render_operation_samples, sample_path
from paycontract.cli import main
from paycontract.docs_sync import find_operation, request_path, sync_document
from paycontract.slate import parse_slate, read_slate

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed.md"
SEED_TABS = ["shell", "java", "php", "python", "ruby"]


@pytest.fixture(scope="module")
def samples(spec) -> dict[str, dict[str, str]]:
    return render_operation_samples(spec, make_environment())


def tab_run(lines: list[str], section: str, next_section: str) -> tuple[int, int]:
    """The seed's placeholder tabs of a section, found by plain line scanning: first fence to the json fence."""
    start = lines.index(section)
    end = lines.index(next_section, start)
    fences = [i for i in range(start, end) if lines[i].startswith("```")]
    json_at = next(i for i in fences if lines[i].rstrip() == "```json")
    before_json = [i for i in fences if i < json_at]
    return before_json[0], max(i for i in range(before_json[0], json_at) if lines[i].strip()) + 1


def changed_ranges(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(i1, i2) for tag, i1, i2, _j1, _j2 in matcher.get_opcodes() if tag != "equal"]


def test_sync_on_the_seed_changes_only_the_two_tab_runs(spec, samples) -> None:
    doc = read_slate(SEED)
    result = sync_document(doc, spec, samples, list(LANGUAGES))
    assert result.problems == []
    old = doc.text.splitlines(keepends=True)
    new = result.text.splitlines(keepends=True)
    allowed = [tab_run(old, "## 订单创建\n", "## 订单查询\n"), tab_run(old, "## 订单查询\n", "# 渠道路由\n")]
    ranges = changed_ranges(old, new)
    assert ranges, "nothing changed"
    for start, end in ranges:
        assert any(a <= start and end <= b for a, b in allowed), f"lines {start + 1}-{end} changed outside the tabs"
    # Everything outside the two runs, byte for byte (prose, tables, json examples, trailing spaces).
    (a1, b1), (a2, b2) = allowed
    outside_old = old[:a1] + old[b1:a2] + old[b2:]
    synced = parse_slate(result.text)
    create, query = synced.operation_sections()
    new_runs = [(s.code_blocks[0].start, s.code_blocks[-2].end) for s in (create, query)]
    outside_new = new[: new_runs[0][0]] + new[new_runs[0][1] : new_runs[1][0]] + new[new_runs[1][1] :]
    assert "".join(outside_new) == "".join(outside_old)


def test_the_new_tabs_are_our_samples_in_the_documents_order(spec, samples) -> None:
    result = sync_document(read_slate(SEED), spec, samples, list(LANGUAGES))
    for section, op_id in zip(
        parse_slate(result.text).operation_sections(), ["createOrder", "queryOrders"], strict=True
    ):
        assert [b.language for b in section.code_blocks] == [*SEED_TABS, "json"]
        for block in section.code_blocks[:-1]:
            committed = (ROOT / sample_path(LANGUAGES[block.language], op_id)).read_text("utf-8")
            assert block.content == committed


def test_sync_is_idempotent_and_the_generated_reference_is_in_sync(spec, samples) -> None:
    first = sync_document(read_slate(SEED), spec, samples, list(LANGUAGES))
    assert first.updated == [("订单创建", 28), ("订单查询", 157)]
    again = sync_document(parse_slate(first.text), spec, samples, list(LANGUAGES))
    assert (again.text, again.updated) == (first.text, [])
    api = read_slate(ROOT / "docs" / "api.md")
    assert sync_document(api, spec, samples, list(LANGUAGES)).text == api.text


def test_crlf_and_trailing_spaces_survive(spec, samples) -> None:
    crlf = SEED.read_text("utf-8").replace("\n", "\r\n")
    result = sync_document(parse_slate(crlf), spec, samples, list(LANGUAGES)).text
    assert "\n" not in result.replace("\r\n", "")
    assert "  - php: PHP \r\n" in result and "platform   | int     | 支付平台 \r\n" in result


def test_unknown_operations_and_tabs_are_reported_not_guessed(spec, samples) -> None:
    text = SEED.read_text("utf-8").replace("  - ruby: RUBY\n", "  - ruby: RUBY\n  - go: GO\n")
    text += "\n## 退款\n\n```shell\ncurl x\n```\n\n### HTTP 请求\n\n`POST https://api.example.com/v1/refunds`\n"
    result = sync_document(parse_slate(text, "doc.md"), spec, samples, list(LANGUAGES))
    lines = text.splitlines()
    refund_line = lines.index("`POST https://api.example.com/v1/refunds`") + 1
    assert result.problems == [
        "doc.md:1: language tab 'go' has no sample template; left out",
        f"doc.md:{refund_line}: no operation POST /refunds in the spec",
    ]
    assert result.text.endswith(
        "## 退款\n\n```shell\ncurl x\n```\n\n### HTTP 请求\n\n`POST https://api.example.com/v1/refunds`\n"
    )


def test_tabs_are_inserted_where_a_section_has_none(spec, samples) -> None:
    text = "# 清算\n## 账单查询\n\n查询账单\n\n### HTTP 请求\n\n`GET /v1/bills`\n"
    result = sync_document(parse_slate(text), spec, samples, ["python"])
    assert result.text.startswith("# 清算\n## 账单查询\n\n查询账单\n\n```python\n")
    assert result.text.endswith("```\n\n### HTTP 请求\n\n`GET /v1/bills`\n")


def test_scattered_tabs_are_reported(spec, samples) -> None:
    text = "## 账单查询\n\n```shell\na\n```\n\ntext\n\n```ruby\nb\n```\n\n### HTTP 请求\n\n`GET https://api.example.com/v1/bills`\n"
    result = sync_document(parse_slate(text, "d.md"), spec, samples, list(LANGUAGES))
    assert result.problems == ["d.md:9: the code tabs of '账单查询' are not together; not synced"]
    assert result.text == text


def test_request_paths_relative_to_the_servers(spec) -> None:
    assert request_path("https://api.example.com/v1/orders", spec) == "/orders"
    assert request_path("http://127.0.0.1:8000/v1/channels/{id}", spec) == "/channels/{id}"
    assert request_path("/v1/bills", spec) == "/bills"
    assert find_operation(spec, "delete", "https://api.example.com/v1/channels/{id}").id == "deleteChannel"
    assert find_operation(spec, "PUT", "https://api.example.com/v1/orders") is None


def test_cli_output_check_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    doc = tmp_path / "seed.md"
    doc.write_bytes(SEED.read_bytes())
    out = tmp_path / "synced.md"
    assert main(["docs", "sync", str(doc), "--check"]) == 1
    assert "+```python" in capsys.readouterr().out
    assert main(["docs", "sync", str(doc), "--output", str(out)]) == 0
    assert doc.read_bytes() == SEED.read_bytes()
    assert main(["docs", "sync", str(out), "--check"]) == 0
    assert main(["docs", "sync", str(doc)]) == 0
    assert doc.read_bytes() == out.read_bytes()
    capsys.readouterr()
    assert main(["docs", "sync", str(tmp_path / "nope.md")]) == 2
    assert capsys.readouterr().err.strip() == f"paycontract docs: {tmp_path / 'nope.md'}: file not found"
