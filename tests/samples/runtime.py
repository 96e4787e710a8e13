"""Running generated code in its real runtime: a clean environment, one process per call."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.languages import LANGUAGES, Language

ROOT = Path(__file__).resolve().parents[2]
BEGIN, END = "BEGIN SIGNING", "END SIGNING"
# Each Java sample is a short-lived JVM that compiles its source first: the quick JIT tier alone and the
# serial collector start it about a third faster, and change nothing it prints.
JAVA_QUICK_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@dataclass
class Ran:
    """One finished process: what it printed and how long it took."""

    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def explain(self) -> str:
        """A failure message: the command, its exit code and what it said."""
        return f"{' '.join(self.argv)} exited {self.returncode}\nstdout: {self.stdout[-2000:]}\nstderr: {self.stderr[-2000:]}"


def clean_env(**extra: str) -> dict[str, str]:
    """The test process's environment without any PAYCONTRACT_* setting, plus `extra`, in a UTF-8 locale."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYCONTRACT_")}
    env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", JAVA_TOOL_OPTIONS=JAVA_QUICK_START, **extra)
    return env


def run(argv: list[str], env: dict[str, str], cwd: Path, timeout: float = 120) -> Ran:
    """Run a command to completion and keep its output as UTF-8 text."""
    started = time.monotonic()
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, timeout=timeout, check=False)
    decode = lambda b: b.decode("utf-8", errors="replace")  # noqa: E731
    return Ran(argv, proc.returncode, decode(proc.stdout), decode(proc.stderr), time.monotonic() - started)


def require_runtime(language: Language, *, check: bool = False) -> None:
    """Fail (not skip) when a language's runtime is missing: `scripts/install-system-deps` installs them."""
    program = language.argv("x", check=check)[0]
    if shutil.which(program) is None:
        pytest.fail(f"'{program}' is not installed; run scripts/install-system-deps")


def signing_block(text: str, where: str) -> str:
    """The lines between a sample's BEGIN SIGNING and END SIGNING markers."""
    lines = text.splitlines(keepends=True)
    begin = next((i for i, line in enumerate(lines) if BEGIN in line), None)
    end = next((i for i, line in enumerate(lines) if END in line), None)
    if begin is None or end is None or end <= begin:
        pytest.fail(f"{where}: no '{BEGIN}' … '{END}' block")
    return "".join(lines[begin + 1 : end])
