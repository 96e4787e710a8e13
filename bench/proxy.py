"""Benchmark `paycontract proxy`: the reference server direct and through the proxy, side by side in one run,
with wrk on loopback at 1 and 64 connections.

    PYTHONPATH=$PWD python bench/proxy.py [--duration 3] [--rounds 3] [--connections 1,64]

Prints req/s and p50/p99 latency for token, order query and order create, direct and proxied, with the
proxy's p50 overhead and its share of the direct req/s. Direct and proxied points are measured in
interleaved rounds and each keeps its best round (a shared machine only ever slows a run down). The proxy
checks every exchange after answering it, as in normal use, with both demo apps' secrets. Target: p50
overhead under 2 ms at 1 connection.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.contenders import wait_for
from bench.loadgen import Result, run_wrk, wrk_parser, wrk_ready
from bench.serve import api_requests, keep_best, settle
from paycontract.launcher import DEMO_APPS, free_port, start_server

OPERATIONS = ("token", "query", "create")
TARGET_MS = 2.0
Key = tuple[str, str, int]  # (route, operation, connections)


def start_proxy(upstream: str, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`paycontract proxy` in front of `upstream` on a free port; its origin once it answers."""
    port = free_port()
    (app, secret, _), (other, other_secret, _) = DEMO_APPS[:2]
    secrets = ["--app-id", str(app), "--app-secret", secret, "--other-app-id", str(other)]
    secrets += ["--other-app-secret", other_secret]
    command = [sys.executable, "-m", "paycontract", "proxy", "--upstream", upstream, "--port", str(port), *secrets]
    with (workdir / "proxy.log").open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ})
    origin = f"http://127.0.0.1:{port}"
    try:
        wait_for(origin + "/", process, timeout=20)
    except RuntimeError:
        process.kill()
        log = (workdir / "proxy.log").read_text()[-400:]
        raise SystemExit(f"bench/proxy.py: the proxy did not start: {log}") from None
    return process, origin


def main() -> int:
    """Run the benchmark and print the comparison."""
    parser = wrk_parser(__doc__, "1,64")
    args = parser.parse_args()
    if not wrk_ready("bench/proxy.py", args.duration):
        return 2
    connections = [int(c) for c in args.connections.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="paycontract-bench-proxy-"))
    db = workdir / "bench.sqlite3"
    server = start_server(db=db, log_dir=workdir)
    proxy, proxy_origin = start_proxy(server.base_url, workdir)
    results: dict[Key, Result] = {}
    try:
        requests = api_requests(server.base_url)
        for _round in range(args.rounds):
            for conns in connections:
                for name in OPERATIONS:
                    for route, origin in (("direct", server.origin), ("proxy", proxy_origin)):
                        settle(db)
                        result = run_wrk(origin, requests[name], conns, args.duration)
                        keep_best(results, (route, name, conns), result)
    finally:
        proxy.send_signal(signal.SIGINT)
        proxy.wait(60)
        server.stop()
    report(results, connections)
    print(f"\nproxy summary: {(workdir / 'proxy.log').read_text(encoding='utf-8').splitlines()[-1:]}")
    return 0


def report(results: dict[Key, Result], connections: list[int]) -> None:
    """Each point direct and proxied, the proxy's overhead, then the target."""
    for conns in connections:
        print(f"\n== {conns} connection(s)")
        for name in OPERATIONS:
            direct, proxied = results[("direct", name, conns)], results[("proxy", name, conns)]
            overhead = proxied.p50_ms - direct.p50_ms
            print(f"  {'direct':<8}{name:<8}{direct}")
            share = proxied.rps / direct.rps
            print(f"  {'proxy':<8}{name:<8}{proxied}   p50 +{overhead:.2f} ms, {share:6.1%} of direct req/s")
    if 1 in connections:
        worst = max(results[("proxy", n, 1)].p50_ms - results[("direct", n, 1)].p50_ms for n in OPERATIONS)
        verdict = "ok" if worst < TARGET_MS else "MISSED"
        print(
            f"\ntarget: [{verdict}] p50 overhead at 1 connection {worst:.2f} ms (< {TARGET_MS:g} ms), worst operation"
        )


if __name__ == "__main__":
    sys.exit(main())
