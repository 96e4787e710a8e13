"""`paycontract docs check`: where a Slate document's operation sections disagree with the spec.

Each operation section is found by its `### HTTP 请求` line (see `paycontract.slate`) and matched
to an operation by its heading (the operation's summary) or else by method and path. Then its
request line, parameter tables, response tables, JSON examples and curl commands are compared
with that operation; every disagreement is one `Finding`.
"""

from __future__ import annotations

from collections.abc import Iterator

from paycontract.docs_check.curl import path_matches
from paycontract.docs_check.examples import check_code
from paycontract.docs_check.model import Finding
from paycontract.docs_check.tables import check_parameters, check_responses
from paycontract.errors import UserError
from paycontract.slate import REQUEST_HEADING, RequestLine, Section, SlateDocument
from paycontract.spec import Operation, Spec

__all__ = ["Finding", "check_document"]


def servers(spec: Spec) -> list[str]:
    """The spec's server URLs, without trailing slashes."""
    return [str(s.get("url", "")).rstrip("/") for s in spec.raw.get("servers") or [] if s.get("url")]


def request_path(request: RequestLine, spec: Spec) -> tuple[str | None, str]:
    """The path of a request line's URL relative to a server (None if under none), and the URL as written."""
    for server in sorted(servers(spec), key=len, reverse=True):
        if request.url.startswith(server):
            return request.url[len(server) :] or "/", request.url
    return (request.url if request.url.startswith("/") else None), request.url


def match_operation(section: Section, spec: Spec) -> Operation | None:
    """The operation a section documents: by its heading (the summary), else by method and path."""
    by_summary = [op for op in spec.operations if op.summary == section.heading.text]
    if len(by_summary) == 1:
        return by_summary[0]
    assert section.request is not None
    path, _ = request_path(section.request, spec)
    return next(
        (op for op in spec.operations if op.method == section.request.method and path_matches(path, op.path)), None
    )


def check_request_line(request: RequestLine, op: Operation, spec: Spec) -> Iterator[Finding]:
    """The `METHOD URL` line: method, and the path under one of the spec's servers."""
    if request.method != op.method:
        yield Finding(request.line, f"{REQUEST_HEADING}: method {request.method}, the spec says {op.method} {op.path}")
    path, url = request_path(request, spec)
    if path is None:
        yield Finding(
            request.line, f"{REQUEST_HEADING}: {url} is not under a server of the spec ({', '.join(servers(spec))})"
        )
    elif not path_matches(path, op.path):
        yield Finding(request.line, f"{REQUEST_HEADING}: path {path}, the spec says {op.method} {op.path}")


def check_section(section: Section, spec: Spec) -> Iterator[Finding]:
    """Every disagreement inside one operation section."""
    assert section.request is not None
    op = match_operation(section, spec)
    if op is None:
        request = section.request
        yield Finding(request.line, f"{REQUEST_HEADING}: the spec has no operation {request.method} {request.url}")
        return
    yield from check_request_line(section.request, op, spec)
    yield from check_parameters(section, op)
    yield from check_responses(section, op)
    yield from check_code(section.code_blocks, op, servers(spec), spec.operations)


def check_document(doc: SlateDocument, spec: Spec) -> list[Finding]:
    """All findings for a document, by line; `UserError` (exit 2) when it has no operation section."""
    sections = doc.operation_sections()
    if not sections:
        raise UserError(
            f"no operation section (a '### {REQUEST_HEADING}' heading followed by `METHOD URL`) found; "
            "is this a Slate API reference?",
            where=doc.path,
        )
    findings: list[Finding] = []
    documented: set[str] = set()
    for section in sections:
        op = match_operation(section, spec)
        if op is not None:
            documented.add(op.id)
        findings.extend(check_section(section, spec))
    for op in spec.operations:
        if op.id not in documented:
            heading = next((h for h in doc.headings if h.text == op.summary), None)
            line = heading.line if heading else len(doc.lines) - 1
            findings.append(
                Finding(line, f"{op.summary}: {op.method} {op.path} has no '### {REQUEST_HEADING}' section")
            )
    return sorted(set(findings))
