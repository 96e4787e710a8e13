"""Driving one fixed request with wrk on loopback, and reading what it measured."""

from __future__ import annotations

import json
import os
import subprocess
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
