"""SQLite storage, the embedded default: one connection per worker process (WAL), writes grouped into one
commit per event-loop turn (`group_commit`), checkpoints on a background thread (`checkpoint`).

Durability: WAL with `synchronous=NORMAL` writes every committed transaction to the WAL file before
the commit returns, so a killed server process (SIGKILL, a crash) loses nothing it acknowledged;
only a power cut or kernel crash can lose the last transactions before a checkpoint.

Every session method runs to completion without yielding to the event loop, so a request's writes
never interleave with another's inside the shared transaction.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from reference_impl.storage.checkpoint import Checkpointer
from reference_impl.storage.group_commit import GroupCommit
from reference_impl.storage.sql import Session, SqlStorage

MEMORY = ":memory:"


def connect(path: str) -> sqlite3.Connection:
    """Open (creating if needed) the database in autocommit mode, WAL, foreign keys on."""
    if path != MEMORY:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA journal_size_limit=67108864")  # after a checkpoint resets the WAL, shrink it to 64 MiB
    return conn


class SqliteSession:
    """A `Session` on the worker's one connection; also its own (no-op) context for reads.

    The contexts are plain classes rather than `asynccontextmanager`s: on the hot path the generator
    machinery cost more than the query it wrapped.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    async def __aenter__(self) -> SqliteSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def one(self, sql: str, args: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, if any."""
        return self.conn.execute(sql, args).fetchone()

    async def all(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of a query."""
        return self.conn.execute(sql, args).fetchall()

    async def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Execute a statement; the rows it changed."""
        return self.conn.execute(sql, args).rowcount


class Unit:
    """One request's writes in the shared group-commit transaction (`GroupCommit.unit`), as an async context."""

    def __init__(self, commits: GroupCommit, session: SqliteSession, single_statement: bool) -> None:
        self.context = commits.unit(single_statement)
        self.session = session

    async def __aenter__(self) -> SqliteSession:
        self.context.__enter__()
        return self.session

    async def __aexit__(self, *exc: Any) -> bool | None:
        return self.context.__exit__(*exc)


class SqliteStorage(SqlStorage):
    """The database in one SQLite file (or in memory)."""

    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = None
        self.commits: GroupCommit | None = None
        self.session: SqliteSession | None = None
        self.checkpointer: Checkpointer | None = None

    @property
    def label(self) -> str:
        """The file's path."""
        return self.path

    async def connect(self) -> None:
        """Open the file; a file database gets its checkpoints on a background thread."""
        self.conn = connect(self.path)
        self.commits = GroupCommit(self.conn)
        self.session = SqliteSession(self.conn)
        if self.path != MEMORY:
            self.conn.execute("PRAGMA wal_autocheckpoint=0")
            self.checkpointer = Checkpointer(self.path)
            self.checkpointer.start()

    async def close(self) -> None:
        """Stop checkpointing (a last full checkpoint) and close the connection."""
        if self.checkpointer is not None:
            self.checkpointer.stop()
            self.checkpointer = None
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def reading(self) -> AbstractAsyncContextManager[Session]:
        """The connection as it is (reads see this turn's writes; `settle` waits for their commit)."""
        assert self.session is not None
        return self.session

    def writing(self, single_statement: bool = False) -> AbstractAsyncContextManager[Session]:
        """A unit of the shared group-commit transaction."""
        assert self.commits is not None and self.session is not None
        return Unit(self.commits, self.session, single_statement)

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[Session]:
        """`BEGIN IMMEDIATE` … `COMMIT`: other processes' start-ups wait on the write lock."""
        assert self.conn is not None and self.session is not None
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.session
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    async def schema_version(self, session: Session) -> int:
        """`PRAGMA user_version`."""
        row = await session.one("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def set_schema_version(self, session: Session, version: int) -> None:
        """`PRAGMA user_version = N` (transactional in SQLite)."""
        await session.run(f"PRAGMA user_version = {int(version)}")

    async def settle(self) -> None:
        """Wait for the group commit of this turn."""
        if self.commits is not None:
            await self.commits.settle()
