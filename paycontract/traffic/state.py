"""The run-wide model of what the server holds, as far as the traffic has shown it.

Tokens and whose they are, what each app created (orders, channels), deleted channels, paid orders, and
the apps whose whole channel list has been seen (only then can routing be inferred).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Owned:
    """A resource the server answered with, and the app it belongs to."""

    app_id: int
    body: dict[str, Any]


@dataclass
class RunState:
    """Everything the checks remember between exchanges."""

    tokens: dict[str, int] = field(default_factory=dict)
    orders: dict[str, Owned] = field(default_factory=dict)
    channels: dict[str, Owned] = field(default_factory=dict)
    deleted_channels: set[str] = field(default_factory=set)
    paid_orders: set[str] = field(default_factory=set)
    rosters: set[int] = field(default_factory=set)

    def owner_of(self, resource_id: str) -> int | None:
        """The app that created this order or channel, if the traffic showed it."""
        known = self.orders.get(resource_id) or self.channels.get(resource_id)
        return known.app_id if known else None

    def live_channels(self, app_id: int) -> list[dict[str, Any]]:
        """The app's channels seen and not deleted, oldest first as the server listed or created them."""
        return [c.body for cid, c in self.channels.items() if c.app_id == app_id and cid not in self.deleted_channels]
