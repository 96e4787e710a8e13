"""Reading a Slate markdown document: front matter, headings, sections, code blocks, tables, request lines.

Parsed with markdown-it (CommonMark + GFM tables); every element keeps its line range so that callers
can rewrite one block and leave every other byte as it was. Line indexes are 0-based; `lines` keeps
each line's own terminator (CRLF, LF or CR), so `"".join(doc.lines) == doc.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from paycontract.errors import UserError

REQUEST_HEADING = "HTTP 请求"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_REQUEST = re.compile(r"^`?\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE)\s+(\S+?)\s*`?$", re.IGNORECASE)
_FENCE_IN_CODE = re.compile(r"^ {0,3}(`{3,})", re.MULTILINE)


@dataclass(frozen=True)
class Heading:
    """`## 订单创建` at `line`."""

    level: int
    text: str
    line: int


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block: lines `start` (opening fence) to `end` (one past the closing fence)."""

    info: str
    content: str
    start: int
    end: int

    @property
    def language(self) -> str:
        """The first word of the info string (`shell`, `json`, …)."""
        return self.info.split()[0] if self.info.strip() else ""


@dataclass(frozen=True)
class Table:
    """A GFM table: header cells, body rows, and the line of each body row."""

    header: list[str]
    rows: list[list[str]]
    row_lines: list[int]
    start: int
    end: int


@dataclass(frozen=True)
class RequestLine:
    """The `` `POST https://api.example.com/v1/orders` `` line under `### HTTP 请求`."""

    method: str
    url: str
    line: int


@dataclass
class Section:
    """A heading and everything up to the next heading of the same or a higher level."""

    heading: Heading
    end: int
    code_blocks: list[CodeBlock] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    request: RequestLine | None = None

    @property
    def start(self) -> int:
        """The heading's line."""
        return self.heading.line


@dataclass
class SlateDocument:
    """A parsed Slate document (see the module docstring for line conventions)."""

    path: str
    text: str
    lines: list[str]
    front_matter: dict[str, Any]
    headings: list[Heading]
    code_blocks: list[CodeBlock]
    tables: list[Table]
    requests: list[RequestLine]
    body_start: int = 0

    @property
    def body(self) -> str:
        """The markdown after the front matter, front-matter lines blanked so that line numbers hold."""
        return "\n" * self.body_start + "".join(self.lines[self.body_start :])

    def where(self, line: int) -> str:
        """`file:line` (1-based) for a 0-based line index."""
        return f"{self.path}:{line + 1}"

    @property
    def newline(self) -> str:
        """The document's line ending (that of its first line), for text inserted into it."""
        for line in self.lines:
            for ending in ("\r\n", "\n", "\r"):
                if line.endswith(ending):
                    return ending
        return "\n"

    @cached_property
    def language_tabs(self) -> list[tuple[str, str]]:
        """The front matter's `language_tabs` as (key, label) pairs, in order."""
        tabs: list[tuple[str, str]] = []
        for item in self.front_matter.get("language_tabs") or []:
            if isinstance(item, dict):
                tabs += [(str(k), str(v if v is not None else k).strip()) for k, v in item.items()]
            else:
                tabs.append((str(item), str(item)))
        return tabs

    def section_at(self, line: int, below_level: int) -> Section | None:
        """The section of the nearest heading above `line` whose level is below `below_level`."""
        owner = next((h for h in reversed(self.headings) if h.line < line and h.level < below_level), None)
        return None if owner is None else self.section(owner)

    def section(self, heading: Heading) -> Section:
        """The section a heading opens, with the code blocks, tables and request line inside it."""
        later = [h.line for h in self.headings if h.line > heading.line and h.level <= heading.level]
        end = later[0] if later else len(self.lines)
        inside = lambda start: heading.line < start < end  # noqa: E731
        return Section(
            heading=heading,
            end=end,
            code_blocks=[b for b in self.code_blocks if inside(b.start)],
            tables=[t for t in self.tables if inside(t.start)],
            request=next((r for r in self.requests if inside(r.line)), None),
        )

    def operation_sections(self) -> list[Section]:
        """One section per request line: the nearest enclosing heading above its `### HTTP 请求`."""
        sections = []
        for request in self.requests:
            heading = next(h for h in reversed(self.headings) if h.line < request.line)
            section = self.section_at(heading.line, heading.level)
            if section is not None:
                section.request = request
                sections.append(section)
        return sections


