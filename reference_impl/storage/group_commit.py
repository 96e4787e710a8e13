"""Group commit: the writes of all requests handled in one turn of the event loop share one transaction,
committed once at the end of the turn; no response leaves before the data it wrote or read is committed.

A request's writes run in a savepoint (`unit`), so a handler that fails undoes only its own writes.
One commit per turn instead of one per request is what lets order creation keep up under concurrency,
and acknowledging only after COMMIT keeps the durability of a commit per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Iterator


class GroupCommit:
    """The shared write transaction of one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._waiters: list[asyncio.Future[None]] = []

    @contextlib.contextmanager
    def unit(self, single_statement: bool = False) -> Iterator[sqlite3.Connection]:
        """Run one request's writes (all or nothing) inside the shared transaction.

        A single statement is atomic by itself, so `single_statement` units skip the savepoint.
        """
        conn = self.conn
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
        if single_statement:
            yield conn
            return
        conn.execute("SAVEPOINT request")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO request")
            conn.execute("RELEASE request")
            raise
        conn.execute("RELEASE request")

    async def settle(self) -> None:
        """Return once everything this request could have written or read is committed."""
        if not self.conn.in_transaction:
            return
        future = asyncio.get_running_loop().create_future()
        self._waiters.append(future)
        if len(self._waiters) == 1:
            # Runs after the requests already scheduled in this turn, so their writes join this commit.
            asyncio.get_running_loop().call_soon(self._commit)
        await future

    def _commit(self) -> None:
        waiters, self._waiters = self._waiters, []
        try:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        except Exception as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            for future in waiters:
                if not future.done():
                    future.set_exception(exc)
            return
        for future in waiters:
            if not future.done():
                future.set_result(None)
