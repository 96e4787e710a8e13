"""Storage: migrations counted by `PRAGMA user_version`, seeding once, WAL on a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reference_impl.clock import Clock
from reference_impl.config import DEMO_APPS, AppCredentials
from reference_impl.migrations import MIGRATIONS
from reference_impl.storage import connect, migrate, seed_apps


def test_migrations_apply_once_and_record_the_version(tmp_path: Path) -> None:
    conn = connect(str(tmp_path / "db.sqlite3"))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert migrate(conn) == len(MIGRATIONS)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert migrate(conn) == len(MIGRATIONS)  # nothing left to apply


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    conn = connect(str(tmp_path / "db.sqlite3"))
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(RuntimeError, match="newer than this server"):
        migrate(conn)


def test_apps_are_seeded_once_with_their_channels_and_secrets_follow_configuration() -> None:
    conn = connect(":memory:")
    migrate(conn)
    assert seed_apps(conn, DEMO_APPS, Clock()) == [10001, 10002]
    assert seed_apps(conn, DEMO_APPS, Clock()) == []
    rows = conn.execute("SELECT app_id, name, pay_type, platform, priority, fee_rate FROM channels ORDER BY seq")
    assert [row[:2] for row in rows][:3] == [
        (10001, "alipay-default"),
        (10001, "wechat-default"),
        (10001, "unionpay-default"),
    ]
    assert conn.execute("SELECT count(*) FROM channels").fetchone()[0] == 6
    seed_apps(conn, (AppCredentials(10001, 20001, "rotated"),), Clock())
    assert conn.execute("SELECT secret FROM apps WHERE id = 10001").fetchone()[0] == "rotated"
