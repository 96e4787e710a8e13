"""Cheaper draws for the `sign`: a string pattern that is one character class repeated, `^[0-9A-Fa-f]{32,64}$`.

schemathesis draws a pattern through hypothesis' `from_regex`, one regex node per character, which made the
`sign` the most expensive value of a case (about five times the cost of drawing the same strings as text over
the class's alphabet), a value every valid case then replaces with the real signature. Its schema in the run's
copy of the spec gets a `format` whose registered strategy draws exactly the strings the pattern matches;
schemathesis takes a format's value when the pattern admits it, and its negative cases still break the
pattern, so the same language is generated, drawn faster. The spec itself is not changed.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterator
from typing import Any

import schemathesis
from hypothesis import strategies as st

# `^[class]{m}$` or `^[class]{m,n}$`, the class made of plain characters and ranges only.
_REPEATED_CLASS = re.compile(r"\^\[([A-Za-z0-9_\-]+)\]\{(\d+)(?:,(\d+))?\}\$")
_PLAIN = set(string.ascii_letters + string.digits + "_")
_registered: set[str] = set()


def class_alphabet(members: str) -> str | None:
    """The characters of a regex class body such as `A-Za-z0-9_-` (a `-` at either end is itself), or None."""
    chars: list[str] = []
    i = 0
    while i < len(members):
        if i + 2 < len(members) and members[i + 1] == "-":
            low, high = members[i], members[i + 2]
            if not ({low, high} <= _PLAIN and low <= high and low.isalnum() == high.isalnum()):
                return None
            chars.extend(chr(code) for code in range(ord(low), ord(high) + 1))
            i += 3
            continue
        if members[i] == "-" and 0 < i < len(members) - 1:
            return None
        chars.append(members[i])
        i += 1
    return "".join(sorted(set(chars)))


def format_for(pattern: str) -> tuple[str, Any] | None:
    """A format name and the strategy drawing exactly what `pattern` matches, when it is a repeated class."""
    match = _REPEATED_CLASS.fullmatch(pattern)
    alphabet = class_alphabet(match.group(1)) if match else None
    if match is None or not alphabet:
        return None
    low = int(match.group(2))
    high = int(match.group(3)) if match.group(3) is not None else low
    if low > high:
        return None
    name = "paycontract-" + hashlib.sha256(pattern.encode()).hexdigest()[:12]
    return name, st.text(alphabet=alphabet, min_size=low, max_size=high)


def add_formats(raw: dict[str, Any], parameter: str) -> int:
    """Give the schema of every `parameter` of `raw` (a spec's copy) its drawing format; returns how many.

    Only a parameter whose valid values are all alike to the run takes one: the `sign`, whose valid value is
    always replaced by the real signature before it is sent.
    """
    count = 0
    for schema in _schemas_of(raw, parameter):
        found = format_for(schema["pattern"]) if _is_patterned_string(schema) else None
        if found is None:
            continue
        name, strategy = found
        if name not in _registered:
            schemathesis.openapi.format(name, strategy)
            _registered.add(name)
        schema["format"] = name
        count += 1
    return count


def _is_patterned_string(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type") == "string"
        and isinstance(schema.get("pattern"), str)
        and "format" not in schema
    )


def _schemas_of(raw: dict[str, Any], parameter: str) -> Iterator[dict[str, Any]]:
    """The schemas (local `$ref`s followed) of every query, path or form parameter named `parameter`."""
    seen: set[int] = set()
    for node in _mappings(raw):
        candidates = []
        if node.get("name") == parameter and isinstance(node.get("schema"), dict):
            candidates.append(node["schema"])
        properties = node.get("properties")
        if isinstance(properties, dict) and isinstance(properties.get(parameter), dict):
            candidates.append(properties[parameter])
        for schema in candidates:
            target = _resolve(raw, schema)
            if target is not None and id(target) not in seen:
                seen.add(id(target))
                yield target


def _resolve(raw: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any] | None:
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return schema
    if not ref.startswith("#/"):
        return None
    node: Any = raw
    for part in ref[2:].split("/"):
        node = node.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _mappings(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _mappings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _mappings(value)
