"""Edge-case goldens: each fixture spec under `tests/generator/fixtures/` rendered by the samples and docs targets.

Golden paths are `<goldens>/<fixture>/<lang>/<file>` for samples and `<goldens>/<fixture>/api.md` for the
docs. `python -m generator.goldens` rewrites them all (`scripts/update-goldens` runs it after
`paycontract generate`, which refreshes the project's own generated files).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from generator.core import render_all
from generator.docs import DOCS_PATH
from generator.samples import SAMPLES_DIR
from paycontract.paths import PROJECT_ROOT
from paycontract.spec import load_spec

FIXTURES_DIR = PROJECT_ROOT / "tests" / "generator" / "fixtures"
GOLDENS_DIR = PROJECT_ROOT / "tests" / "generator" / "goldens"
TARGETS = ["samples", "docs"]


def fixture_specs(fixtures: Path = FIXTURES_DIR) -> list[Path]:
    """Every fixture spec, by name."""
    return sorted(fixtures.glob("*.yaml"))


def golden_name(rel: str) -> str:
    """A generated file's path inside its fixture's golden folder: `samples/php/x.php` → `php/x.php`."""
    if rel == DOCS_PATH:
        return Path(DOCS_PATH).name
    return rel.removeprefix(SAMPLES_DIR + "/")


def fixture_outputs(spec_path: Path) -> dict[str, str]:
    """{golden path relative to the goldens folder: text} for one fixture spec."""
    outputs = render_all(load_spec(spec_path), only=TARGETS)
    return {f"{spec_path.stem}/{golden_name(rel)}": text for rel, text in outputs.items()}


def all_outputs(fixtures: Path = FIXTURES_DIR) -> dict[str, str]:
    """The expected goldens of every fixture."""
    expected: dict[str, str] = {}
    for spec_path in fixture_specs(fixtures):
        expected.update(fixture_outputs(spec_path))
    return expected


def write_goldens(fixtures: Path = FIXTURES_DIR, goldens: Path = GOLDENS_DIR) -> int:
    """Rewrite every golden from scratch (stale ones disappear); returns how many files were written."""
    expected = all_outputs(fixtures)
    if goldens.exists():
        shutil.rmtree(goldens)
    for rel, text in expected.items():
        path = goldens / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return len(expected)


if __name__ == "__main__":
    count = write_goldens()
    print(f"wrote {count} golden files under {GOLDENS_DIR.relative_to(PROJECT_ROOT)}", file=sys.stderr)
