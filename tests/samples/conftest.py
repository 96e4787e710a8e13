"""Fixtures of the runtime tests: the registry, each runtime checked to be installed."""

from __future__ import annotations

import pytest

from generator.languages import LANGUAGES, Language
from tests.samples.runtime import require_runtime


@pytest.fixture(scope="session")
def languages() -> dict[str, Language]:
    """The registry, each runtime checked to be present."""
    for language in LANGUAGES.values():
        require_runtime(language)
    return LANGUAGES
