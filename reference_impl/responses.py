"""Success envelopes as bytes. Stored resources are kept as JSON text and spliced in without re-encoding."""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any) -> str:
    """Compact JSON, non-ASCII kept (the form every stored document and response uses)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def success(data: Any) -> bytes:
    """`{"code":0,"message":"success","data":…}`."""
    return success_raw(dumps(data))


def success_raw(data_json: str) -> bytes:
    """The success envelope around data that is already JSON text."""
    return ('{"code":0,"message":"success","data":' + data_json + "}").encode("utf-8")


def listing_raw(items_json: list[str]) -> bytes:
    """`{"code":0,"message":"success","count":N,"data":[…]}` around items that are already JSON text."""
    body = '{"code":0,"message":"success","count":' + str(len(items_json)) + ',"data":[' + ",".join(items_json) + "]}"
    return body.encode("utf-8")
