"""The docs context: Slate type names, response tables, errors, flow, signing example and change history."""

from __future__ import annotations

from generator.docs_context import changelog, code_tabs, docs_context, operations_in_file_order
from paycontract.schema_tables import describe, merge_all_of, response_tables, slate_type
from paycontract.signing import SignatureRule


def test_slate_type_names() -> None:
    assert slate_type({"type": "integer", "format": "int64"}) == "long"
    assert slate_type({"type": "integer", "format": "int32"}) == "int"
    assert slate_type({"type": "integer"}) == "int"
    assert slate_type({"type": ["string", "null"]}) == "string"
    assert slate_type({"type": "array", "items": {"type": "string"}}) == "array"
    assert slate_type({"properties": {"a": {}}}) == "object"
    assert slate_type({"const": 0}) == "int"
    assert slate_type({"type": "number"}) == "double"
    assert slate_type({}) == ""


def test_all_of_is_merged_and_later_parts_refine() -> None:
    merged = merge_all_of(
        {
            "allOf": [
                {
                    "type": "object",
                    "required": ["code"],
                    "properties": {"code": {"type": "integer", "description": "状态码"}},
                },
                {"properties": {"code": {"const": 0}, "data": {"type": "string"}}, "required": ["data"]},
            ]
        }
    )
    assert merged["properties"]["code"] == {"type": "integer", "description": "状态码", "const": 0}
    assert list(merged["properties"]) == ["code", "data"] and merged["required"] == ["code", "data"]


def test_enum_meanings_join_the_description() -> None:
    schema = {
        "type": "integer",
        "description": "支付方式",
        "enum": [1, 2],
        "x-enum-descriptions": {"1": "支付宝", "2": "微信支付"},
    }
    assert describe(schema) == "支付方式；取值：1 支付宝，2 微信支付"
    assert describe(schema, "过滤条件") == "过滤条件；取值：1 支付宝，2 微信支付"


def test_every_request_constraint_is_in_its_row(spec) -> None:
    """Each range, length, pattern, enum, default, uniqueness and item count of a parameter is in its 说明."""
    keywords = ("minimum", "maximum", "minLength", "maxLength", "pattern", "enum", "default", "uniqueItems")
    for op in spec.operations:
        for p in op.parameters:
            cell = describe(p.schema, p.description)
            for schema, prefix in ((p.schema, ""), (p.schema.get("items") or {}, "每项")):
                for key in keywords:
                    if key not in schema or (
                        key in ("minimum", "maximum")
                        and "int" in str(schema.get("format"))
                        and abs(schema[key]) >= 2**31 - 1
                    ):
                        continue
                    value = schema[key]
                    values = value if key == "enum" else [] if key == "uniqueItems" else [value]
                    assert all(str(v) in cell for v in values), (op.id, p.name, key, cell)
                    assert prefix in cell, (op.id, p.name, key, cell)
            if "uniqueItems" in p.schema:
                assert "各项不得重复" in cell
            for key in ("minItems", "maxItems"):
                if key in p.schema:
                    assert f"{p.schema[key]}" in cell and "项" in cell


def test_order_response_tables_follow_the_seed(spec) -> None:
    media = spec.operation("createOrder").responses["200"]["content"]["application/json"]
    tables = response_tables(media["schema"])
    assert [t["title"] for t in tables] == [
        "基本属性",
        "data",
        "data['app']",
        "data['payment']",
        "data['product']",
        "data['client']",
    ]
    payment = {r["name"]: r for r in tables[3]["rows"]}
    assert payment["amount"]["type"] == "long" and payment["currency"]["type"] == "string"
    bill = response_tables(spec.operation("getBill").responses["200"]["content"]["application/json"]["schema"])
    assert [t["title"] for t in bill][-1] == "data['items']"


def test_changelog_interface(spec) -> None:
    releases = changelog(spec)
    assert [set(r) for r in releases] == [{"version", "date", "note", "groups"}] * len(releases)
    assert (releases[0]["version"], releases[0]["date"]) == ("1.0.0", "2026-11-25")  # the current spec, newest first
    assert (releases[-1]["note"], releases[-1]["groups"]) == ("首个版本", [])
    for release in releases:
        for group in release["groups"]:
            assert set(group) == {"title", "changes"} and group["changes"]
            assert all(
                set(c) == {"kind", "text"} and c["kind"] in ("breaking", "non-breaking") for c in group["changes"]
            )


def test_docs_context(spec) -> None:
    samples = {op.id: {"shell": f"echo {op.id}\n", "python": f"print('{op.id}')\n"} for op in spec.operations}
    ctx = docs_context(spec, samples)
    assert [t["key"] for t in ctx["language_tabs"]] == ["shell", "java", "php", "python", "ruby", "javascript"]
    assert [s["name"] for s in ctx["sections"]] == ["授权机制说明", "支付订单", "渠道路由", "清算", "沙箱"]
    orders = ctx["sections"][1]["operations"]
    assert [op["summary"] for op in orders] == ["订单创建", "订单查询"]  # the order they are written in the spec
    create = orders[0]
    assert create["url"] == "https://api.example.com/v1/orders"
    assert create["tabs"] == "```shell\necho createOrder\n```\n\n```python\nprint('createOrder')\n```\n"
    assert [r["name"] for r in create["required"]] == ["app_id", "pay_type", "amount", "sign"]
    assert ctx["sections"][0]["signature"] and not ctx["sections"][1]["signature"]
    assert [e["code"] for e in ctx["errors"]] == [
        "400",
        "401",
        "403",
        "404",
        "405",
        "406",
        "410",
        "413",
        "429",
        "500",
        "503",
    ]
    assert ctx["flow"][0]["request"] == "POST /token"
    assert [t["summary"] for t in ctx["flow"][1]["then"]] == ["订单查询", "沙箱支付"]


def test_signing_example_is_the_rule_applied(spec) -> None:
    example = docs_context(spec, {})["signature"]["example"]
    rule = SignatureRule.from_spec(spec.signature_rule)
    assert example["operation"] == "订单创建" and example["algorithm"] == "HMAC-SHA256"
    assert example["string_to_sign"].endswith("&sign_type=2&key=demo-secret-10001")
    assert example["sign"] == rule.sign(
        [tuple(p.split("=", 1)) for p in example["string_to_sign"].split("&")[:-1]], "demo-secret-10001", 2
    )


def test_code_tabs_skip_missing_languages_and_file_order(spec) -> None:
    assert code_tabs({"ruby": "x\n"}, ["shell", "ruby"]) == "```ruby\nx\n```\n"
    assert operations_in_file_order(spec)[0].id == "getToken"
