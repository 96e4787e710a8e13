"""What the reference server is compared with: a bare Starlette app under the same uvicorn options, and
Prism's mock server on the same spec (installed with npm into bench/.prism, which is not committed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PRISM_DIR = Path(__file__).with_name(".prism")
PRISM_BIN = PRISM_DIR / "node_modules" / ".bin" / "prism"
PRISM_PACKAGE = "@stoplight/prism-cli@5"


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Wait until `url` answers anything; raise if the process exits or time runs out."""
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


def start_bare(port: int) -> subprocess.Popen[bytes]:
    """The bare Starlette app (bench/bare_app.py) under the reference server's uvicorn options."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, str(Path(__file__).with_name("bare_app.py")), str(port)]
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/", process)
    return process


def install_prism() -> str | None:
    """Install Prism into bench/.prism with npm if needed: None when it is there, else why it is not."""
    if PRISM_BIN.exists():
        return None
    if shutil.which("npm") is None:
        return "npm is not installed"
    PRISM_DIR.mkdir(exist_ok=True)
    result = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", PRISM_PACKAGE],
        cwd=PRISM_DIR,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not PRISM_BIN.exists():
        return f"npm install {PRISM_PACKAGE} failed: " + (result.stderr.strip().splitlines() or ["?"])[-1]
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
