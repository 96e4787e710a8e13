"""Opaque resource ids (`ord_` + 15 characters of the spec's `Id` alphabet: 7 that grow with time, then
8 random ones, 48 bits) and access tokens (the same, with 144 random bits).

Time-ordered ids make SQLite insert new rows at the right edge of the primary-key B-tree, so one
commit touches a few pages instead of one page per row; clients must still treat ids as opaque.
"""

from __future__ import annotations

import base64
import secrets
import time

# base64's digits, remapped to the URL-safe alphabet in ASCII order so that ids sort by creation time.
SORTABLE = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    b"-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz",
)


def sortable_random(random_bytes: int) -> str:
    """7 characters of milliseconds since the epoch, then `random_bytes` random bytes (4 characters per 3).

    The time takes 48 bits, whose first 6 stay zero until the year 2109: that character, always `-`,
    is left out (a token starting with `-` reads like an option on a command line).
    """
    raw = (time.time_ns() // 1_000_000).to_bytes(6, "big") + secrets.token_bytes(random_bytes)
    return base64.b64encode(raw).translate(SORTABLE)[1:].decode("ascii")


def new_id(prefix: str) -> str:
    """`ord_P7JovUtRZElXo8m`-like; collisions (same millisecond, same 48 random bits) are left to the key."""
    return prefix + "_" + sortable_random(6)


def new_token() -> str:
    """An access token: 31 characters, 144 of their bits random (the time prefix keeps inserts cheap too)."""
    return sortable_random(18)
