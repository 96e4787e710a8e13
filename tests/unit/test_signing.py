"""The Python signing code reproduces every test vector, read from the spec's own rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paycontract.signing import SignatureRule, wire_value

VECTORS = json.loads((Path(__file__).parent.parent / "vectors" / "signing.json").read_text("utf-8"))["vectors"]


@pytest.fixture(scope="module")
def rule(spec) -> SignatureRule:
    return SignatureRule.from_spec(spec.signature_rule)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector(rule: SignatureRule, vector: dict) -> None:
    params = [tuple(p) for p in vector["params"]]
    assert rule.string_to_sign(params, vector["secret"]) == vector["string_to_sign"]
    assert rule.sign(params, vector["secret"], 1) == vector["md5"]
    assert rule.sign(params, vector["secret"], 2) == vector["hmac_sha256"]


def test_absent_sign_type_is_hmac(rule: SignatureRule) -> None:
    vector = VECTORS[0]
    params = [tuple(p) for p in vector["params"]]
    assert rule.sign(params, vector["secret"]) == vector["hmac_sha256"]
    assert rule.sign(params, vector["secret"], "") == vector["hmac_sha256"]


def test_sign_pairs_reads_sign_type_from_the_pairs(rule: SignatureRule) -> None:
    vector = VECTORS[1]  # carries sign_type=1
    assert rule.sign_pairs([tuple(p) for p in vector["params"]], vector["secret"]) == vector["md5"]


def test_wire_value() -> None:
    assert wire_value(["a", "b"]) == "a,b"
    assert wire_value(1000) == "1000"
    assert wire_value(True) == "true"
    assert wire_value(None) == ""
