"""Constraints the spec puts on a parameter or field that its table row does not state.

The constraints are `paycontract.constraints`' (the ones the generated tables print); whether a
row states one is read by `paycontract.docs_check.statements`. A row holding the generated phrase
states it; otherwise its text (every cell but the name, each after its column's header, so that
a `默认值` or `取值范围` column and a `string(64)` type count) is read for the constraint in other words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from paycontract.constraints import Constraint, claim_about, constraints
from paycontract.docs_check import statements as st
from paycontract.docs_check.model import Finding
from paycontract.docs_check.pattern_words import states_in_words
from paycontract.schema_tables import merge_all_of

_BOUND_KEYWORDS = frozenset(("minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"))


def _patterns(found: list[Constraint]) -> list[str]:
    return [form for c in found if c.keywords == ("pattern",) for form in st.pattern_forms(c.values[0])]


def _without(raw: str, forms: list[str]) -> str:
    """The text with the patterns taken out: the 64 in `{1,64}` is no length bound."""
    for form in sorted(forms, key=len, reverse=True):
        raw = raw.replace(form, " ")
    return raw


def _has_phrase(raw: str, phrase: str) -> bool:
    return re.search(re.escape(phrase) + r"(?![0-9A-Za-z_.])", raw) is not None


def _states(c: Constraint, raw: str, text: str, found: st.Bounds) -> bool:
    """Whether the row (raw; folded, without patterns; and its bounds) states the constraint in its own words."""
    kind = c.keywords[0]
    if kind in _BOUND_KEYWORDS:
        low, high = (None if v is None else Fraction(str(v)) for v in c.values)
        return (low is None or low in found.lower) and (high is None or high in found.upper)
    if kind == "enum":
        return st.states_values(text, c.values, found)
    if kind == "default":
        return st.states_default(text, c.values)
    if kind == "pattern":
        return st.states_pattern(raw, c.values[0]) or states_in_words(text, c.values[0], found)
    if kind == "format":
        return st.states_format(text, c.values[0], c.phrase.removeprefix("每项").removeprefix("格式 "))
    if kind == "uniqueItems":
        return st.states_unique(text)
    return True


def unstated(schema: dict[str, Any], raw: str) -> list[Constraint]:
    """The constraints of `schema` that the row text `raw` does not state, in the docs' order."""
    found = constraints(merge_all_of(schema))
    # The generated phrase settles most rows; the text is read only for the rest.
    rest = [c for c in found if not _has_phrase(raw, c.phrase.removeprefix("每项"))]
    if not rest:
        return []
    text = st.fold(_without(raw, _patterns(found)))
    bounds = st.bounds(text)
    return [c for c in rest if not _states(c, raw, text, bounds)]


def check_row(name: str, line: int, raw: str, schema: dict[str, Any] | None) -> Iterator[Finding]:
    """One line per constraint of `schema` the row named `name` (at `line`) does not state."""
    for c in unstated(schema or {}, raw):
        yield Finding(line, f"{name}: {claim_about(c)}; the doc does not say so")
