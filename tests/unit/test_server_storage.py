"""SQLite storage: migrations counted by `PRAGMA user_version`, seeding once, WAL on a file."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from reference_impl.config import DEMO_APPS, AppCredentials
from reference_impl.storage.base import StorageError
from reference_impl.storage.migrations import MIGRATIONS
from reference_impl.storage.sqlite import SqliteStorage, connect

NOW = "2026-06-01 12:00:00"


def opened(path: str, apps: tuple[AppCredentials, ...] = DEMO_APPS) -> tuple[SqliteStorage, list[int]]:
    """A storage opened on `path`, and the apps it seeded."""
    storage = SqliteStorage(path)
    return storage, asyncio.run(storage.open(apps, NOW))


def test_migrations_apply_once_and_record_the_version(tmp_path: Path) -> None:
    path = str(tmp_path / "db.sqlite3")
    storage, _ = opened(path)
    assert storage.conn is not None
    assert storage.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert storage.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    asyncio.run(storage.close())
    again, created = opened(path)  # nothing left to apply, nothing to seed
    assert created == []
    asyncio.run(again.close())


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "db.sqlite3")
    connect(path).execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StorageError, match="newer than this server"):
        opened(path)


def test_apps_are_seeded_once_with_their_channels_and_secrets_follow_configuration() -> None:
    storage, created = opened(":memory:")
    assert created == [10001, 10002]
    conn = storage.conn
    assert conn is not None
    rows = conn.execute("SELECT app_id, name, pay_type, platform, priority, fee_rate FROM channels ORDER BY seq")
    assert [row[:2] for row in rows][:3] == [
        (10001, "alipay-default"),
        (10001, "wechat-default"),
        (10001, "unionpay-default"),
    ]
    assert conn.execute("SELECT count(*) FROM channels").fetchone()[0] == 6

    async def reseed() -> list[int]:
        async with storage.exclusive() as session:
            return await storage._seed(session, (AppCredentials(10001, 20001, "rotated"),), NOW)

    assert asyncio.run(reseed()) == []
    assert conn.execute("SELECT secret FROM apps WHERE id = 10001").fetchone()[0] == "rotated"
