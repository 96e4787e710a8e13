"""`docs/ERRATA.md` cites the source truthfully: every quote is on the lines its row names, in the copy
of the source that readers have (`docs/source/seed.md`); and the generated reference does what it decided.

Rows are `| # | section (lines) | what the source says | what the spec decided |`; text in backticks
in the third column must appear verbatim on the cited lines of `docs/source/seed.md`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.languages import LANGUAGES
from paycontract.slate import read_slate

ROOT = Path(__file__).resolve().parents[2]
ERRATA = (ROOT / "docs" / "ERRATA.md").read_text(encoding="utf-8")
SOURCE = ROOT / "docs" / "source" / "seed.md"
SEED_LINES = SOURCE.read_text(encoding="utf-8").splitlines()

ROW = re.compile(r"^\| (\d+) \| (.+?) \| (.+?) \| (.+?) \|$", re.MULTILINE)
CITED = re.compile(r"\(([0-9–, ]+)\)$")
CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
ROWS = ROW.findall(ERRATA)
# What the contract issue names, each of which must be quoted from the source somewhere.
REQUIRED_QUOTES = (
    '-H "access_token=xxxxx"',
    "Hello World",
    "BasicAmountType",
    "````",
    "支付成功",
    "0000",
    "418",
    "Authorization: meowmeowmeow",
    "Kittn",
    "kitten",
    "2003-1-1",
    "商户代码",
    "应用ID",
    "amount=10.00",
    '"currency":"CNY"',
    "total",
    '"count":2',
    '"id":1231422',
    "## 添加渠道",
    "## 账单查询",
)


def cited_lines(section: str) -> list[int]:
    """The line numbers a row's section cell names: `(46–48, 159)`."""
    match = CITED.search(section)
    assert match, f"no (line numbers) in {section!r}"
    numbers: list[int] = []
    for part in match.group(1).split(","):
        first, _, last = part.strip().partition("–")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def quotes(cell: str) -> list[str]:
    """The backtick-quoted texts of a cell (one space of padding stripped, as Markdown does)."""
    found = []
    for match in CODE.finditer(cell):
        text = match.group(2)
        if text.startswith(" ") and text.endswith(" ") and text.strip():
            text = text[1:-1]
        found.append(text)
    return found


def test_rows_are_numbered_in_order() -> None:
    assert [int(row[0]) for row in ROWS] == list(range(1, len(ROWS) + 1))
    assert len(ROWS) >= 40


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_quotes_are_on_the_cited_lines(row: tuple[str, str, str, str]) -> None:
    _, section, says, _ = row
    lines = cited_lines(section)
    assert all(1 <= n <= len(SEED_LINES) for n in lines), lines
    text = "\n".join(SEED_LINES[n - 1] for n in lines)
    for quote in quotes(says):
        assert quote in text, f"{quote!r} is not on lines {lines}"


def test_the_issues_list_is_covered() -> None:
    quoted = "\n".join(q for row in ROWS for q in quotes(row[2]))
    missing = [q for q in REQUIRED_QUOTES if q not in quoted]
    assert not missing


def test_every_empty_section_is_cited() -> None:
    cited = {n for row in ROWS for n in cited_lines(row[1])}
    headings = [i for i, line in enumerate(SEED_LINES, 1) if line.startswith("#")]
    empty = []
    for n in headings:
        following = next((line for line in SEED_LINES[n:] if line.strip()), "#")
        if following.startswith("#"):
            empty.append(n)
    assert empty and not set(empty) - cited


def test_the_shipped_source_is_the_tests_fixture() -> None:
    assert SOURCE.read_bytes() == (ROOT / "tests" / "fixtures" / "seed.md").read_bytes()
    assert "docs/source/seed.md" in ERRATA and "tests/fixtures" not in ERRATA


def _decision_about(quote: str) -> str:
    """The 'what the spec decided' cell of the one row whose source quotes `quote`."""
    rows = [row for row in ROWS if quote in quotes(row[2])]
    assert len(rows) == 1, (quote, [row[0] for row in rows])
    return rows[0][3]


NUMBER_WORDS = {"four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def test_the_generated_front_matter_has_the_tabs_errata_names() -> None:
    decision = _decision_about("language_tabs")
    named = [q for q in quotes(decision) if re.fullmatch(r"[a-z]+", q)]
    counted = [n for word, n in NUMBER_WORDS.items() if re.search(rf"\b{word} tabs\b", decision)]
    doc = read_slate(ROOT / "docs" / "api.md")
    assert [key for key, _ in doc.language_tabs] == named == list(LANGUAGES)
    assert counted == [len(named)]


def test_the_generated_front_matter_drops_what_errata_dropped() -> None:
    decision = _decision_about("toc_footers")
    assert decision.startswith("Not carried over")
    doc = read_slate(ROOT / "docs" / "api.md")
    assert "toc_footers" not in doc.front_matter
    front = "".join(doc.lines[: doc.body_start])
    site = (ROOT / "docs" / "site" / "index.html").read_text(encoding="utf-8")
    assert "Android" not in front and "Android" not in site
