"""The sample context is decided in Python from the spec: parameter kinds, collections, signing pieces."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from generator.languages import LANGUAGES, pascal_case
from generator.sample_context import env_name, path_parts, sample_contexts, sample_spec, var_name
from paycontract.errors import SpecError
from paycontract.spec import Document, Spec

FIXTURES = Path(__file__).parent / "fixtures"


def contexts(spec: Spec) -> dict[str, dict]:
    return {c["op"]["id"]: c for c in sample_contexts(spec)}


def spec_from(data: dict) -> Spec:
    return Spec(Document(path=Path("test.yaml"), data=data, lines={}))


def test_settings_come_from_the_token_operation(spec: Spec) -> None:
    ctx = sample_spec(spec)
    assert ctx.settings["base_url"] == {
        "name": "base_url",
        "var": "BASE_URL",
        "env": "PAYCONTRACT_BASE_URL",
        "default": "http://127.0.0.1:8000/v1",
    }
    names = [(c["var"], c["env"], c["default"]) for c in ctx.settings["credentials"]]
    assert names == [
        ("APP_ID", "PAYCONTRACT_APP_ID", "10001"),
        ("APP_SECRET", "PAYCONTRACT_APP_SECRET", "demo-secret-10001"),
    ]
    assert ctx.token is not None
    assert ctx.token["path_parts"][0]["text"] == "/token"
    assert ctx.token["field_path"] == ["data", "access_token"]
    assert ctx.token["header"] == "access_token"


def test_signature_pieces_are_read_from_x_signature(spec: Spec) -> None:
    sig = sample_spec(spec).signature
    assert sig["parameter"] == "sign"
    assert sig["type_parameter"] == "sign_type"
    assert sig["default_type"] == "2"
    assert [(a["type"], a["name"], a["hash"], a["keyed"]) for a in sig["algorithms"]] == [
        ("1", "MD5", "md5", False),
        ("2", "HMAC-SHA256", "sha256", True),
    ]
    assert (sig["separator"], sig["pair_joiner"], sig["key_prefix"], sig["secret_var"]) == (
        "&",
        "=",
        "&key=",
        "APP_SECRET",
    )


def test_parameter_kinds(spec: Spec) -> None:
    ops = contexts(spec)
    kinds = {op_id: {p["name"]: p["kind"] for p in c["op"]["params"]} for op_id, c in ops.items()}
    assert kinds["createOrder"]["app_id"] == "credential"
    assert kinds["createOrder"]["amount"] == "literal"
    assert kinds["createOrder"]["sign_type"] == "sign_type"
    assert "sign" not in kinds["createOrder"]  # computed, never taken from the example
    assert kinds["queryOrders"]["ids"] == "created"  # filled by a link from createOrder's response id
    assert kinds["deleteChannel"]["id"] == "created"  # createChannel's link fills the path parameter
    assert kinds["getBill"]["date"] == "today"  # format: date — the example would go stale
    assert kinds["listChannels"]["pay_type"] == "literal"
    assert kinds["getToken"] == {"app_id": "credential", "app_secret": "credential"}


def test_wire_values_and_env_names(spec: Spec) -> None:
    ops = contexts(spec)
    query = {p["name"]: p for p in ops["queryOrders"]["op"]["params"]}
    assert query["ids"]["wire"] == "ord_7Hq2LmX9pR4tZ1aB"
    assert query["ids"]["env"] == "PAYCONTRACT_PARAM_IDS"
    bill = {p["name"]: p for p in ops["getBill"]["op"]["params"]}
    assert (bill["date"]["utc_offset_hours"], bill["date"]["posix_tz"]) == (8, "UTC-8")
    create = {p["name"]: p["wire"] for p in ops["createOrder"]["op"]["params"]}
    assert create["amount"] == "1000"
    assert create["ext_data"] == '{"campaign":"双十一"}'


def test_setup_requests_come_from_the_links(spec: Spec) -> None:
    setups = {op_id: c["op"]["setups"] for op_id, c in contexts(spec).items() if c["op"]["setups"]}
    made_by = {op_id: [(s["name"], s["env"], s["op"]["id"], s["field_path"]) for s in v] for op_id, v in setups.items()}
    assert made_by == {
        "queryOrders": [("ids", "PAYCONTRACT_PARAM_IDS", "createOrder", ["data", "id"])],
        "deleteChannel": [("id", "PAYCONTRACT_PARAM_ID", "createChannel", ["data", "id"])],
        "paySandboxOrder": [("id", "PAYCONTRACT_PARAM_ID", "createOrder", ["data", "id"])],
    }
    create = setups["deleteChannel"][0]["op"]
    # the required parameters and the example's sign_type: a channel with the default priority never takes over
    assert [(p["name"], p["kind"], p["wire"]) for p in create["params"]] == [
        ("app_id", "credential", "10001"),
        ("name", "literal", "alipay-backup"),
        ("pay_type", "literal", "1"),
        ("platform", "literal", "1"),
        ("sign_type", "sign_type", "2"),
    ]
    shape = (create["method"], create["collection"], create["signed"], create["needs_token"], create["sign_type"])
    assert shape == ("POST", "form", True, True, "2")


def test_every_sample_says_in_its_header_what_it_creates_and_sends_that_first(spec: Spec) -> None:
    root = Path(__file__).parents[2]
    for op_id, c in contexts(spec).items():
        main_path = c["op"]["path_parts"][0]["text"]
        for setup in c["op"]["setups"]:
            for language in LANGUAGES.values():
                text = (root / "samples" / language.key / language.file_name(op_id)).read_text("utf-8")
                head = "\n".join(text.splitlines()[:10])
                assert f"{setup['env']} names the data to act on; unset, the sample first creates it with" in head
                assert f"{setup['op']['summary']} ({setup['op']['method']} {setup['op']['path']})" in head
                read = text.index(setup["env"], text.index(setup["env"]) + 1)  # the header names it first
                sent = text.index(setup["op"]["path"], read)
                assert sent < text.rindex(main_path), f"{language.key} {op_id}: the setup request comes first"


def test_collections_and_where_sign_goes(spec: Spec) -> None:
    ops = contexts(spec)
    delete = ops["deleteChannel"]["op"]
    assert [c["name"] for c in delete["collections"]] == ["path", "query"]
    assert (delete["sign_in"], delete["has_path"], delete["has_query"], delete["has_body"]) == (
        "query",
        True,
        True,
        False,
    )
    pay = ops["paySandboxOrder"]["op"]
    assert [c["name"] for c in pay["collections"]] == ["path", "form"]
    assert pay["sign_in"] == "form"
    token = ops["getToken"]["op"]
    assert (token["signed"], token["needs_token"], token["sign_in"]) == (False, False, None)


def test_nested_json_examples_become_compact_json(tmp_path: Path) -> None:
    from paycontract.spec import load_spec

    ops = contexts(load_spec(FIXTURES / "edge-cases.yaml"))
    nested = {p["name"]: p["wire"] for p in ops["nestedJson"]["op"]["params"]}
    assert nested["payload"] == '{"a":{"b":[1,2,{"c":"d\\"e"}]},"n":null}'
    array = {p["name"]: p["wire"] for p in ops["arrayParam"]["op"]["params"]}
    assert array["ids"] == "ord_a1,ord_b2,ord c3"
    assert ops["noParameters"]["op"]["collections"] == []


def test_path_parts_and_names() -> None:
    assert path_parts("/shops/{shop_id}/items/{item-id}") == [
        {"text": "/shops/", "param": None, "var": None},
        {"text": None, "param": "shop_id", "var": "SHOP_ID"},
        {"text": "/items/", "param": None, "var": None},
        {"text": None, "param": "item-id", "var": "ITEM_ID"},
    ]
    assert var_name("9lives") == "P_9LIVES"
    assert env_name("os-version") == "PAYCONTRACT_OS_VERSION"


def _links(data: dict, path: str, method: str) -> dict:
    return data["paths"][path][method]["responses"]["200"]["links"]


def _pay_link_from_delete(data: dict) -> None:
    """The order to pay is taken from what deleteChannel answers: a chain the samples do not create."""
    link = _links(data, "/orders", "post").pop("PayCreatedOrder")
    data["paths"]["/channels/{id}"]["delete"]["responses"]["200"]["links"] = {"PayDeleted": link}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["x-signature"].update(sort="natural"), "x-signature sort 'natural' is not supported"),
        (lambda d: d["x-signature"].update(separator="&&"), "1-character separator"),
        (lambda d: d["x-signature"].update(exclude=["sign", "memo"]), "exclude must be exactly the sign parameter"),
        (
            lambda d: d["paths"]["/orders"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"][
                "example"
            ].pop("pay_type"),
            "required parameter 'pay_type' of createOrder has no example",
        ),
        (lambda d: d["paths"].pop("/token"), "no unauthenticated operation takes 'app_secret'"),
        (_pay_link_from_delete, "paySandboxOrder gets its id from deleteChannel, whose 'id' needs live data too"),
        (
            lambda d: _links(d, "/orders", "post")["PayCreatedOrder"]["parameters"].update(id="$response.body#/x-y/id"),
            "the samples read only plain field names from an answer, not 'x-y'",
        ),
    ],
)
def test_unsupported_specs_are_refused_in_one_line(spec: Spec, edit, message: str) -> None:
    data = copy.deepcopy(spec.raw)
    edit(data)
    with pytest.raises(SpecError, match=message):
        sample_contexts(spec_from(data))


def test_registry_keys_are_slate_tabs_and_files_are_named_per_language() -> None:
    assert list(LANGUAGES) == ["shell", "java", "php", "python", "ruby", "javascript"]
    assert LANGUAGES["java"].file_name("createOrder") == "CreateOrder.java"
    assert LANGUAGES["python"].file_name("createOrder") == "createOrder.py"
    assert LANGUAGES["php"].argv("/x/a.php") == ["php", "/x/a.php"]
    assert LANGUAGES["ruby"].argv("a.rb", check=True) == ["ruby", "-c", "a.rb"]
    assert pascal_case("") == "Sample"
    for language in LANGUAGES.values():
        assert language.template == f"samples/{language.key}.j2"
        assert (Path(__file__).parents[2] / "templates" / language.template).is_file()
