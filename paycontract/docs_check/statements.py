"""What a table row's text says about a value: bounds, listed values, a default, a pattern, uniqueness, a format.

Written for the wording `paycontract.constraints` generates and for what people write by hand, in
Chinese or English: `长度不超过 64 个字符`, `最长 64`, `≤ 64`, `1~100000000`, `取值范围 [1, 100]`,
`at most 50 items`, `默认为 2`, `各项不可重复`, `格式 yyyy-MM-dd`. Each reader leans towards
"stated": a row that says a thing in an unforeseen way should pass, as a check that cries wolf is
soon ignored. Text is compared after NFKC folding (full-width digits and punctuation) and in lower case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

_NUMBER = r"(?<![a-z0-9_.])(?<![a-z]-)(-?\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(万|亿))?(?!\.?\d)"
_UNITS = {"万": 10_000, "亿": 100_000_000}
_RANGE_SEPARATORS = r"~|〜|-|–|—|至|到|\.\.\.?|…|to|and|和|与"
_RANGE = re.compile(rf"{_NUMBER}\s*(?:{_RANGE_SEPARATORS})\s*{_NUMBER}|[\[(]\s*{_NUMBER}\s*[,;]\s*{_NUMBER}\s*[\])]")
# Between a comparator and its number: a few words (`最大长度为 64`, `maximum length of 64`), no digits.
_GAP = r"[^\d;,。\n|]{0,14}?"
_UNIT = r"(?:\s*(?:个字符|个字|字符|字节|个|位|项|条|元|分|characters?|chars?|items?))?\s*"


def _words(*words: str) -> str:
    """An alternation, longest first; ASCII words must stand alone (`min`, not `minute`)."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(rf"(?<![a-z]){re.escape(w)}(?![a-z])" if w[0].isascii() and w[0].isalpha() else re.escape(w)
                    for w in ordered)


# Comparators, as groups named side_strict; in one alternation, so that `<=` wins over `<` and `不大于` over `大于`.
_COMPARATORS_BEFORE = {
    "upper_0": _words("≤", "<=", "=<", "不超过", "不大于", "不多于", "不长于", "不得超过", "不能超过", "不可超过",
                      "不应超过", "最多", "最大", "最长", "至多", "上限", "max", "maximum", "at most", "up to",
                      "no more than", "no longer than", "not more than", "not longer than", "not exceeding",
                      "小于等于", "小于或等于", "less than or equal to", "≦", "限", "限制", "限长", "limit",
                      "limited to", "capped at"),
    "lower_0": _words("≥", ">=", "=>", "不小于", "不少于", "不低于", "不短于", "至少", "最少", "最小", "最短", "下限",
                      "min", "minimum", "at least", "no less than", "no fewer than", "not less than",
                      "not shorter than", "大于等于", "大于或等于", "greater than or equal to", "≧"),
    "upper_1": _words("<", "小于", "少于", "低于", "短于", "less than", "fewer than", "shorter than", "below"),
    "lower_1": _words(">", "大于", "多于", "高于", "长于", "超过", "greater than", "more than", "longer than", "above"),
}
# Words after a number and its unit: `64 个字符以内`, `1 起`, `1 ≤ x`.
_COMPARATORS_AFTER = {
    "upper_0": _words("以内", "之内", "以下", "及以下", "或以下", "封顶", "or less", "or fewer", "max", "at most",
                      "≥", ">="),
    "lower_0": _words("以上", "及以上", "或以上", "起", "or more", "at least", "min", "≤", "<="),
    "upper_1": _words(">"),
    "lower_1": _words("<"),
}


def _alternation(groups: dict[str, str]) -> str:
    return "|".join(f"(?P<{name}>{words})" for name, words in groups.items())


