"""The proxy's upstream client against a raw HTTP/1.1 server on loopback: chunked answers, interim 1xx answers,
connection reuse, and an answer broken off (502 material)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import pytest

from paycontract.traffic.upstream import Upstream, UpstreamError

CHUNKED = (
    b"HTTP/1.1 100 Continue\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Odd: kept\r\nContent-Type: application/json\r\n\r\n"
    b'5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\n'
)
BROKEN = b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"code"'


@pytest.fixture
def raw_server() -> Iterator[tuple[int, list[bytes], list[bytes]]]:
    """A server answering each request with the next scripted answer; yields (port, script, requests seen)."""
    listener = socket.create_server(("127.0.0.1", 0))
    script: list[bytes] = []
    seen: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                seen.append(b"<connection>")
                buffer = b""
                while script:
                    while b"\r\n\r\n" not in buffer:
                        chunk = connection.recv(65536)
                        if not chunk:
                            break
                        buffer += chunk
                    if b"\r\n\r\n" not in buffer:
                        break
                    head, _, rest = buffer.partition(b"\r\n\r\n")
                    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                                   if line.lower().startswith(b"content-length:")), 0)  # fmt: skip
                    while len(rest) < length:
                        rest += connection.recv(65536)
                    seen.append(head + b"\r\n\r\n" + rest[:length])
                    buffer = rest[length:]
                    answer = script.pop(0)
                    connection.sendall(answer)
                    if answer is BROKEN:
                        break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], script, seen
    listener.close()


def test_a_chunked_answer_after_an_interim_one_is_read_whole_and_the_connection_reused(raw_server) -> None:  # type: ignore[no-untyped-def]
    port, script, seen = raw_server
    script += [CHUNKED, CHUNKED]

    async def two() -> list:
        upstream = Upstream(f"http://127.0.0.1:{port}")
        headers = [(b"content-type", b"application/x-www-form-urlencoded"), (b"x-client", b"as-sent")]
        answers = [await upstream.send("POST", "/v1/token?x=1", headers, b"app_id=1") for _ in range(2)]
        await upstream.close()
        return answers

    answers = asyncio.run(two())
    assert [a.status for a in answers] == [200, 200]
    assert answers[0].body == b'{"a":1}'
    assert (b"X-Odd", b"kept") in answers[0].headers
    assert seen.count(b"<connection>") == 1  # the second request reused the first connection
    seen.remove(b"<connection>")
    assert len(seen) == 2
    assert seen[0].startswith(b"POST /v1/token?x=1 HTTP/1.1\r\nhost: 127.0.0.1:")
    assert b"x-client: as-sent\r\n" in seen[0] and seen[0].endswith(b"content-length: 8\r\n\r\napp_id=1")


def test_an_answer_broken_off_is_an_upstream_error(raw_server) -> None:  # type: ignore[no-untyped-def]
    port, script, _seen = raw_server
    script.append(BROKEN)
    with pytest.raises(UpstreamError, match="broke the answer off"):
        asyncio.run(Upstream(f"http://127.0.0.1:{port}").send("GET", "/v1/bills", [], b""))


def test_a_refused_connection_is_an_upstream_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(UpstreamError, match="cannot connect"):
        asyncio.run(Upstream(f"http://127.0.0.1:{port}").send("GET", "/", [], b""))
