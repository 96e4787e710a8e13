"""SQLite storage: open the database (WAL), apply the migrations, seed the demo apps and their channels.

Durability: WAL with `synchronous=NORMAL` writes every committed transaction to the WAL file before
the commit returns, so a killed server process (SIGKILL, a crash) loses nothing it acknowledged;
only a power cut or kernel crash can lose the last transactions before a checkpoint.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from reference_impl.clock import Clock, format_time
from reference_impl.config import DEMO_CHANNELS, AppCredentials, Settings
from reference_impl.ids import new_id
from reference_impl.migrations import MIGRATIONS


def connect(path: str) -> sqlite3.Connection:
    """Open (creating if needed) the database in autocommit mode, WAL, foreign keys on."""
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA journal_size_limit=67108864")  # after a checkpoint resets the WAL, shrink it to 64 MiB
    return conn


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """`BEGIN IMMEDIATE` … `COMMIT`, rolled back if the block raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations not yet applied (each in its own transaction); return the schema version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise RuntimeError(f"the database has schema version {version}, newer than this server ({len(MIGRATIONS)})")
    for number in range(version + 1, len(MIGRATIONS) + 1):
        with transaction(conn):
            for statement in MIGRATIONS[number - 1].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS)


def seed_apps(conn: sqlite3.Connection, apps: tuple[AppCredentials, ...], clock: Clock) -> list[int]:
    """Make sure every configured app exists with its secret; new apps get the demo channels (the spec's).

    Returns the ids of the apps created now (first start, or newly configured).
    """
    created = []
    now = format_time(clock.now())
    with transaction(conn):
        for app in apps:
            row = conn.execute("SELECT 1 FROM apps WHERE id = ?", (app.app_id,)).fetchone()
            if row:
                conn.execute(
                    "UPDATE apps SET merchant_id = ?, secret = ? WHERE id = ?",
                    (app.merchant_id, app.secret, app.app_id),
                )
                continue
            conn.execute("INSERT INTO apps VALUES (?, ?, ?)", (app.app_id, app.merchant_id, app.secret))
            for ch in DEMO_CHANNELS:
                conn.execute(
                    "INSERT INTO channels (id, app_id, name, pay_type, platform, priority, fee_rate, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (new_id("chn"), app.app_id, ch.name, ch.pay_type, ch.platform, ch.priority, ch.fee_rate, now),
                )
            created.append(app.app_id)
    return created


def prepare(settings: Settings, clock: Clock) -> tuple[sqlite3.Connection, list[int]]:
    """Open, migrate and seed the configured database; return it and the apps created now."""
    conn = connect(settings.db_path)
    migrate(conn)
    return conn, seed_apps(conn, settings.apps, clock)
