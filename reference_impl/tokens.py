"""Access tokens and the apps they belong to: issued into SQLite, looked up through an in-memory cache.

The database is the source of truth (several worker processes share it); the caches only save a
query per request. Apps never change while the server runs, so they are read once, at start-up.
"""

from __future__ import annotations

import hmac
import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from reference_impl.clock import Clock
from reference_impl.commits import GroupCommit
from reference_impl.errors import ApiError
from reference_impl.ids import new_token

PRUNE_EVERY = 1000
MAX_CACHED = 100_000  # beyond this the cache starts over (the database still knows every token)


@dataclass(frozen=True)
class App:
    """A merchant app as the server knows it."""

    app_id: int
    merchant_id: int
    secret: str


class TokenStore:
    """Issues tokens and resolves a token to its app (401 when missing, unknown or expired)."""

    def __init__(
        self, conn: sqlite3.Connection, commits: GroupCommit, clock: Clock, ttl: int, active: Iterable[int]
    ) -> None:
        self.conn = conn
        self.commits = commits
        self.clock = clock
        self.ttl = ttl
        # Only the configured apps are served; apps of an earlier configuration stay in the database, idle.
        wanted = set(active)
        rows = conn.execute("SELECT id, merchant_id, secret FROM apps").fetchall()
        self.apps = {row[0]: App(*row) for row in rows if row[0] in wanted}
        # token -> (app_id, expires_at): tuples of plain numbers, which the garbage collector does not track.
        self._cache: dict[str, tuple[int, float]] = {}
        self._issued = 0

    def app(self, app_id: int) -> App | None:
        """The app with this id, if the server knows it."""
        return self.apps.get(app_id)

    def issue(self, app_id: int, secret: str) -> str:
        """A new token for an app whose secret matches (constant-time); 401 otherwise."""
        app = self.apps.get(app_id)
        # Compare even for an unknown app, so timing does not tell which app ids exist.
        known = app.secret if app else secrets.token_hex(16)
        if not hmac.compare_digest(known.encode("utf-8"), secret.encode("utf-8")) or app is None:
            raise ApiError(401, "invalid app_id or app_secret")
        token = new_token()
        expires_at = self.clock.timestamp() + self.ttl
        with self.commits.unit(single_statement=True) as conn:
            conn.execute("INSERT INTO tokens VALUES (?, ?, ?)", (token, app_id, expires_at))
        self._issued += 1
        if self._issued % PRUNE_EVERY == 0:
            self._prune()
        self._remember(token, (app_id, expires_at))
        return token

    def resolve(self, token: str | None) -> App:
        """The app a token belongs to; 401 when the token is missing, unknown or expired."""
        if not token:
            raise ApiError(401, "missing access_token header")
        entry = self._cache.get(token)
        if entry is None:
            row = self.conn.execute("SELECT app_id, expires_at FROM tokens WHERE token = ?", (token,)).fetchone()
            if row is None or row[0] not in self.apps:
                raise ApiError(401, "invalid access_token")
            entry = (row[0], row[1])
            self._remember(token, entry)
        app_id, expires_at = entry
        if self.clock.timestamp() >= expires_at:
            raise ApiError(401, "access_token has expired")
        return self.apps[app_id]

    def _remember(self, token: str, entry: tuple[int, float]) -> None:
        if len(self._cache) >= MAX_CACHED:
            self._cache.clear()
        self._cache[token] = entry

    def _prune(self) -> None:
        now = self.clock.timestamp()
        with self.commits.unit(single_statement=True) as conn:
            conn.execute("DELETE FROM tokens WHERE expires_at < ?", (now,))
        self._cache = {token: entry for token, entry in self._cache.items() if entry[1] > now}
