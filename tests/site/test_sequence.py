"""The sequence diagram is drawn from data: steps, and operation labels taken from the spec."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

from generator.sequence import ACTORS, STEPS, Step, render_svg, step_label
from paycontract.spec import Spec

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_is_well_formed_with_one_arrow_per_step(spec: Spec) -> None:
    root = ET.fromstring(render_svg(spec))
    steps = root.findall(f"{SVG}g[@class]")
    arrows = [g for g in steps if "seq-step" in g.get("class", "")]
    assert len(arrows) == len(STEPS)
    assert [g.get("class") for g in arrows].count("seq-step seq-reply") == sum(s.reply for s in STEPS)
    actors = [g.find(f"{SVG}text").text for g in steps if g.get("class") == "seq-actor"]
    assert actors == [a for a in ACTORS for _ in (0, 1)]


def test_flow_is_token_order_pay_query_bill(spec: Spec) -> None:
    operations = [s.operation for s in STEPS if s.operation]
    assert operations == ["token", "create_order", "query_orders", "bill"]
    pay = next(i for i, s in enumerate(STEPS) if s.target == "渠道")
    assert operations.index("create_order") < pay < [s.operation for s in STEPS].index("query_orders")


def test_operation_labels_and_links_follow_the_spec(spec: Spec) -> None:
    label, anchor = step_label(spec, Step("商户服务端", "支付平台", operation="bill"))
    assert (label, anchor) == ("GET /bills 账单查询", "getBill")
    edited = Spec(copy.deepcopy(spec.document))
    edited.raw["paths"]["/bills"]["get"]["summary"] = "日账单"
    svg = render_svg(edited)
    assert "GET /bills 日账单（date, sign）" in svg and '<a href="#getBill">' in svg
    assert render_svg(spec) == render_svg(spec)  # deterministic: a committed, checked output


def test_the_token_lifetime_is_the_specs(spec: Spec) -> None:
    edited = Spec(copy.deepcopy(spec.document))
    edited.raw["paths"]["/token"]["post"]["x-token-lifetime"] = 600
    assert "access_token（有效期 600 秒）" in render_svg(edited) and "有效期 7200 秒" in render_svg(spec)
