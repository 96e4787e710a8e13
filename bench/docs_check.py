"""Time `docs check` on the generated reference and on the source document, with and without the omission check.

    PYTHONPATH=$PWD python bench/docs_check.py [--runs 21]

For each document, prints the median time of `check_document` (document already read, spec loaded)
as it is, and, measured side by side in the same run, with the omission check (reading each row for
the spec's constraints) switched off; then their ratio. Runs alternate between the two so that load
from elsewhere on the machine falls on both alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paycontract.docs_check import check_document, tables  # noqa: E402
from paycontract.docs_check.model import Finding  # noqa: E402
from paycontract.slate import SlateDocument, read_slate  # noqa: E402
from paycontract.spec import Spec, load_spec  # noqa: E402

DOCUMENTS = (ROOT / "docs" / "api.md", ROOT / "tests" / "fixtures" / "seed.md")


def _no_omissions(*_: object) -> Iterator[Finding]:
    return iter(())


def timed(doc: SlateDocument, spec: Spec, omissions: bool) -> float:
    """Seconds one `check_document` takes, with or without the omission check."""
    checker = tables.check_row
    if not omissions:
        tables.check_row = _no_omissions
    try:
        started = time.perf_counter()
        check_document(doc, spec)
        return time.perf_counter() - started
    finally:
        tables.check_row = checker


def main() -> int:
    """Run the benchmark and print one line per document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="measured runs of each kind (after one warm-up)")
    args = parser.parse_args()
    spec = load_spec(ROOT / "openapi.yaml")
    for path in DOCUMENTS:
        doc = read_slate(path)
        timed(doc, spec, True)
        with_, without = [], []
        for _ in range(args.runs):
            with_.append(timed(doc, spec, True))
            without.append(timed(doc, spec, False))
        a, b = statistics.median(with_), statistics.median(without)
        print(
            f"{path.relative_to(ROOT)}: docs check {a * 1000:.1f} ms, without the omission check {b * 1000:.1f} ms"
            f" (median of {args.runs}); ratio {a / b:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
