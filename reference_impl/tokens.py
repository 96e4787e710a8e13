"""Access tokens and the apps they belong to: issued into the database, looked up through an in-memory cache.

The database is the source of truth (every worker process on every host shares it); the cache only
saves a query per request. Apps never change while the server runs, so they are read once, at start-up.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from reference_impl.clock import Clock
from reference_impl.errors import ApiError
from reference_impl.ids import new_token
from reference_impl.storage.base import Storage, StoredApp

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

    def __init__(self, storage: Storage, clock: Clock, ttl: int, active: Iterable[int]) -> None:
        self.storage = storage
        self.clock = clock
        self.ttl = ttl
        self.active = frozenset(active)
        self.apps: dict[int, App] = {}
        # token -> (app_id, expires_at): tuples of plain numbers, which the garbage collector does not track.
        self._cache: dict[str, tuple[int, float]] = {}
        self._issued = 0

    def load(self, stored: Iterable[StoredApp]) -> None:
        """Know the apps read from the database at start-up."""
        # Only the configured apps are served; apps of an earlier configuration stay in the database, idle.
        self.apps = {a.app_id: App(a.app_id, a.merchant_id, a.secret) for a in stored if a.app_id in self.active}

    def app(self, app_id: int) -> App | None:
        """The app with this id, if the server knows it."""
        return self.apps.get(app_id)

    async def issue(self, app_id: int, secret: str) -> str:
        """A new token for an app whose secret matches (constant-time); 401 otherwise."""
        app = self.apps.get(app_id)
        # Compare even for an unknown app, so timing does not tell which app ids exist.
        known = app.secret if app else secrets.token_hex(16)
        if not hmac.compare_digest(known.encode("utf-8"), secret.encode("utf-8")) or app is None:
            raise ApiError(401, "invalid app_id or app_secret")
        token = new_token()
        expires_at = self.clock.timestamp() + self.ttl
        await self.storage.insert_token(token, app_id, expires_at)
        self._issued += 1
        if self._issued % PRUNE_EVERY == 0:
            await self._prune()
        self._remember(token, (app_id, expires_at))
        return token

    async def resolve(self, token: str | None) -> App:
        """The app a token belongs to; 401 when the token is missing, unknown or expired."""
        if not token:
            raise ApiError(401, "missing access_token header")
        entry = self._cache.get(token)
        if entry is None:
            found = await self.storage.find_token(token)
            if found is None or found[0] not in self.apps:
                raise ApiError(401, "invalid access_token")
            entry = found
            self._remember(token, entry)
        app_id, expires_at = entry
        if self.clock.timestamp() >= expires_at:
            raise ApiError(401, "access_token has expired")
        return self.apps[app_id]

    def _remember(self, token: str, entry: tuple[int, float]) -> None:
        if len(self._cache) >= MAX_CACHED:
            self._cache.clear()
        self._cache[token] = entry

    async def _prune(self) -> None:
        now = self.clock.timestamp()
        await self.storage.prune_tokens(now)
        self._cache = {token: entry for token, entry in self._cache.items() if entry[1] > now}
