"""The rendered `docs/api.md` states the general rules where a reader looks: 通用规则, each operation's
errors, and the order of checks in 错误代码; the demo data is the spec's `info.x-sandbox`."""

from __future__ import annotations

import copy

import pytest

from generator.docs_rules import general_rules
from paycontract.errors import SpecError
from paycontract.paths import PROJECT_ROOT
from paycontract.sandbox import sandbox_data
from paycontract.slate import SlateDocument, read_slate
from paycontract.spec import Spec

EVERY_OPERATION = {"404", "405", "406"}


@pytest.fixture(scope="module")
def doc() -> SlateDocument:
    """The committed, generated reference."""
    return read_slate(PROJECT_ROOT / "docs" / "api.md")


def _section_text(doc: SlateDocument, title: str, level: int) -> str:
    heading = next(h for h in doc.headings if h.text == title and h.level == level)
    section = doc.section(heading)
    return "".join(doc.lines[section.start : section.end])


def test_each_operation_lists_its_errors_404_405_406_everywhere_413_with_a_body(doc: SlateDocument, spec: Spec) -> None:
    by_summary = {op.summary: op for op in spec.operations}
    seen = set()
    for section in doc.operation_sections():
        op = by_summary[section.heading.text]
        table = next(t for t in section.tables if t.header[:2] == ["代码", "含义"])
        codes = [row[0] for row in table.rows]
        assert codes == sorted((c for c in op.responses if int(c) >= 400), key=int), op.id
        assert set(codes) >= EVERY_OPERATION, op.id
        assert ("413" in codes) == (op.body_media_type is not None), op.id
        seen.add(op.id)
    assert seen == {op.id for op in spec.operations}


def test_the_general_rules_are_the_specs_in_its_order(doc: SlateDocument, spec: Spec) -> None:
    rules = general_rules(spec)
    titles = [h.text for h in doc.headings if h.level == 2]
    start = titles.index(rules[0]["title"])
    assert titles[start : start + len(rules) + 1] == [r["title"] for r in rules] + ["沙箱演示数据"]
    required = ("编码与请求体", "参数", "检查顺序", "错误信封", "时间与时钟", "订单生命周期")
    assert set(required) <= {r["title"] for r in rules}
    text = _section_text(doc, "通用规则", 1)
    phrases = ("1 MiB", "413", "重复参数", "空值等同未传", "未知参数", "UTC+8", "服务端的时钟", "不检查 `expire_at`")
    assert [p for p in phrases if p not in text] == []


def test_the_order_of_checks_is_in_the_rules_and_in_the_error_codes(doc: SlateDocument, spec: Spec) -> None:
    steps = next(r for r in general_rules(spec) if r["steps"])["steps"]
    assert [s["status"] for s in steps[:6]] == ["404", "405", "406", "413", "429", "401"]
    listed = "".join(f"{n}. {s['status']}：{s['check']}\n" for n, s in enumerate(steps, 1))
    assert listed in _section_text(doc, "检查顺序", 2)
    assert listed in _section_text(doc, "错误代码", 1)


def test_the_demo_data_is_published_with_secrets_and_fees(doc: SlateDocument, spec: Spec) -> None:
    data = sandbox_data(spec.raw)
    section = doc.section(next(h for h in doc.headings if h.text == "沙箱演示数据"))
    apps, channels = section.tables
    assert [row for row in apps.rows] == [[str(a.app_id), str(a.merchant_id), f"`{a.app_secret}`"] for a in data.apps]
    assert [row[0] for row in channels.rows] == [f"`{c.name}`" for c in data.channels]
    meanings = spec.resolved["components"]["schemas"]["PayType"]["x-enum-descriptions"]
    assert [row[1:4] for row in channels.rows] == [
        [f"{c.pay_type}（{meanings[str(c.pay_type)]}）", str(c.platform), str(c.priority)] for c in data.channels
    ]
    assert {row[4] for row in channels.rows} == {"60（0.6%）"}
    text = "".join(doc.lines[section.start : section.end])
    assert "10002" in text and "PAYCONTRACT_APP_SECRET=demo-secret-10002" in text and "403" in text


@pytest.mark.parametrize("rules", ["a text", [{"title": "x"}], [{"text": "y"}]])
def test_malformed_rules_are_one_line(spec: Spec, rules: object) -> None:
    broken = copy.copy(spec)
    broken.raw = {**spec.raw, "info": {**spec.raw["info"], "x-general-rules": rules}}
    with pytest.raises(SpecError, match="x-general-rules") as caught:
        general_rules(broken)
    assert "\n" not in str(caught.value)
