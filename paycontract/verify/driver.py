"""verify as a driver of the traffic check engine: each schemathesis answer becomes a plain `Exchange`, judged by
the same checks as the proxy's and check-har's, so that each rule is implemented once (`paycontract.traffic`).

The request is the one schemathesis sent (`response.request`, prepared by `requests` after the signing hook ran),
so the parameters are exactly those that travelled, duplicates and all. What an answer shows (who created
what) joins the traffic run state once every check has judged it: when the next answer comes in on the same
thread, or when the runner says a thread's answers are all judged (`settle`: after each hand-written request,
when an engine phase ends — each phase runs on threads of its own — and after the engine's run).
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
# The answer each thread is judging, by thread: (response, run, seen, when its judging began (monotonic)).
_judging: dict[int, tuple[Any, VerifyContext, Seen, float]] = {}
_lock = threading.Lock()


def judge(check: Check, response: Any, case: Any) -> bool | None:
    """Run one traffic check on a schemathesis answer; raise `broken` for its first server-side flaw.

    True (nothing judged) outside a verify run or for an answer off the spec. A client-side flaw is what a
    negative case is testing, refused as it should be: not a finding.
    """
    seen = seen_of(response, case)
    if seen is None:
        return True
    flaw = next((flaw for flaw in check(seen) if flaw.side == SERVER), None)
    if flaw is not None:
        raise broken(flaw.rule, flaw.message)
    return None


def seen_of(response: Any, case: Any) -> Seen | None:
    """The answer as the traffic checks see it, built once per answer; None outside a run or off the spec."""
    ctx = current()
    if ctx is None or ctx.contract.operation_for(case.operation.method, case.operation.path) is None:
        return None
    thread = threading.get_ident()
    with _lock:
        cached = _judging.get(thread)
    if cached is not None and cached[0] is response and cached[1] is ctx:
        return cached[2]
    if cached is not None and cached[1] is ctx:
        # Every check has judged this thread's previous answer: what it showed joins the run state.
        learn(cached[2])
    exchange = exchange_of(response, ctx)
    traffic = ctx.traffic
    route = traffic.route(exchange.method, exchange.path)
    seen = Seen(exchange, traffic, ctx.traffic_state, route, ctx.secrets())
    with _lock:
        _judging[thread] = (response, ctx, seen, time.monotonic())
    return seen


def settle(ctx: VerifyContext, this_thread_only: bool = False, begun_before: float | None = None) -> None:
    """What the answers still being judged showed joins `ctx`'s run state: their checks are all done (the
    caller knows: a hand-written request was validated, an engine phase or the engine's run ended).

    `this_thread_only` settles the calling thread's answer; `begun_before` (a `time.monotonic()`) only answers
    whose judging began before it (a new phase's first answers may already be under way)."""
    thread = threading.get_ident()
    with _lock:
        done = [
            key
            for key, entry in _judging.items()
            if entry[1] is ctx
            and (not this_thread_only or key == thread)
            and (begun_before is None or entry[3] < begun_before)
        ]
        entries = [_judging.pop(key) for key in done]
    for entry in entries:
        learn(entry[2])


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
