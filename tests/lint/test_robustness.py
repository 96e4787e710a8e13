"""Whatever shape a spec has, `lint_document` returns findings: it never raises."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paycontract.lint import lint_document
from paycontract.spec import Document

BASE = yaml.safe_load((Path(__file__).parent / "cases" / "positive" / "minimal" / "spec.yaml").read_text("utf-8"))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 600),
    st.floats(allow_nan=False),
    st.sampled_from(["", "x", "#", "#/nope", "#/components/schemas/Order", "a.yaml#/b", "$ref", "enum"]),
    st.just(datetime.date(2003, 1, 1)),
)
KEYS = st.one_of(st.sampled_from(["$ref", "enum", "x-enum-descriptions", "allOf", "type", "200", "example"]), SCALARS)
JUNK = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS.filter(lambda k: k.__hash__), inner, max_size=3),
    max_leaves=6,
)
EDITS = st.lists(st.tuples(st.sampled_from(_paths(BASE)), JUNK), min_size=1, max_size=3)


def _has(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


def _apply(edits: list[tuple[tuple[Any, ...], Any]]) -> Any:
    """The base spec with each (path, value) set, where the path still exists after earlier edits."""
    data = copy.deepcopy(BASE)
    for path, value in edits:
        node = data
        for key in path[:-1]:
            node = node[key] if _has(node, key) else None
        if _has(node, path[-1]):
            node[path[-1]] = value
    return data


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
def test_lint_never_raises(edits: list[tuple[tuple[Any, ...], Any]]) -> None:
    findings = lint_document(Document(Path("spec.yaml"), _apply(edits), {}))
    assert all(f.line >= 1 and f.rule and f.message for f in findings)
