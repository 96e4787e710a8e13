"""Protocol probes: requests no operation of the spec describes — an unknown path, a method a path does not
take, an `Accept` that excludes JSON, a body over the limit — sent as raw HTTP and judged here.

Each must get its error envelope (HTTP status = `code`, `data` null). These refusals come first in DESIGN's
order of checks, so the probes carry no token and no signature: a server that looks at the token first
answers 401 and breaks the order. A few probes combine two of these problems and expect the earlier one's
status (an unknown path with a wrong method and `Accept: text/html` is 404, a wrong method with it 405, a
body over the limit with it 406).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests

from paycontract.spec import Operation
from paycontract.verify.auth import describe_transport_error
from paycontract.verify.context import VerifyContext
from paycontract.verify.explicit import exchange_from_prepared
from paycontract.verify.findings import Exchange, Finding, RunResult
from paycontract.verify.rules import broken, spec_pointer
from paycontract.verify.shard import PROTOCOL, Unit
from paycontract.verify.subject import describe

CHECK = "protocol_conformance"
PHASE = "auth"
ORDER_RULE = "DESIGN.md § What the contract leaves to each server: order of checks"
HTML = "text/html"
FORM = "application/x-www-form-urlencoded"
PROBE_METHODS = ("PUT", "PATCH", "DELETE", "POST", "GET")
PLACEHOLDER_ID = "paycontract-probe"
UNKNOWN_PATH = "/paycontract-no-such-path"
TIMEOUT = 30.0
STATUS_RULES = {
    404: spec_pointer("components", "responses", "NotFound"),
    405: spec_pointer("components", "responses", "MethodNotAllowed"),
    406: spec_pointer("components", "responses", "NotAcceptable"),
    413: spec_pointer("components", "responses", "PayloadTooLarge"),
}


@dataclass(frozen=True)
class RawProbe:
    """One raw request, the status the contract requires, and the statuses of its other (later) problems."""

    name: str
    method: str
    path: str
    expected: int
    description: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    later: frozenset[int] = frozenset()
    operation: str = ""  # the report's row: the spec operation probed, else the method and path sent

    @property
    def label(self) -> str:
        """Where the report lists the probe."""
        return self.operation or f"{self.method} {self.path}"

    def rule(self, status: int | None) -> str:
        """The rule an answer breaks: the order of checks when it is a later problem's status."""
        return ORDER_RULE if status in self.later else STATUS_RULES[self.expected]


def planned(ctx: VerifyContext, selected: set[str]) -> list[Unit]:
    """One work unit per raw probe (for `--shard`)."""
    return [Unit(PROTOCOL, "", probe.name) for probe in raw_probes(ctx, selected)]


def run(ctx: VerifyContext, result: RunResult, selected: set[str]) -> None:
    """Send every raw probe of the run's shard and record what breaks the contract."""
    for probe in raw_probes(ctx, selected):
        if ctx.takes(Unit(PROTOCOL, "", probe.name)):
            _send(ctx, result, probe)


def raw_probes(ctx: VerifyContext, selected: set[str]) -> list[RawProbe]:
    """Every raw probe for the selected operations (unknown paths are probed whatever the selection)."""
    unknown = UNKNOWN_PATH
    probes = [
        RawProbe("unknown_path", "GET", unknown, 404, "an unknown path"),
        RawProbe(
            "unknown_path_first",
            "PUT",
            unknown,
            404,
            "an unknown path, with a wrong method and an Accept that excludes JSON",
            {"Accept": HTML},
            later=frozenset({405, 406, 401, 400}),
        ),
    ]
    ops = [op for op in ctx.contract.spec.operations if op.id in selected]
    for path in dict.fromkeys(op.path for op in ops):
        probes += _wrong_method(ctx, path)
    for op in ops:
        probes.append(
            RawProbe(
                f"accept:{op.id}",
                op.method,
                _filled(op.path),
                406,
                f"{op.method} {op.path} with Accept: {HTML} and no credentials",
                {"Accept": HTML},
                later=frozenset({400, 401, 403, 404, 410}),
                operation=f"{op.method} {op.path}",
            )
        )
        if op.body_media_type:
            probes += _oversized(op, ctx.contract.body_limit)
    return probes


