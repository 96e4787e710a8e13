"""Benchmark the reference server against a bare Starlette app (and Prism's mock server, where it installs),
side by side in one run, with wrk on loopback at 1, 8 and 64 connections; then its storage backends.

    PYTHONPATH=$PWD python bench/serve.py [--duration 3] [--rounds 3] [--connections 1,8,64] [--no-prism]
                                          [--storage-only | --no-storage]

The storage part (`bench/backends.py`) measures order create and order query at 64 connections on
SQLite and on PostgreSQL (a throwaway cluster), with 1 and 2 workers, and prints each ratio to SQLite
with as many workers and to the same backend with one worker.

Prints req/s and p50/p99 latency for token, order create and order query, each ratio to the bare app
and to Prism, and the server's peak memory (VmHWM). The server and the bare app are measured in
`--rounds` interleaved rounds and each point keeps its best round (a shared machine only ever slows a
run down); Prism, far slower, is measured once. Before each server point the previous point's WAL is
checkpointed, so that leftover background work does not land on it. Targets (one worker, 64
connections): create >= 35 % and query >= 50 % of the bare app's req/s, p99 < 100 ms, create >= 2x
Prism, peak memory < 150 MB.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.backends import compare_backends
from bench.contenders import install_prism, start_bare, start_prism, stop
from bench.loadgen import Request, Result, peak_memory_mb, run_wrk, wrk_parser, wrk_ready
from paycontract.launcher import free_port, start_server
from tests.support.client import prepare, sign_pairs

APP_ID, SECRET = 10001, "demo-secret-10001"
OPERATIONS = ("token", "create", "query")
PAUSE = 0.5
Key = tuple[str, str, int]  # (contender, operation, connections)


def api_requests(base_url: str) -> dict[str, Request]:
    """Token, order create and order query of demo app 10001, as fixed requests (paths under /v1)."""
    credentials = {"app_id": APP_ID, "app_secret": SECRET}
    token = httpx.post(base_url + "/token", data=credentials).json()["data"]["access_token"]
    create = [("app_id", str(APP_ID)), ("pay_type", "1"), ("amount", "1000"), ("product_id", "bench")]
    create_body = urlencode([*create, ("sign", sign_pairs(create, SECRET))])
    headers = {"access_token": token, "content-type": "application/x-www-form-urlencoded"}
    order = httpx.post(base_url + "/orders", content=create_body, headers=headers).json()["data"]
    query = prepare("", "GET", "/v1/orders", {"ids": order["id"], "app_id": APP_ID}, secret=SECRET, token=token)
    return {
        "token": Request("POST", "/v1/token", urlencode(credentials)),
        "create": Request("POST", "/v1/orders", create_body, token),
        "query": Request("GET", query.url, "", token),
    }


def settle(db: Path) -> None:
    """Checkpoint what the previous point wrote, then pause, so each point starts on a quiet server."""
    with sqlite3.connect(db, timeout=30) as conn:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    time.sleep(PAUSE)


def keep_best(results: dict[Key, Result], key: Key, result: Result) -> None:
    """Record `result` unless a better round of the same point is already recorded."""
    if key not in results or result.rps > results[key].rps:
        results[key] = result


def main() -> int:
    """Run the benchmark and print the comparison."""
    parser = wrk_parser(__doc__, "1,8,64")
    parser.add_argument("--no-prism", action="store_true", help="skip Prism")
    parts = parser.add_mutually_exclusive_group()
    parts.add_argument("--storage-only", action="store_true", help="only the SQLite/PostgreSQL comparison")
    parts.add_argument("--no-storage", action="store_true", help="skip the SQLite/PostgreSQL comparison")
    args = parser.parse_args()
    if not wrk_ready("bench/serve.py", args.duration):
        return 2
    connections = [int(c) for c in args.connections.split(",")]
    if not args.storage_only:
        compare_contenders(args, connections)
    if not args.no_storage:
        print(compare_backends(api_requests, max(connections), args.duration, args.rounds))
    return 0


def compare_contenders(args: argparse.Namespace, connections: list[int]) -> None:
    """The server (SQLite, one worker) beside the bare app and Prism, at every connection count."""

    results: dict[Key, Result] = {}
    workdir = Path(tempfile.mkdtemp(prefix="paycontract-bench-"))
    db = workdir / "bench.sqlite3"
    server = start_server(db=db, log_dir=workdir)
    bare = start_bare(free_port())
    bare_origin = f"http://127.0.0.1:{bare.args[-1]}"
    prism: dict[str, tuple[subprocess.Popen[bytes], str]] = {}
    try:
        requests = api_requests(server.base_url)
        why_not = "--no-prism" if args.no_prism else install_prism()
        if why_not is None:
            for mode in ("default", "silent"):
                port = free_port()
                prism[mode] = (start_prism(port, silent=mode == "silent"), f"http://127.0.0.1:{port}")
        else:
            print(f"Prism skipped: {why_not}")
        for _round in range(args.rounds):
            for conns in connections:
                time.sleep(PAUSE)
                keep_best(
                    results, ("bare", "fixed", conns), run_wrk(bare_origin, Request("GET", "/"), conns, args.duration)
                )
                for name, request in requests.items():
                    settle(db)
                    keep_best(results, ("server", name, conns), run_wrk(server.origin, request, conns, args.duration))
        for mode, (_process, origin) in prism.items():
            for conns in connections:
                for name, request in requests.items():
                    # Prism serves the spec's paths without the /v1 of its server URL.
                    path = request.path.removeprefix("/v1")
                    result = run_wrk(
                        origin, Request(request.method, path, request.body, request.token), conns, args.duration
                    )
                    results[(f"prism-{mode}", name, conns)] = result
        peak = peak_memory_mb(server.process.pid)
    finally:
        server.stop()
        stop(bare)
        for process, _origin in prism.values():
            stop(process)
    report(results, connections, peak, list(prism))


def report(results: dict[Key, Result], connections: list[int], peak: float, prism: list[str]) -> None:
    """Print every measurement with its ratios, then the targets at the highest concurrency."""
    for conns in connections:
        bare = results[("bare", "fixed", conns)]
        print(f"\n== {conns} connection(s)")
        print(f"  {'bare starlette':<16}{'fixed':<8}{bare}")
        for name in OPERATIONS:
            ours = results[("server", name, conns)]
            print(f"  {'server':<16}{name:<8}{ours}   {ours.rps / bare.rps:6.1%} of bare")
            for mode in prism:
                theirs = results[(f"prism-{mode}", name, conns)]
                print(f"  {'prism ' + mode:<16}{name:<8}{theirs}   server {ours.rps / theirs.rps:4.1f}x")
    print(f"\nserver peak memory (VmHWM): {peak:.1f} MB")
    top = max(connections)
    bare_rps = results[("bare", "fixed", top)].rps
    create, query = results[("server", "create", top)], results[("server", "query", top)]
    checks = [
        (f"create {create.rps / bare_rps:.1%} of bare (>= 35%)", create.rps / bare_rps >= 0.35),
        (f"query {query.rps / bare_rps:.1%} of bare (>= 50%)", query.rps / bare_rps >= 0.50),
        (
            f"p99 create {create.p99_ms:.1f} ms, query {query.p99_ms:.1f} ms (< 100 ms)",
            max(create.p99_ms, query.p99_ms) < 100,
        ),
        (f"peak memory {peak:.1f} MB (< 150 MB)", peak < 150),
    ]
    for mode in prism:
        ratio = create.rps / results[(f"prism-{mode}", "create", top)].rps
        checks.append((f"create {ratio:.1f}x Prism ({mode} logging) (>= 2x)", ratio >= 2))
    print(f"\ntargets at {top} connections, one worker:")
    for text, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")


if __name__ == "__main__":
    sys.exit(main())
