"""Reading requests off the wire: parameters exactly as sent, the body within its limit, `Accept`.

Parameters are parsed from the raw bytes with a strict UTF-8 decode, so bad bytes are a 400 rather
than silently replaced characters (which would also change what the client signed).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote_plus

from starlette.types import Receive

from reference_impl.errors import ApiError

MAX_FIELDS = 1000
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


def parse_pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    """`a=1&b=2` (query string or form body) → [("a", "1"), ("b", "2")]; 400 on bytes that are not UTF-8.

    As `urllib.parse.parse_qsl(keep_blank_values=True)`, but strict about UTF-8 and faster on the
    common case of values that need no unquoting.
    """
    if not raw:
        return []
    try:
        text = raw.decode("utf-8")
        parts = text.split("&")
        if len(parts) > MAX_FIELDS:
            raise ApiError(400, f"the {where} has more than {MAX_FIELDS} parameters")
        pairs = []
        for part in parts:
            if not part:
                continue
            name, _, value = part.partition("=")
            if "%" in name or "+" in name:
                name = unquote_plus(name, errors="strict")
            if "%" in value or "+" in value:
                value = unquote_plus(value, errors="strict")
            pairs.append((name, value))
        return pairs
    except UnicodeDecodeError as exc:
        raise ApiError(400, f"the {where} is not valid UTF-8 (byte {exc.start})") from None


def repeated(pairs: list[tuple[str, str]]) -> list[str]:
    """The names sent more than once (in any locations), in the order of their second appearance."""
    if len({name for name, _value in pairs}) == len(pairs):
        return []
    seen: set[str] = set()
    names: list[str] = []
    for name, _value in pairs:
        if name in seen and name not in names:
            names.append(name)
        seen.add(name)
    return names


def header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    """The first value of a (lowercase) header, or None."""
    for key, value in headers:
        if key == name:
            return value
    return None


async def read_body(receive: Receive, content_length: bytes | None, limit: int) -> bytes:
    """The whole request body; 413 when `Content-Length` or the bytes actually sent exceed `limit`."""
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            raise ApiError(400, "invalid Content-Length header") from None
        if declared > limit:
            raise ApiError(413, f"request body exceeds {limit} bytes")
    chunks = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ApiError(400, "the client disconnected before sending the whole body")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"request body exceeds {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def check_form_content_type(content_type: bytes | None, body: bytes) -> None:
    """A body must be a URL-encoded form (a missing Content-Type is read as one)."""
    if content_type is None or not body:
        return
    media_type = content_type.split(b";", 1)[0].strip().lower()
    if media_type != FORM_MEDIA_TYPE.encode():
        shown = media_type.decode("latin-1")
        raise ApiError(400, f"the request body must be {FORM_MEDIA_TYPE}, not {shown}")


@lru_cache(maxsize=256)  # clients send the same few Accept headers over and over
def accepts_json(accept: bytes | None) -> bool:
    """Whether an `Accept` header allows application/json (the most specific matching range decides; q=0 refuses)."""
    if accept is None or not accept.strip():
        return True
    best: tuple[int, float] | None = None
    for part in accept.decode("latin-1").split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        media = media.lower()
        if not media:
            continue
        specificity = {"application/json": 2, "application/*": 1, "*/*": 0}.get(media)
        if specificity is None:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if best is None or specificity > best[0]:
            best = (specificity, quality)
    return best is not None and best[1] > 0
