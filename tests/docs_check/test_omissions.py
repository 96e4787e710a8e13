"""`docs check` reports a constraint of the spec that a table row does not state, and only then.

A copy of the generated `docs/api.md` with one constraint's phrase taken out of one row gets
exactly one line; rows that say the same thing in other words (Chinese or English, by hand) pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paycontract.constraints import constraints
from paycontract.docs_check.omissions import unstated
from paycontract.docs_check.tables import _doc_rows
from paycontract.schema_tables import response_tables
from paycontract.slate import Table
from paycontract.spec import Spec, load_spec
from tests.conftest import ROOT
from tests.docs_check.test_docs_check import _check_text, _replace_once, without_phrase


def test_a_format_left_out_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The edge-case spec's `day` is `format: date` with no description of its own."""
    golden = ROOT / "tests" / "generator" / "goldens" / "edge-cases" / "api.md"
    old, new = without_phrase(golden.read_text(encoding="utf-8"), "day", "格式")
    text, line = _replace_once(golden.read_text(encoding="utf-8"), old, new)
    spec = ROOT / "tests" / "generator" / "fixtures" / "edge-cases.yaml"
    code, out, copy = _check_text(tmp_path, capsys, text, spec)
    assert (code, out) == (1, f"{copy}:{line}: day: the spec gives it the format date; the doc does not say so\n")


LENGTH = {"type": "string", "maxLength": 64}
AMOUNT = {"type": "integer", "format": "int64", "minimum": 1, "maximum": 100000000}
NON_NEGATIVE = {"type": "integer", "minimum": 0}
PAY_TYPE = {"type": "integer", "enum": [1, 2, 3], "x-enum-descriptions": {"1": "支付宝", "2": "微信支付", "3": "银联"}}
SIGN_TYPE = {"type": "integer", "enum": [1, 2], "default": 2, "x-enum-descriptions": {"1": "MD5", "2": "HMAC-SHA256"}}
HEX = {"type": "string", "pattern": "^[0-9A-Fa-f]{32,64}$"}
DATE_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"}
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
CURRENCY = {"type": "string", "pattern": "^[A-Z]{3}$"}
ID = {"type": "string", "maxLength": 64, "pattern": "^[A-Za-z0-9_-]{1,64}$"}
IDS = {
    "type": "array",
    "minItems": 1,
    "maxItems": 50,
    "uniqueItems": True,
    "items": {"type": "string", "maxLength": 64, "pattern": "^[A-Za-z0-9_-]{1,64}$"},
}


@pytest.mark.parametrize(
    ("schema", "text"),
    [
        *((LENGTH, t) for t in ("最长 64", "≤ 64", "长度 ≤ 64 个字符", "最多64个字符", "64 个字符以内", "1~64 位")),
        *((LENGTH, t) for t in ("不能超过６４个字符", "长度：1-64", "最大长度为 64", "at most 64 characters")),
        *((LENGTH, t) for t in ("max length 64", "no longer than 64 chars", "限 64 字", "长度限制为 64", "Max. 64")),
        *((AMOUNT, t) for t in ("1~100000000", "1 至 1亿", "取值范围 [1, 100000000]", "1 ≤ amount ≤ 100000000")),
        *((AMOUNT, t) for t in ("大于 0，不超过 100,000,000", "between 1 and 100000000", "1-100000000")),
        *((NON_NEGATIVE, t) for t in ("≥ 0", "非负整数", ">= 0", "不小于0", "0 起", "non-negative")),
        *((PAY_TYPE, t) for t in ("1 支付宝，2 微信支付，3 银联", "1：支付宝；2：微信；3：银联", "1-3", "1/2/3")),
        *((SIGN_TYPE, t) for t in ("1 MD5，2 HMAC-SHA256；默认 2", "1 MD5，2 HMAC-SHA256（默认）")),
        *((SIGN_TYPE, t) for t in ("1=MD5, 2=HMAC-SHA256, default 2", "1 MD5，2 HMAC-SHA256，默认为 HMAC-SHA256")),
        *((SIGN_TYPE, t) for t in ("1 md5, 2 hmac-sha256 (default)", "取值 1 或 2，不传时为 2")),
        *((HEX, t) for t in ("须匹配 `^[0-9A-Fa-f]{32,64}$`", "`[0-9A-Fa-f]{32,64}`", "^[0-9A-Fa-f]{32,64}$")),
        *((HEX, t) for t in ("32~64 位十六进制", "32-64 hex characters")),
        (CURRENCY, "3 位大写字母（ISO 4217）"),
        (ID, "1~64 位字母、数字、下划线或连字符"),
        (ID, "不超过 64 位；须匹配 `^[A-Za-z0-9_-]{1,64}$`"),
        (LENGTH, "类型：string(64)"),
        *((DATE_TIME, t) for t in ("格式 YYYY-MM-DD HH:MM:SS", "yyyy-MM-dd HH:mm:ss")),
        (DATE, "日期，yyyy-mm-dd"),
        (IDS, "1~50 个，不可重复，每个最长 64，匹配 `^[A-Za-z0-9_-]{1,64}$`"),
        (IDS, "at most 50 unique ids (at least 1), each up to 64 chars matching ^[A-Za-z0-9_-]{1,64}$"),
    ],
)
def test_hand_written_forms_state_the_constraint(schema: dict[str, Any], text: str) -> None:
    assert unstated(schema, text) == []


