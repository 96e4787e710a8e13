"""Access tokens and the apps they belong to: issued into SQLite, looked up through an in-memory cache.

The database is the source of truth (several worker processes share it); the caches only save a
query per request. Apps never change while the server runs, so they are read once.
"""

from __future__ import annotations

import hmac
import secrets
import sqlite3
from dataclasses import dataclass

from reference_impl.clock import Clock
from reference_impl.commits import GroupCommit
from reference_impl.errors import ApiError

PRUNE_EVERY = 1000


@dataclass(frozen=True)
class App:
    """A merchant app as the server knows it."""

    app_id: int
    merchant_id: int
    secret: str


class TokenStore:
    """Issues tokens and resolves a token to its app (401 when missing, unknown or expired)."""

    def __init__(self, conn: sqlite3.Connection, commits: GroupCommit, clock: Clock, ttl: int) -> None:
        self.conn = conn
        self.commits = commits
        self.clock = clock
        self.ttl = ttl
        self.apps = {row[0]: App(*row) for row in conn.execute("SELECT id, merchant_id, secret FROM apps")}
        self._cache: dict[str, tuple[App, float]] = {}
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
        token = secrets.token_hex(16)
        expires_at = self.clock.timestamp() + self.ttl
        with self.commits.unit() as conn:
            conn.execute("INSERT INTO tokens VALUES (?, ?, ?)", (token, app_id, expires_at))
            self._issued += 1
            if self._issued % PRUNE_EVERY == 0:
                self._prune(conn)
        self._cache[token] = (app, expires_at)
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
            entry = (self.apps[row[0]], row[1])
            self._cache[token] = entry
        app, expires_at = entry
        if self.clock.timestamp() >= expires_at:
            raise ApiError(401, "access_token has expired")
        return app

    def _prune(self, conn: sqlite3.Connection) -> None:
        now = self.clock.timestamp()
        conn.execute("DELETE FROM tokens WHERE expires_at < ?", (now,))
        self._cache = {token: entry for token, entry in self._cache.items() if entry[1] > now}
