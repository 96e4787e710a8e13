"""Python literals laid out as `ruff format` would lay them out."""

from __future__ import annotations

from generator.pyliteral import python_literal, python_string


def test_strings_prefer_double_quotes() -> None:
    assert python_string("abc") == '"abc"'
    assert python_string('say "hi"') == "'say \"hi\"'"
    assert python_string("it's") == '"it\'s"'
    assert python_string("^\\d$") == '"^\\\\d$"'
    assert python_string("金币\n") == '"金币\\n"'
    assert eval(python_string("a'b\"c")) == "a'b\"c"


def test_short_collections_stay_on_one_line() -> None:
    assert python_literal({"a": [1, None, True]}) == '{"a": [1, None, True]}'
    assert python_literal(("x", 2)) == '["x", 2]'


def test_long_collections_split_one_item_per_line_with_trailing_commas() -> None:
    value = {"key": "v" * 100, "other": [1, 2]}
    assert python_literal(value) == '{\n    "key": "' + "v" * 100 + '",\n    "other": [1, 2],\n}'


def test_the_suffix_and_indent_count_towards_the_width() -> None:
    value = ["x" * 54, "y" * 54]
    assert "\n" not in python_literal(value)
    assert "\n" in python_literal(value, indent=1, suffix=",")
