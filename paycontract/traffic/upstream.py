"""A lean HTTP/1.1 client for the proxy's upstream: pooled keep-alive connections over asyncio streams.

It sends the request bytes as the client sent them (head rebuilt, body untouched) and reads the answer's
status, headers and body (`Content-Length`, chunked, or up to the end of the connection) without decoding
it. General clients (httpx) cost several times more per request, which the proxy's overhead budget has no
room for.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

Headers = list[tuple[bytes, bytes]]
NO_BODY_STATUSES = (204, 304)
MAX_HEAD = 64 * 1024


class UpstreamError(Exception):
    """The upstream refused, reset or broke the exchange (the proxy answers 502)."""


@dataclass(frozen=True)
class Answer:
    """The upstream's answer: status, headers as received, body as received (chunked framing removed)."""

    status: int
    headers: Headers
    body: bytes


@dataclass
class Upstream:
    """Connections to one origin (`http://host:port`, or https), reused while they stay open."""

    url: str
    idle: deque[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = field(default_factory=deque)

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        self.tls = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.tls else 80)
        self.prefix = parts.path.rstrip("/")
        self.host_header = parts.netloc.encode("ascii")

    async def send(self, method: str, target: str, headers: Headers, body: bytes) -> Answer:
        """One exchange; a kept-alive connection that turns out closed is retried once on a fresh one."""
        head = self._head(method, target, headers, body)
        while self.idle:
            connection = self.idle.pop()
            try:
                return await self._exchange(connection, head, body, method)
            except _Stale:
                continue
        try:
            return await self._exchange(await self._connect(), head, body, method)
        except _Stale as exc:
            raise UpstreamError("the upstream closed the connection without answering") from exc

    async def close(self) -> None:
        """Close every idle connection."""
        while self.idle:
            _reader, writer = self.idle.pop()
            writer.close()

    def _head(self, method: str, target: str, headers: Headers, body: bytes) -> bytes:
        lines = [f"{method} {self.prefix}{target} HTTP/1.1".encode("latin-1"), b"host: " + self.host_header]
        lines += [name + b": " + value for name, value in headers if name.lower() != b"content-length"]
        if body or method not in ("GET", "HEAD", "DELETE", "OPTIONS"):
            lines.append(b"content-length: " + str(len(body)).encode())
        return b"\r\n".join(lines) + b"\r\n\r\n"

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        try:
            context = ssl.create_default_context() if self.tls else None
            return await asyncio.open_connection(self.host, self.port, ssl=context, limit=MAX_HEAD)
        except OSError as exc:
            raise UpstreamError(f"cannot connect to {self.host}:{self.port}: {exc.strerror or exc}") from None

    async def _exchange(
        self, connection: tuple[asyncio.StreamReader, asyncio.StreamWriter], head: bytes, body: bytes, method: str
    ) -> Answer:
        reader, writer = connection
        try:
            writer.write(head + body)
            await writer.drain()
            status, headers = await _read_head(reader)
            content, reusable = await _read_body(reader, status, headers, method)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError) as exc:
            writer.close()
            raise UpstreamError(f"the upstream broke the answer off ({type(exc).__name__})") from None
        except BaseException:
            writer.close()
            raise
        if reusable:
            self.idle.append(connection)
        else:
            writer.close()
        return Answer(status, headers, content)


class _Stale(Exception):
    """A kept-alive connection was closed before any byte of the answer."""


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, Headers]:
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            raise _Stale from None
        raise
    status, headers = _parse_head(raw)
    while 100 <= status < 200 and status != 101:  # interim answers: the final one follows
        status, headers = _parse_head(await reader.readuntil(b"\r\n\r\n"))
    return status, headers


def _parse_head(raw: bytes) -> tuple[int, Headers]:
    lines = raw[:-4].split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        raise ValueError("not an HTTP/1.x status line")
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon:
            raise ValueError("malformed header line")
        headers.append((name.strip(), value.strip()))
    return int(parts[1]), headers


async def _read_body(reader: asyncio.StreamReader, status: int, headers: Headers, method: str) -> tuple[bytes, bool]:
    values = {name.lower(): value for name, value in headers}
    keep = values.get(b"connection", b"").lower() != b"close"
    if method == "HEAD" or status in NO_BODY_STATUSES or 100 <= status < 200:
        return b"", keep
    if b"chunked" in values.get(b"transfer-encoding", b"").lower():
        return await _read_chunked(reader), keep
    if b"content-length" in values:
        return await reader.readexactly(int(values[b"content-length"])), keep
    return await reader.read(), False


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass  # trailers: hop-by-hop, dropped
            return b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)
