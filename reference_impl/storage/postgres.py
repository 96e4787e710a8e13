"""PostgreSQL storage: psycopg 3 on an `AsyncConnectionPool` per worker process, shared by every worker on
every host that points at the same database.

Each request commits its own transaction (no group commit in the server): concurrent requests use
different pooled connections, and PostgreSQL already flushes the WAL of concurrent commits together,
so holding requests back to batch them would add latency without saving a flush. A commit returns
only once PostgreSQL has made it durable (`synchronous_commit` is left on), so a killed server
process loses nothing it acknowledged.

Migrations and seeding run under a transaction-scoped advisory lock, so several workers or hosts
starting at once apply them exactly once; `schema_version` is the counterpart of SQLite's
`PRAGMA user_version`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from reference_impl.storage.base import StorageUnavailable
from reference_impl.storage.sql import Session, SqlStorage

MIGRATION_LOCK = 0x7061_7963  # any constant of this application: the advisory lock of start-up
POOL_MAX = 16  # connections per worker process
CONNECT_TIMEOUT = 10.0


def mask_password(url: str) -> str:
    """The URL with its password, if any, replaced by `***`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (psycopg's run to several, with hints)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


@functools.cache
def placeholders(sql: str) -> str:
    """The shared statements' `?` as psycopg's `%s` (no statement has a `?` or `%` of its own)."""
    return sql.replace("?", "%s")


class PostgresSession:
    """A `Session` on one pooled connection."""

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self.conn = conn

    async def _execute(self, sql: str, args: Sequence[Any]) -> psycopg.AsyncCursor[Any]:
        return await self.conn.execute(placeholders(sql), tuple(args) or None)

    async def one(self, sql: str, args: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, if any."""
        return await (await self._execute(sql, args)).fetchone()

    async def all(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of a query."""
        return await (await self._execute(sql, args)).fetchall()

    async def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Execute a statement; the rows it changed."""
        return (await self._execute(sql, args)).rowcount


class PostgresStorage(SqlStorage):
    """The database on a PostgreSQL server."""

    dialect = "postgresql"

    def __init__(self, url: str, pool_max: int = POOL_MAX) -> None:
        self.url = url
        self.pool_max = pool_max
        self.pool: AsyncConnectionPool | None = None

    @property
    def label(self) -> str:
        """The URL, password masked."""
        return mask_password(self.url)

    async def connect(self) -> None:
        """Try one connection (so that a wrong URL is one clear line), then open the pool."""
        try:
            probe = await psycopg.AsyncConnection.connect(self.url, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as exc:
            raise StorageUnavailable(first_line(exc)) from None
        await probe.close()
        self.pool = AsyncConnectionPool(
            self.url, min_size=1, max_size=self.pool_max, open=False, kwargs={"autocommit": True}, timeout=30.0
        )
        try:
            await self.pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except PoolTimeout:
            await self.close()
            raise StorageUnavailable(f"no connection to {self.label} within {CONNECT_TIMEOUT:.0f} s") from None

    async def close(self) -> None:
        """Close every pooled connection."""
        if self.pool is not None:
            await self.pool.close()
            self.pool = None

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        assert self.pool is not None
        try:
            async with self.pool.connection() as conn:
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise StorageUnavailable(f"PostgreSQL: {first_line(exc)}") from exc

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[Session]:
        """A pooled connection in autocommit mode."""
        async with self._connection() as conn:
            yield PostgresSession(conn)

    @contextlib.asynccontextmanager
    async def writing(self, single_statement: bool = False) -> AsyncIterator[Session]:
        """A transaction of its own (a single statement commits by itself, saving BEGIN and COMMIT)."""
        async with self._connection() as conn:
            if single_statement:
                yield PostgresSession(conn)
                return
            async with conn.transaction():
                yield PostgresSession(conn)

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[Session]:
        """A transaction holding the start-up advisory lock."""
        async with self._connection() as conn, conn.transaction():
            session = PostgresSession(conn)
            await session.run(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            await session.run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            yield session

    async def schema_version(self, session: Session) -> int:
        """The one row of `schema_version` (0 when empty)."""
        row = await session.one("SELECT max(version) FROM schema_version")
        return int(row[0]) if row and row[0] is not None else 0

    async def set_schema_version(self, session: Session, version: int) -> None:
        """Replace the row of `schema_version`."""
        await session.run("DELETE FROM schema_version")
        await session.run("INSERT INTO schema_version (version) VALUES (?)", (version,))

    def name_in(self, name: str) -> Any:
        """Names are BYTEA (TEXT cannot hold U+0000): stored as UTF-8."""
        return name.encode("utf-8")

    def name_out(self, value: Any) -> str:
        """UTF-8 back to text."""
        return bytes(value).decode("utf-8")

    async def settle(self) -> None:
        """Nothing to wait for: every write committed before its session ended."""
