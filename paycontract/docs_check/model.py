"""What `docs check` reports, and the small vocabulary shared by its checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Type names a writer may use for the same thing; compared after mapping through this table.
TYPE_ALIASES = {
    "integer": "int",
    "int32": "int",
    "int64": "long",
    "bool": "boolean",
    "str": "string",
    "list": "array",
    "dict": "object",
    "map": "object",
    "number": "double",
}
_SIZE = re.compile(r"\s*\(\s*\d+\s*\)$")
_PATH_SEGMENT = re.compile(r"""\[\s*['"]?([^'"\]]+?)['"]?\s*\]|\.([A-Za-z_][\w-]*)""")
_PATH_HEAD = re.compile(r"[A-Za-z_][\w-]*")


@dataclass(frozen=True, order=True)
class Finding:
    """One disagreement: a 0-based line of the document and what is wrong there."""

    line: int
    message: str


def cell(text: str) -> str:
    """A table cell's plain value: code spans and surrounding spaces removed."""
    return text.strip().strip("`").strip()


def canonical_type(name: str) -> str:
    """A type name as compared: lower case, aliases folded (`integer` → `int`), a size dropped (`string(64)`)."""
    name = _SIZE.sub("", cell(name).lower())
    return TYPE_ALIASES.get(name, name)


def table_path(title: str) -> tuple[str, ...] | None:
    """`data['app']` → ("data", "app"); `data.app` likewise; None when `title` is not a field path."""
    title = cell(title)
    head = _PATH_HEAD.match(title)
    if not head:
        return None
    path, rest = [head.group(0)], title[head.end() :]
    while rest:
        segment = _PATH_SEGMENT.match(rest)
        if not segment:
            return None
        path.append(segment.group(1) or segment.group(2))
        rest = rest[segment.end() :]
    return tuple(path)
