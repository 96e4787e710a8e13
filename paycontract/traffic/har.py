"""HAR 1.2 files (browser devtools, mitmproxy, Charles): exchanges read from one, and written to one.

A HAR's `content.text` is the body as delivered, already decoded, so `Content-Encoding` is dropped on
reading, and the proxy writes decoded bodies (base64 when they are not UTF-8 text).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from paycontract import __version__
from paycontract.errors import UserError
from paycontract.traffic.exchange import Exchange, query_pairs
from paycontract.traffic.view import decoded_body

HOP_HEADERS = frozenset({"content-encoding", "content-length"})


class HarError(UserError):
    """A file that is not a usable HAR: one line saying where, exit 2."""


def read_har(path: Path) -> list[Exchange]:
    """Every entry of a HAR file as an exchange, in file order; a malformed file raises `HarError`."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise HarError("file not found", where=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise HarError(f"cannot read: {exc}", where=str(path)) from None
    except ValueError as exc:
        raise HarError(f"not JSON: {exc}", where=str(path)) from None
    try:
        entries = _get(_get(document, "log", dict, ""), "entries", list, "log")
        return [_exchange(entry, f"log.entries[{i}]") for i, entry in enumerate(entries)]
    except HarError as exc:
        exc.where = exc.where or str(path)
        raise


def _exchange(entry: Any, where: str) -> Exchange:
    if not isinstance(entry, dict):
        raise HarError("an entry must be an object", where=where)
    request = _get(entry, "request", dict, where)
    response = _get(entry, "response", dict, where)
    url = urlsplit(str(_get(request, "url", str, where + ".request")))
    request_headers = _headers(request, where + ".request")
    body, mime = _post_body(request.get("postData"), where + ".request.postData")
    if mime and not any(name == "content-type" for name, _ in request_headers):
        request_headers = (*request_headers, ("content-type", mime))
    status = _get(response, "status", int, where + ".response")
    error = entry.get("_error") or response.get("_error")
    return Exchange(
        method=str(_get(request, "method", str, where + ".request")).upper(),
        path=url.path or "/",
        query=query_pairs(url.query),
        request_headers=request_headers,
        request_body=body,
        status=status,
        response_headers=tuple(h for h in _headers(response, where + ".response") if h[0] not in HOP_HEADERS),
        response_body=_content(response.get("content"), where + ".response.content"),
        body_recorded=_recorded(response.get("content")),
        started=_started(entry.get("startedDateTime")),
        elapsed=float(entry.get("time") or 0) / 1000,
        error=str(error) if status == 0 and error else ("no response recorded" if status == 0 else None),
    )


def _get(node: Any, key: str, kind: type, where: str) -> Any:
    value = node.get(key) if isinstance(node, dict) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise HarError(f"{where + '.' if where else ''}{key} must be {_KINDS[kind]}", where=None)
    return value


_KINDS = {dict: "an object", list: "a list", str: "a string", int: "an integer"}


def _headers(message: dict[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    headers = message.get("headers", [])
    if not isinstance(headers, list) or not all(isinstance(h, dict) and "name" in h for h in headers):
        raise HarError(f"{where}.headers must be a list of {{name, value}}")
    return tuple((str(h["name"]).lower(), str(h.get("value", ""))) for h in headers)


def _post_body(post: Any, where: str) -> tuple[bytes, str]:
    if post is None:
        return b"", ""
    if not isinstance(post, dict):
        raise HarError(f"{where} must be an object")
    mime = str(post.get("mimeType") or "")
    if isinstance(post.get("text"), str):
        return post["text"].encode("utf-8"), mime
    params = post.get("params") or []
    if not isinstance(params, list) or not all(isinstance(p, dict) and "name" in p for p in params):
        raise HarError(f"{where}.params must be a list of {{name, value}}")
    return urlencode([(str(p["name"]), str(p.get("value", ""))) for p in params]).encode("ascii"), mime


def _content(content: Any, where: str) -> bytes:
    if content is None:
        return b""
    if not isinstance(content, dict):
        raise HarError(f"{where} must be an object")
    text = content.get("text") or ""
    if not isinstance(text, str):
        raise HarError(f"{where}.text must be a string")
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise HarError(f"{where}.text is not valid base64") from None
    return text.encode("utf-8")


def _recorded(content: Any) -> bool:
    # Exporters leave `text` out of bodies they did not keep (too large, binary, sanitised); `size` still counts them.
    return not (isinstance(content, dict) and "text" not in content and (content.get("size") or 0) > 0)


def _started(value: Any) -> float:
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def write_har(path: Path, exchanges: Iterable[Exchange], origin: str) -> None:
    """Write the exchanges as a HAR 1.2 file, URLs under `origin` (where the clients sent them)."""
    log = {
        "version": "1.2",
        "creator": {"name": "paycontract proxy", "version": __version__},
        "entries": list(_entries(exchanges, origin)),
    }
    try:
        path.write_text(json.dumps({"log": log}, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write the HAR file: {exc.strerror}", where=str(path)) from None


def _entries(exchanges: Iterable[Exchange], origin: str) -> Iterator[dict[str, Any]]:
    for ex in exchanges:
        query = ("?" + urlencode(ex.query)) if ex.query else ""
        entry: dict[str, Any] = {
            "startedDateTime": dt.datetime.fromtimestamp(ex.started, dt.UTC).isoformat().replace("+00:00", "Z"),
            "time": round(ex.elapsed * 1000, 3),
            "request": {
                "method": ex.method,
                "url": origin + ex.path + query,
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": _har_headers(ex.request_headers),
                "queryString": _har_headers(ex.query),
                "headersSize": -1,
                "bodySize": len(ex.request_body),
            },
            "response": _har_response(ex),
            "cache": {},
            "timings": {"send": 0, "wait": round(ex.elapsed * 1000, 3), "receive": 0},
        }
        if ex.request_body:
            entry["request"]["postData"] = {
                "mimeType": ex.request_header("content-type") or "",
                "text": ex.request_body.decode("utf-8", errors="replace"),
            }
        if ex.error:
            entry["_error"] = ex.error
        yield entry


def _har_response(ex: Exchange) -> dict[str, Any]:
    body = decoded_body(ex)
    content: dict[str, Any] = {"size": len(body), "mimeType": ex.response_header("content-type") or ""}
    try:
        content["text"] = body.decode("utf-8")
    except UnicodeDecodeError:
        content["text"], content["encoding"] = base64.b64encode(body).decode("ascii"), "base64"
    return {
        "status": ex.status,
        "statusText": "",
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _har_headers(ex.response_headers),
        "content": content,
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": len(ex.response_body),
    }


def _har_headers(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in pairs]
