"""Benchmark the reference server against a bare Starlette app (and Prism's mock server, if it installs),
side by side in one run, with wrk on loopback at 1, 8 and 64 connections.

    PYTHONPATH=$PWD python bench/serve.py [--duration 5] [--connections 1,8,64] [--no-prism]

Prints req/s and p50/p99 latency for token, order create and order query, each ratio to the bare app,
order create against Prism, and the server's peak memory (VmHWM). Targets (one worker, 64 connections):
create >= 35 % and query >= 50 % of the bare app's req/s with p99 < 100 ms, create >= 2x Prism,
peak memory < 150 MB. Prism is installed with npm into bench/.prism/ (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paycontract.launcher import free_port, start_server  # noqa: E402
from tests.support.client import prepare, sign_pairs  # noqa: E402

LUA = Path(__file__).with_name("wrk_request.lua")
PRISM_DIR = Path(__file__).with_name(".prism")
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
APP_ID, SECRET = 10001, "demo-secret-10001"
TARGETS = {"create_vs_bare": 0.35, "query_vs_bare": 0.50, "p99_ms": 100.0, "create_vs_prism": 2.0, "peak_mb": 150.0}


@dataclass(frozen=True)
class Request:
    """One fixed request for wrk: method, path (with query), form body, token header."""

    method: str
    path: str
    body: str = ""
    token: str = ""


@dataclass(frozen=True)
class Result:
    """What wrk measured for one request at one concurrency."""

    rps: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    errors: int


def run_wrk(origin: str, request: Request, connections: int, duration: int) -> Result:
    """Drive `request` with wrk (one thread) and read the summary line of our Lua script."""
    env = {**os.environ, "BENCH_METHOD": request.method, "BENCH_BODY": request.body, "BENCH_TOKEN": request.token}
    cmd = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        origin + request.path,
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    data = json.loads(line[len("BENCH ") :])
    return Result(
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        non2xx=data["non2xx"],
        errors=data["errors"],
    )


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Wait until `url` answers anything."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f}s")


def api_requests(base_url: str, prefix: str) -> dict[str, Request]:
    """Token, order create and order query against a running reference server (paths under `prefix`)."""
    token = httpx.post(base_url + "/token", data={"app_id": APP_ID, "app_secret": SECRET}).json()["data"][
        "access_token"
    ]
    create = [("app_id", str(APP_ID)), ("pay_type", "1"), ("amount", "1000"), ("product_id", "bench")]
    create_body = urlencode([*create, ("sign", sign_pairs(create, SECRET))])
    order = httpx.post(
        base_url + "/orders",
        content=create_body,
        headers={"access_token": token, "content-type": "application/x-www-form-urlencoded"},
    ).json()["data"]
    query = prepare("", "GET", "/orders", {"ids": order["id"], "app_id": APP_ID}, secret=SECRET, token=token)
    token_body = urlencode({"app_id": APP_ID, "app_secret": SECRET})
    return {
        "token": Request("POST", prefix + "/token", token_body),
        "create": Request("POST", prefix + "/orders", create_body, token),
        "query": Request("GET", prefix + query.url, "", token),
    }


def start_bare(port: int) -> subprocess.Popen[bytes]:
    """The bare Starlette app under the same uvicorn options."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, str(Path(__file__).with_name("bare_app.py")), str(port)]
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/", process)
    return process


def install_prism() -> str | None:
    """Install Prism into bench/.prism with npm if needed; None when it is there, else why not."""
    if PRISM_BIN.exists():
        return None
    if shutil.which("npm") is None:
        return "npm is not installed"
    PRISM_DIR.mkdir(exist_ok=True)
    result = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "@stoplight/prism-cli@5"],
        cwd=PRISM_DIR,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not PRISM_BIN.exists():
        return "npm install @stoplight/prism-cli failed: " + (result.stderr.strip().splitlines() or ["?"])[-1]
    return None


def start_prism(port: int, silent: bool) -> subprocess.Popen[bytes]:
    """`prism mock openapi.yaml` (static examples), with its default logging or silent."""
    cmd = [str(PRISM_BIN), "mock", str(ROOT / "openapi.yaml"), "-p", str(port)]
    if silent:
        cmd += ["-v", "silent"]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/", process)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGINT, then SIGKILL if it lingers."""
    process.send_signal(2)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fmt(result: Result) -> str:
    """`12345 req/s  p50 1.2 ms  p99 4.5 ms` (+ warnings)."""
    text = f"{result.rps:8.0f} req/s  p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:7.2f} ms"
    if result.non2xx or result.errors:
        text += f"  [{result.non2xx} non-2xx, {result.errors} socket errors]"
    return text


