"""The proxy is transparent: answers come back byte for byte, and servers that differ from ours only where the
contract leaves them free (`tests/verify/variants.py`) get no server finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.proxy.running import fault_server, start_proxy
from tests.proxy.traffic import run_samples, scripted_session
from tests.support.client import SignedClient
from tests.verify.variants import VARIANTS

PER_CONNECTION = {"date", "connection", "keep-alive", "transfer-encoding"}


def _raw(client: SignedClient, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
    request = client.prepare("GET", path)
    with client.http.stream("GET", request.url, headers={**request.headers, "accept-encoding": "gzip"}) as answer:
        body = b"".join(answer.iter_raw())
        headers = [(k.lower(), v) for k, v in answer.headers.multi_items() if k.lower() not in PER_CONNECTION]
        return answer.status_code, headers, body


def test_answers_come_back_byte_for_byte(tmp_path: Path) -> None:
    with fault_server("gzip-when-allowed", tmp_path) as upstream:
        proxy = start_proxy(upstream, tmp_path)
        with SignedClient(upstream, 10001, "demo-secret-10001") as direct:
            via = SignedClient(proxy.base_url, 10001, "demo-secret-10001", _token=direct.token)
            seen_direct, seen_via = _raw(direct, "/channels"), _raw(via, "/channels")
            via.close()
        outcome = proxy.stop()
    assert ("content-encoding", "gzip") in seen_direct[1]
    assert seen_via == seen_direct
    assert outcome.failures("server") == []


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_conforming_variant_gets_no_server_finding(variant: str, tmp_path: Path) -> None:
    with fault_server(variant, tmp_path) as upstream:
        proxy = start_proxy(upstream, tmp_path)
        run_samples(proxy.base_url)
        scripted_session(proxy.base_url)
        outcome = proxy.stop()
    assert outcome.exit_code == 0, outcome.output
    assert outcome.failures("server") == []
