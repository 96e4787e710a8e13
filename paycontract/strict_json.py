"""JSON as RFC 8259 defines it, shared by the reference server (which refuses anything else) and the
contract suite (which must never send anything else in a positive case)."""

from __future__ import annotations

import json
import math
from typing import Any


def strict_loads(text: str) -> Any:
    """Parse `text` as JSON; `ValueError` also for what Python's parser accepts beyond the standard.

    That is `NaN`, `Infinity` and numbers that overflow a double (not portable JSON), and nesting too deep
    to parse.
    """
    try:
        return json.loads(text, parse_float=_finite_float, parse_constant=_not_json)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _not_json(text: str) -> Any:
    raise ValueError(text)


def ijson_equal(left: Any, right: Any) -> bool:
    """Whether two parsed JSON values are equal as I-JSON (RFC 7493) sees them: numbers compared as doubles.

    A server may re-serialise numbers through IEEE-754 doubles, so `1.0` and `1`, `-0` and `0`, and integers
    beyond 2^53 that round to the same double are the same number; booleans are not numbers.
    """
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        try:
            return float(left) == float(right)
        except OverflowError:
            return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(ijson_equal(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(ijson_equal(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and left == right
