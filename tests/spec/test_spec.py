"""The project's `openapi.yaml` itself: valid, lint-clean, complete, and its examples true to it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import validate
from openapi_spec_validator.shortcuts import get_validator_cls
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

from paycontract.spec import Operation, Spec

ROOT = Path(__file__).resolve().parents[2]

# 404 (unknown path), 405 and 406 can answer any request, so every operation declares them.
EVERYWHERE = {"200", "400", "401", "404", "405", "406", "429", "500", "503"}
# (method, path, operationId) → statuses beyond EVERYWHERE, as the contract issue lists them.
OPERATIONS = {
    ("POST", "/token", "getToken"): {"413"},
    ("POST", "/orders", "createOrder"): {"403", "413"},
    ("GET", "/orders", "queryOrders"): {"403"},
    ("POST", "/channels", "createChannel"): {"403", "413"},
    ("GET", "/channels", "listChannels"): {"403"},
    ("DELETE", "/channels/{id}", "deleteChannel"): {"403", "410"},
    ("GET", "/bills", "getBill"): {"403", "410"},
    ("POST", "/sandbox/orders/{id}/pay", "paySandboxOrder"): {"403", "413"},
}
ENVELOPE_FIELDS = ("code", "message", "data")


def _validator(schema: dict[str, Any]) -> OAS31Validator:
    return OAS31Validator(schema, format_checker=oas31_format_checker)


def _json_media(op: Operation, status: str) -> dict[str, Any]:
    return op.responses[status]["content"]["application/json"]


def _examples(media: dict[str, Any]) -> list[Any]:
    found = [media["example"]] if "example" in media else []
    return found + [e["value"] for e in media.get("examples", {}).values()]


def test_lint_is_clean() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "paycontract", "lint", "openapi.yaml"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_openapi_spec_validator_alone_accepts_it(spec: Spec) -> None:
    assert get_validator_cls(spec.raw) is OpenAPIV31SpecValidator
    validate(spec.raw)


def test_every_listed_operation_exists_with_its_statuses(spec: Spec) -> None:
    actual = {(op.method, op.path, op.id): set(op.responses) for op in spec.operations}
    expected = {key: EVERYWHERE | extra for key, extra in OPERATIONS.items()}
    assert actual == expected


def test_413_exactly_where_a_request_has_a_body(spec: Spec) -> None:
    assert {op.id for op in spec.operations if "413" in op.responses} == {
        op.id for op in spec.operations if op.body_media_type
    }


def test_only_sandbox_pay_is_sandbox_only(spec: Spec) -> None:
    assert [op.id for op in spec.operations if op.sandbox_only] == ["paySandboxOrder"]
    assert spec.operation("paySandboxOrder").raw["x-sandbox-only"] is True


@pytest.mark.parametrize("status", ["429", "503"])
def test_retry_after_on_throttling_and_maintenance(spec: Spec, status: str) -> None:
    for op in spec.operations:
        header = op.responses[status].get("headers", {}).get("Retry-After")
        assert header is not None, f"{op.id} {status} has no Retry-After header"
        assert header["schema"]["type"] == "integer", op.id


def test_every_request_example_validates(spec: Spec) -> None:
    checked = 0
    for op in spec.operations:
        for param in op.parameters:
            if param.example is not None:
                errors = [e.message for e in _validator(param.schema).iter_errors(param.example)]
                assert not errors, f"{op.id} {param.name}: {errors}"
                checked += 1
        for media in (op.raw.get("requestBody") or {}).get("content", {}).values():
            for example in _examples(media):
                errors = [e.message for e in _validator(media["schema"]).iter_errors(example)]
                assert not errors, f"{op.id} request body: {errors}"
                checked += 1
    assert checked >= 30


def test_every_response_example_validates(spec: Spec) -> None:
    checked = 0
    for op in spec.operations:
        for status in op.responses:
            media = _json_media(op, status)
            examples = _examples(media)
            assert examples, f"{op.id} {status} has no example"
            for example in examples:
                errors = [e.message for e in _validator(media["schema"]).iter_errors(example)]
                assert not errors, f"{op.id} {status}: {errors}"
                if status != "200":
                    assert example["code"] == int(status) and example["data"] is None, f"{op.id} {status}"
                checked += 1
    assert checked == sum(len(op.responses) for op in spec.operations)


def test_every_response_is_the_envelope(spec: Spec) -> None:
    for op in spec.operations:
        for status in op.responses:
            validator = _validator(_json_media(op, status)["schema"])
            example = op.response_example(status)
            for field in ENVELOPE_FIELDS:
                incomplete = {k: v for k, v in example.items() if k != field}
                assert not validator.is_valid(incomplete), f"{op.id} {status} accepts a body without {field}"
            if status != "200":
                assert not validator.is_valid({**example, "data": {"id": "x"}}), f"{op.id} {status}: data not null"
                assert not validator.is_valid({**example, "code": 0}), f"{op.id} {status}: code 0 on an error"


@pytest.mark.parametrize(
    ("source", "link", "target", "parameter", "expression"),
    [
        ("createOrder", "QueryCreatedOrder", "queryOrders", "ids", "$response.body#/data/id"),
        ("createOrder", "PayCreatedOrder", "paySandboxOrder", "id", "$response.body#/data/id"),
        ("createChannel", "DeleteCreatedChannel", "deleteChannel", "id", "$response.body#/data/id"),
    ],
)
def test_links(spec: Spec, source: str, link: str, target: str, parameter: str, expression: str) -> None:
    found = spec.operation(source).responses["200"]["links"][link]
    assert found["operationId"] == target
    assert found["parameters"][parameter] == expression
    target_op = spec.operation(target)
    for name in found["parameters"]:
        assert target_op.parameter(name) is not None, f"{link}: {target} has no parameter {name}"
