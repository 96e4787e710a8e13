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
