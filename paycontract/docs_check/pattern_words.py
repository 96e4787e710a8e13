"""A pattern of one character class and a count, said in words: `32~64 位十六进制`, `3 位大写字母`, `1-64 alphanumeric`.

Only patterns of the shape `^[class]{m,n}$` (or `{n}`, `+`, `\\d` for the class) are read this way;
the text must name every kind of character the class allows and state the count.
"""

from __future__ import annotations

import re
import string
from fractions import Fraction

from paycontract.docs_check.statements import Bounds

_SHAPE = re.compile(r"\^(\[[^\]]+\]|\\d)(?:\{(\d+)(?:,(\d+))?\}|(\+))\$")
_KINDS = {
    "digits": (frozenset(string.digits), ("数字", "digit", "numeric", "0-9")),
    "letters": (frozenset(string.ascii_letters), ("字母", "letter", "a-z")),
    "upper": (frozenset(string.ascii_uppercase), ("大写字母", "大写", "uppercase", "upper-case", "capital", "a-z")),
    "lower": (frozenset(string.ascii_lowercase), ("小写字母", "小写", "lowercase", "lower-case", "a-z")),
    "hex": (frozenset("ABCDEFabcdef"), ("十六进制", "hex")),
    "hex upper": (frozenset("ABCDEF"), ("十六进制", "hex")),
    "underscore": (frozenset("_"), ("下划线", "underscore", "`_`")),
    "hyphen": (frozenset("-"), ("连字符", "中划线", "横线", "减号", "hyphen", "dash", "`-`")),
}
_ALPHANUMERIC = ("alphanumeric", "字母数字", "数字字母")


def _characters(cls: str) -> frozenset[str] | None:
    """The characters a class allows (`[A-Za-z0-9_-]`, `\\d`); None for anything fancier."""
    if cls == "\\d":
        return frozenset(string.digits)
    body, chars, i = cls[1:-1], set(), 0
    if body.startswith("^") or "\\" in body:
        return None
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            chars.update(chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            chars.add(body[i])
            i += 1
    return frozenset(chars)


def _kinds(chars: frozenset[str]) -> list[str] | None:
    """The kinds of character that make up `chars` exactly, hex letters taken with the digits."""
    kinds, rest = [], set(chars)
    for name in ("digits", "letters", "upper", "lower", "hex", "hex upper", "underscore", "hyphen"):
        kind = _KINDS[name][0]
        if kind <= rest:
            kinds.append(name)
            rest -= kind
    return kinds if not rest else None


def _named(text: str, kind: str, kinds: list[str]) -> bool:
    if kind == "digits" and any(k.startswith("hex") for k in kinds):
        return True  # hexadecimal digits include 0-9
    words = _KINDS[kind][1] + (_ALPHANUMERIC if kind in ("digits", "letters") else ())
    return any(word in text for word in words)


def states_in_words(text: str, pattern: str, found: Bounds) -> bool:
    """Whether `text` (folded) names the pattern's characters and its count (`found` holds the text's bounds)."""
    shape = _SHAPE.fullmatch(pattern)
    if shape is None:
        return False
    chars = _characters(shape.group(1))
    kinds = _kinds(chars) if chars else None
    if not kinds or not all(_named(text, kind, kinds) for kind in kinds):
        return False
    low, high, plus = shape.group(2), shape.group(3), shape.group(4)
    if plus:
        return True
    low_n = Fraction(low)
    high_n = Fraction(high) if high else low_n
    return low_n in found.lower and high_n in found.upper
