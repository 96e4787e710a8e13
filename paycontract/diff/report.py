"""Rendering a `DiffResult` as text, markdown or JSON (`paycontract diff --format`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from paycontract.diff import DiffResult


def verdict(result: DiffResult) -> str:
    """One sentence: may this version be released as numbered?"""
    versions = f"info.version {result.old_version} → {result.new_version}"
    if not result.breaking:
        return f"no breaking changes ({versions})"
    if result.major_bumped:
        return f"breaking changes come with a major version bump ({versions})"
    return f"breaking changes need a major version bump ({versions})"


def _counts(result: DiffResult) -> str:
    return f"{len(result.breaking)} breaking, {len(result.non_breaking)} non-breaking change(s)"


def as_text(result: DiffResult) -> str:
    """One line per change (kind, rule, location: text), then the counts and the verdict."""
    width = max((len(c.rule) for c in result.changes), default=0)
    lines = [f"{c.kind:<12}  {c.rule:<{width}}  {c.line()}" for c in result.changes]
    lines.append(f"{_counts(result)}; {verdict(result)}")
    return "\n".join(lines) + "\n"


def _md_code(text: str) -> str:
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def as_markdown(result: DiffResult) -> str:
    """A markdown section: breaking changes, then non-breaking ones, then the verdict."""
    out = [f"## {result.old_version} → {result.new_version}", ""]
    for title, changes in (("Breaking changes", result.breaking), ("Non-breaking changes", result.non_breaking)):
        if not changes:
            continue
        out += [f"### {title}", ""]
        out += [
            f"- {_md_code(c.location)}: {c.text} ({c.rule})" if c.location else f"- {c.text} ({c.rule})"
            for c in changes
        ]
        out.append("")
    if not result.changes:
        out += ["No changes.", ""]
    out.append(f"**{_counts(result)}**; {verdict(result)}.")
    return "\n".join(out) + "\n"


def _canonical(value: Any) -> Any:
    """`value` with every mapping's keys sorted, so that the JSON form does not depend on YAML order."""
    if isinstance(value, dict):
        return {str(k): _canonical(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def as_json(result: DiffResult) -> str:
    """The machine form: versions, counts, verdict, exit code and every change, keys in a fixed order.

    Each change: kind, breaking, rule, location, operation, part, name, path, keyword, old, new, text
    (see `Change`); spec values inside `old`/`new` have their keys sorted.
    """
    doc = {
        "old_version": result.old_version,
        "new_version": result.new_version,
        "breaking": len(result.breaking),
        "non_breaking": len(result.non_breaking),
        "major_bumped": result.major_bumped,
        "exit_code": result.exit_code,
        "verdict": verdict(result),
        "changes": [{k: _canonical(v) for k, v in c.as_dict().items()} for c in result.changes],
    }
    # default=str: YAML reads some scalars as dates.
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"


FORMATS: dict[str, Callable[[DiffResult], str]] = {"text": as_text, "markdown": as_markdown, "json": as_json}
