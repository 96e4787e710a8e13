"""The conformance self-check: `paycontract verify` passes every conforming variant of the reference server.

Each variant (`variants.py`) changes only what the contract leaves to each server; a finding on one of them
is a check asserting more than the contract fixes.
"""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.verify.asgi import RULE, SECRETS
from tests.verify.test_verify_self_check import serving, verify_against
from tests.verify.variants import VARIANTS

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def test_every_variant_passes(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = dict(zip(VARIANTS, pool.map(lambda name: verify_against(name, tmp_path), VARIANTS), strict=True))
    failed = {name: (o.exit_code, sorted(o.checks)) for name, o in outcomes.items() if o.exit_code != 0}
    report = (f"{n}: exit {c}, {checks}\n{outcomes[n].output[-1500:]}" for n, (c, checks) in failed.items())
    assert not failed, "\n".join(report)


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_every_variant_passes_at_the_default_budget(seed: str, tmp_path: Path) -> None:
    budget = ("--max-examples", "100", "--seed", seed)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = pool.map(lambda name: verify_against(name, tmp_path, budget), VARIANTS)
        outcomes = dict(zip(VARIANTS, runs, strict=True))
    failed = [f"{n}: {sorted(o.checks)}\n{o.output[-1500:]}" for n, o in outcomes.items() if o.exit_code != 0]
    assert not failed, "\n".join(failed)


def _signed(params: dict[str, str], path_id: str | None = None) -> dict[str, str]:
    pairs = [*params.items(), *([("id", path_id)] if path_id else [])]
    return {**params, "sign": RULE.sign_pairs(pairs, SECRETS[int(params["app_id"])])}


@pytest.mark.parametrize(
    ("variant", "order_id", "channel_id", "token"),
    [
        ("uuid-ids", UUID, UUID, r"[^.]+"),
        ("prefixed-ids", r"ord_[0-9]+", r"ch_[0-9]+", r"[^.]+"),
        ("jwt-tokens", r"ord_\S+", r"chn_\S+", r"[\w-]{20,}\.[\w-]{20,}\.[\w-]{40,}"),
    ],
)
def test_id_and_token_variants_use_their_own_format_both_ways(
    variant: str, order_id: str, channel_id: str, token: str, tmp_path: Path
) -> None:
    """The variant's ids and tokens are what clients see, and what they send back works."""
    with serving(variant, tmp_path) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        grant = client.post("/token", data={"app_id": "10001", "app_secret": SECRETS[10001]}).json()["data"]
        assert re.fullmatch(token, grant["access_token"]) and len(grant["access_token"]) >= 20
        client.headers["access_token"] = grant["access_token"]
        channel = client.post(
            "/channels",
            data=_signed({"app_id": "10001", "name": "c", "pay_type": "1", "platform": "5", "priority": "100"}),
        ).json()["data"]
        assert re.fullmatch(channel_id, channel["id"]), channel
        order = client.post("/orders", data=_signed({"app_id": "10001", "pay_type": "1", "amount": "100"})).json()[
            "data"
        ]
        assert re.fullmatch(order_id, order["id"]) and order["payment"]["platform"] == 5, order
        found = client.get("/orders", params=_signed({"app_id": "10001", "ids": order["id"]})).json()
        assert found["data"] == [order]
        paid = client.post(f"/sandbox/orders/{order['id']}/pay", data=_signed({"app_id": "10001"}, order["id"]))
        assert paid.json()["data"]["status"] == 1
        bill = client.get("/bills", params=_signed({"app_id": "10001", "date": order["created_at"][:10]})).json()
        assert {"order_id": order["id"], "channel_id": channel["id"]}.items() <= bill["data"]["items"][-1].items()
        deleted = client.delete(f"/channels/{channel['id']}", params=_signed({"app_id": "10001"}, channel["id"]))
        assert deleted.json()["data"]["id"] == channel["id"]
        # A sign over the variant's id that is wrong stays wrong: the variant does not sign for the client.
        bad = client.delete(f"/channels/{channel['id']}", params={"app_id": "10001", "sign": "0" * 64})
        assert bad.status_code == 401


def test_the_shifted_clock_variant_runs_days_ahead_and_keeps_its_bill_window(tmp_path: Path) -> None:
    """Its times and its "today" are three days after the reference's; bills follow its own day, both ways."""
    cst = dt.timezone(dt.timedelta(hours=8))
    with serving("shifted-clock", tmp_path) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        grant = client.post("/token", data={"app_id": "10001", "app_secret": SECRETS[10001]}).json()["data"]
        client.headers["access_token"] = grant["access_token"]
        order = client.post("/orders", data=_signed({"app_id": "10001", "pay_type": "1", "amount": "100"})).json()
        created = dt.datetime.strptime(order["data"]["created_at"], "%Y-%m-%d %H:%M:%S")
        ahead = created - dt.datetime.now(cst).replace(tzinfo=None)
        assert dt.timedelta(days=3) - dt.timedelta(minutes=1) < ahead < dt.timedelta(days=3, minutes=1)
        path = f"/sandbox/orders/{order['data']['id']}/pay"
        client.post(path, data=_signed({"app_id": "10001"}, order["data"]["id"]))
        today = created.date()
        bill = client.get("/bills", params=_signed({"app_id": "10001", "date": today.isoformat()})).json()["data"]
        assert bill["date"] == today.isoformat() and order["data"]["id"] in {i["order_id"] for i in bill["items"]}
        later = (today + dt.timedelta(days=1)).isoformat()
        assert client.get("/bills", params=_signed({"app_id": "10001", "date": later})).status_code == 400
