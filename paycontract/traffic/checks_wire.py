"""Checks on any single answer: declared status, JSON content type, the envelope, the response schema,
`count`, `Retry-After`, and no internals leaked."""

from __future__ import annotations

import re
from collections.abc import Iterator

from paycontract.traffic.findings import DECISIONS, Flaw, op_rule, server
from paycontract.traffic.view import NOT_JSON, Seen, as_int, decoded_body, describe

ENVELOPE_RULE = DECISIONS + " (Envelope)"
_LEAK = re.compile(
    r'Traceback \(most recent call last\)|File "[^"]+\.py", line [0-9]+|sqlite3\.[A-Za-z]+Error|SQLSTATE'
)


def status_declared(seen: Seen) -> Iterator[Flaw]:
    """The status is one the operation declares; an unknown path is 404, a wrong method on a known one 405."""
    op, status = seen.op, seen.status
    if op is not None:
        if str(status) not in op.responses and "default" not in op.responses:
            declared = ", ".join(sorted(op.responses))
            yield server(op_rule(op, "responses"), f"HTTP {status} is not declared ({declared})")
        return
    if not seen.exchange.path.startswith(seen.contract.base_path + "/"):
        return
    expected = 405 if seen.contract.path_known(seen.exchange.path) else 404
    if status not in (expected, 503):
        yield server(ENVELOPE_RULE, f"HTTP {status} for a path or method the spec does not have; expected {expected}")


def content_type_json(seen: Seen) -> Iterator[Flaw]:
    """Every answer with a body is `application/json` (parameters such as charset are left open)."""
    if seen.exchange.method == "HEAD" or not seen.exchange.response_body:
        return
    media = (seen.exchange.response_header("content-type") or "").split(";")[0].strip().lower()
    if media != "application/json":
        yield server(
            ENVELOPE_RULE, f"HTTP {seen.status} answered with Content-Type {media or '(none)'!r}, not application/json"
        )


def envelope(seen: Seen) -> Iterator[Flaw]:
    """A `{code, message, data}` envelope: code 0 exactly when HTTP 200, else code = status and data null."""
    if not _in_api(seen):
        return
    body, status = seen.body, seen.status
    if body is NOT_JSON:
        yield server(ENVELOPE_RULE, f"HTTP {status} body is not JSON: {describe(decoded_body(seen.exchange)[:80])}")
        return
    if not isinstance(body, dict) or not {"code", "message", "data"} <= body.keys():
        yield server(ENVELOPE_RULE, f"HTTP {status} body is not a {{code, message, data}} envelope: {describe(body)}")
        return
    code = body["code"]
    if as_int(code) is None or not isinstance(body["message"], str):
        yield server(ENVELOPE_RULE, f"envelope code must be an integer and message a string: {describe(body)}")
    elif (status == 200) != (code == 0):
        yield server(
            ENVELOPE_RULE, f"HTTP {status} with envelope code {code}: code is 0 exactly when the status is 200"
        )
    elif status != 200 and code != status:
        yield server(ENVELOPE_RULE, f"HTTP {status} with envelope code {code}: an error's code equals its HTTP status")
    elif status != 200 and body["data"] is not None:
        yield server(ENVELOPE_RULE, f"HTTP {status} error carries data {describe(body['data'])}; errors have data null")


def response_schema(seen: Seen) -> Iterator[Flaw]:
    """The JSON body validates against the schema the operation declares for that status."""
    op = seen.op
    if op is None or seen.body is NOT_JSON:
        return
    validator = seen.contract.response_validator(op, seen.status)
    if validator is None:
        return
    error = next(iter(validator.iter_errors(seen.body)), None)
    if error is not None:
        where = "/" + "/".join(str(p) for p in error.absolute_path)
        rule = op_rule(op, "responses", str(seen.status))
        yield server(rule, f"HTTP {seen.status} body at {where}: {error.message.splitlines()[0][:160]}")


def count_matches(seen: Seen) -> Iterator[Flaw]:
    """A list answer's `count` is the number of items in `data`."""
    body = seen.body
    listed = seen.ok and isinstance(body, dict) and "count" in body and isinstance(body.get("data"), list)
    if listed and body["count"] != len(body["data"]):
        yield server(DECISIONS, f"count is {describe(body['count'])} but data holds {len(body['data'])} item(s)")


def retry_after(seen: Seen) -> Iterator[Flaw]:
    """429 and 503 carry `Retry-After`."""
    if seen.status in (429, 503) and _in_api(seen) and not seen.exchange.response_header("retry-after"):
        yield server(ENVELOPE_RULE, f"HTTP {seen.status} without a Retry-After header")


def no_leak(seen: Seen) -> Iterator[Flaw]:
    """No traceback, source path or database error text in an answer."""
    text = decoded_body(seen.exchange)[:65536].decode("utf-8", errors="replace")
    match = _LEAK.search(text)
    if match:
        yield server(
            ENVELOPE_RULE + ": 500 internal (no internals leaked)", f"the answer leaks internals: {match.group(0)!r}"
        )


def _in_api(seen: Seen) -> bool:
    return seen.op is not None or seen.exchange.path.startswith(seen.contract.base_path + "/")