@pytest.mark.parametrize(
    ("schema", "text", "missing"),
    [
        (LENGTH, "商品代码", ["maxLength"]),
        (LENGTH, "最长 128", ["maxLength"]),
        (LENGTH, "最长 640", ["maxLength"]),
        (LENGTH, "长度不小于 64", ["maxLength"]),
        ({"type": "string", "minLength": 1, "maxLength": 64}, "不超过 64 位", ["minLength"]),
        (AMOUNT, "金额，单位为分（10.00 元即 1000）", ["minimum"]),
        (AMOUNT, "不超过 100000000", ["minimum"]),
        (AMOUNT, "1 至 10000000", ["minimum"]),
        (NON_NEGATIVE, "≥ 1", ["minimum"]),
        (PAY_TYPE, "支付宝、微信支付、银联", ["enum"]),
        (PAY_TYPE, "1 支付宝，2 微信支付，30 银联", ["enum"]),
        (SIGN_TYPE, "签名方式（未传时按默认值）；1 MD5，2 HMAC-SHA256", ["default"]),
        (SIGN_TYPE, "1 MD5，2 HMAC-SHA256；默认 20", ["default"]),
        (HEX, "大写十六进制，32 位", ["pattern"]),
        (CURRENCY, "ISO 4217 币种", ["pattern"]),
        (ID, "1~64 位字母、数字", ["pattern"]),
        (DATE_TIME, "YYYY-MM-DD", ["pattern"]),
        (DATE_TIME, "YYYY-M-D H:M:S", ["pattern"]),
        (DATE_TIME, "例如 2003-01-01 00:00:00", ["pattern"]),
        (DATE, "账单日期", ["format", "pattern"]),
        # the 64 inside the items' pattern is no statement of their length
        (IDS, "1 至 50 项；每项须匹配 `^[A-Za-z0-9_-]{1,64}$`", ["uniqueItems", "maxLength"]),
    ],
)
def test_rows_that_do_not_state_it(schema: dict[str, Any], text: str, missing: list[str]) -> None:
    assert [c.keywords[0] for c in unstated(schema, text)] == missing


def _schemas(spec: Spec) -> list[tuple[str, dict[str, Any]]]:
    """Every parameter's and every 200 response field's schema, named `operation name`."""
    found = [(f"{op.id} {p.name}", p.schema) for op in spec.operations for p in op.parameters]
    for op in spec.operations:
        media = (op.responses.get("200") or {}).get("content", {}).get("application/json") or {}
        for table in response_tables(media.get("schema") or {}):
            found += [(f"{op.id} {table['title']} {r['name']}", r["schema"]) for r in table["rows"]]
    return found


@pytest.mark.parametrize("spec_path", ["openapi.yaml", "tests/generator/fixtures/edge-cases.yaml"])
def test_every_generated_phrase_is_read_back(spec_path: str) -> None:
    """Each constraint's own phrase states it, and a row with no text states none of them."""
    checked = 0
    for where, schema in _schemas(load_spec(ROOT / spec_path)):
        every = constraints(schema)
        assert unstated(schema, "") == every, where
        for c in every:
            assert c not in unstated(schema, c.phrase), (where, c.phrase)
            checked += 1
    assert checked > 0


def test_other_columns_count() -> None:
    """A 默认值 column states the default; a `String(64)` type states the length."""
    table = Table(
        header=["可选参数", "类型", "说明", "默认值"],
        rows=[
            ["sign_type", "int", "签名方式；取值：1 MD5，2 HMAC-SHA256", "2"],
            ["os", "string", "操作系统", ""],
            ["product_id", "String(64)", "商品代码", ""],
        ],
        row_lines=[10, 11, 12],
        start=8,
        end=13,
    )
    sign_type, os_row, product_id = _doc_rows(table, False)
    assert unstated(SIGN_TYPE, sign_type.text) == []
    assert [c.keywords for c in unstated(SIGN_TYPE, os_row.text)] == [("enum",), ("default",)]
    assert unstated(LENGTH, product_id.text) == []
