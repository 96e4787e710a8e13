"""The README's figures for the self-checks and its list of checks match the code, so that they cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from schemathesis.checks import CHECKS

from paycontract.verify.registration import register
from tests.verify.faults import FAULTS
from tests.verify.rule_table import ROWS
from tests.verify.variants import VARIANTS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
_NUMBERS = re.compile(
    r"\*\*In numbers:\*\*\s+(\d+) rules in the rule table,\s+(\d+) faults,"
    r"\s+(\d+) conforming variants,\s+(\d+)\s+checks"
)


def _our_checks() -> set[str]:
    register()  # importing the check modules registers nothing; a run (or this) does
    return {check.__name__ for check in CHECKS.get_all() if check.__module__.startswith("paycontract.verify")}


def test_the_readme_counts_rules_faults_variants_and_checks_as_the_code_does() -> None:
    found = _NUMBERS.search(README)
    assert found, "README.md lost its '**In numbers:** N rules in the rule table, N faults, …' sentence"
    rules, faults, variants, checks = (int(group) for group in found.groups())
    assert (rules, faults, variants, checks) == (len(ROWS), len(FAULTS), len(VARIANTS), len(_our_checks()))


def test_the_readme_names_every_check_of_the_package() -> None:
    listed = README.split("**Checks**", 1)[1].split("\n\n", 1)[0]
    missing = sorted(name for name in _our_checks() if f"`{name}`" not in listed)
    assert not missing, f"README.md's **Checks** paragraph does not name {missing}"