_BEFORE = re.compile(rf"(?:{_alternation(_COMPARATORS_BEFORE)}){_GAP}(?P<n>{_NUMBER})")
_AFTER = re.compile(rf"(?P<n>{_NUMBER}){_UNIT}(?:{_alternation(_COMPARATORS_AFTER)})")
# A length written into the type: `string(64)`, `varchar(64)`.
_SIZED_TYPE = re.compile(rf"(?:string|varchar|char|str|字符串)\s*\(\s*{_NUMBER}\s*\)")
_EXACT = re.compile(rf"(?:长度|固定|定长|exactly|length)\s*(?:为|是|:|=|of|is)?\s*{_NUMBER}|{_NUMBER}\s*位(?!数)")
_IMPLIED = [
    (re.compile(_words("非负", "不能为负", "不可为负", "不为负", "non-negative", "nonnegative")), "lower", 0),
    (re.compile(_words("正整数", "正数", "positive")), "lower", 1),
    (re.compile(_words("非空", "不能为空", "不可为空", "不得为空", "不为空", "non-empty", "nonempty", "not empty",
                       "must not be empty")), "lower", 1),
]
_UNIQUE = re.compile(
    r"唯一|互不相同|各不相同|(?:不|勿|禁止|不得|不能|不可|不允许|不应)重复|unique|distinct|no duplicate"
    r"|without duplicate|must not (?:repeat|be repeated)|duplicates? (?:are |is )?not allowed"
)
_DEFAULT_BEFORE = _words("默认", "默认值", "缺省", "缺省值", "default", "defaults to", "default value",
                         "不传时", "未传时", "不传", "未传", "省略时", "留空时", "if omitted", "when omitted")
_DEFAULT_AFTER = _words("默认", "默认值", "缺省", "缺省值", "default", "the default", "by default")
_TEMPLATE = re.compile(r"(?<![a-z])[ymdhs]{1,4}(?:[-/:. t]+[ymdhs]{1,4})+(?![a-z])")
_DATE_LETTERS = re.compile(r"[ymdhs]")
FORMAT_WORDS = {
    "date": ("yyyy-mm-dd", "full-date", "rfc 3339", "rfc3339", "iso 8601", "iso8601"),
    "date-time": ("rfc 3339", "rfc3339", "iso 8601", "iso8601", "date-time", "日期时间"),
    "email": ("email", "e-mail", "邮箱", "电子邮件"),
    "uri": ("uri", "url", "链接", "网址"),
    "uuid": ("uuid",),
    "ipv4": ("ipv4",),
    "ipv6": ("ipv6",),
}


