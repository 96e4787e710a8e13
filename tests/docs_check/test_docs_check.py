"""`paycontract docs check`: the seed's known contradictions, a clean generated reference, one renamed field.

Regenerate the golden `seed.expected` with `scripts/update-goldens` (or `UPDATE_GOLDENS=1 python -m pytest
tests/docs_check`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paycontract.cli import main
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "seed.expected"
API_MD = ROOT / "docs" / "api.md"


def _check(capsys: pytest.CaptureFixture[str], path: Path | str) -> tuple[int, str, str]:
    code = main(["docs", "check", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_matches_golden(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = _check(capsys, "tests/fixtures/seed.md")
    assert code == 1 and err.endswith("disagreement(s) with openapi.yaml\n")
    if os.environ.get("UPDATE_GOLDENS"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    [
        # the tables' product_id/product_name where the example (and the spec) say product.id/name
        "seed.md:140: data['product'] product_id: the spec calls this field id",
        "seed.md:141: data['product'] product_name: the spec calls this field name",
        "seed.md:277: data['product'] product_id: the spec calls this field id",
        # the query table's total where the example (and the spec) say count
        "seed.md:252: 基本属性 total: the spec calls this field count",
        # currency an int in the tables, an ISO 4217 string in the spec
        "seed.md:136: data['payment'] currency: type int in the document, string in the spec",
        "seed.md:273: data['payment'] currency: type int in the document, string in the spec",
        # product id an int in the table and the examples, a string in the spec
        "seed.md:140: data['product'] product_id: type int in the document, string in the spec",
        "seed.md:75: example (200 response) data.product.id: 1231422 is not of type 'string', 'null'",
        "seed.md:190: example (200 response) data[0].product.id: 1231422 is not of type 'string', 'null'",
        # the examples: dates not zero-padded, no order id
        'seed.md:61: example (200 response) data.created_at: "2003-1-1 00:00:00" does not match the pattern ^\\d{4}-',
        "seed.md:58: example (200 response) data: 'id' is a required property",
        "seed.md:118: data: the spec has the field id (string), the document does not",
        # the query section's curl posts a create-order body
        "seed.md:159: curl example sends POST, the spec says GET /orders",
        "seed.md:162: curl example sends pay_type, not a parameter of GET /orders",
        "seed.md:161: curl example sends app_id in the body, the spec takes it in the query",
        # amount in yuan where the spec counts fen; the header written as name=value
        "seed.md:50: curl example: amount=10.00: '10.00' is not of type 'integer'",
        "seed.md:47: curl example: header 'access_token=xxxxx' has no ':'",
        # channel, bill and sandbox sections are headings only
        "seed.md:294: 账单查询: GET /bills has no '### HTTP 请求' section",
    ],
)
def test_seed_known_contradictions(capsys: pytest.CaptureFixture[str], line: str) -> None:
    _, out, _ = _check(capsys, ROOT / "tests" / "fixtures" / "seed.md")
    assert any(reported.split("fixtures/", 1)[-1].startswith(line) for reported in out.splitlines()), line


def test_generated_reference_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(capsys, API_MD) == (0, "", "")


def _replace_once(text: str, old: str, new: str | None) -> tuple[str, int]:
    """`text` with the first `old` line replaced (removed when `new` is None); also its 1-based line number."""
    lines = text.split("\n")
    index = lines.index(old)
    lines[index : index + 1] = [] if new is None else [new]
    return "\n".join(lines), index + 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "memo | string | 备注；长度不超过 256 个字符",
            "remark | string | 备注；长度不超过 256 个字符",
            "可选参数 remark: the spec calls this parameter memo",
        ),
        (
            "merchant_id | long | 商户ID",
            "merchant | long | 商户ID",
            "data['app'] merchant: the spec calls this field merchant_id",
        ),
        (
            "pay_type | int | 支付方式；取值：1 支付宝，2 微信支付，3 银联",
            "pay_type | string | 支付方式",
            "必选参数 pay_type: type string in the document, int in the spec",
        ),
        (
            "`GET https://api.example.com/v1/orders`",
            "`POST https://api.example.com/v1/orders`",
            "HTTP 请求: method POST, the spec says GET /orders",
        ),
        (
            "`GET https://api.example.com/v1/bills`",
            "`GET https://api.example.com/v1/bill`",
            "HTTP 请求: path /bill, the spec says GET /bills",
        ),
        ('    "count": 1,', '    "count": "1",', "example (200 response) count: '1' is not of type 'integer'"),
        # the query sample's setup call (creating the order it queries) is checked against createOrder
        (
            '  IDS=$(curl -sS -X POST "$BASE_URL/orders" -H "access_token: $token" "${args[@]}" |',
            '  IDS=$(curl -sS -X PUT "$BASE_URL/orders" -H "access_token: $token" "${args[@]}" |',
            "curl example sends PUT, the spec says GET /orders",
        ),
        (
            'curl -sS -X GET "$BASE_URL/orders" -H "access_token: $token" "${args[@]}"',
            'curl -sS -X POST "$BASE_URL/orders" -H "access_token: $token" "${args[@]}"',
            "curl example sends POST, the spec says GET /orders",
        ),
    ],
)
def test_one_change_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    text, line = _replace_once(API_MD.read_text(encoding="utf-8"), old, new)
    copy = tmp_path / "api.md"
    copy.write_text(text, encoding="utf-8")
    code, out, _ = _check(capsys, copy)
    assert (code, out) == (1, f"{copy}:{line}: {message}\n")


def test_unknown_operation_and_the_undocumented_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, _ = _replace_once(API_MD.read_text(encoding="utf-8"), "## 账单查询", "## 日账单")
    text, line = _replace_once(text, "`GET https://api.example.com/v1/bills`", "`GET https://api.example.com/v1/bill`")
    copy = tmp_path / "api.md"
    copy.write_text(text, encoding="utf-8")
    code, out, _ = _check(capsys, copy)
    assert code == 1
    assert out.splitlines() == [
        f"{copy}:{line}: HTTP 请求: the spec has no operation GET https://api.example.com/v1/bill",
        f"{copy}:{len(text.splitlines())}: 账单查询: GET /bills has no '### HTTP 请求' section",
    ]


def test_moving_a_parameter_between_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = API_MD.read_text(encoding="utf-8")
    text, _ = _replace_once(text, "memo | string | 备注；长度不超过 256 个字符", None)
    text, added = _replace_once(
        text,
        "amount | long | 金额，单位为分（10.00 元即 1000）；取值 1 至 100000000",
        "amount | long | 金额，单位为分（10.00 元即 1000）；取值 1 至 100000000\n"
        "memo | string | 备注；长度不超过 256 个字符",
    )
    copy = tmp_path / "api.md"
    copy.write_text(text, encoding="utf-8")
    code, out, _ = _check(capsys, copy)
    assert (code, out) == (1, f"{copy}:{added + 1}: 必选参数 memo: required in the document, optional in the spec\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        (b"\xff\xfe# \x00", "not UTF-8 text"),
        ("# 简介\n\n只有文字，没有接口。\n".encode(), "no operation section"),
        (b"---\ntitle: [unclosed\n---\n# x\n", "front matter is not valid YAML"),
    ],
)
def test_unreadable_document_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    doc = tmp_path / "doc.md"
    if content is not None:
        doc.write_bytes(content)
    code, out, err = _check(capsys, doc)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"paycontract docs: {doc}") and message in err
