"""The database schema, as an ordered list of migrations; `PRAGMA user_version` counts those applied.

Append a migration to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: apps, tokens, channels, orders, and payments (the bill items, in pay order).
    """
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
    """,
)