def fold(text: str) -> str:
    """Text as the readers compare it: NFKC (full-width → ASCII), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _number(digits: str, unit: str | None) -> Fraction:
    return Fraction(digits.replace(",", "")) * _UNITS.get(unit or "", 1)


@dataclass
class Bounds:
    """The numbers a text gives as lower and upper bounds (exact ones in both), and every number it names."""

    lower: set[Fraction] = field(default_factory=set)
    upper: set[Fraction] = field(default_factory=set)
    ranges: set[tuple[Fraction, Fraction]] = field(default_factory=set)
    numbers: set[Fraction] = field(default_factory=set)

    def add(self, side: str, value: Fraction, strict: bool) -> None:
        """A bound on `side`; a strict one (`< 65`, `大于 0`) is the inclusive integer bound (64, 1)."""
        if strict:
            if value.denominator != 1:
                return
            value += 1 if side == "lower" else -1
        (self.lower if side == "lower" else self.upper).add(value)


def _ranges(text: str, found: Bounds, used: set[int]) -> None:
    for m in _RANGE.finditer(text):
        first = 1 if m.group(1) else 5
        low, high = _number(m.group(first), m.group(first + 1)), _number(m.group(first + 2), m.group(first + 3))
        found.lower.add(low)
        found.upper.add(high)
        found.ranges.add((low, high))
        used.update((m.start(first), m.start(first + 2)))


def _comparisons(text: str, found: Bounds, used: set[int]) -> None:
    for comparators in (_BEFORE, _AFTER):
        for m in comparators.finditer(text):
            side, strict = next(name for name in _COMPARATORS_BEFORE if m.group(name)).split("_")
            number = re.fullmatch(_NUMBER, m.group("n"))
            assert number is not None
            found.add(side, _number(number.group(1), number.group(2)), strict == "1")
            used.add(m.start("n"))
    for m in _SIZED_TYPE.finditer(text):
        found.add("upper", _number(m.group(1), m.group(2)), False)


def _exact(text: str, found: Bounds, used: set[int]) -> None:
    """`长度为 32`, `32 位`: both bounds, unless the number is already one side of a comparison (`不超过 64 位`)."""
    for m in _EXACT.finditer(text):
        first = 1 if m.group(1) else 3
        if m.start(first) not in used:
            found.add("lower", _number(m.group(first), m.group(first + 1)), False)
            found.add("upper", _number(m.group(first), m.group(first + 1)), False)


def bounds(text: str) -> Bounds:
    """Every bound `text` (folded) states: ranges, comparators before or after a number, exact lengths, words."""
    found = Bounds(numbers={_number(m.group(1), m.group(2)) for m in re.finditer(_NUMBER, text)})
    used: set[int] = set()
    _ranges(text, found, used)
    _comparisons(text, found, used)
    _exact(text, found, used)
    for pattern, side, value in _IMPLIED:
        if pattern.search(text):
            found.add(side, Fraction(value), False)
    return found


def states_values(text: str, values: tuple[str, ...], found: Bounds) -> bool:
    """Every listed value named (numbers as numbers, words as words), or numbers as one range (`1~3`)."""
    numeric = [_as_number(v) for v in values]
    if all(n is not None for n in numeric):
        wanted = set(numeric)
        if wanted <= found.numbers:
            return True
        return any(
            low.denominator == high.denominator == 1 and wanted == set(map(Fraction, range(int(low), int(high) + 1)))
            for low, high in found.ranges
        )
    return all(
        re.search(rf"(?<![a-z0-9_-]){re.escape(fold(v))}(?![a-z0-9_-])", text) or (n is not None and n in found.numbers)
        for v, n in zip(values, numeric, strict=True)
    )


def _as_number(value: str) -> Fraction | None:
    try:
        return Fraction(value)
    except ValueError:
        return None


def states_default(text: str, values: tuple[str, ...]) -> bool:
    """The default value (or its meaning) next to a default word: `默认 2`, `默认为 HMAC-SHA256`, `2（默认）`."""
    value = "|".join(re.escape(fold(v)) for v in values)
    token = rf"[`'\"]?(?<![a-z0-9_.])(?:{value})(?![a-z0-9_]|\.\d)[`'\"]?"
    before = rf"(?:{_DEFAULT_BEFORE})\s*(?:值)?\s*(?:为|是|:|=|is|to|按)?\s*{token}"
    after = rf"{token}(?:\s*[^\s;,。\n|(]{{1,24}})?\s*\(?\s*(?:为|是|is)?\s*(?:{_DEFAULT_AFTER})"
    return re.search(before, text) is not None or re.search(after, text) is not None


def pattern_forms(pattern: str) -> list[str]:
    """How a pattern may be written: as in the spec, without its anchors, with YAML's doubled backslashes."""
    bare = pattern.removeprefix("^").removesuffix("$")
    forms = [pattern, pattern.replace("\\", "\\\\")]
    return forms + ([bare] if len(bare) >= 3 else [])


def states_pattern(raw: str, pattern: str) -> bool:
    """The pattern written out (see `pattern_forms`), or a date/time template it fixes (`YYYY-MM-DD`)."""
    if any(form in raw for form in pattern_forms(pattern)):
        return True
    try:
        compiled = re.compile(pattern)
    except re.error:
        return False
    for m in _TEMPLATE.finditer(fold(raw)):
        template = m.group(0)
        digits, letters = _DATE_LETTERS.sub("0", template), _DATE_LETTERS.sub("a", template)
        # The template fixes the pattern only if the pattern wants digits exactly where it has letters.
        if compiled.search(digits) and not compiled.search(letters) and not compiled.search(digits + "0"):
            return True
    return False


def states_format(text: str, fmt: str, phrase: str) -> bool:
    """The format by name (`format date`, `` `date` ``) or by a word for it (`YYYY-MM-DD`, `RFC 3339`, `UUID`)."""
    words = (fmt, phrase, *FORMAT_WORDS.get(fmt, ()))
    return any(re.search(rf"(?<![a-z0-9]){re.escape(fold(w))}(?![a-z0-9])", text) for w in words)


def states_unique(text: str) -> bool:
    """Items said to be unique: `各项不得重复`, `不可重复`, `唯一`, `unique`, `no duplicates`."""
    return _UNIQUE.search(text) is not None
