"""The `sign`'s drawing format: it draws exactly what the spec's pattern matches, positive cases still carry a
valid `sign` to replace, and negative cases still break the pattern."""

from __future__ import annotations

import copy
import re

from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from paycontract.paths import default_spec_path
from paycontract.spec import load_spec
from paycontract.verify import pattern_formats, runner
from paycontract.verify.contract import Contract
from paycontract.verify.options import VerifyOptions

CONTRACT = Contract.from_spec(load_spec(default_spec_path()))
SIGN = CONTRACT.rule.parameter
SIGN_PATTERN = CONTRACT.spec.raw["components"]["schemas"]["Sign"]["pattern"]


def test_class_alphabet_expands_ranges_and_keeps_an_edge_dash() -> None:
    assert pattern_formats.class_alphabet("0-9A-Fa-f") == "0123456789ABCDEFabcdef"
    assert pattern_formats.class_alphabet("a-c_-") == "-_abc"
    assert pattern_formats.class_alphabet("a-c-x") is None
    assert pattern_formats.class_alphabet("z-a") is None


def test_only_a_repeated_class_gets_a_format() -> None:
    assert pattern_formats.format_for("^[0-9A-F]{32,64}$") is not None
    assert pattern_formats.format_for("^[0-9A-F]{4}$") is not None
    for pattern in (r"^\d{4}-\d{2}$", "^[A-Z]+$", "[A-Z]{3}", "^[^a]{3}$", "^[A-Z]{5,2}$"):
        assert pattern_formats.format_for(pattern) is None, pattern


def test_the_spec_copy_gets_the_format_and_the_spec_does_not() -> None:
    raw = copy.deepcopy(CONTRACT.spec.raw)
    assert pattern_formats.add_formats(raw, SIGN) == 1
    sign = raw["components"]["schemas"]["Sign"]
    assert sign["format"].startswith("paycontract-") and sign["pattern"] == SIGN_PATTERN
    assert "format" not in CONTRACT.spec.raw["components"]["schemas"]["Sign"]
    assert "format" not in raw["components"]["schemas"]["Id"]


def _signs(mode: GenerationMode, examples: int = 60) -> list[object]:
    schema = runner.load_schema(CONTRACT, runner.engine_config(VerifyOptions(), None, 1))
    operation = schema.find_operation_by_id("listChannels")
    seen: list[object] = []

    @settings(max_examples=examples, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(operation.as_strategy(generation_mode=mode))
    def draw(case: object) -> None:
        seen.append((getattr(case, "query", None) or {}).get(SIGN))

    draw()
    return seen


def test_positive_signs_match_the_pattern_and_vary() -> None:
    pattern = re.compile(SIGN_PATTERN)
    signs = _signs(GenerationMode.POSITIVE)
    assert signs and all(isinstance(s, str) and pattern.search(s) for s in signs)
    assert len({len(s) for s in signs if isinstance(s, str)}) > 1


def test_negative_cases_still_break_the_sign_pattern() -> None:
    pattern = re.compile(SIGN_PATTERN)
    signs = _signs(GenerationMode.NEGATIVE, examples=150)
    assert any(isinstance(s, str) and not pattern.search(s) for s in signs)
