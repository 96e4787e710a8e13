"""Every enum of a response schema is explained in its rendered table row: each value with its meaning.

The request side is `test_every_request_constraint_is_in_its_row`. Here the schemas are walked on their
own (not through `response_tables`) and the rows are read from the committed `docs/api.md`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from paycontract.paths import PROJECT_ROOT
from paycontract.schema_tables import merge_all_of
from paycontract.slate import SlateDocument, read_slate
from paycontract.spec import Operation, Spec

TOP = "基本属性"


def _json_schema(op: Operation, status: str) -> dict[str, Any] | None:
    media = (op.responses.get(status) or {}).get("content", {}).get("application/json")
    return None if media is None else media.get("schema") or {}


def _enum_fields(schema: dict[str, Any], title: str = TOP) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(table title, field name, field schema) for every field with an enum, at any depth."""
    obj = merge_all_of(schema)
    for name, prop in (obj.get("properties") or {}).items():
        prop = merge_all_of(prop)
        if "enum" in prop:
            yield title, name, prop
        child = merge_all_of(prop.get("items") or {}) if prop.get("type") == "array" else prop
        nested = name if title == TOP else f"{title}['{name}']"
        if child.get("properties"):
            yield from _enum_fields(child, nested)


@pytest.fixture(scope="module")
def doc() -> SlateDocument:
    """The committed, generated reference."""
    return read_slate(PROJECT_ROOT / "docs" / "api.md")


def _rows(doc: SlateDocument, summary: str) -> dict[tuple[str, str], str]:
    section = next(s for s in doc.operation_sections() if s.heading.text == summary)
    return {(t.header[0], row[0]): row[2] for t in section.tables if len(t.header) == 3 for row in t.rows}


def test_every_response_enum_is_in_its_row(spec: Spec, doc: SlateDocument) -> None:
    checked = []
    for op in spec.operations:
        rows = _rows(doc, op.summary)
        for title, name, schema in _enum_fields(_json_schema(op, "200") or {}):
            cell = rows.get((title, name))
            assert cell is not None, (op.id, title, name, "no row")
            meanings = schema.get("x-enum-descriptions") or {}
            for value in schema["enum"]:
                meaning = meanings.get(str(value), "")
                assert meaning, (op.id, title, name, value, "no meaning in the spec")
                assert f"{value} {meaning}" in cell, (op.id, title, name, value, cell)
            checked.append((op.id, title, name))
    # Orders carry status, type and payment type; channels their pay_type: all of them are checked.
    assert ("createOrder", "data", "status") in checked and ("queryOrders", "data", "type") in checked
    assert ("createOrder", "data['payment']", "type") in checked and ("listChannels", "data", "pay_type") in checked


def test_error_responses_hold_no_enum_the_docs_would_not_show(spec: Spec) -> None:
    for op in spec.operations:
        for status in op.responses:
            if status != "200":
                assert list(_enum_fields(_json_schema(op, status) or {})) == [], (op.id, status)
