"""The server's parameter checks, compiled from generated rules, on raw wire strings."""

from __future__ import annotations

import pytest

from reference_impl.errors import ApiError
from reference_impl.validation import Invalid, compile_checker, compile_parameters, parse_json_object, validate


@pytest.mark.parametrize(
    ("rules", "raw", "expected"),
    [
        ({"type": "integer", "format": "int64", "minimum": 1}, "9223372036854775807", 9223372036854775807),
        ({"type": "integer", "format": "int32"}, "-2147483648", -(2**31)),
        ({"type": "integer", "enum": [1, 2]}, "2", 2),
        ({"type": "string", "pattern": "^[A-Z]{3}$"}, "CNY", "CNY"),
        ({"type": "string", "format": "date"}, "2024-02-29", "2024-02-29"),
        ({"type": "array", "items": {"type": "string"}, "uniqueItems": True}, "a,b", ["a", "b"]),
        ({"type": "array", "items": {"type": "integer"}}, "1,2", [1, 2]),
        ({"type": "string", "contentMediaType": "application/json", "contentType": "object"}, '{"a":[1]}', {"a": [1]}),
        ({"type": "boolean"}, "true", True),
        ({"type": "number", "minimum": 0}, "1.5", 1.5),
    ],
)
def test_valid_values_are_typed(rules: dict, raw: str, expected: object) -> None:
    assert compile_checker(rules)(raw) == expected


@pytest.mark.parametrize(
    ("rules", "raw"),
    [
        ({"type": "integer", "format": "int64"}, "9223372036854775808"),
        ({"type": "integer", "format": "int32"}, "2147483648"),
        ({"type": "integer"}, "1.0"),
        ({"type": "integer"}, "+1"),
        ({"type": "integer"}, " 1"),
        ({"type": "integer"}, "١"),
        ({"type": "integer"}, "9" * 41),
        ({"type": "integer", "exclusiveMinimum": 0}, "0"),
        ({"type": "integer", "enum": [1, 2]}, "3"),
        ({"type": "string", "pattern": "^[A-Z]{3}$"}, "CNY\n"),
        ({"type": "string", "pattern": "^\\d{2}$"}, "٠١"),
        ({"type": "string", "maxLength": 2}, "abc"),
        ({"type": "string", "minLength": 2}, "a"),
        ({"type": "string", "format": "date"}, "2023-02-29"),
        ({"type": "array", "items": {"type": "string"}, "maxItems": 1}, "a,b"),
        ({"type": "array", "items": {"type": "string"}, "minItems": 2}, "a"),
        ({"type": "array", "items": {"type": "string"}, "uniqueItems": True}, "a,a"),
        ({"type": "number"}, "nan"),
        ({"type": "number"}, "1e999"),
        ({"type": "boolean"}, "1"),
    ],
)
def test_invalid_values_are_refused(rules: dict, raw: str) -> None:
    with pytest.raises(Invalid):
        compile_checker(rules)(raw)


@pytest.mark.parametrize("raw", ["[]", "1", "null", '{"a":NaN}', '{"a":Infinity}', '{"a":1e400}', "{", "[" * 5000])
def test_json_object_strings(raw: str) -> None:
    with pytest.raises(Invalid):
        parse_json_object(raw)


def test_validate_reads_each_parameter_from_its_location_and_applies_defaults() -> None:
    rules = compile_parameters(
        [
            {"name": "app_id", "in": "query", "required": True, "type": "integer"},
            {"name": "priority", "in": "body", "required": False, "type": "integer", "default": 0},
            {"name": "sign", "in": "query", "required": True, "type": "string"},
        ],
        skip=frozenset({"sign"}),
    )
    assert validate(rules, {"query": {"app_id": "7"}, "body": {}, "path": {}}) == {"app_id": 7, "priority": 0}
    assert validate(rules, {"query": {"app_id": "7"}, "body": {"priority": ""}, "path": {}})["priority"] == 0
    with pytest.raises(ApiError, match="missing parameter app_id"):
        validate(rules, {"query": {}, "body": {"app_id": "7"}, "path": {}})
    with pytest.raises(ApiError, match="invalid parameter app_id: must be an integer"):
        validate(rules, {"query": {"app_id": "x"}, "body": {}, "path": {}})
