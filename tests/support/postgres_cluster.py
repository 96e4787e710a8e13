"""A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a temporary folder, `postgres`
on a free loopback port with its unix socket in that folder, stopped and deleted afterwards.

PostgreSQL refuses to run as root, so when we are root the cluster runs as the `postgres` system user
(the Debian package creates it) through `runuser`, in a folder that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from paycontract.launcher import free_port

SYSTEM_USER = "postgres"


class ClusterUnavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


def find_bindir() -> Path:
    """The folder of `initdb` and `pg_ctl`: Debian's newest `/usr/lib/postgresql/*/bin`, else the PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    if found is None:
        raise ClusterUnavailable("initdb not found: install Debian's postgresql (scripts/install-system-deps)")
    return Path(found).parent


@dataclass
class Cluster:
    """A running throwaway cluster."""

    folder: Path
    port: int
    bindir: Path

    def url(self, database: str = "postgres") -> str:
        """A connection URL for `database` over loopback TCP."""
        return f"postgresql://{SYSTEM_USER}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its folder."""
        _run([str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"], check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_cluster_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", SYSTEM_USER, "--", *cmd] if os.geteuid() == 0 else cmd


def _run(cmd: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(_as_cluster_user(cmd), capture_output=True, text=True, timeout=60)
    if check and result.returncode != 0:
        raise ClusterUnavailable(f"{Path(cmd[0]).name} failed: {(result.stderr or result.stdout).strip()[-300:]}")
    return result


def start_cluster() -> Cluster:
    """initdb + start on a free loopback port; raises ClusterUnavailable with the reason when it cannot."""
    bindir = find_bindir()
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            raise ClusterUnavailable(f"no {SYSTEM_USER} system user (PostgreSQL will not run as root)") from None
    folder = Path(tempfile.mkdtemp(prefix="paycontract-pg-"))
    if os.geteuid() == 0:
        os.chown(folder, account.pw_uid, account.pw_gid)
    port = free_port()
    cluster = Cluster(folder, port, bindir)
    try:
        _run([str(bindir / "initdb"), "-D", str(folder / "data"), "-U", SYSTEM_USER, "-A", "trust", "-E", "UTF8"])
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder}"
        data, log = str(folder / "data"), str(folder / "log")
        _run([str(bindir / "pg_ctl"), "-D", data, "-l", log, "-o", options, "-w", "start"])
    except BaseException:
        cluster.stop()
        raise
    return cluster
