"""Where the bundled files live: in the source tree, or inside an installed wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
_BUNDLED = PACKAGE_DIR / "_bundled"


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def default_spec_path() -> Path:
    """The project's `openapi.yaml` (the source tree's copy, else the wheel's)."""
    return _first_existing(PROJECT_ROOT / "openapi.yaml", _BUNDLED / "openapi.yaml")


def templates_dir() -> Path:
    """The project's `templates/` folder (the source tree's copy, else the wheel's)."""
    return _first_existing(PROJECT_ROOT / "templates", _BUNDLED / "templates")
