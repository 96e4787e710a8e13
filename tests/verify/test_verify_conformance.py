"""The conformance self-check: `paycontract verify` passes every conforming variant of the reference server.

Each variant (`variants.py`) changes only what the contract leaves to each server; a finding on one of them
is a check asserting more than the contract fixes.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.verify.test_verify_self_check import verify_against
from tests.verify.variants import VARIANTS


def test_every_variant_passes(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = dict(zip(VARIANTS, pool.map(lambda name: verify_against(name, tmp_path), VARIANTS), strict=True))
    failed = {name: (o.exit_code, sorted(o.checks)) for name, o in outcomes.items() if o.exit_code != 0}
    report = (f"{n}: exit {c}, {checks}\n{outcomes[n].output[-1500:]}" for n, (c, checks) in failed.items())
    assert not failed, "\n".join(report)


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_every_variant_passes_at_the_default_budget(seed: str, tmp_path: Path) -> None:
    budget = ("--max-examples", "100", "--seed", seed)
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = pool.map(lambda name: verify_against(name, tmp_path, budget), VARIANTS)
        outcomes = dict(zip(VARIANTS, runs, strict=True))
    failed = [f"{n}: {sorted(o.checks)}\n{o.output[-1500:]}" for n, o in outcomes.items() if o.exit_code != 0]
    assert not failed, "\n".join(failed)
