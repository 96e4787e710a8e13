"""Checks on any single answer: declared status, JSON content type, the envelope, the response schema,
`count`, `Retry-After`, and no internals leaked."""

from __future__ import annotations

import json
from collections.abc import Iterator

from paycontract.rules import DECISIONS, cites, design, op_rule, spec_pointer
from paycontract.traffic.findings import Flaw, server
from paycontract.traffic.view import NOT_JSON, Seen, as_int, decoded_body, describe

ENVELOPE_RULE = spec_pointer("components", "schemas", "Envelope")
CODE_RULE = spec_pointer("components", "schemas", "Envelope", "properties", "code")
ERROR_RULE = spec_pointer("components", "schemas", "Error")
STATUS_RULE = design(DECISIONS, "Envelope")
RETRY_AFTER_RULE = spec_pointer("components", "headers", "RetryAfter")
LEAK_RULE = spec_pointer("components", "responses", "InternalError")
# The schema whose `count` a list answer of each role carries.
LIST_COUNT_RULES = {
    role: spec_pointer("components", "schemas", schema, "allOf", "1", "properties", "count")
    for role, schema in (("query_orders", "OrderListResult"), ("list_channels", "ChannelListResult"))
}
BILL_COUNT_RULE = spec_pointer("components", "schemas", "Bill", "properties", "count")
# What a server's internals look like when they leak into an answer.
LEAK_MARKERS = (
    "Traceback (most recent call last)",
    '.py", line ',
    "site-packages/",
    "sqlite3.",
    "OperationalError",
    "IntegrityError",
    "ProgrammingError",
    "SQLSTATE",
    "INSERT INTO ",
    "SELECT * FROM",
    " FROM orders",
    " FROM channels",
    "/usr/lib/python",
    "/home/",
)
# Sent values shorter than this are not taken out of a message before looking for leaks (they match too much).
QUOTED_MIN = 4


@cites(STATUS_RULE)
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
        yield server(STATUS_RULE, f"HTTP {status} for a path or method the spec does not have; expected {expected}")


@cites(ENVELOPE_RULE)
def content_type_json(seen: Seen) -> Iterator[Flaw]:
    """Every answer with a body is `application/json` (parameters such as charset are left open)."""
    if seen.exchange.method == "HEAD" or not seen.exchange.response_body:
        return
    media = (seen.exchange.response_header("content-type") or "").split(";")[0].strip().lower()
    if media != "application/json":
        yield server(
            ENVELOPE_RULE, f"HTTP {seen.status} answered with Content-Type {media or '(none)'!r}, not application/json"
        )


@cites(ENVELOPE_RULE, CODE_RULE, ERROR_RULE)
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
        yield server(CODE_RULE, f"HTTP {status} with envelope code {code}: code is 0 exactly when the status is 200")
    elif status != 200 and code != status:
        yield server(ERROR_RULE, f"HTTP {status} with envelope code {code}: an error's code equals its HTTP status")
    elif status != 200 and body["data"] is not None:
        yield server(ERROR_RULE, f"HTTP {status} error carries data {describe(body['data'])}; errors have data null")


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


@cites(*LIST_COUNT_RULES.values(), BILL_COUNT_RULE)
def count_matches(seen: Seen) -> Iterator[Flaw]:
    """A list answer's `count` is the number of items in `data`; a bill's `count` the number of its items."""
    body = seen.body
    if not seen.ok:
        return
    if "count" in body and isinstance(body.get("data"), list) and body["count"] != len(body["data"]):
        role = next((role for role in LIST_COUNT_RULES if seen.is_op(role)), "query_orders")
        yield server(
            LIST_COUNT_RULES[role], f"count is {describe(body['count'])} but data holds {len(body['data'])} item(s)"
        )
    items = seen.data.get("items") if seen.is_op("bill") and isinstance(seen.data, dict) else None
    if isinstance(items, list) and seen.data.get("count") != len(items):
        yield server(BILL_COUNT_RULE, f"bill count is {describe(seen.data.get('count'))} for {len(items)} item(s)")


@cites(RETRY_AFTER_RULE)
def retry_after(seen: Seen) -> Iterator[Flaw]:
    """429 and 503 carry `Retry-After` with a whole number of seconds."""
    if seen.status not in (429, 503) or not _in_api(seen):
        return
    value = seen.exchange.response_header("retry-after")
    if value is None or not value.strip().isascii() or not value.strip().isdigit():
        yield server(
            RETRY_AFTER_RULE, f"HTTP {seen.status} without a Retry-After of whole seconds (got {describe(value)})"
        )


@cites(LEAK_RULE)
def no_leak(seen: Seen) -> Iterator[Flaw]:
    """No error answer leaks internals: tracebacks, SQL, source or install paths."""
    if seen.status < 400:
        return
    text = decoded_body(seen.exchange)[:65536].decode("utf-8", errors="replace")
    # A message may quote what the request sent; only what the server added can be a leak.
    for value in sorted({value for _name, value in seen.params}, key=len, reverse=True):
        if len(value) >= QUOTED_MIN:
            text = text.replace(value, "").replace(json.dumps(value)[1:-1], "")
    marker = next((marker for marker in LEAK_MARKERS if marker in text), None)
    if marker is not None:
        start = max(text.index(marker) - 40, 0)
        yield server(
            LEAK_RULE, f"HTTP {seen.status} body leaks internals ({marker.strip()!r}): {describe(text[start:], 120)}"
        )


def _in_api(seen: Seen) -> bool:
    return seen.op is not None or seen.exchange.path.startswith(seen.contract.base_path + "/")
