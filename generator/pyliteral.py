"""Python literals laid out the way `ruff format` lays them out, so generated modules are format-stable.

A collection that fits on its line is written on one line; one that does not is split one element
per line with a trailing comma (the "magic trailing comma" keeps it split on the next format).
"""

from __future__ import annotations

from typing import Any

LINE_LENGTH = 120
INDENT = "    "


def python_string(value: str) -> str:
    """A string literal with the quotes `ruff format` prefers (double, unless that needs more escapes)."""
    text = repr(value)
    if text.startswith('"'):
        return text
    body = text[1:-1]
    if '"' in value and body.count('"') > body.count("\\'"):
        return text
    return '"' + body.replace("\\'", "'").replace('"', '\\"') + '"'


def _one_line(value: Any) -> str:
    if isinstance(value, str):
        return python_string(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_one_line(k)}: {_one_line(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_one_line(v) for v in value) + "]"
    return repr(value)


def _items(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [(_one_line(k) + ": ", v) for k, v in value.items()]
    return [("", v) for v in value]


def python_literal(value: Any, indent: int = 0, prefix: int = 0, suffix: str = "") -> str:
    """`value` as Python source starting `prefix` columns after an indent of `indent` levels.

    `suffix` is what follows on the same line (a trailing comma, say); it counts towards the width.
    Tuples are written as lists, so that a trailing comma always keeps a split collection split.
    """
    flat = _one_line(value)
    if len(INDENT) * indent + prefix + len(flat) + len(suffix) <= LINE_LENGTH:
        return flat
    if not isinstance(value, dict | list | tuple) or not value:
        return flat
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    pad = INDENT * (indent + 1)
    lines = [opening]
    for head, item in _items(value):
        lines.append(pad + head + python_literal(item, indent + 1, len(head), ",") + ",")
    lines.append(INDENT * indent + closing)
    return "\n".join(lines)