def main() -> int:
    """Run the benchmark and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement (default 5)")
    parser.add_argument("--connections", default="1,8,64", help="comma-separated (default 1,8,64)")
    parser.add_argument("--no-prism", action="store_true", help="skip Prism")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("bench/serve.py: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    connections = [int(c) for c in args.connections.split(",")]
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; wrk -t1, {args.duration:g}s per point")

    results: dict[tuple[str, str, int], Result] = {}
    workdir = Path(tempfile.mkdtemp(prefix="paycontract-bench-"))
    server = start_server(db=workdir / "bench.sqlite3", log_dir=workdir)
    bare = start_bare(free_port())
    servers = {"server": server.origin, "bare": f"http://127.0.0.1:{bare.args[-1]}"}
    prism_processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        requests = api_requests(server.base_url, "/v1")
        why_not = "--no-prism" if args.no_prism else install_prism()
        if why_not is None:
            for mode in ("default", "silent"):
                port = free_port()
                prism_processes[mode] = start_prism(port, silent=mode == "silent")
                servers[f"prism-{mode}"] = f"http://127.0.0.1:{port}"
        else:
            print(f"Prism skipped: {why_not}")
        for conns in connections:
            results[("bare", "fixed", conns)] = run_wrk(servers["bare"], Request("GET", "/"), conns, args.duration)
            for name, request in requests.items():
                results[("server", name, conns)] = run_wrk(servers["server"], request, conns, args.duration)
                for mode in prism_processes:
                    # Prism serves the spec's paths without the /v1 of its server URL.
                    prism_request = Request(
                        request.method, request.path.removeprefix("/v1"), request.body, request.token
                    )
                    results[(f"prism-{mode}", name, conns)] = run_wrk(
                        servers[f"prism-{mode}"], prism_request, conns, args.duration
                    )
        peak = peak_memory_mb(server.process.pid)
    finally:
        server.stop()
        stop(bare)
        for process in prism_processes.values():
            stop(process)

    report(results, connections, peak, list(prism_processes))
    return 0


def report(results: dict[tuple[str, str, int], Result], connections: list[int], peak: float, prism: list[str]) -> None:
    """Print every measurement, the ratios, and the targets at 64 connections."""
    for conns in connections:
        bare = results[("bare", "fixed", conns)]
        print(f"\n== {conns} connection(s)")
        print(f"  bare starlette  fixed   {fmt(bare)}")
        for name in ("token", "create", "query"):
            ours = results[("server", name, conns)]
            print(f"  server          {name:<7} {fmt(ours)}   = {ours.rps / bare.rps:5.1%} of bare")
            for mode in prism:
                theirs = results[(f"prism-{mode}", name, conns)]
                label = f"prism ({mode})"
                print(f"  {label:<15} {name:<7} {fmt(theirs)}   server/prism = {ours.rps / theirs.rps:4.1f}x")
    print(f"\nserver peak memory (VmHWM): {peak:.1f} MB")
    top = max(connections)
    bare = results[("bare", "fixed", top)].rps
    create, query = results[("server", "create", top)], results[("server", "query", top)]
    checks = [
        (f"create {create.rps / bare:.1%} of bare (>= 35%)", create.rps / bare >= TARGETS["create_vs_bare"]),
        (f"query {query.rps / bare:.1%} of bare (>= 50%)", query.rps / bare >= TARGETS["query_vs_bare"]),
        (
            f"p99 create {create.p99_ms:.1f} ms, query {query.p99_ms:.1f} ms (< 100 ms)",
            max(create.p99_ms, query.p99_ms) < TARGETS["p99_ms"],
        ),
        (f"peak memory {peak:.1f} MB (< 150 MB)", peak < TARGETS["peak_mb"]),
    ]
    for mode in prism:
        ratio = create.rps / results[(f"prism-{mode}", "create", top)].rps
        checks.append((f"create {ratio:.1f}x Prism ({mode} logging) (>= 2x)", ratio >= TARGETS["create_vs_prism"]))
    print(f"\ntargets at {top} connections, one worker:")
    for text, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")


if __name__ == "__main__":
    sys.exit(main())
