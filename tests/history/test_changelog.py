"""The change history's selection, order, grouping and wording (`paycontract.changelog`, `paycontract.wording`)."""

from __future__ import annotations

import string
from dataclasses import replace
from pathlib import Path

import pytest

from paycontract.changelog import DOCUMENT_GROUP, OPERATIONS_GROUP, changelog_groups, noticed
from paycontract.diff import RULES, Where, diff_specs
from paycontract.diff.document import DOC
from paycontract.spec import load_spec
from paycontract.wording import WORDING, sentence

CASES = Path(__file__).parent.parent / "diff" / "cases"
ORDERS = Where("POST /orders", "document")
BODY_AMOUNT = ORDERS.at("body amount", "request", ".", part="body", name="amount")
TOKEN = Where("POST /token", "document")
SUMMARIES = {"POST /orders": "订单创建", "POST /token": "获取Token"}


def _case(name: str) -> list:
    folder = CASES / name
    return list(diff_specs(load_spec(folder / "old.yaml"), load_spec(folder / "new.yaml")).changes)


def _texts(groups: list[dict]) -> list[tuple[str, str]]:
    return [(g["title"], c["text"]) for g in groups for c in g["changes"]]


def test_a_format_only_change_is_left_out() -> None:
    changes = _case("constraint-restated")
    assert any(c.rule == "constraint-restated" for c in changes)
    lines = [text for _, text in _texts(changelog_groups(changes, {}))]
    assert "参数 `app_id`：新增最小值限制 `1`" in lines
    assert not any("9223372036854775807" in line or "2147483647" in line for line in lines)
    assert "响应字段 `status`：格式由 无 改为 `int32`" not in lines
    assert "响应字段 `platform`：新增格式限制 `int32`" in lines  # the format itself is news


def test_prose_only_changes_leave_nothing() -> None:
    changes = _case("descriptions-changed")
    assert changes and all(c.rule == "description-changed" for c in changes)
    assert noticed(changes) == []
    assert changelog_groups(changes, {}) == []


def test_a_breaking_change_comes_first() -> None:
    added = BODY_AMOUNT.change("enum-value-added", "value `3` added", keyword="enum", new=3)
    tightened = BODY_AMOUNT.moved("constraint-tightened", "maximum", None, 100)
    groups = changelog_groups([added, tightened], SUMMARIES)
    assert [(c["kind"], c["text"]) for c in groups[0]["changes"]] == [
        ("breaking", "参数 `amount`：新增最大值限制 `100`"),
        ("non-breaking", "参数 `amount`：新增取值 `3`"),
    ]


def test_changes_are_grouped_document_first_then_added_operations_then_by_operation() -> None:
    changes = [
        TOKEN.at("200", "response", part="response").change("response-status-added", "", keyword="status", new="400"),
        BODY_AMOUNT.moved("constraint-tightened", "minimum", None, 1),
        DOC.at("servers", part="document").change("server-added", "", keyword="url", new="https://b.example"),
        Where("GET /bills", "document").change("operation-added", "", keyword="operation", new="账单查询"),
        TOKEN.at("200", "response", part="response").change("response-status-added", "", keyword="status", new="401"),
    ]
    assert _texts(changelog_groups(changes, {**SUMMARIES, "GET /bills": "账单查询"})) == [
        (DOCUMENT_GROUP, "新增服务器地址 `https://b.example`"),
        (OPERATIONS_GROUP, "新增接口：账单查询（`GET /bills`）"),
        ("获取Token（`POST /token`）", "新增响应 `400`、`401`"),  # one line for changes alike but for a value
        ("订单创建（`POST /orders`）", "参数 `amount`：新增最小值限制 `1`"),
    ]


def test_an_operation_without_summary_is_titled_by_its_path() -> None:
    change = (
        Where("DELETE /x", "document")
        .at("q", "request", ".", part="query")
        .change("parameter-removed", "", keyword="parameter", old="q")
    )
    assert _texts(changelog_groups([change], {})) == [("`DELETE /x`", "删除参数 `q`")]


def test_every_noticed_rule_has_wording_and_every_phrase_fills() -> None:
    assert sorted(set(WORDING) - set(RULES)) == []
    assert sorted(r.name for r in RULES.values() if r.noticed and r.name not in WORDING) == []
    fields = {"subject", "keyword", "old", "new"}
    for rule, phrase in WORDING.items():
        for form in filter(None, (phrase.changed, phrase.added, phrase.removed)):
            used = {name for _, name, _, _ in string.Formatter().parse(form) if name}
            assert used <= fields, (rule, form)


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            BODY_AMOUNT.moved("constraint-loosened", "maxLength", 64, None),
            "参数 `amount`：取消最大长度限制（原为 `64`）",
        ),
        (
            BODY_AMOUNT.moved("type-changed", "type", "integer", "string"),
            "参数 `amount`：类型由 `integer` 改为 `string`",
        ),
        (BODY_AMOUNT.moved("default-changed", "default", None, 2), "参数 `amount`：默认值为 `2`"),
        (
            ORDERS.at("200", "response", part="response")
            .child("data")
            .child("id")
            .change("response-field-removed", "", old="id"),
            "删除响应字段 `data.id`",
        ),
        (
            DOC.at("x-signature.separator", part="document", name="x-signature").moved(
                "signature-rule-changed", "separator", "&", "|"
            ),
            "签名规则：`separator`由 `&` 改为 `|`",
        ),
        (BODY_AMOUNT.moved("constraint-tightened", "uniqueItems", False, True), "参数 `amount`：改为要求元素不重复"),
        (
            ORDERS.moved("operation-removed", "x-sandbox-only", False, True, "document"),
            "接口：改为仅沙箱可用，生产环境不再提供",
        ),
        (
            ORDERS.at("200", "response", part="response")
            .child("id")
            .moved("field-made-optional", "required", True, False),
            "响应字段 `id` 改为可能不返回",
        ),
        (
            BODY_AMOUNT.child("a").change("field-made-optional", "", keyword="required", old=True, new=False),
            "参数 `amount.a` 改为选填",
        ),
    ],
)
def test_wording(change, line: str) -> None:
    assert sentence(change) == line


def test_a_rule_without_wording_still_reads_as_a_value_change() -> None:
    change = BODY_AMOUNT.moved("constraint-tightened", "maxLength", 8, 4)
    unknown = replace(change, rule="no-such-rule")
    assert sentence(unknown) == "参数 `amount`：最大长度由 `8` 改为 `4`"
