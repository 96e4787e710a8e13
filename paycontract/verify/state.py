"""What the run knows about the server's state, learned only from its answers to the run's own writes.

Some answers depend on state the schema cannot express: deleting a channel twice is 410, paying a paid order
is 400, a bill for a day after the server's today is 400. The model records what this run created, paid and
deleted (and the server's date, read from `created_at`), so a check can tell an answer the contract requires
from a refusal of valid input.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from paycontract.roles import BILL as GET_BILL
from paycontract.roles import CREATE_CHANNEL, CREATE_ORDER, DELETE_CHANNEL, LIST_CHANNELS, PAY_ORDER, QUERY_ORDERS

# The operations whose effects the model follows, by role (`x-role`): their meaning is the DESIGN's, their
# parameters and shapes are read from the spec. The checks import them from here.
__all__ = ["CREATE_CHANNEL", "CREATE_ORDER", "DELETE_CHANNEL", "GET_BILL", "LIST_CHANNELS", "PAY_ORDER", "QUERY_ORDERS"]


@dataclass
class KnownChannel:
    """A channel as last answered by a write, and whose it is."""

    data: dict[str, Any]
    app_id: int
    deleted: bool = False
    created_by_run: bool = False
    changed_at: int = 0


@dataclass
class KnownOrder:
    """An order as last answered by create or pay, and whose it is."""

    data: dict[str, Any]
    app_id: int
    changed_at: int = 0
    # The order as its create answered it (a pay may change only status and updated_at).
    created: dict[str, Any] | None = None


@dataclass(frozen=True)
class Expectation:
    """The statuses the contract allows for a valid, correctly signed request, given the state, and why."""

    statuses: frozenset[int]
    reason: str


ACCEPTED = Expectation(frozenset({200}), "a valid, correctly signed request")


@dataclass
class ServerModel:
    """Orders and channels this run has seen written, and the server's calendar day."""

    # How many days back the server serves bills (the spec's `x-retention-days`).
    retention_days: int
    orders: dict[str, KnownOrder] = field(default_factory=dict)
    channels: dict[str, KnownChannel] = field(default_factory=dict)
    complete_apps: set[int] = field(default_factory=set)
    today: dt.date | None = None
    seq: int = 0
    # Orders a flow created and never pays: no bill may list them.
    kept_pending: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # --- learning -----------------------------------------------------------------------------------------

    def observe(self, role: str | None, app_id: int | None, params: dict[str, str], status: int, body: Any) -> None:
        """Fold a 200 answer to an operation playing one of the followed roles into the model."""
        if status != 200 or app_id is None or not isinstance(body, dict):
            return
        data = body.get("data")
        with self._lock:
            self.seq += 1
            if role in (CREATE_ORDER, PAY_ORDER) and isinstance(data, dict) and isinstance(data.get("id"), str):
                self._learn_day(data.get("created_at"))
                self._learn_day(data.get("updated_at"))
                known = self.orders.get(data["id"])
                if role == CREATE_ORDER or (known is not None and known.app_id == app_id):
                    created = known.created if known is not None and role == PAY_ORDER else data
                    self.orders[data["id"]] = KnownOrder(data, app_id, self.seq, created)
            elif role == CREATE_CHANNEL and isinstance(data, dict) and isinstance(data.get("id"), str):
                self._learn_day(data.get("created_at"))
                self.channels[data["id"]] = KnownChannel(data, app_id, created_by_run=True, changed_at=self.seq)
            elif role == DELETE_CHANNEL and isinstance(params.get("id"), str):
                known_channel = self.channels.get(params["id"])
                if known_channel is None and isinstance(data, dict):
                    known_channel = self.channels[params["id"]] = KnownChannel(data, app_id)
                if known_channel is not None:
                    known_channel.deleted = True
                    known_channel.changed_at = self.seq
            elif role == LIST_CHANNELS and isinstance(data, list):
                for item in data:
                    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] not in self.channels:
                        self.channels[item["id"]] = KnownChannel(item, app_id, changed_at=self.seq)

    def mark_complete(self, app_id: int) -> None:
        """Every live channel of `app_id` is known (listed at the start, then followed through this run)."""
        with self._lock:
            self.complete_apps.add(app_id)

    def _learn_day(self, timestamp: object) -> None:
        if isinstance(timestamp, str) and len(timestamp) >= 10:
            try:
                day = dt.date.fromisoformat(timestamp[:10])
            except ValueError:
                return
            if self.today is None or day > self.today:
                self.today = day

    # --- questions ----------------------------------------------------------------------------------------

    def is_protected_channel(self, channel_id: str) -> bool:
        """A live channel this run did not create: the run never deletes it (it is the server's own data)."""
        known = self.channels.get(channel_id)
        return known is not None and not known.created_by_run and not known.deleted

    def orders_of(self, app_id: int) -> list[str]:
        """Ids of the orders of `app_id` this run has seen created."""
        with self._lock:
            return [order_id for order_id, known in self.orders.items() if known.app_id == app_id]

    def bill_window(self) -> tuple[dt.date, dt.date] | None:
        """The server's servable bill days (oldest, today), once its date is known."""
        if self.today is None:
            return None
        return self.today - dt.timedelta(days=self.retention_days), self.today

    def expectation(self, role: str | None, app_id: int, params: dict[str, str]) -> Expectation:
        """What the contract requires of a valid request by `app_id`, given what the run knows now."""
        with self._lock:
            if role == DELETE_CHANNEL:
                return self._delete_expectation(app_id, params.get("id", ""))
            if role == PAY_ORDER:
                return self._pay_expectation(app_id, params.get("id", ""))
            if role == CREATE_ORDER:
                return self._create_order_expectation(app_id, params.get("pay_type", ""))
            if role == GET_BILL:
                return self._bill_expectation(params.get("date", ""))
        return ACCEPTED

    def _delete_expectation(self, app_id: int, channel_id: str) -> Expectation:
        known = self.channels.get(channel_id)
        if known is None or known.app_id != app_id:
            return Expectation(frozenset({404}), "the channel is unknown or another app's")
        if known.deleted:
            return Expectation(frozenset({410}), "the channel was already deleted")
        return Expectation(frozenset({200}), "the channel is live")

    def _pay_expectation(self, app_id: int, order_id: str) -> Expectation:
        known = self.orders.get(order_id)
        if known is None or known.app_id != app_id:
            return Expectation(frozenset({404}), "the order is unknown or another app's")
        if known.data.get("status") != 0:
            return Expectation(frozenset({400}), "the order is no longer pending")
        return Expectation(frozenset({200}), "the order is pending")

    def _create_order_expectation(self, app_id: int, pay_type: str) -> Expectation:
        if app_id not in self.complete_apps:
            return ACCEPTED
        live = [
            known.data
            for known in self.channels.values()
            if known.app_id == app_id and not known.deleted and str(known.data.get("pay_type")) == pay_type
        ]
        if not live:
            return Expectation(frozenset({400}), f"the app has no live channel for pay_type {pay_type}")
        return ACCEPTED  # where it is routed is the `routing` check's

    def _bill_expectation(self, date: str) -> Expectation:
        window = self.bill_window()
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            return ACCEPTED
        if window is None:
            return Expectation(frozenset({200, 400, 410}), "the server's date is not known yet")
        oldest, today = window
        reason = f"the server's today is {today.isoformat()}"
        # The learned day can only lag the server's (it turns over during the run), so each edge allows both.
        one_day = dt.timedelta(days=1)
        if day > today + one_day:
            return Expectation(frozenset({400}), reason + ": a later day is 400")
        if day == today + one_day:
            return Expectation(frozenset({400, 200}), reason)
        if day < oldest:
            return Expectation(frozenset({410}), reason + f": bills older than {self.retention_days} days are 410")
        if day == oldest:
            return Expectation(frozenset({200, 410}), reason)
        return Expectation(ACCEPTED.statuses, reason)
