"""The traffic the proxy tests send: the generated Python samples, run as processes, and a scripted session
of both demo apps that touches every rule the proxy can see (routing, pay, bill, isolation, a bad request)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from paycontract.launcher import DEMO_APPS
from tests.support.client import SignedClient

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples" / "python").glob("*.py"))


def run_samples(base_url: str) -> list[str]:
    """Run every Python sample against `base_url`; what each printed."""
    env = {**os.environ, "PAYCONTRACT_BASE_URL": base_url}
    outputs = []
    for sample in SAMPLES:
        done = subprocess.run([sys.executable, str(sample)], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"{sample.name}: {done.stderr[-400:]}"
        outputs.append(done.stdout)
    return outputs


def scripted_session(base_url: str) -> None:
    """Both demo apps: channels, a routed order, query, pay (twice), a query of two orders against their creation
    order, the day's bill and the retention's edges, a filter, deletes, bad input."""
    (app, secret, _), (other, other_secret, _) = DEMO_APPS[:2]
    with SignedClient(base_url, app, secret) as me, SignedClient(base_url, other, other_secret) as them:
        me.call("GET", "/channels")
        channel = me.call("POST", "/channels", {"name": "route-here", "pay_type": 2, "platform": 77,
                                                "priority": 90, "fee_rate": 125}).json()["data"]  # fmt: skip
        # 12380 × 125 / 10000 = 154.75: a fee rounded instead of floored shows.
        order = me.call("POST", "/orders", {"pay_type": 2, "amount": 12380, "product_id": "p-1",
                                            "ext_data": '{"n": 1.0, "tag": "x"}'}).json()["data"]  # fmt: skip
        theirs = them.call("POST", "/orders", {"pay_type": 1, "amount": 500}).json()["data"]
        later = me.call("POST", "/orders", {"pay_type": 1, "amount": 700}).json()["data"]
        me.call("GET", "/orders", {"ids": ",".join(_ids(order, theirs))})
        paid = me.call("POST", "/sandbox/orders/{id}/pay", path_params={"id": _id(order)}).json()["data"]
        me.call("POST", "/sandbox/orders/{id}/pay", path_params={"id": _id(order)})  # paid already: 400
        me.call("GET", "/orders", {"ids": ",".join(_ids(later, order))})  # newest first, the paid one after
        me.call("GET", "/bills", {"date": str((paid or order or {}).get("updated_at", "2026-01-01"))[:10]})
        today = dt.date.fromisoformat(str((order or {}).get("created_at", "2026-01-01"))[:10])
        for days_back in (90, 91):  # the oldest day served, and the first one past the retention
            me.call("GET", "/bills", {"date": (today - dt.timedelta(days=days_back)).isoformat()})
        me.call("GET", "/channels", {"pay_type": 1})
        me.call("POST", "/orders", {"pay_type": 1, "amount": 0})
        me.call("POST", "/orders", {"pay_type": 1, "amount": 100}, secret="not-the-secret")
        for _ in range(2):
            me.call("DELETE", "/channels/{id}", path_params={"id": _id(channel)})
        me.call("GET", "/channels")


def _id(resource: object) -> str:
    return str(resource.get("id")) if isinstance(resource, dict) else "missing"


def _ids(*resources: object) -> list[str]:
    return [_id(r) for r in resources]
