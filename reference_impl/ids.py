"""Opaque resource ids: a short type prefix and 16 random URL-safe characters (the spec's `Id` pattern)."""

from __future__ import annotations

import secrets


def new_id(prefix: str) -> str:
    """`ord_7Hq2LmX9pR4tZ1aB`-like: 96 random bits, so collisions are left to the primary key to catch."""
    return f"{prefix}_{secrets.token_urlsafe(12)}"
