"""Driving one fixed request with wrk on loopback, and reading what it measured."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).with_name("wrk_request.lua")


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

    def __str__(self) -> str:
        text = f"{self.rps:8.0f} req/s  p50 {self.p50_ms:6.2f} ms  p99 {self.p99_ms:7.2f} ms"
        if self.non2xx or self.errors:
            text += f"  [{self.non2xx} non-2xx, {self.errors} socket errors]"
        return text


def run_wrk(origin: str, request: Request, connections: int, duration: int) -> Result:
    """Drive `request` with wrk (one thread, `connections` connections) and read our Lua summary line."""
    env = {**os.environ, "BENCH_METHOD": request.method, "BENCH_BODY": request.body, "BENCH_TOKEN": request.token}
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(LUA)]
    out = subprocess.run([*cmd, origin + request.path], env=env, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    data = json.loads(line.removeprefix("BENCH "))
    return Result(
        rps=data["requests"] / (data["duration_us"] / 1e6),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        non2xx=data["non2xx"],
        errors=data["errors"],
    )


def peak_memory_mb(pid: int) -> float:
    """A process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wrk_parser(doc: str, connections: str) -> argparse.ArgumentParser:
    """The options every wrk benchmark takes: `--duration`, `--rounds`, `--connections` (default `connections`)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds per measurement (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds, best kept (default 3)")
    parser.add_argument("--connections", default=connections, help=f"comma-separated (default {connections})")
    return parser


def wrk_ready(script: str, duration: int) -> bool:
    """Whether wrk is installed (else one line on stderr); prints the machine's load when it is."""
    if shutil.which("wrk") is None:
        print(f"{script}: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return False
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; wrk -t1; {duration}s per point")
    return True
