"""The storage interface the handlers and the token store use, whatever the database behind it.

Every operation a request needs is one awaitable method; start-up (migrations, seeding, the apps) is
`open`. Implementations: `sqlite.SqliteStorage` (the embedded default) and `postgres.PostgresStorage`.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reference_impl.config import AppCredentials

STATUS_PENDING, STATUS_PAID = 0, 1  # the order statuses that storage moves between
# A channel as stored: id, app_id, name, pay_type, platform, priority, fee_rate, created_at.
CHANNEL_FIELDS = ("id", "app_id", "name", "pay_type", "platform", "priority", "fee_rate", "created_at")
ChannelRow = tuple[Any, ...]
# A bill item: order_id, channel_id, amount, fee, paid_at.
BillRow = tuple[str, str, int, int, str]


class StorageError(Exception):
    """A failure of the database itself, not of the request."""


class StorageUnavailable(StorageError):
    """The database cannot be reached right now (connection refused or lost, pool exhausted)."""


@dataclass(frozen=True)
class Route:
    """The channel an order is routed to."""

    channel_id: str
    platform: int
    fee_rate: int


@dataclass(frozen=True)
class StoredOrder:
    """What paying an order needs to know of it."""

    status: int
    amount: int
    channel_id: str
    fee_rate: int
    body: str


@dataclass(frozen=True)
class Payment:
    """One bill item, written when an order is paid."""

    order_id: str
    app_id: int
    channel_id: str
    amount: int
    fee: int
    paid_at: str


class Deletion(enum.Enum):
    """The outcome of deleting a channel."""

    DELETED = "deleted"
    GONE = "gone"  # deleted before
    MISSING = "missing"  # unknown, or another app's


@dataclass(frozen=True)
class StoredApp:
    """An app row: id, merchant id, secret."""

    app_id: int
    merchant_id: int
    secret: str


class Storage(ABC):
    """The operations of the reference server on its database."""

    @property
    @abstractmethod
    def label(self) -> str:
        """Where the data lives, for the start-up banner (never a password)."""

    @abstractmethod
    async def open(self, apps: Sequence[AppCredentials], now: str) -> list[int]:
        """Connect, apply pending migrations, seed `apps` (new ones get the demo channels); the ids seeded now."""

    @abstractmethod
    async def close(self) -> None:
        """Release every connection."""

    @abstractmethod
    async def load_apps(self) -> list[StoredApp]:
        """Every app in the database."""

    @abstractmethod
    async def settle(self) -> None:
        """Return once everything this request wrote or read is committed."""

    @abstractmethod
    async def route(self, app_id: int, pay_type: int) -> Route | None:
        """The live channel of this pay_type with the highest priority, oldest on a tie."""

    @abstractmethod
    async def insert_order(
        self, order_id: str, app_id: int, amount: int, route: Route, created_at: str, body: str
    ) -> bool:
        """Store a new pending order; False when the id is taken (the caller draws another)."""

    @abstractmethod
    async def orders_by_id(self, app_id: int, ids: Sequence[str]) -> dict[str, str]:
        """id → stored JSON body, for the app's orders among `ids`."""

    @abstractmethod
    async def find_order(self, app_id: int, order_id: str) -> StoredOrder | None:
        """The app's order with this id, if any."""

    @abstractmethod
    async def mark_paid(self, payment: Payment, body: str) -> bool:
        """Pending → paid with its new body and bill item, atomically; False when it was no longer pending."""

    @abstractmethod
    async def insert_channel(self, row: ChannelRow) -> bool:
        """Store a new channel (fields as `CHANNEL_FIELDS`); False when the id is taken."""

    @abstractmethod
    async def list_channels(self, app_id: int, pay_type: int | None) -> list[ChannelRow]:
        """The app's live channels, oldest first, optionally of one pay_type."""

    @abstractmethod
    async def delete_channel(self, app_id: int, channel_id: str, deleted_at: str) -> tuple[Deletion, ChannelRow | None]:
        """Delete a live channel of the app; the outcome and the channel as it was."""

    @abstractmethod
    async def bill_items(self, app_id: int, day: str) -> list[BillRow]:
        """The app's payments of one UTC+8 day (`YYYY-MM-DD`), in pay order."""

    @abstractmethod
    async def insert_token(self, token: str, app_id: int, expires_at: float) -> None:
        """Store an issued token."""

    @abstractmethod
    async def find_token(self, token: str) -> tuple[int, float] | None:
        """(app_id, expires_at) of a token, if it was issued."""

    @abstractmethod
    async def prune_tokens(self, now: float) -> None:
        """Forget tokens that expired before `now`."""
