"""Start the bundled reference server as a child process on a free loopback port, and stop it.

Used by `paycontract verify` (no `--base-url`), by the tests and by the benchmarks. It runs the server
as a separate process through its command line, so nothing here imports `reference_impl`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from paycontract.errors import UserError
from paycontract.sandbox import bundled_sandbox_data

# (app_id, app_secret, merchant_id) of each demo app the spec publishes (`info.x-sandbox`).
DEMO_APPS = tuple((a.app_id, a.app_secret, a.merchant_id) for a in bundled_sandbox_data().apps)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on `host` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningServer:
    """A reference server child process and how to reach it."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    db: str
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        """`http://host:port`."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The API base URL, `http://host:port/v1`."""
        return f"{self.origin}/v1"

    def log(self) -> str:
        """What the server printed so far."""
        return self.log_path.read_text("utf-8", errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 10.0) -> int | None:
        """Ask the server to stop (SIGINT, as Ctrl-C would), then kill it if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL, as a crash would: no shutdown code runs."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _wait_ready(server: RunningServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise UserError(f"the reference server exited with {server.process.returncode}: {server.log()[-500:]}")
        try:
            httpx.get(server.base_url + "/", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    server.kill()
    raise UserError(f"the reference server did not answer on {server.origin} within {timeout:.0f}s")


def start_server(
    *,
    db: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    extra_args: Sequence[str] = (),
    log_dir: Path | None = None,
    timeout: float = 20.0,
) -> RunningServer:
    """Start `paycontract serve` on a free port (a fresh SQLite file unless `db` is given) and wait for it."""
    workdir = Path(log_dir or tempfile.mkdtemp(prefix="paycontract-server-"))
    db_value = str(db) if db is not None else str(workdir / "server.sqlite3")
    port = port or free_port(host)
    log_path = workdir / f"server-{port}.log"
    child_env = {**os.environ, **(env or {})}
    cmd = [sys.executable, "-m", "paycontract", "serve", "--host", host, "--port", str(port), "--db", db_value]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*cmd, *extra_args], stdout=log, stderr=subprocess.STDOUT, env=child_env, start_new_session=True
        )
    server = RunningServer(process, host, port, db_value, log_path, dict(env or {}))
    _wait_ready(server, timeout)
    return server


@contextlib.contextmanager
def running_server(**kwargs: object) -> Iterator[RunningServer]:
    """`start_server` as a context manager that always stops the server."""
    server = start_server(**kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()
