"""`paycontract docs check`: the seed's known contradictions, a clean generated reference, one change → one line.

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


def _check_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, spec: Path | None = None
) -> tuple[int, str, Path]:
    """`docs check` on `text` written to a file: exit code, stdout and the file's path."""
    copy = tmp_path / "api.md"
    copy.write_text(text, encoding="utf-8")
    code = main(["docs", "check", str(copy), *(["--spec", str(spec)] if spec else [])])
    return code, capsys.readouterr().out, copy


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
        # the tables state none of the spec's constraints
        "seed.md:102: product_id: the spec limits it to 64 characters; the doc does not say so",
        "seed.md:97: amount: the spec limits it to 1..100000000; the doc does not say so",
        "seed.md:238: ids: the spec requires its items to be unique; the doc does not say so",
        "seed.md:244: sign_type: the spec gives it the default 2; the doc does not say so",
        "seed.md:121: status: the spec limits it to the values 0, 1, 2, 3; the doc does not say so",
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


def without_phrase(text: str, name: str, start: str) -> tuple[str, str]:
    """The first row named `name` with a `；`-separated part beginning `start`, and that row without the part."""
    for line in text.split("\n"):
        head, _, description = line.rpartition("|")
        parts = description.strip().split("；")
        kept = [p for p in parts if not p.startswith(start)]
        if line.startswith(f"{name} |") and len(kept) == len(parts) - 1:
            return line, f"{head}| {'；'.join(kept)}"
    raise AssertionError(f"no row {name} with a part starting {start!r}")


def _omission(name: str, start: str, claim: str) -> tuple[str, str, str]:
    """A case of `test_one_change_one_line`: one constraint's phrase left out of `name`'s row in docs/api.md."""
    old, new = without_phrase(API_MD.read_text(encoding="utf-8"), name, start)
    return old, new, f"{name}: {claim}; the doc does not say so"


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
            "pay_type | string | 支付方式；取值：1 支付宝，2 微信支付，3 银联",
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
        # a length written into the type is no other type, and is read as the length it says
        (
            "memo | string | 备注；长度不超过 256 个字符",
            "memo | string(128) | 备注",
            "memo: the spec limits it to 256 characters; the doc does not say so",
        ),
        # one constraint left out of one row, for each kind of constraint
        _omission("product_id", "长度", "the spec limits it to 64 characters"),
        _omission("app_secret", "长度", "the spec limits it to 1..128 characters"),
        _omission("amount", "取值 ", "the spec limits it to 1..100000000"),
        _omission("source_id", "不小于", "the spec requires it to be at least 0"),
        _omission("pay_type", "取值：", "the spec limits it to the values 1, 2, 3"),
        _omission("status", "取值：", "the spec limits it to the values 0, 1, 2, 3"),
        _omission("sign", "须匹配", "the spec requires it to match ^[0-9A-Fa-f]{32,64}$"),
        _omission("sign_type", "默认", "the spec gives it the default 2"),
        _omission("ids", "各项不得重复", "the spec requires its items to be unique"),
        _omission("ids", "1 至 50 项", "the spec limits it to 1..50 items"),
        _omission("ids", "每项长度", "the spec limits each item to 64 characters"),
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
    code, out, copy = _check_text(tmp_path, capsys, text)
    assert (code, out) == (1, f"{copy}:{line}: {message}\n")


def test_unknown_operation_and_the_undocumented_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, _ = _replace_once(API_MD.read_text(encoding="utf-8"), "## 账单查询", "## 日账单")
    text, line = _replace_once(text, "`GET https://api.example.com/v1/bills`", "`GET https://api.example.com/v1/bill`")
    code, out, copy = _check_text(tmp_path, capsys, text)
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
    code, out, copy = _check_text(tmp_path, capsys, text)
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
