"""Every storage operation written once, in the SQL that SQLite and PostgreSQL share.

A dialect supplies sessions (`reading`, `writing`, `exclusive`), where its schema version lives, its
migration texts and how a channel name is stored; the statements use `?` placeholders, which a
dialect may rewrite. Writes that must not race are conditional (`… WHERE status = 0`,
`… WHERE deleted_at IS NULL`), so they stay right with any number of workers on any number of hosts.
"""

from __future__ import annotations

import functools
from abc import abstractmethod
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from reference_impl.config import DEMO_CHANNELS, AppCredentials
from reference_impl.ids import new_id
from reference_impl.storage.base import (
    CHANNEL_FIELDS,
    STATUS_PAID,
    STATUS_PENDING,
    BillRow,
    ChannelRow,
    Deletion,
    Payment,
    Route,
    Storage,
    StorageError,
    StoredApp,
    StoredOrder,
)
from reference_impl.storage.migrations import MIGRATIONS

COLUMNS = ", ".join(CHANNEL_FIELDS)
INSERT_CHANNEL = f"INSERT INTO channels ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
LIVE_CHANNELS = f"SELECT {COLUMNS} FROM channels WHERE app_id = ? AND deleted_at IS NULL"
ROUTE = (
    "SELECT id, platform, fee_rate FROM channels WHERE app_id = ? AND pay_type = ? AND deleted_at IS NULL"
    " ORDER BY priority DESC, seq LIMIT 1"
)
INSERT_ORDER = (
    "INSERT INTO orders (id, app_id, status, amount, channel_id, fee_rate, created_at, body)"
    f" VALUES (?, ?, {STATUS_PENDING}, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"
)
PAY_ORDER = (
    f"UPDATE orders SET status = {STATUS_PAID}, body = ? WHERE id = ? AND app_id = ? AND status = {STATUS_PENDING}"
)
INSERT_PAYMENT = (
    "INSERT INTO payments (order_id, app_id, channel_id, amount, fee, paid_at, paid_day) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
DELETE_CHANNEL = (
    f"UPDATE channels SET deleted_at = ? WHERE id = ? AND app_id = ? AND deleted_at IS NULL RETURNING {COLUMNS}"
)


@functools.cache
def orders_among(count: int) -> str:
    """The query of an app's orders among `count` ids (one text per count, so drivers can reuse its plan)."""
    return "SELECT id, body FROM orders WHERE app_id = ? AND id IN (" + ",".join("?" * count) + ")"


class Session(Protocol):
    """One connection (inside a transaction or not) as the shared operations use it."""

    async def one(self, sql: str, args: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, if any."""

    async def all(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of a query."""

    async def run(self, sql: str, args: Sequence[Any] = ()) -> int:
        """Execute a statement; the number of rows it changed."""


class SqlStorage(Storage):
    """`Storage` on top of a dialect's sessions."""

    dialect: str

    @abstractmethod
    async def connect(self) -> None:
        """Open the connection(s)."""

    @abstractmethod
    def reading(self) -> AbstractAsyncContextManager[Session]:
        """A session for reads."""

    @abstractmethod
    def writing(self, single_statement: bool = False) -> AbstractAsyncContextManager[Session]:
        """A session whose writes are all or nothing (`single_statement`: one statement, atomic by itself)."""

    @abstractmethod
    def exclusive(self) -> AbstractAsyncContextManager[Session]:
        """A transaction that no other process's start-up runs beside (migrations and seeding)."""

    @abstractmethod
    async def schema_version(self, session: Session) -> int:
        """How many migrations the database has."""

    @abstractmethod
    async def set_schema_version(self, session: Session, version: int) -> None:
        """Record that `version` migrations are applied."""

    def name_in(self, name: str) -> Any:
        """A channel name as the database stores it."""
        return name

    def name_out(self, value: Any) -> str:
        """A stored channel name as text."""
        return value

    def _channel_out(self, row: tuple[Any, ...]) -> ChannelRow:
        return (*row[:2], self.name_out(row[2]), *row[3:])

    async def open(self, apps: Sequence[AppCredentials], now: str) -> list[int]:
        """Connect, migrate and seed, all in one exclusive transaction."""
        await self.connect()
        async with self.exclusive() as session:
            await self._migrate(session)
            return await self._seed(session, apps, now)

    async def _migrate(self, session: Session) -> None:
        version = await self.schema_version(session)
        if version > len(MIGRATIONS):
            raise StorageError(f"the database has schema version {version}, newer than this server ({len(MIGRATIONS)})")
        for number in range(version + 1, len(MIGRATIONS) + 1):
            for statement in getattr(MIGRATIONS[number - 1], self.dialect).split(";"):
                if statement.strip():
                    await session.run(statement)
            await self.set_schema_version(session, number)

    async def _seed(self, session: Session, apps: Sequence[AppCredentials], now: str) -> list[int]:
        created = []
        for app in apps:
            if await session.one("SELECT 1 FROM apps WHERE id = ?", (app.app_id,)):
                await session.run(
                    "UPDATE apps SET merchant_id = ?, secret = ? WHERE id = ?",
                    (app.merchant_id, app.secret, app.app_id),
                )
                continue
            await session.run(
                "INSERT INTO apps (id, merchant_id, secret) VALUES (?, ?, ?)", (app.app_id, app.merchant_id, app.secret)
            )
            for ch in DEMO_CHANNELS:  # the spec's demo channels (`info.x-sandbox`)
                name = self.name_in(ch.name)
                row = (new_id("chn"), app.app_id, name, ch.pay_type, ch.platform, ch.priority, ch.fee_rate, now)
                await session.run(INSERT_CHANNEL, row)
            created.append(app.app_id)
        return created

    async def load_apps(self) -> list[StoredApp]:
        """Every app in the database."""
        async with self.reading() as session:
            rows = await session.all("SELECT id, merchant_id, secret FROM apps")
        return [StoredApp(*row) for row in rows]

    async def route(self, app_id: int, pay_type: int) -> Route | None:
        """The channel a new order of this pay_type goes to."""
        async with self.reading() as session:
            row = await session.one(ROUTE, (app_id, pay_type))
        return Route(*row) if row else None

    async def insert_order(
        self, order_id: str, app_id: int, amount: int, route: Route, created_at: str, body: str
    ) -> bool:
        """Store a pending order unless its id is taken."""
        args = (order_id, app_id, amount, route.channel_id, route.fee_rate, created_at, body)
        async with self.writing(single_statement=True) as session:
            return await session.run(INSERT_ORDER, args) == 1

    async def orders_by_id(self, app_id: int, ids: Sequence[str]) -> dict[str, str]:
        """The app's stored orders among `ids`."""
        marks = ",".join("?" * len(ids))
        async with self.reading() as session:
            rows = await session.all(
                f"SELECT id, body FROM orders WHERE app_id = ? AND id IN ({marks})", (app_id, *ids)
            )
        return dict(rows)

    async def find_order(self, app_id: int, order_id: str) -> StoredOrder | None:
        """The app's order, for paying it."""
        async with self.reading() as session:
            row = await session.one(
                "SELECT status, amount, channel_id, fee_rate, body FROM orders WHERE id = ? AND app_id = ?",
                (order_id, app_id),
            )
        return StoredOrder(*row) if row else None

    async def mark_paid(self, payment: Payment, body: str) -> bool:
        """Pay a pending order and write its bill item, or nothing when it was no longer pending."""
        p = payment
        async with self.writing() as session:
            if await session.run(PAY_ORDER, (body, p.order_id, p.app_id)) != 1:
                return False
            args = (p.order_id, p.app_id, p.channel_id, p.amount, p.fee, p.paid_at, p.paid_at[:10])
            await session.run(INSERT_PAYMENT, args)
        return True

    async def insert_channel(self, row: ChannelRow) -> bool:
        """Store a channel unless its id is taken."""
        stored = (*row[:2], self.name_in(row[2]), *row[3:])
        async with self.writing(single_statement=True) as session:
            return await session.run(INSERT_CHANNEL, stored) == 1

    async def list_channels(self, app_id: int, pay_type: int | None) -> list[ChannelRow]:
        """The app's live channels, oldest first."""
        sql, args = LIVE_CHANNELS, [app_id]
        if pay_type is not None:
            sql, args = sql + " AND pay_type = ?", [app_id, pay_type]
        async with self.reading() as session:
            rows = await session.all(sql + " ORDER BY seq", args)
        return [self._channel_out(row) for row in rows]

    async def delete_channel(self, app_id: int, channel_id: str, deleted_at: str) -> tuple[Deletion, ChannelRow | None]:
        """Mark a live channel deleted; tell a deleted one (GONE) from an unknown one (MISSING)."""
        async with self.writing() as session:
            rows = await session.all(DELETE_CHANNEL, (deleted_at, channel_id, app_id))
            if rows:
                return Deletion.DELETED, self._channel_out(rows[0])
            row = await session.one("SELECT 1 FROM channels WHERE id = ? AND app_id = ?", (channel_id, app_id))
        return (Deletion.GONE if row else Deletion.MISSING), None

    async def bill_items(self, app_id: int, day: str) -> list[BillRow]:
        """The day's payments of the app, in pay order."""
        async with self.reading() as session:
            rows = await session.all(
                "SELECT order_id, channel_id, amount, fee, paid_at FROM payments"
                " WHERE app_id = ? AND paid_day = ? ORDER BY seq",
                (app_id, day),
            )
        return [tuple(row) for row in rows]  # type: ignore[misc]

    async def insert_token(self, token: str, app_id: int, expires_at: float) -> None:
        """Store an issued token."""
        async with self.writing(single_statement=True) as session:
            await session.run(
                "INSERT INTO tokens (token, app_id, expires_at) VALUES (?, ?, ?)", (token, app_id, expires_at)
            )

    async def find_token(self, token: str) -> tuple[int, float] | None:
        """(app_id, expires_at) of an issued token."""
        async with self.reading() as session:
            row = await session.one("SELECT app_id, expires_at FROM tokens WHERE token = ?", (token,))
        return (row[0], row[1]) if row else None

    async def prune_tokens(self, now: float) -> None:
        """Delete expired tokens."""
        async with self.writing(single_statement=True) as session:
            await session.run("DELETE FROM tokens WHERE expires_at < ?", (now,))
