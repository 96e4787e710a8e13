"""The throwaway PostgreSQL cluster the backend tests will run on starts, answers, and leaves nothing behind."""

from __future__ import annotations

import os
import socket

import pytest

from tests.support.postgres_cluster import ClusterUnavailable, start_cluster


def test_a_cluster_starts_on_loopback_and_is_gone_after_stop() -> None:
    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(f"PostgreSQL cannot start here: {exc}")
    try:
        with socket.create_connection(("127.0.0.1", cluster.port), timeout=5):
            pass
        assert (cluster.folder / "data" / "PG_VERSION").is_file()
    finally:
        cluster.stop()
    assert not cluster.folder.exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", cluster.port), timeout=1).close()
