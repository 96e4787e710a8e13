"""Fixtures: real reference servers (uvicorn on a free loopback port, a fresh database each) and signed
clients of the two demo apps.

Every test that starts a server runs on both backends (`backend`: a SQLite file with one worker, or a
database of its own on a throwaway PostgreSQL cluster started once per session, served by 2 workers as
the README starts it). When PostgreSQL cannot start, those tests fail and say why: they are never skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from paycontract.launcher import DEMO_APPS, RunningServer, start_server
from tests.support.client import SignedClient
from tests.support.databases import BACKENDS, new_database
from tests.support.postgres_cluster import Cluster, ClusterUnavailable, start_cluster

StartServer = Callable[..., RunningServer]
NewDatabase = Callable[[], str]
# How each backend's servers run unless a test says otherwise.
SERVER_ARGS = {"sqlite": [], "postgresql": ["--workers", "2"]}


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL cluster for the session, stopped and deleted at its end."""
    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        pytest.fail(f"PostgreSQL is needed for the postgresql backend and cannot start: {exc}", pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The storage backend of this module's servers."""
    return request.param


@pytest.fixture(scope="module")
def new_db(backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> NewDatabase:
    """Makes an empty database of the module's backend and gives its `--db` value."""
    cluster = request.getfixturevalue("pg_cluster") if backend == "postgresql" else None
    folder = tmp_path_factory.mktemp("db")
    return lambda: new_database(backend, folder, cluster)


@pytest.fixture(scope="module")
def server_args(backend: str) -> list[str]:
    """The `serve` flags of the module's backend (PostgreSQL: 2 workers)."""
    return SERVER_ARGS[backend]


@pytest.fixture(scope="module")
def start(
    tmp_path_factory: pytest.TempPathFactory, new_db: NewDatabase, server_args: list[str]
) -> Iterator[StartServer]:
    """Start servers for this module (`start(env={...})`), each on a fresh database; all stop at its end."""
    servers: list[RunningServer] = []

    def _start(**kwargs: object) -> RunningServer:
        kwargs.setdefault("log_dir", tmp_path_factory.mktemp("server"))
        kwargs.setdefault("db", new_db())
        kwargs.setdefault("extra_args", server_args)
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
