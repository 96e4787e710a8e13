"""Requests the run writes itself (setup, auth probes, flows), sent through schemathesis' `Case` so they are
signed by the same code, followed by the same model and judged by the same checks as generated cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from schemathesis.errors import FailureGroup

from paycontract.spec import Operation
from paycontract.verify.auth import AuthFailure, describe_transport_error
from paycontract.verify.context import Identity, Probe, VerifyContext
from paycontract.verify.findings import Exchange, Finding, RunResult, explain
from paycontract.verify.rules import builtin_rule
from paycontract.verify.schemathesis_internals import failing_check
from paycontract.verify.signing_hook import prepare, wire_pairs
from paycontract.verify.state import Expectation

Tamper = Callable[[Any], None]


@dataclass
class Answer:
    """What an explicit request got back: status and parsed body (None on a transport error or non-JSON)."""

    status: int | None
    body: Any

    @property
    def data(self) -> Any:
        """The envelope's `data`, if any."""
        return self.body.get("data") if isinstance(self.body, dict) else None


class Explicit:
    """Sends hand-written requests for one run and folds their outcome into the run's result."""

    def __init__(self, ctx: VerifyContext, schema: Any, result: RunResult) -> None:
        self.ctx = ctx
        self.schema = schema
        self.result = result
        self.server_gone = False

    def send(
        self,
        operation: Operation | str,
        *,
        phase: str = "flows",
        identity: Identity | None = None,
        params: dict[str, Any] | None = None,
        tamper: Tamper | None = None,
        probe: Probe | None = None,
        judge_status: bool = True,
        expect: Expectation | None = None,
    ) -> Answer:
        """Send `operation` (an operation, or the role of one) with `params` (split by where the spec puts them),
        signed as `identity`.

        `tamper` edits the signed case before it leaves (a probe); `judge_status=False` leaves the status to
        the caller (the sandbox probe, where 404 is an answer, not a failure); `expect` overrides the statuses the
        state model would require.
        """
        if self.server_gone:
            return Answer(None, None)
        identity = identity or self.ctx.primary
        op = self.ctx.contract.resolve(operation)
        engine_operation = self.schema.find_operation_by_id(op.id)
        containers: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "body": {}}
        for name, value in (params or {}).items():
            param = op.parameter(name)
            containers[param.location if param is not None else "query"][name] = value
        headers = {self.ctx.contract.token_header: ""} if op.signed else {}
        body = {"body": containers["body"], "media_type": op.body_media_type} if op.body_media_type else {}
        path, query = containers["path"], containers["query"]
        case = engine_operation.Case(path_parameters=path, query=query, headers=headers, **body)
        self.ctx.raw_cases.add(case.id)
        label = f"{op.method} {op.path}"
        try:
            sent = prepare(self.ctx, op, case, identity, steer=False)
        except AuthFailure as exc:
            # A token refresh failed on every attempt: the request cannot go out signed and authenticated.
            rule = builtin_rule(
                self.ctx.contract.spec.raw, "transport", f"POST {self.ctx.contract.token_operation.path}", None
            )
            self.result.add(
                Finding("transport", label, phase, str(exc), None, rule=rule), ("transport", label, str(exc))
            )
            return Answer(None, None)
        if not judge_status:
            sent.expectation = None
        elif expect is not None:
            sent.expectation = expect
        if tamper is not None:
            tamper(case)
            sent.params = dict(wire_pairs(case, self.ctx.base_url))
            sent.token = case.headers.get(self.ctx.contract.token_header)
            sent.authenticated, sent.expectation, sent.probe = False, None, probe
        try:
            response = case.call(base_url=self.ctx.base_url)
        except requests.RequestException as exc:
            self._transport_failure(label, phase, exc)
            return Answer(None, None)
        self.result.count_case(label, phase)
        try:
            case.validate_response(response, transport_kwargs={"base_url": self.ctx.base_url})
        except FailureGroup as group:
            for failure in group.exceptions:
                self._failure(label, phase, failure, response)
        try:
            body = response.json()
        except ValueError:
            body = None
        return Answer(response.status_code, body)

    def _failure(self, label: str, phase: str, failure: Any, response: Any) -> None:
        name = failing_check(failure)
        message, rule = explain(self.ctx.contract.spec.raw, name, failure, label, response.status_code)
        finding = Finding(name, label, phase, message, exchange_from_response(response), rule=rule)
        self.result.add(finding, (name, label, type(failure).__name__, message.splitlines()[0] if message else ""))

    def _transport_failure(self, label: str, phase: str, exc: requests.RequestException) -> None:
        message = describe_transport_error(exc)
        if message == "connection refused":
            # Nothing listens any more: one finding says so, the remaining requests would only repeat it.
            self.server_gone = True
            self.ctx.notes.append("the server stopped accepting connections; the remaining requests were not sent")
        exchange = exchange_from_prepared(exc.request, message)
        rule = builtin_rule(self.ctx.contract.spec.raw, "transport", label, None)
        finding = Finding("transport", label, phase, message, exchange, rule=rule)
        self.result.add(finding, ("transport", label, message))


def exchange_from_prepared(request: Any, error: str) -> Exchange | None:
    """An `Exchange` for a request that got no answer (a `requests.PreparedRequest`, else None)."""
    if not isinstance(request, requests.PreparedRequest):
        return None
    return Exchange(request.method or "", request.url or "", dict(request.headers), request.body, error=error)


def exchange_from_response(response: Any) -> Exchange:
    """An `Exchange` from a schemathesis `Response` (its prepared request is what was sent)."""
    request = response.request
    content = response.content or b""
    return Exchange(
        method=request.method,
        url=request.url,
        headers=dict(request.headers),
        body=request.body,
        status=response.status_code,
        response=content[:300].decode("utf-8", "replace") + ("…" if len(content) > 300 else ""),
    )
