"""The two storage backends as the tests see them: a fresh database of either kind, and the few things a
test does to a database behind the server's back (break it, check it), by its `--db` value."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import psycopg

from tests.support.postgres_cluster import Cluster

BACKENDS = ("sqlite", "postgresql")
_numbers = itertools.count(1)


def is_postgres(db: str) -> bool:
    """Whether a `--db` value names a PostgreSQL database."""
    return db.startswith(("postgresql://", "postgres://"))


def new_postgres_database(cluster: Cluster) -> str:
    """CREATE DATABASE with a name of its own on the cluster; its URL."""
    name = f"paycontract_{next(_numbers)}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return cluster.url(name)


def new_database(backend: str, folder: Path, cluster: Cluster | None) -> str:
    """A `--db` value for an empty database of `backend`: a new SQLite file in `folder`, or a new PG database."""
    if backend == "postgresql":
        assert cluster is not None, "the postgresql backend needs the cluster fixture"
        return new_postgres_database(cluster)
    return str(folder / f"db-{next(_numbers)}.sqlite3")


def execute(db: str, statement: str) -> None:
    """Run one statement on the database, as an operator with a shell would."""
    if is_postgres(db):
        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute(statement)
        return
    with sqlite3.connect(db) as conn:
        conn.execute(statement)


def missing_table_error(db: str, table: str) -> str:
    """What the database's driver says when `table` does not exist."""
    return f'relation "{table}" does not exist' if is_postgres(db) else f"no such table: {table}"


def integrity_problems(db: str) -> list[str]:
    """What the database's own check finds wrong (SQLite's `integrity_check`; PostgreSQL: amcheck on the indexes)."""
    if not is_postgres(db):
        with sqlite3.connect(db) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        return [] if result == "ok" else [result]
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = conn.execute(
            "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
        ).fetchall()
        problems = []
        for (index,) in indexes:
            try:
                conn.execute("SELECT bt_index_check(%s::regclass, true)", (index,))
            except psycopg.Error as exc:
                problems.append(f"{index}: {exc}")
    return problems
