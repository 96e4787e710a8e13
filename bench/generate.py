"""Time a full regeneration (`paycontract generate`, in process) into a scratch folder, median of several runs.

    PYTHONPATH=$PWD python bench/generate.py [--runs 7]

Prints the median wall time of the whole `generate` (spec loaded, every target rendered, files compared and
written) and, measured side by side in the same run, its parts as shares of the whole: loading the spec,
rendering with freshly compiled templates, and each target's render with compiled templates. The first
run (cold imports) is reported apart and left out of the medians.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.core import _load_targets, generate, render_all  # noqa: E402
from generator.render import make_environment  # noqa: E402
from paycontract.spec import load_spec  # noqa: E402

SPEC = ROOT / "openapi.yaml"


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    """Run the benchmark and print one line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs (after one cold run)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paycontract-bench-") as tmp:
        cold = timed(lambda: generate(SPEC, Path(tmp) / "cold"))
        whole = [timed(lambda i=i: generate(SPEC, Path(tmp) / f"run{i}")) for i in range(args.runs)]
        files = sum(1 for p in (Path(tmp) / "cold").rglob("*") if p.is_file())
    loading = [timed(lambda: load_spec(SPEC).operations) for _ in range(args.runs)]
    spec = load_spec(SPEC)
    compiling = [timed(lambda: render_all(spec)) for _ in range(args.runs)]
    per_target: dict[str, list[float]] = {}
    for name, target in _load_targets().items():
        env = make_environment()
        target.render(spec, env)  # warm this environment's template cache, as generate's runs are
        per_target[name] = [timed(lambda t=target, e=env: t.render(spec, e)) for _ in range(args.runs)]
    median = statistics.median(whole)
    print(f"generate (all targets, {files} files): median {median * 1000:.1f} ms over {args.runs} runs", end="")
    print(f" (min {min(whole) * 1000:.1f}, max {max(whole) * 1000:.1f}; cold first run {cold * 1000:.1f} ms)")
    parts = {"load spec": loading, "render all, fresh templates": compiling}
    parts.update({f"render {name} (compiled)": times for name, times in per_target.items()})
    for label, times in parts.items():
        part = statistics.median(times)
        print(f"  {label:<30} median {part * 1000:7.1f} ms = {part / median:6.1%} of generate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
