"""Each escaping filter on quotes, backslashes, `$`, newlines and non-ASCII (runtimes re-read them in tests/samples)."""

from __future__ import annotations

import ast
import json
import shlex

import pytest

from generator import filters

AWKWARD = [
    "plain",
    "",
    'it\'s "quoted"',
    "C:\\path\\to\\",
    "\\u0041 \\n",
    "$HOME ${x} $(id) `id` #{x} {$x}",
    "line 1\nline 2\r\n\ttab",
    "金币 ✓ é 😀",
    "\x00\x01\x1f\x7f",
    "\u2028\u2029",
]


@pytest.mark.parametrize("value", AWKWARD)
def test_python_string_round_trips(value: str) -> None:
    literal = filters.python_string(value)
    assert literal[0] in "'\"" and "\n" not in literal
    assert ast.literal_eval(literal) == value


@pytest.mark.parametrize("value", AWKWARD)
def test_js_string_is_json(value: str) -> None:
    assert json.loads(filters.js_string(value)) == value


@pytest.mark.parametrize("value", [v for v in AWKWARD if "\x00" not in v])  # a shell word cannot hold NUL
def test_shell_quote_round_trips(value: str) -> None:
    assert shlex.split(filters.shell_quote(value)) == [value]


def test_shell_quote_leaves_safe_words_bare() -> None:
    assert filters.shell_quote("pay_type=1") == "pay_type=1"
    assert filters.shell_quote("http://127.0.0.1:8000/v1") == "http://127.0.0.1:8000/v1"
    assert filters.shell_quote("$HOME") == "'$HOME'"
    assert filters.shell_quote("it's") == "'it'\\''s'"
    assert filters.shell_quote("") == "''"


@pytest.mark.parametrize("name", ["php_string", "ruby_string"])
def test_single_quoted_literals(name: str) -> None:
    quote = getattr(filters, name)
    assert quote("it's") == "'it\\'s'"
    assert quote("C:\\dir\\") == "'C:\\\\dir\\\\'"
    assert quote("$x {$x} #{x}") == "'$x {$x} #{x}'"
    assert quote("金币") == "'金币'"


def test_php_keeps_control_characters_raw() -> None:
    assert filters.php_string("a\r\nb") == "'a\r\nb'"


def test_ruby_escapes_control_characters_in_double_quotes() -> None:
    # Ruby would read a raw CR LF in the source as LF: such strings are written with escapes.
    assert filters.ruby_string('a\r\nb\t#{x} "q" \\') == '"a\\r\\nb\\t\\#{x} \\"q\\" \\\\"'
    assert filters.ruby_string("\x01") == '"\\x01"'


def test_java_string_is_ascii_and_escaped() -> None:
    assert filters.java_string('say "hi"\\') == '"say \\"hi\\"\\\\"'
    assert filters.java_string("a\nb\r\tc") == '"a\\nb\\r\\tc"'
    assert filters.java_string("\x00\x1f\x7f") == '"\\000\\037\\177"'
    assert filters.java_string("金币") == '"\\u91d1\\u5e01"'
    assert filters.java_string("😀") == '"\\ud83d\\ude00"'
    # A literal backslash-u must not become a Unicode escape: the backslash is doubled.
    assert filters.java_string("\\u0041") == '"\\\\u0041"'
    assert filters.java_string("$x").isascii()


def test_java_algorithm_names() -> None:
    assert filters.java_algorithm("md5", False) == "MD5"
    assert filters.java_algorithm("sha256", False) == "SHA-256"
    assert filters.java_algorithm("sha1", False) == "SHA-1"
    assert filters.java_algorithm("sha256", True) == "HmacSHA256"
    assert filters.java_algorithm("md5", True) == "HmacMD5"


def test_case_filters() -> None:
    assert filters.camel_case("APP_SECRET") == "appSecret"
    assert filters.camel_case("base_url") == "baseUrl"
    assert filters.pascal_case("createOrder") == "CreateOrder"
    assert filters.pascal_case("get-bill_v2") == "GetBillV2"


def test_md_cell_is_one_line_with_pipes_escaped() -> None:
    assert filters.md_cell("a | b\nc") == "a \\| b c"
    assert filters.md_cell(7) == "7"


def test_every_filter_is_registered() -> None:
    public = {
        n
        for n, f in vars(filters).items()
        if callable(f) and not n.startswith("_") and f.__module__ == filters.__name__
    }
    assert public <= set(filters.FILTERS)


def test_python_string_quotes_as_the_formatter_would() -> None:
    assert filters.python_string('{"c":"d"}') == '\'{"c":"d"}\''
    assert filters.python_string("it's") == '"it\'s"'
    assert filters.python_string("a\\b\n") == '"a\\\\b\\n"'
