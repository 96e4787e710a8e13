"""Shared fixtures: the project's paths and its spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from paycontract.spec import Spec, load_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
SEED_PATH = ROOT / "tests" / "fixtures" / "seed.md"


@pytest.fixture(scope="session")
def spec() -> Spec:
    """The project's spec, loaded once."""
    return load_spec(SPEC_PATH)
