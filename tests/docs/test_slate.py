"""The Slate reader: front matter, headings, code blocks, tables and request lines, each with its lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from paycontract.errors import UserError
from paycontract.slate import fenced, parse_slate, read_slate, split_lines

SEED_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "seed.md"


@pytest.fixture(scope="module")
def seed():
    return read_slate(SEED_PATH)


def test_front_matter_language_tabs(seed) -> None:
    assert seed.language_tabs == [
        ("shell", "CURL"),
        ("java", "JAVA"),
        ("php", "PHP"),
        ("python", "PYTHON"),
        ("ruby", "RUBY"),
    ]
    assert seed.front_matter["title"] == "API 参考文档"


def test_lines_keep_every_byte(seed) -> None:
    assert "".join(seed.lines) == seed.text
    assert split_lines("a\r\nb\rc\nd") == ["a\r\n", "b\r", "c\n", "d"]


def test_headings_and_code_blocks_with_line_ranges(seed) -> None:
    titles = [(h.level, h.text) for h in seed.headings[:8]]
    assert titles[:3] == [(1, "简介"), (2, "系统需求"), (2, "功能时序图")]
    first = seed.code_blocks[0]
    assert (first.language, seed.lines[first.start].rstrip()) == ("php", "```php")
    java = seed.code_blocks[1]
    # The seed closes its java block with four backticks: still one block, ending on that line.
    assert java.language == "java" and seed.lines[java.end - 1].rstrip() == "````"
    assert [b.language for b in seed.code_blocks] == ["php", "java", "shell", "json", "shell", "json"]


def test_tables_with_row_lines(seed) -> None:
    required = seed.tables[0]
    assert required.header == ["必选参数", "类型", "说明"]
    assert required.rows[0] == ["app_id", "long", "商户代码"]
    assert seed.lines[required.row_lines[0]].startswith("app_id")
    errors = seed.tables[-1]
    assert errors.header == ["代码", "含义"] and errors.rows[-1] == ["0000", "成功"]


def test_operation_sections_are_found_by_their_request_lines(seed) -> None:
    sections = seed.operation_sections()
    assert [(s.heading.text, s.request.method, s.request.url) for s in sections] == [
        ("订单创建", "POST", "https://api.example.com/v1/orders"),
        ("订单查询", "GET", "https://api.example.com/v1/orders"),
    ]
    create = sections[0]
    assert [b.language for b in create.code_blocks] == ["php", "java", "shell", "json"]
    assert create.end == sections[1].heading.line


def test_crlf_documents_parse_on_the_same_lines(seed) -> None:
    crlf = parse_slate(seed.text.replace("\n", "\r\n"), "crlf.md")
    assert crlf.newline == "\r\n"
    assert [(b.start, b.end) for b in crlf.code_blocks] == [(b.start, b.end) for b in seed.code_blocks]
    assert crlf.operation_sections()[1].request.line == seed.operation_sections()[1].request.line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: x\n", "t.md:1: front matter has no closing '---'"),
        ("---\ntitle: [x\n---\n", "t.md:3: front matter is not valid YAML"),
        ("---\n- a\n---\n", "t.md:1: front matter is not a mapping"),
    ],
)
def test_broken_front_matter_is_one_line(text: str, message: str) -> None:
    with pytest.raises(UserError) as info:
        parse_slate(text, "t.md")
    assert str(info.value).startswith(message)


def test_unreadable_documents(tmp_path) -> None:
    with pytest.raises(UserError, match="file not found"):
        read_slate(tmp_path / "missing.md")
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe")
    with pytest.raises(UserError, match="not UTF-8"):
        read_slate(tmp_path / "bad.md")


def test_fenced_uses_a_longer_fence_when_the_code_has_one() -> None:
    assert fenced("echo hi", "shell") == "```shell\necho hi\n```\n"
    assert fenced("x\n```\ny\n", "text") == "````text\nx\n```\ny\n````\n"
