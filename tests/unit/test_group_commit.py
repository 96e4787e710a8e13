"""Group commit: writes of one event-loop turn share a COMMIT; a failed unit undoes only its own writes."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from reference_impl.storage.group_commit import GroupCommit


def open_db() -> tuple[sqlite3.Connection, list[str]]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE t (v INTEGER PRIMARY KEY)")
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    return conn, statements


def test_units_of_one_turn_share_one_commit() -> None:
    conn, statements = open_db()
    commits = GroupCommit(conn)

    async def request(value: int) -> None:
        with commits.unit(single_statement=True) as c:
            c.execute("INSERT INTO t VALUES (?)", (value,))
        await commits.settle()

    async def main() -> None:
        await asyncio.gather(*(request(v) for v in range(10)))

    asyncio.run(main())
    assert statements.count("COMMIT") == 1
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 10
    assert not conn.in_transaction


def test_a_failed_unit_rolls_back_only_its_writes_and_still_settles() -> None:
    conn, _statements = open_db()
    commits = GroupCommit(conn)

    async def main() -> None:
        with commits.unit() as c:
            c.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(RuntimeError), commits.unit() as c:
            c.execute("INSERT INTO t VALUES (2)")
            raise RuntimeError("refused")
        await commits.settle()

    asyncio.run(main())
    assert [row[0] for row in conn.execute("SELECT v FROM t")] == [1]
    assert not conn.in_transaction


def test_a_failed_commit_reaches_every_waiter() -> None:
    conn, _statements = open_db()
    conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)")
    conn.execute("PRAGMA foreign_keys=ON")
    commits = GroupCommit(conn)

    async def request() -> None:
        with commits.unit(single_statement=True) as c:
            c.execute("INSERT INTO child VALUES (42)")  # only checked at COMMIT
        await commits.settle()

    async def main() -> list[object]:
        return await asyncio.gather(request(), request(), return_exceptions=True)

    results = asyncio.run(main())
    assert all(isinstance(r, sqlite3.IntegrityError) for r in results)
    assert conn.execute("SELECT count(*) FROM child").fetchone()[0] == 0
    assert not conn.in_transaction
