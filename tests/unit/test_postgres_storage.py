"""PostgreSQL storage without a server: URL masking, placeholders, the translated migrations, the choice of backend."""

from __future__ import annotations

import pytest

from reference_impl.config import load_settings
from reference_impl.storage import create_storage
from reference_impl.storage.migrations import MIGRATIONS, to_postgresql
from reference_impl.storage.postgres import PostgresStorage, mask_password, placeholders
from reference_impl.storage.sqlite import SqliteStorage


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://app:s3cret@db:5432/pay", "postgresql://app:***@db:5432/pay"),
        ("postgresql://app@db/pay", "postgresql://app@db/pay"),
        ("postgres://app:p%40ss@[::1]:6432/pay?sslmode=require", "postgres://app:***@[::1]:6432/pay?sslmode=require"),
    ],
)
def test_the_password_is_masked(url: str, shown: str) -> None:
    assert mask_password(url) == shown
    assert PostgresStorage(url).label == shown


def test_placeholders_become_psycopg_ones() -> None:
    assert placeholders("SELECT 1 FROM t WHERE a = ? AND b IN (?,?)") == "SELECT 1 FROM t WHERE a = %s AND b IN (%s,%s)"


def test_every_migration_translates_to_postgresql_types() -> None:
    for migration in MIGRATIONS:
        text = migration.postgresql
        for sqlite_only in ("AUTOINCREMENT", "WITHOUT ROWID", " REAL ", "INTEGER"):
            assert sqlite_only not in text
        assert text.count("CREATE TABLE") == migration.sqlite.count("CREATE TABLE")
        assert text.count("CREATE INDEX") == migration.sqlite.count("CREATE INDEX")
    identity = "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    assert to_postgresql("seq INTEGER PRIMARY KEY AUTOINCREMENT,") == identity


def test_the_db_setting_picks_the_backend() -> None:
    url = "postgresql://app@db:5432/pay"
    assert isinstance(create_storage(load_settings(environ={"PAYCONTRACT_DB": url})), PostgresStorage)
    assert isinstance(create_storage(load_settings(environ={}, db=url)), PostgresStorage)
    assert isinstance(create_storage(load_settings(environ={}, db=":memory:")), SqliteStorage)
