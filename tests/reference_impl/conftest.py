"""Fixtures: real reference servers (uvicorn on a free loopback port, a fresh SQLite file each) and
signed clients of the two demo apps."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from paycontract.launcher import DEMO_APPS, RunningServer, start_server
from tests.support.client import SignedClient

StartServer = Callable[..., RunningServer]


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartServer]:
    """Start servers for this module (`start(env={...})`); all are stopped at its end."""
    servers: list[RunningServer] = []

    def _start(**kwargs: object) -> RunningServer:
        kwargs.setdefault("log_dir", tmp_path_factory.mktemp("server"))
        server = start_server(**kwargs)  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield _start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def server(start: StartServer) -> RunningServer:
    """One reference server shared by the tests of a module."""
    return start()


def demo_client(server: RunningServer, index: int) -> SignedClient:
    """A signed client of demo app `index` (0: 10001, 1: 10002)."""
    app_id, secret, _merchant = DEMO_APPS[index]
    return SignedClient(server.base_url, app_id, secret)


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[SignedClient]:
    """App 10001 on the module's server."""
    c = demo_client(server, 0)
    yield c
    c.close()


@pytest.fixture(scope="module")
def other(server: RunningServer) -> Iterator[SignedClient]:
    """App 10002 on the module's server."""
    c = demo_client(server, 1)
    yield c
    c.close()


@pytest.fixture(scope="module")
def raw(server: RunningServer) -> Iterator[httpx.Client]:
    """An unsigned HTTP client on the module's server's base URL."""
    with httpx.Client(base_url=server.base_url, timeout=30.0) as c:
        yield c
