"""Whether a rule a finding cites names something that exists: a node of the spec, a heading of the docs, or
a section of the design."""

from __future__ import annotations

from pathlib import Path

import yaml

from paycontract.paths import default_spec_path
from paycontract.rules import DESIGN_SECTIONS, SPEC_PREFIX, resolve

ROOT = Path(__file__).resolve().parents[2]
RAW = yaml.safe_load(default_spec_path().read_text(encoding="utf-8"))
DOC_HEADINGS = {
    line.lstrip("#").strip()
    for line in (ROOT / "docs" / "api.md").read_text(encoding="utf-8").splitlines()
    if line.startswith("#")
}


def resolves(rule: str) -> bool:
    """Whether `rule` names a spec node (following `$ref`s), a heading of `docs/api.md`, or a DESIGN section."""
    if rule.startswith(SPEC_PREFIX):
        try:
            return resolve(RAW, rule) is not None
        except KeyError:
            return False
    for prefix, known in (("docs/api.md § ", DOC_HEADINGS), ("DESIGN.md § ", DESIGN_SECTIONS)):
        if rule.startswith(prefix):
            return rule.removeprefix(prefix).split(":")[0].strip() in known
    return False
