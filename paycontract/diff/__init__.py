"""`paycontract diff`: compare two versions of the spec and classify every change.

Both specs are compared with their `$ref`s resolved, so moving a schema into `components` (or out
of it) is not a change. Rules and their classification live in `paycontract.diff.rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paycontract.diff.document import compare_document
from paycontract.diff.model import Change, Where
from paycontract.diff.operations import compare_operations
from paycontract.diff.rules import RULES, Rule
from paycontract.spec import Spec

__all__ = ["RULES", "Change", "DiffResult", "Rule", "Where", "diff_specs", "major_version"]


def major_version(version: str) -> int | None:
    """The major number of a `MAJOR.MINOR.PATCH` version (None when it has none)."""
    match = re.match(r"\s*v?(\d+)", version)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class DiffResult:
    """The classified changes between two versions, and the verdict of the version gate."""

    old_version: str
    new_version: str
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> tuple[Change, ...]:
        """The changes that can break existing clients."""
        return tuple(c for c in self.changes if c.breaking)

    @property
    def non_breaking(self) -> tuple[Change, ...]:
        """The changes existing clients do not notice."""
        return tuple(c for c in self.changes if not c.breaking)

    @property
    def major_bumped(self) -> bool:
        """True when the new `info.version` has a higher major number than the old one."""
        old, new = major_version(self.old_version), major_version(self.new_version)
        return old is not None and new is not None and new > old

    @property
    def exit_code(self) -> int:
        """1 when a breaking change comes without a major version bump, else 0."""
        return 1 if self.breaking and not self.major_bumped else 0


def diff_specs(old: Spec, new: Spec) -> DiffResult:
    """Compare `old` with `new`: document-wide changes first, then operation by operation."""
    # dict.fromkeys: one report for a difference two checks see (a body parameter's description is
    # also its schema's), in first-seen order.
    changes = dict.fromkeys((*compare_document(old, new), *compare_operations(old, new)))
    return DiffResult(old.version, new.version, tuple(changes))
