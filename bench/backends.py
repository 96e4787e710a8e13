"""The storage part of `bench/serve.py`: order create and order query at 64 connections on SQLite and on
PostgreSQL, with 1 and 2 workers, all four servers up at once and measured in interleaved rounds (best
round kept), printed side by side with their ratios."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.loadgen import Request, Result, run_wrk
from paycontract.launcher import RunningServer, start_server
from tests.support.databases import new_postgres_database
from tests.support.postgres_cluster import Cluster, ClusterUnavailable, start_cluster

OPERATIONS = ("create", "query")
WORKERS = (1, 2)
PAUSE = 0.5
Point = tuple[str, int]  # (backend, workers)


def start_servers(workdir: Path, cluster: Cluster | None) -> dict[Point, RunningServer]:
    """One server per backend and worker count, each on a database of its own."""
    servers: dict[Point, RunningServer] = {}
    for workers in WORKERS:
        args = ["--workers", str(workers)]
        servers[("sqlite", workers)] = start_server(
            db=workdir / f"bench-{workers}.sqlite3", extra_args=args, log_dir=workdir
        )
        if cluster is not None:
            servers[("postgresql", workers)] = start_server(
                db=new_postgres_database(cluster), extra_args=args, log_dir=workdir
            )
    return servers


def quiet(server: RunningServer) -> None:
    """Let the previous point's background work finish (SQLite: checkpoint its WAL), then pause."""
    if server.db.endswith(".sqlite3"):
        with sqlite3.connect(server.db, timeout=30) as conn:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    time.sleep(PAUSE)


def compare_backends(
    api_requests: Callable[[str], dict[str, Request]], connections: int, duration: int, rounds: int
) -> str:
    """Run the storage comparison; the report as text."""
    workdir = Path(tempfile.mkdtemp(prefix="paycontract-bench-backends-"))
    cluster: Cluster | None = None
    note = ""
    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        note = f"PostgreSQL skipped: {exc}\n"
    results: dict[tuple[Point, str], Result] = {}
    servers: dict[Point, RunningServer] = {}
    try:
        servers = start_servers(workdir, cluster)
        requests = {point: api_requests(server.base_url) for point, server in servers.items()}
        for _round in range(rounds):
            for point, server in servers.items():
                for name in OPERATIONS:
                    quiet(server)
                    result = run_wrk(server.origin, requests[point][name], connections, duration)
                    if (point, name) not in results or result.rps > results[(point, name)].rps:
                        results[(point, name)] = result
    finally:
        for server in servers.values():
            server.stop()
        if cluster is not None:
            cluster.stop()
    return note + report(results, list(servers), connections)


def report(results: dict[tuple[Point, str], Result], points: list[Point], connections: int) -> str:
    """Each point, its ratio to SQLite with as many workers, and to its own backend with one worker."""
    lines = [f"\n== storage backends, {connections} connections"]
    for name in OPERATIONS:
        for backend, workers in points:
            ours = results[((backend, workers), name)]
            sqlite = results[(("sqlite", workers), name)]
            single = results[((backend, 1), name)]
            label = f"{backend} x{workers}"
            ratios = f"{ours.rps / sqlite.rps:6.2f}x sqlite x{workers}   {ours.rps / single.rps:5.2f}x {backend} x1"
            lines.append(f"  {label:<16}{name:<8}{ours}   {ratios}")
    return "\n".join(lines)
