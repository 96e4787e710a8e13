"""Edge-case goldens: every fixture spec × every language (and its docs page), compared byte for byte.

Refresh with `scripts/update-goldens` and review the diff.
"""

from __future__ import annotations

import pytest

from generator.goldens import GOLDENS_DIR, all_outputs

EXPECTED = all_outputs()


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_golden(rel: str) -> None:
    path = GOLDENS_DIR / rel
    if not path.is_file():
        pytest.fail(f"missing golden file {path}; run scripts/update-goldens and review it")
    assert EXPECTED[rel] == path.read_bytes().decode("utf-8"), f"{path} differs; run scripts/update-goldens"


def test_no_stale_goldens() -> None:
    on_disk = {str(p.relative_to(GOLDENS_DIR)) for p in GOLDENS_DIR.rglob("*") if p.is_file()}
    assert sorted(on_disk - set(EXPECTED)) == []


def test_every_fixture_covers_every_language() -> None:
    from generator.goldens import fixture_specs
    from generator.languages import LANGUAGES

    for spec_path in fixture_specs():
        ours = [rel.split("/") for rel in EXPECTED if rel.startswith(spec_path.stem + "/")]
        languages = {parts[1] for parts in ours if len(parts) == 3}
        assert languages == set(LANGUAGES), spec_path.name