def _wrong_method(ctx: VerifyContext, path: str) -> list[RawProbe]:
    declared = {op.method for op in ctx.contract.spec.operations if op.path == path}
    method = next((m for m in PROBE_METHODS if m not in declared), None)
    if method is None:
        return []
    wrong = f"{method} on {path}, which takes {', '.join(sorted(declared))}"
    sent, row, later = _filled(path), f"{method} {path}", frozenset({400, 401})
    return [
        RawProbe(f"wrong_method:{path}", method, sent, 405, wrong, later=later, operation=row),
        RawProbe(
            f"wrong_method_first:{path}",
            method,
            sent,
            405,
            f"{wrong}, with Accept: {HTML}",
            {"Accept": HTML},
            later=later | {406},
            operation=row,
        ),
    ]


def _oversized(op: Operation, limit: int) -> list[RawProbe]:
    body = b"memo=" + b"x" * (limit + 1 - len(b"memo="))
    headers = {"Content-Type": FORM}
    operation = f"{op.method} {op.path}"
    what = f"{operation} with a body of {len(body)} bytes (over the {limit}-byte x-body-limit) and no credentials"
    path = _filled(op.path)
    return [
        # No `later`: a server without a limit also answers the missing token, and that is the limit's finding.
        RawProbe(f"body_limit:{op.id}", op.method, path, 413, what, headers, body, operation=operation),
        RawProbe(
            f"body_limit_after_accept:{op.id}",
            op.method,
            path,
            406,
            f"{what}, with Accept: {HTML}",
            {**headers, "Accept": HTML},
            body,
            frozenset({413, 400, 401}),
            operation,
        ),
    ]


def _filled(path: str) -> str:
    """A path template with every parameter set to a placeholder id."""
    parts = path.split("/")
    return "/".join(PLACEHOLDER_ID if part.startswith("{") and part.endswith("}") else part for part in parts)


def _send(ctx: VerifyContext, result: RunResult, probe: RawProbe) -> None:
    url = ctx.base_url.rstrip("/") + probe.path
    label = probe.label
    try:
        # A fresh connection per probe: a server may close one after refusing a body it did not read.
        response = requests.request(probe.method, url, headers=probe.headers, data=probe.body, timeout=TIMEOUT)
    except requests.RequestException as exc:
        message = describe_transport_error(exc)
        exchange = exchange_from_prepared(exc.request, message)
        rule = STATUS_RULES[probe.expected]
        finding = Finding("transport", label, PHASE, f"{probe.description}: {message}", exchange, rule=rule)
        result.add(finding, (label, message))
        return
    result.count_case(label, PHASE)
    problem = _problem(probe, response)
    if problem is None:
        return
    violation = broken(probe.rule(response.status_code), f"{probe.description}: {problem}")
    finding = Finding(CHECK, label, PHASE, violation.detail, _exchange(response), rule=violation.rule)
    result.add(finding, (CHECK, probe.name, str(response.status_code)))


def _problem(probe: RawProbe, response: requests.Response) -> str | None:
    """What is wrong with the answer to a probe, or None."""
    status = response.status_code
    if status != probe.expected:
        return f"answered {status}, the contract requires {probe.expected}"
    try:
        body: Any = response.json()
    except ValueError:
        return f"HTTP {status} body is not a JSON envelope: {describe(response.content[:120])}"
    if (
        not isinstance(body, dict)
        or body.get("code") != status
        or "message" not in body
        or body.get("data", 0) is not None
    ):
        return f"HTTP {status} body is not the error envelope {{code: {status}, message, data: null}}: {describe(body)}"
    return None


def _exchange(response: requests.Response) -> Exchange:
    request = response.request
    body = request.body
    if isinstance(body, bytes) and len(body) > 300:
        body = body[:60] + f"… ({len(body)} bytes)".encode()
    content = response.content or b""
    return Exchange(
        method=request.method or "",
        url=request.url or "",
        headers=dict(request.headers),
        body=body,
        status=response.status_code,
        response=content[:300].decode("utf-8", "replace") + ("…" if len(content) > 300 else ""),
    )
