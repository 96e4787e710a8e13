"""Reading parameters and headers off the wire; settings from the environment; the rate limiter; ids."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qsl

import pytest

from paycontract.errors import UserError
from reference_impl.config import DEMO_APPS, load_settings
from reference_impl.errors import ApiError
from reference_impl.ids import new_id, new_token
from reference_impl.ratelimit import RateLimiter
from reference_impl.wire import accepts_json, parse_pairs, repeated


@pytest.mark.parametrize(
    "raw", [b"a=1&b=&c&&d=%E9%87%91+x&=v&e==", b"a%3Db=c%26d", b"x=1;y=2", b"%zz=1&b=%2", b"+=+", b"a=%2B"]
)
def test_parse_pairs_agrees_with_parse_qsl(raw: bytes) -> None:
    assert parse_pairs(raw, "body") == parse_qsl(raw.decode(), keep_blank_values=True)


@pytest.mark.parametrize("raw", [b"a=%FF", b"\xff=1", b"a=%C3%28"])
def test_parse_pairs_refuses_bytes_that_are_not_utf8(raw: bytes) -> None:
    with pytest.raises(ApiError, match="not valid UTF-8"):
        parse_pairs(raw, "request body")


def test_repeated_names_are_listed_once_in_the_order_they_repeat() -> None:
    assert repeated([("a", "1"), ("b", "2")]) == []
    assert repeated([("a", "1"), ("b", "2"), ("b", "3"), ("a", "1"), ("b", "4")]) == ["b", "a"]


@pytest.mark.parametrize(
    ("accept", "ok"),
    [
        (None, True),
        (b"", True),
        (b"*/*", True),
        (b"application/*", True),
        (b"application/json; charset=utf-8", True),
        (b"text/html, application/json;q=0.5", True),
        (b"text/html", False),
        (b"application/xml", False),
        (b"application/json;q=0", False),
        (b"application/json;q=0, */*", False),
        (b"*/*;q=0", False),
        (b"application/*;q=0, application/json", True),
    ],
)
def test_accept(accept: bytes | None, ok: bool) -> None:
    assert accepts_json(accept) is ok


def test_settings_from_environment_and_flags() -> None:
    settings = load_settings({"PAYCONTRACT_TOKEN_TTL": "60", "PAYCONTRACT_DATA_DIR": "/srv/x"}, port=9000, db=None)
    assert (settings.token_ttl, settings.port, settings.db_path) == (60, 9000, "/srv/x/paycontract.sqlite3")
    assert load_settings({}).apps == DEMO_APPS
    apps = load_settings({"PAYCONTRACT_APPS": "1:2:s,3:4:t:u"}).apps
    assert [(a.app_id, a.merchant_id, a.secret) for a in apps] == [(1, 2, "s"), (3, 4, "t:u")]


@pytest.mark.parametrize(
    "environ",
    [
        {"PAYCONTRACT_PORT": "http"},
        {"PAYCONTRACT_APPS": "1:2:"},
        {"PAYCONTRACT_APPS": "1:2:a,1:3:b"},
        {"PAYCONTRACT_MAINTENANCE": "maybe"},
        {"PAYCONTRACT_RATE_LIMIT": "-1"},
        {"PAYCONTRACT_NOW": "noon"},
        {"PAYCONTRACT_WORKERS": "2", "PAYCONTRACT_DB": ":memory:"},
    ],
)
def test_bad_settings_are_one_line(environ: dict[str, str]) -> None:
    with pytest.raises(UserError) as info:
        load_settings(environ)
    assert "\n" not in str(info.value)


def test_rate_limiter_refills() -> None:
    limiter = RateLimiter(rate=50, burst=2)
    assert [limiter.check("a"), limiter.check("a")] == [0, 0]
    assert limiter.check("a") >= 1
    assert limiter.check("b") == 0  # clients are counted apart
    time.sleep(0.05)
    assert limiter.check("a") == 0


def test_ids_are_opaque_sortable_and_match_the_spec_pattern() -> None:
    first = new_id("ord")
    time.sleep(0.002)
    second = new_id("ord")
    assert re.fullmatch(r"ord_[A-Za-z0-9_][A-Za-z0-9_-]{14}", first) and first < second
    assert len({new_id("chn") for _ in range(1000)}) == 1000
    assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_-]{30}", new_token())
