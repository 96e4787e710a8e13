"""The demo data lives once, in the spec (`info.x-sandbox`): the server seeds it, the launcher uses it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paycontract import launcher
from paycontract.errors import SpecError
from paycontract.paths import PROJECT_ROOT, default_spec_path
from paycontract.sandbox import SandboxData, bundled_sandbox_data, sandbox_data
from reference_impl import config
from tests.reference_impl.conftest import StartServer
from tests.support.client import SignedClient

CHANNEL_FIELDS = ("name", "pay_type", "platform", "priority", "fee_rate")


@pytest.fixture(scope="module")
def published(spec) -> SandboxData:
    """The demo data as the spec publishes it."""
    return sandbox_data(spec.raw)


def test_the_launcher_and_the_server_config_take_the_apps_from_the_spec(published: SandboxData) -> None:
    assert bundled_sandbox_data() == published
    expected = [(a.app_id, a.merchant_id, a.app_secret) for a in published.apps]
    assert [(a, m, s) for a, s, m in launcher.DEMO_APPS] == expected
    assert [(a.app_id, a.merchant_id, a.secret) for a in config.DEMO_APPS] == expected
    assert published.channels == config.DEMO_CHANNELS
    assert [a.app_id for a in published.apps] == [10001, 10002]


def test_no_module_defines_a_demo_secret_of_its_own() -> None:
    literal = re.compile(r"""["']demo-secret-""")
    sources = [p for top in ("paycontract", "reference_impl") for p in (PROJECT_ROOT / top).rglob("*.py")]
    assert sources
    offenders = [str(p.relative_to(PROJECT_ROOT)) for p in sources if literal.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_a_fresh_server_seeds_exactly_the_published_apps_and_channels(
    start: StartServer, published: SandboxData
) -> None:
    server = start()
    expected = [{f: getattr(ch, f) for f in CHANNEL_FIELDS} for ch in published.channels]
    for app in published.apps:
        assert f"app_id {app.app_id}  merchant_id {app.merchant_id}  app_secret {app.app_secret}" in server.log()
        with SignedClient(server.base_url, app.app_id, app.app_secret) as client:
            listed = client.ok("GET", "/channels")
            assert [{f: ch[f] for f in CHANNEL_FIELDS} for ch in listed["data"]] == expected
            assert {ch["app_id"] for ch in listed["data"]} == {app.app_id}
            order = client.ok("POST", "/orders", {"pay_type": 1, "amount": 1000})["data"]
            assert order["app"] == {"id": app.app_id, "merchant_id": app.merchant_id}


def test_configuration_still_overrides_the_published_apps(start: StartServer) -> None:
    server = start(env={"PAYCONTRACT_APPS": "30001:40001:configured"})
    assert "app_id 30001  merchant_id 40001  app_secret configured" in server.log()
    assert "demo-secret-" not in server.log()
    with SignedClient(server.base_url, 30001, "configured") as client:
        assert client.ok("GET", "/channels")["count"] == len(bundled_sandbox_data().channels)


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (None, "info.x-sandbox is missing"),
        ({"apps": [], "channels": []}, "info.x-sandbox.apps must be a non-empty list"),
        ({"apps": [{"app_id": 1}], "channels": []}, "apps[0] must have exactly app_id, merchant_id, app_secret"),
        (
            {"apps": [{"app_id": 1, "merchant_id": 2, "app_secret": "s"}] * 2, "channels": []},
            "app ids must be unique",
        ),
    ],
)
def test_a_malformed_block_is_one_line(block: object, message: str) -> None:
    raw = {"info": {} if block is None else {"x-sandbox": block}}
    with pytest.raises(SpecError, match=re.escape(message)) as caught:
        sandbox_data(raw, where="spec.yaml")
    assert str(caught.value).startswith("spec.yaml: ") and "\n" not in str(caught.value)


def test_the_bundled_spec_is_the_one_read(tmp_path: Path) -> None:
    text = default_spec_path().read_text(encoding="utf-8").replace("demo-secret-10002", "another-secret")
    copy = tmp_path / "openapi.yaml"
    copy.write_text(text, encoding="utf-8")
    assert bundled_sandbox_data(copy).apps[1].app_secret == "another-secret"
