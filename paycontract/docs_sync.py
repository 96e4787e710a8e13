"""`docs sync`: replace the code tabs of each operation section of a Slate document with our samples.

A section is matched to an operation by its `### HTTP 请求` line (method and URL). Its code tabs are
the fenced blocks whose language is one of the document's `language_tabs` (or of our languages);
they must stand together (only blank lines between them) and are replaced, as one run, by our samples
in the order of the document's `language_tabs`. Every other byte — other blocks such as the ```json
example, prose, tables, line endings, trailing spaces — is left as it was.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from paycontract.slate import CodeBlock, Section, SlateDocument, fenced
from paycontract.spec import Operation, Spec


@dataclass
class SyncResult:
    """The synced text, the sections whose tabs changed (title, line of the tabs), and what it could not do."""

    text: str
    updated: list[tuple[str, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def request_path(url: str, spec: Spec) -> str:
    """The spec path a documented URL names: the URL less a server URL (or less the servers' base path)."""
    for server in spec.raw.get("servers") or []:
        base = str(server.get("url", "")).rstrip("/")
        if base and url.startswith(base + "/"):
            return url[len(base) :]
    path = urlsplit(url).path if "://" in url else url
    for server in spec.raw.get("servers") or []:
        prefix = urlsplit(str(server.get("url", ""))).path.rstrip("/")
        if prefix and path.startswith(prefix + "/"):
            return path[len(prefix) :]
    return path


def find_operation(spec: Spec, method: str, url: str) -> Operation | None:
    """The operation documented as `METHOD url`, or None."""
    path = request_path(url, spec)
    return next((op for op in spec.operations if op.method == method.upper() and op.path == path), None)


def _tab_run(doc: SlateDocument, section: Section, keys: set[str]) -> tuple[list[CodeBlock], str | None]:
    tabs = [b for b in section.code_blocks if b.language in keys]
    for before, after in itertools.pairwise(tabs):
        between = doc.lines[before.end : after.start]
        if any(line.strip() for line in between):
            title = section.heading.text
            return tabs, f"{doc.where(after.start)}: the code tabs of '{title}' are not together; not synced"
    return tabs, None


def _insertion_line(doc: SlateDocument, section: Section) -> int:
    """Where tabs go in a section that has none: before its first code block, else before its subsections."""
    if section.code_blocks:
        return section.code_blocks[0].start
    sub = next((h.line for h in doc.headings if section.heading.line < h.line < section.end), section.end)
    return sub


def sync_document(doc: SlateDocument, spec: Spec, samples: dict[str, dict[str, str]], known: list[str]) -> SyncResult:
    """Rewrite the code tabs of every operation section; `samples` is {operationId: {language key: text}}.

    `known` lists the language keys we have samples for, in our order (used when the document has no
    `language_tabs`); the document's other tabs are reported.
    """
    result = SyncResult(doc.text)
    keys = [key for key, _label in doc.language_tabs] or list(known)
    for key in keys:
        if key not in known:
            result.problems.append(f"{doc.where(0)}: language tab '{key}' has no sample template; left out")
    order = [key for key in keys if key in known]
    newline = doc.newline
    edits: list[tuple[int, int, str]] = []
    for section in doc.operation_sections():
        request = section.request
        assert request is not None
        op = find_operation(spec, request.method, request.url)
        if op is None:
            path = request_path(request.url, spec)
            result.problems.append(f"{doc.where(request.line)}: no operation {request.method} {path} in the spec")
            continue
        tabs, problem = _tab_run(doc, section, {*keys, *known})
        if problem:
            result.problems.append(problem)
            continue
        run = "\n".join(fenced(samples[op.id][key], key) for key in order).replace("\n", newline)
        if tabs:
            edits.append((tabs[0].start, tabs[-1].end, run))
        else:
            at = _insertion_line(doc, section)
            edits.append((at, at, run + newline))
        start, end, replacement = edits[-1]
        if "".join(doc.lines[start:end]) != replacement:
            result.updated.append((section.heading.text, start))
    lines = list(doc.lines)
    for start, end, replacement in sorted(edits, reverse=True):
        if end == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
            replacement = replacement[: -len(newline)]  # the last block had no line ending: keep it that way
        lines[start:end] = [replacement]
    result.text = "".join(lines)
    return result
