"""The database schema, as an ordered list of migrations; SQLite's `PRAGMA user_version` and PostgreSQL's
`schema_version` table count those applied.

A migration is written once, in SQLite's DDL; its PostgreSQL text is translated from it (`to_postgresql`),
so both databases get the same tables, columns and indexes. A migration that does not translate gives
its own `postgres_text`. Append a migration to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# SQLite DDL → PostgreSQL DDL, applied in order.
TRANSLATIONS = (
    (r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"),
    (r"\bINTEGER\b", "BIGINT"),  # SQLite's INTEGER holds 64 bits
    (r"\bREAL\b", "DOUBLE PRECISION"),
    (r"\)\s*WITHOUT ROWID", ")"),
    (r"\bname TEXT\b", "name BYTEA"),  # a channel name may hold U+0000, which PostgreSQL's TEXT cannot
)


def to_postgresql(sqlite_ddl: str) -> str:
    """The PostgreSQL text of SQLite DDL that uses only what `TRANSLATIONS` knows."""
    for pattern, replacement in TRANSLATIONS:
        sqlite_ddl = re.sub(pattern, replacement, sqlite_ddl)
    return sqlite_ddl


@dataclass(frozen=True)
class Migration:
    """One step of the schema (statements separated by `;`)."""

    sqlite: str
    postgres_text: str | None = None

    @property
    def postgresql(self) -> str:
        """The PostgreSQL text: given, or translated from SQLite's."""
        return self.postgres_text if self.postgres_text is not None else to_postgresql(self.sqlite)


# 1: apps, tokens, channels, orders, and payments (the bill items, in pay order).
SCHEMA_1 = """
    CREATE TABLE apps (
        id INTEGER PRIMARY KEY,
        merchant_id INTEGER NOT NULL,
        secret TEXT NOT NULL
    );
    CREATE TABLE tokens (
        token TEXT PRIMARY KEY,
        app_id INTEGER NOT NULL REFERENCES apps(id),
        expires_at REAL NOT NULL
    );
    CREATE INDEX tokens_by_expiry ON tokens(expires_at);
    CREATE TABLE channels (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        app_id INTEGER NOT NULL REFERENCES apps(id),
        name TEXT NOT NULL,
        pay_type INTEGER NOT NULL,
        platform INTEGER NOT NULL,
        priority INTEGER NOT NULL,
        fee_rate INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        deleted_at TEXT
    );
    CREATE INDEX channels_by_route ON channels(app_id, pay_type, priority DESC, seq);
    CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        app_id INTEGER NOT NULL REFERENCES apps(id),
        status INTEGER NOT NULL,
        amount INTEGER NOT NULL,
        channel_id TEXT NOT NULL REFERENCES channels(id),
        fee_rate INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE payments (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL UNIQUE REFERENCES orders(id),
        app_id INTEGER NOT NULL,
        channel_id TEXT NOT NULL,
        amount INTEGER NOT NULL,
        fee INTEGER NOT NULL,
        paid_at TEXT NOT NULL,
        paid_day TEXT NOT NULL
    );
    CREATE INDEX payments_by_day ON payments(app_id, paid_day, seq);
    """

MIGRATIONS: tuple[Migration, ...] = (Migration(SCHEMA_1),)