def split_lines(text: str) -> list[str]:
    """Lines with their own terminators; CR, LF and CRLF all end a line, as for markdown-it."""
    return _LINE.findall(text)


def _front_matter(lines: list[str], path: str) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].rstrip("\r\n") != "---":
        return {}, 0
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") in ("---", "..."):
            try:
                data = yaml.safe_load("".join(lines[1:i])) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = (mark.line + 2) if mark else 1
                problem = getattr(exc, "problem", None) or exc
                raise UserError(f"front matter is not valid YAML: {problem}", where=f"{path}:{line}") from None
            if not isinstance(data, dict):
                raise UserError("front matter is not a mapping", where=f"{path}:1")
            return data, i + 1
    raise UserError("front matter has no closing '---'", where=f"{path}:1")


def _inline_text(tokens: list, index: int) -> str:
    return tokens[index + 1].content if index + 1 < len(tokens) and tokens[index + 1].type == "inline" else ""


def _tables(tokens: list) -> list[Table]:
    tables: list[Table] = []
    current: Table | None = None
    in_body = False
    for i, token in enumerate(tokens):
        if token.type == "table_open" and token.map:
            current = Table([], [], [], token.map[0], token.map[1])
            tables.append(current)
        elif current is None:
            continue
        elif token.type == "table_close":
            current, in_body = None, False
        elif token.type == "tbody_open":
            in_body = True
        elif token.type == "tr_open" and in_body:
            current.rows.append([])
            current.row_lines.append(token.map[0] if token.map else current.start)
        elif token.type in ("th_open", "td_open"):
            (current.rows[-1] if in_body else current.header).append(_inline_text(tokens, i).strip())
    return tables


def markdown_parser() -> MarkdownIt:
    """The markdown dialect of Slate documents: CommonMark (inline HTML such as `<aside>`) plus GFM tables."""
    return MarkdownIt("commonmark").enable("table")


def parse_slate(text: str, path: str | Path = "<document>") -> SlateDocument:
    """Parse a Slate document; a broken front matter raises `UserError` naming the line."""
    path = str(path)
    lines = split_lines(text)
    front_matter, body_start = _front_matter(lines, path)
    # Blank out the front matter instead of cutting it, so markdown-it's line numbers are the file's.
    body = "\n" * body_start + "".join(lines[body_start:])
    tokens = markdown_parser().parse(body)
    headings: list[Heading] = []
    blocks: list[CodeBlock] = []
    requests: list[RequestLine] = []
    pending_request = False
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            heading = Heading(int(token.tag[1:]), _inline_text(tokens, i).strip(), token.map[0])
            headings.append(heading)
            pending_request = heading.text == REQUEST_HEADING
        elif token.type == "fence" and token.map:
            blocks.append(CodeBlock(token.info.strip(), token.content, token.map[0], token.map[1]))
        elif token.type == "paragraph_open" and pending_request and token.map:
            match = _REQUEST.match(_inline_text(tokens, i).strip())
            if match:
                requests.append(RequestLine(match.group(1).upper(), match.group(2), token.map[0]))
            pending_request = False
    return SlateDocument(path, text, lines, front_matter, headings, blocks, _tables(tokens), requests, body_start)


def read_slate(path: str | Path) -> SlateDocument:
    """Read and parse a Slate document; an unreadable file raises `UserError` in one line."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise UserError("file not found", where=str(path)) from None
    except IsADirectoryError:
        raise UserError("is a directory, not a markdown file", where=str(path)) from None
    except UnicodeDecodeError as exc:
        raise UserError(f"not UTF-8 text (byte {exc.start})", where=str(path)) from None
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", where=str(path)) from None
    return parse_slate(text, path)


def fenced(code: str, info: str) -> str:
    """`code` as a fenced block (LF line endings), the fence longer than any backtick run inside."""
    longest = max((len(m) for m in _FENCE_IN_CODE.findall(code)), default=2)
    fence = "`" * max(3, longest + 1)
    body = code if code.endswith("\n") or not code else code + "\n"
    return f"{fence}{info}\n{body}{fence}\n"
