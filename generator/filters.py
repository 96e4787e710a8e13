"""Escaping filters for templates: each turns a Python value into a literal of one target language.

Templates only loop and interpolate; every quoting decision lives here and is unit-tested.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from generator.languages import pascal_case
from generator.pyliteral import python_literal

_SHELL_SAFE = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")
_PYTHON_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_JAVA_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def json_string(value: Any) -> str:
    """A JSON string literal, non-ASCII kept as is."""
    return json.dumps(str(value), ensure_ascii=False)


def _python_char(char: str, quote: str) -> str:
    if char in (quote, "\\"):
        return "\\" + char
    if char in _PYTHON_ESCAPES:
        return _PYTHON_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x20 or code == 0x7F else char


def python_string(value: Any) -> str:
    """A Python string literal quoted as black/ruff would: double quotes unless that means more escapes."""
    text = str(value)
    quote = "'" if text.count('"') > text.count("'") else '"'
    return quote + "".join(_python_char(c, quote) for c in text) + quote


def js_string(value: Any) -> str:
    """A double-quoted JavaScript string literal (U+2028/U+2029 are legal in strings since ES2019)."""
    return json_string(value)


def shell_quote(value: Any) -> str:
    """A POSIX shell word: bare when it has no special characters, else single-quoted ('\\'' for ')."""
    text = str(value)
    if _SHELL_SAFE.fullmatch(text):
        return text
    return "'" + text.replace("'", "'\\''") + "'"


def _single_quoted(value: Any) -> str:
    # PHP and Ruby single-quoted strings know exactly two escapes, \\ and \'; nothing interpolates.
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def php_string(value: Any) -> str:
    """A single-quoted PHP string literal (no `$` interpolation)."""
    return _single_quoted(value)


def _ruby_char(char: str) -> str:
    if char in '"\\#':
        return "\\" + char  # \# so that #{…}, #$x and #@x never interpolate
    if char in _PYTHON_ESCAPES:
        return _PYTHON_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02X}" if code < 0x20 or code == 0x7F else char


def ruby_string(value: Any) -> str:
    """A Ruby string literal: single-quoted (no interpolation), or double-quoted with escapes for control
    characters — Ruby reads a CR LF inside a literal as LF, so a raw CR would be lost."""
    text = str(value)
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        return '"' + "".join(_ruby_char(c) for c in text) + '"'
    return _single_quoted(text)


def _java_char(char: str) -> str:
    if char in _JAVA_ESCAPES:
        return _JAVA_ESCAPES[char]
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        # Octal, not \\u: javac turns \\u000a into a real line break before it reads the literal.
        return f"\\{code:03o}"
    if code < 0x7F:
        return char
    units = char.encode("utf-16-be")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def java_string(value: Any) -> str:
    """A Java string literal in pure ASCII (non-ASCII as \\uXXXX), so any source encoding reads it."""
    return '"' + "".join(_java_char(c) for c in str(value)) + '"'


def java_algorithm(hash_name: str, keyed: bool) -> str:
    """The JCA name of a hashlib algorithm: `md5` → `MD5`, `sha256` → `SHA-256`, keyed → `HmacSHA256`."""
    upper = hash_name.upper()
    if keyed:
        return "Hmac" + upper.replace("-", "")
    return re.sub(r"^SHA(\d)", r"SHA-\1", upper)


def camel_case(name: str) -> str:
    """`app_secret` → `appSecret` (PHP and JavaScript variable names)."""
    head, *rest = name.lower().split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def md_cell(value: Any) -> str:
    """Text for one Markdown table cell: one line, `|` escaped."""
    text = " ".join(str(value).split())
    return text.replace("|", "\\|")


FILTERS: dict[str, Callable[..., Any]] = {
    "json_string": json_string,
    "python_literal": python_literal,
    "python_string": python_string,
    "js_string": js_string,
    "shell_quote": shell_quote,
    "php_string": php_string,
    "ruby_string": ruby_string,
    "java_string": java_string,
    "java_algorithm": java_algorithm,
    "camel_case": camel_case,
    "pascal_case": pascal_case,
    "md_cell": md_cell,
}
