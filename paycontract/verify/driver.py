"""verify as a driver of the traffic check engine: each schemathesis answer becomes a plain `Exchange`, judged by
the same checks as the proxy's and check-har's, so that each rule is implemented once (`paycontract.traffic`).

The request is the one schemathesis sent (`response.request`, prepared by `requests` after the signing hook ran),
so the parameters are exactly those that travelled, duplicates and all. What an answer shows (who created
what) joins the traffic run state as soon as its first check sees it: the state dates every fact by when
the answer showing it ended, and a check holds an answer only to facts shown before its request left, so an
answer is never judged by what it showed itself, and answers judged on other threads (each engine phase runs
on threads of its own) are known at once.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

from paycontract.traffic.exchange import Exchange, header_pairs, query_pairs
from paycontract.traffic.findings import SERVER
from paycontract.traffic.learning import learn
from paycontract.traffic.registry import Check
from paycontract.traffic.view import Seen
from paycontract.verify.context import VerifyContext, current
from paycontract.verify.rules import broken

# `requests` hands over the body already decoded; the header would make the engine decode it twice.
_DECODED = frozenset({"content-encoding", "content-length"})
# The answer each thread is judging (response, run, seen): every check of one answer shares its `Seen`.
_judging = threading.local()


def judge(check: Check, response: Any, case: Any) -> bool | None:
    """Run one traffic check on a schemathesis answer; raise `broken` for its first server-side flaw.

    True (nothing judged) outside a verify run or for an answer off the spec. A client-side flaw is what a
    negative case is testing, refused as it should be: not a finding.
    """
    seen = seen_of(response, case)
    ctx = current()
    if seen is None or ctx is None:
        return True
    with ctx.traffic_lock:  # the state is not read while another thread's answer joins it
        flaw = next((flaw for flaw in check(seen) if flaw.side == SERVER), None)
    if flaw is not None:
        raise broken(flaw.rule, flaw.message)
    return None


def seen_of(response: Any, case: Any) -> Seen | None:
    """The answer as the traffic checks see it, built once per answer; None outside a run or off the spec."""
    ctx = current()
    if ctx is None or ctx.contract.operation_for(case.operation.method, case.operation.path) is None:
        return None
    cached = getattr(_judging, "entry", None)
    if cached is not None and cached[0] is response and cached[1] is ctx:
        return cached[2]
    exchange = exchange_of(response, ctx)
    traffic = ctx.traffic
    route = traffic.route(exchange.method, exchange.path)
    seen = Seen(exchange, traffic, ctx.traffic_state, route, ctx.secrets())
    with ctx.traffic_lock:
        learn(seen)
    _judging.entry = (response, ctx, seen)
    return seen


def exchange_of(response: Any, ctx: VerifyContext) -> Exchange:
    """A schemathesis `Response` and the request it answers, as the plain exchange the engine judges.

    The path is rebased from the run's base URL onto the spec's server path, as the engine routes by the latter.
    """
    request = response.request
    url = urlsplit(request.url or "")
    prefix = urlsplit(ctx.base_url).path.rstrip("/")
    path = url.path
    if prefix and path.startswith(prefix):
        path = ctx.traffic.base_path + path[len(prefix) :]
    body = request.body or b""
    headers = response.headers or {}
    response_headers = [
        (name, value)
        for name, values in headers.items()
        if name.lower() not in _DECODED
        for value in (values if isinstance(values, list) else [values])
    ]
    elapsed = float(getattr(response, "elapsed", 0.0) or 0.0)
    return Exchange(
        method=(request.method or "GET").upper(),
        path=path,
        query=query_pairs(url.query),
        request_headers=header_pairs(request.headers.items()),
        request_body=body.encode("utf-8") if isinstance(body, str) else body,
        status=response.status_code,
        response_headers=header_pairs(response_headers),
        response_body=response.content or b"",
        # The checks hold an answer only to what answers that ended before its request left showed.
        started=time.time() - elapsed,
        elapsed=elapsed,
    )
