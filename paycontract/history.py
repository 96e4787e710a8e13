"""The spec's release history: released specs kept in `specs/releases/`, plus the current spec.

Each file `specs/releases/<version>.yaml` is a released spec, kept as released, with `info.version`
equal to its file name and `info.x-release-date` (YYYY-MM-DD). The current `openapi.yaml` is always
the newest entry; a release file with the same version is superseded by it. Each entry's changes
are `paycontract diff` of the previous entry against it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from paycontract.changelog import changelog_groups
from paycontract.diff import Change, diff_specs
from paycontract.errors import SpecError
from paycontract.spec import Spec, load_spec

RELEASES_DIR = Path("specs") / "releases"
FIRST_RELEASE = "首个版本"


@dataclass(frozen=True)
class Entry:
    """One version in the history: its number, release date ("" when unreleased) and changes.

    `summaries` maps each operation ("POST /orders") of this version and the one before to its summary.
    """

    version: str
    date: str
    changes: tuple[Change, ...]
    first: bool = False
    summaries: dict[str, str] = field(default_factory=dict, compare=False)


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a dotted version ("1.10.0" after "1.9.2")."""
    return tuple(int(n) for n in re.findall(r"\d+", version))


def release_date(spec: Spec) -> str:
    """`info.x-release-date` as a string, or "" for an unreleased spec."""
    date = (spec.raw.get("info") or {}).get("x-release-date")
    return str(date) if date else ""


def releases_dir(spec: Spec) -> Path:
    """Where the released specs of `spec` live: `specs/releases/` beside it."""
    return spec.path.resolve().parent / RELEASES_DIR


def load_releases(folder: Path) -> list[Spec]:
    """Every released spec in `folder`, oldest first; a misnamed or duplicate release is a `SpecError`."""
    releases: dict[tuple[int, ...], Spec] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        spec = load_spec(path)
        if spec.version != path.stem:
            raise SpecError(
                f"info.version is {spec.version!r}, the file name says {path.stem!r}",
                where=spec.document.where("/info/version"),
            )
        key = version_key(spec.version)
        if not key:
            raise SpecError("info.version has no number", where=spec.document.where("/info/version"))
        if key in releases:
            raise SpecError(
                f"the same version as {releases[key].path.name}", where=spec.document.where("/info/version")
            )
        releases[key] = spec
    return [releases[key] for key in sorted(releases)]


def history(spec: Spec, folder: Path | None = None) -> list[Entry]:
    """The history ending with `spec`, newest first: each entry with its changes since the one before."""
    releases = load_releases(folder or releases_dir(spec))
    ahead = [r for r in releases if version_key(r.version) > version_key(spec.version)]
    if ahead:
        where = str(ahead[-1].path)
        raise SpecError(f"released version {ahead[-1].version} is newer than info.version {spec.version}", where=where)
    past = [r for r in releases if version_key(r.version) < version_key(spec.version)]
    chain = [*past, spec]
    entries = [Entry(chain[0].version, release_date(chain[0]), (), first=True)]
    for older, newer in itertools.pairwise(chain):
        summaries = {f"{op.method} {op.path}": op.summary for spec_ in (older, newer) for op in spec_.operations}
        entries.append(Entry(newer.version, release_date(newer), diff_specs(older, newer).changes, False, summaries))
    return entries[::-1]


def changelog_entries(spec: Spec, folder: Path | None = None) -> list[dict[str, object]]:
    """The history as plain data for templates, newest first (see `paycontract.changelog`).

    Each entry: `version`, `date` ("未发布" when unreleased), `note` ("首个版本" for the first
    release, else "") and `groups`, each `{title, changes: [{kind, text}]}`.
    """
    return [
        {
            "version": entry.version,
            "date": entry.date or "未发布",
            "note": FIRST_RELEASE if entry.first else "",
            "groups": changelog_groups(entry.changes, entry.summaries),
        }
        for entry in history(spec, folder)
    ]
