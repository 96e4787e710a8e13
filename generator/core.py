"""Run every registered target: write the outputs, or (`check`) report how they differ from disk."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from generator.render import make_environment
from generator.targets import TARGETS, Target
from paycontract.spec import Spec, load_spec


@dataclass
class GenerateResult:
    """What a run found: files written (or out of date, when checking), stale files, and diffs."""

    changed: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    diff: str = ""

    @property
    def clean(self) -> bool:
        """True when every generated file on disk matched."""
        return not self.changed and not self.stale


def _load_targets() -> dict[str, Target]:
    # Importing the target modules registers them; kept here so `generator.targets` stays import-light.
    import generator.builtin_targets  # noqa: F401

    return TARGETS


def render_all(spec: Spec, templates: Path | None = None, only: list[str] | None = None) -> dict[str, str]:
    """Every generated file for `spec`, as {relative path: text}."""
    env = make_environment(templates)
    outputs: dict[str, str] = {}
    for name, target in _load_targets().items():
        if only and name not in only:
            continue
        outputs.update(target.render(spec, env))
    return outputs


def _owned_files(root: Path, only: list[str] | None) -> set[str]:
    owned: set[str] = set()
    for name, target in _load_targets().items():
        if only and name not in only:
            continue
        for folder in target.owns:
            base = root / folder
            if base.is_dir():
                owned.update(str(p.relative_to(root)) for p in base.rglob("*") if p.is_file())
    return owned


def generate(
    spec_path: Path,
    root: Path | None = None,
    *,
    check: bool = False,
    templates: Path | None = None,
    only: list[str] | None = None,
) -> GenerateResult:
    """Render all targets from `spec_path` into `root` (default: the spec's folder).

    With `check`, nothing is written: the result lists what is out of date, with a unified diff.
    """
    spec = load_spec(spec_path)
    root = Path(root) if root else Path(spec_path).resolve().parent
    outputs = render_all(spec, templates, only)
    result = GenerateResult()
    diffs: list[str] = []
    for rel, text in sorted(outputs.items()):
        target = root / rel
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        result.changed.append(rel)
        if check:
            diffs.extend(
                difflib.unified_diff(
                    (current or "").splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"a/{rel}",
                    tofile=f"b/{rel}",
                )
            )
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for rel in sorted(_owned_files(root, only) - set(outputs)):
        result.stale.append(rel)
        if check:
            diffs.append(f"--- a/{rel}\n+++ /dev/null\n@@ stale generated file: no longer produced @@\n")
        else:
            (root / rel).unlink()
    result.diff = "".join(d if d.endswith("\n") else d + "\n" for d in diffs)
    return result
