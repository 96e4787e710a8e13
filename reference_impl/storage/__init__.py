"""Where the reference server keeps its data: one interface (`base.Storage`), written once in shared SQL
(`sql.SqlStorage`), on SQLite (`sqlite`, the default) or PostgreSQL (`postgres`, for a `postgresql://` URL)."""

from __future__ import annotations

from reference_impl.config import Settings
from reference_impl.storage.base import Storage


def is_postgres_url(value: str) -> bool:
    """Whether a `--db` value names a PostgreSQL database rather than a SQLite file."""
    return value.startswith(("postgresql://", "postgres://"))


def create_storage(settings: Settings) -> Storage:
    """The storage the settings name, not yet opened (`await storage.open(...)`)."""
    if is_postgres_url(settings.db):
        from reference_impl.storage.postgres import PostgresStorage

        return PostgresStorage(settings.db)
    from reference_impl.storage.sqlite import SqliteStorage

    return SqliteStorage(settings.db_path)
