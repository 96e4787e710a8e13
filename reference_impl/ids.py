"""Opaque resource ids, `ord_` + 16 characters of the spec's `Id` alphabet: 8 that grow with time, then
8 random ones (48 bits).

Time-ordered ids make SQLite insert new rows at the right edge of the primary-key B-tree, so one
commit touches a few pages instead of one page per row; clients must still treat ids as opaque.
"""

from __future__ import annotations

import secrets
import time

# The URL-safe base64 alphabet in ASCII order, so that ids sort by creation time.
ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"


def _encode(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, digit = divmod(number, 64)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def new_id(prefix: str) -> str:
    """`ord_0bX3k9Qa7Hq2LmX9`-like; collisions (same millisecond and same 48 random bits) are left to the key."""
    return f"{prefix}_{_encode(time.time_ns() // 1_000_000, 8)}{_encode(secrets.randbits(48), 8)}"
