"""Escaping filters for templates: each turns a Python value into a literal of one target language.

Templates only loop and interpolate; every quoting decision lives here and is unit-tested.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from generator.pyliteral import python_literal


def json_string(value: Any) -> str:
    """A JSON string literal (also valid JavaScript), non-ASCII kept as is."""
    return json.dumps(str(value), ensure_ascii=False)


FILTERS: dict[str, Callable[..., Any]] = {
    "json_string": json_string,
    "python_literal": python_literal,
}
