"""Comparing an operation section's tables with the spec: parameters, then response fields.

Parameter tables are headed 必选参数 / 可选参数 (name, type, required-ness); response tables are
headed 基本属性 (the envelope) or by a field path (`data`, `data['app']`): names and types. A field
the document has and the spec lacks beside one the spec has and the document lacks, in the same
place and in equal numbers, is reported once, as a rename.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from paycontract.docs_check.model import Finding, canonical_type, cell, table_path
from paycontract.docs_check.omissions import check_row
from paycontract.schema_tables import response_tables, slate_type
from paycontract.slate import REQUEST_HEADING, Section, Table
from paycontract.spec import Operation

REQUIRED_TITLE, OPTIONAL_TITLE, TOP_TITLE = "必选参数", "可选参数", "基本属性"


@dataclass(frozen=True)
class Row:
    """A table row as compared: name, type, required-ness (None for response fields), line, table title.

    A document's row keeps its other cells as `text`; the spec's keeps the `schema` it is checked against.
    """

    name: str
    type: str
    required: bool | None
    line: int
    title: str = ""
    text: str = field(default="", compare=False)
    schema: dict[str, Any] | None = field(default=None, compare=False)


def _type_column(table: Table) -> int:
    return next((i for i, h in enumerate(table.header) if cell(h) == "类型"), 1)


def _row_text(header: list[str], row: list[str]) -> str:
    """Every cell but the name, each after its column's header (`默认值：2`, `类型：string(64)`)."""
    cells = [(cell(h), c.strip()) for h, c in zip(header[1:], row[1:], strict=False)]
    return "；".join(f"{h}：{c}" if h else c for h, c in cells if c)


def _doc_rows(table: Table, required: bool | None) -> list[Row]:
    col, title = _type_column(table), cell(table.header[0])
    return [
        Row(cell(r[0]), cell(r[col]) if col < len(r) else "", required, line, title, _row_text(table.header, r))
        for r, line in zip(table.rows, table.row_lines, strict=True)
        if r and cell(r[0])
    ]


def spec_parameter_rows(op: Operation) -> list[Row]:
    """The parameters a reference documents: all but headers; path parameters count as required."""
    return [
        Row(p.name, slate_type(p.schema), p.required or p.location == "path", -1, schema=p.schema)
        for p in op.parameters
        if p.location != "header"
    ]


def _label(required: bool | None) -> str:
    return "required" if required else "optional"


def _detail(row: Row) -> str:
    return ", ".join(x for x in (_label(row.required) if row.required is not None else "", row.type) if x)


def _compare_rows(
    doc: list[Row], spec: list[Row], noun: str, fallback: tuple[str, int], may_omit: frozenset[str] = frozenset()
) -> Iterator[Finding]:
    """Names (renames paired), types and required-ness of one group of rows; `may_omit` need not be listed.

    `noun` names what a row is ("parameter", "field"); `fallback` is the title and line where a
    missing row is reported.
    """
    spec_by_name = {r.name: r for r in spec}
    seen: set[str] = set()
    extra: list[Row] = []
    for row in doc:
        if row.name in seen:
            yield Finding(row.line, f"{row.title} {row.name}: listed twice")
            continue
        seen.add(row.name)
        if row.name in spec_by_name:
            yield from _compare_row(row, spec_by_name[row.name])
        else:
            extra.append(row)
    missing = [r for r in spec if r.name not in seen and r.name not in may_omit]
    if extra and len(extra) == len(missing):
        for row, wanted in zip(extra, missing, strict=True):
            yield Finding(row.line, f"{row.title} {row.name}: the spec calls this {noun} {wanted.name}")
            yield from _compare_row(row, wanted)
        return
    for row in extra:
        yield Finding(row.line, f"{row.title} {row.name}: not a {noun} in the spec")
    title, line = fallback
    for wanted in missing:
        yield Finding(
            line, f"{title}: the spec has the {noun} {wanted.name} ({_detail(wanted)}), the document does not"
        )


def _compare_row(row: Row, wanted: Row) -> Iterator[Finding]:
    where = f"{row.title} {row.name}"
    if row.type and canonical_type(row.type) != canonical_type(wanted.type):
        yield Finding(row.line, f"{where}: type {row.type} in the document, {wanted.type} in the spec")
    if row.required is not None and wanted.required is not None and row.required != wanted.required:
        doc, spec = _label(row.required), _label(wanted.required)
        yield Finding(row.line, f"{where}: {doc} in the document, {spec} in the spec")
    yield from check_row(row.name, row.line, row.text, wanted.schema)


def check_parameters(section: Section, op: Operation) -> Iterator[Finding]:
    """必选参数 / 可选参数 tables against the operation's parameters."""
    titled = [(cell(t.header[0]), t) for t in section.tables if t.header]
    tables = [(title, t) for title, t in titled if title in (REQUIRED_TITLE, OPTIONAL_TITLE)]
    doc = [row for title, t in tables for row in _doc_rows(t, title == REQUIRED_TITLE)]
    if tables:
        fallback = (tables[0][0], tables[0][1].start)
    else:
        fallback = (REQUEST_HEADING, section.request.line if section.request else section.start)
    yield from _compare_rows(doc, spec_parameter_rows(op), "parameter", fallback)


def _response_schema(op: Operation, status: str = "200") -> dict[str, Any] | None:
    media = (op.responses.get(status) or {}).get("content", {}).get("application/json")
    return None if media is None else media.get("schema") or {}


def check_responses(section: Section, op: Operation) -> Iterator[Finding]:
    """基本属性 and `data…` tables against the 200 response's fields, table by table."""
    schema = _response_schema(op)
    spec_tables = {}
    for table in response_tables(schema) if schema is not None else []:
        path = () if table["title"] == TOP_TITLE else table_path(table["title"])
        spec_tables[path] = [Row(r["name"], r["type"], None, -1, schema=r["schema"]) for r in table["rows"]]
    top_names = {r.name for r in spec_tables.get((), [])}
    doc_tables: dict[tuple[str, ...], Table] = {}
    for table in section.tables:
        title = cell(table.header[0]) if table.header else ""
        path = () if title == TOP_TITLE else table_path(title)
        if path is not None and (path == () or path[0] in top_names):
            doc_tables[path] = table
    for path, table in doc_tables.items():
        title = cell(table.header[0])
        spec_rows = spec_tables.get(path, [])
        # A nested object may be left out of its parent's table when the document gives it a table of its own.
        detailed = frozenset(r.name for r in spec_rows if (*path, r.name) in doc_tables)
        yield from _compare_rows(_doc_rows(table, None), spec_rows, "field", (title, table.start), detailed)
    documented = {(*p, r.name) for p, t in doc_tables.items() for r in _doc_rows(t, None)}
    for path, rows in spec_tables.items():
        if path not in doc_tables and rows and path in documented:
            last = max(t.start for t in doc_tables.values())
            names = ", ".join(r.name for r in rows)
            yield Finding(last, f"{_title(path)}: the spec details this object ({names}), the document has no table")


def _title(path: tuple[str, ...]) -> str:
    return path[0] + "".join(f"['{p}']" for p in path[1:]) if path else TOP_TITLE
