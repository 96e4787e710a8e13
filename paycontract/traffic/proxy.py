"""`paycontract proxy`: an ASGI reverse proxy that forwards traffic unchanged and checks each exchange.

The answer goes back to the client first; the exchange is then handed to `sink` (the checker process,
`checker.py`), so checking never delays an answer. Upstream connections are kept open and reused (`upstream.py`). An
upstream that refuses or resets is answered 502, one that times out 504, and both are recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import uvicorn

from paycontract.traffic.exchange import Exchange, header_pairs, query_pairs
from paycontract.traffic.upstream import NO_BODY_STATUSES, Headers, Upstream, UpstreamError

# RFC 9110 § 7.6.1: meaningful for one connection only, never forwarded. `expect` too: the proxy has read
# the whole body before it forwards, so the upstream has nothing to say `100 Continue` to.
HOP_BY_HOP = frozenset(
    {b"connection", b"keep-alive", b"proxy-connection", b"te", b"trailer", b"transfer-encoding", b"upgrade", b"host"}
)
REQUEST_ONLY = HOP_BY_HOP | {b"expect"}


@dataclass
class Proxy:
    """The ASGI app: forwards to `upstream` (an origin, plus a path prefix if it has one)."""

    upstream: str
    sink: Callable[[Exchange], None]
    timeout: float = 30.0
    client: Upstream | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._forward(scope, receive, send)

    async def _forward(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = await _read_body(receive)
        started, clock = time.time(), time.perf_counter()
        status, headers, content, error = await self._upstream(scope, body)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        exchange = Exchange(
            method=scope["method"],
            path=raw_path,
            query=query_pairs(scope.get("query_string", b"")),
            request_headers=header_pairs(scope["headers"]),
            request_body=body,
            status=0 if error else status,
            response_headers=header_pairs(headers),
            response_body=content,
            started=started,
            elapsed=time.perf_counter() - clock,
            error=error,
        )
        self.sink(exchange)

    async def _upstream(self, scope: dict[str, Any], body: bytes) -> tuple[int, Headers, bytes, str | None]:
        assert self.client is not None
        method, target = scope["method"], _target(scope)
        sent = [(k, v) for k, v in scope["headers"] if k.lower() not in REQUEST_ONLY]
        try:
            answer = await asyncio.wait_for(self.client.send(method, target, sent, body), self.timeout)
        except TimeoutError:
            return _failure(504, f"the upstream did not answer {method} {target} within {self.timeout:g} s")
        except UpstreamError as exc:
            return _failure(502, f"{exc} on {method} {target}")
        headers = [(k, v) for k, v in answer.headers if k.lower() not in HOP_BY_HOP]
        framed = any(k.lower() == b"content-length" for k, _ in headers)
        if not framed and method != "HEAD" and answer.status not in NO_BODY_STATUSES:
            # A chunked answer arrives whole, so it goes out with its length.
            headers.append((b"content-length", str(len(answer.body)).encode()))
        return answer.status, headers, answer.body, None

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.client = Upstream(self.upstream)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.client is not None:
                    await self.client.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


def _target(scope: dict[str, Any]) -> str:
    raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
    query = scope.get("query_string", b"").decode("latin-1")
    return raw_path + ("?" + query if query else "")


def _failure(status: int, message: str) -> tuple[int, Headers, bytes, str]:
    body = json.dumps({"code": status, "message": message, "data": None}, ensure_ascii=False).encode("utf-8")
    return status, [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())], body, message


async def _read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def upstream_origin(upstream: str, base_path: str) -> str:
    """The URL requests are forwarded to, their path appended: the upstream without a trailing base path.

    `http://host:8000/v1` and `http://host:8000` both forward `/v1/orders` to `http://host:8000/v1/orders`.
    """
    parts = urlsplit(upstream)
    path = parts.path.rstrip("/")
    if base_path and path.endswith(base_path):
        path = path[: -len(base_path)]
    return f"{parts.scheme}://{parts.netloc}{path}"


class _Server(uvicorn.Server):
    """uvicorn's server, but SIGINT/SIGTERM end the run without being raised again afterwards."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def serve(proxy: Proxy, host: str, port: int) -> None:
    """Serve the proxy until SIGINT or SIGTERM; the checks of every exchange are done when it returns."""
    config = uvicorn.Config(
        proxy,
        host=host,
        port=port,
        lifespan="on",
        log_level="warning",
        access_log=False,
        server_header=False,
        date_header=False,
    )
    _Server(config).run()
