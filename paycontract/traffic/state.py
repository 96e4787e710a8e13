"""The run-wide model of what the server holds, as far as the traffic has shown it.

Tokens and whose they are, what each app created (orders, channels), deleted channels, paid orders, the
apps whose whole channel list has been seen (only then can routing be inferred), and the server's calendar
day as its own answers dated it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

CLOCK_MARGIN = dt.timedelta(minutes=2)
CLOCK_TRUSTED_FOR = 3600.0
# The only form a time takes in an answer: zero-padded `YYYY-MM-DD HH:MM:SS`.
TIMESTAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})")


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
    # The server's clock: the latest creation or payment time it answered, and when that exchange started.
    clock: tuple[dt.datetime, float] | None = None

    def learn_time(self, timestamp: object, at: float) -> None:
        """Take a `YYYY-MM-DD HH:MM:SS` time the server answered in an exchange started at `at` (Unix time)."""
        moment = parse_timestamp(timestamp)  # None off the contract's format (the `times` check says so)
        if moment is not None and (self.clock is None or moment >= self.clock[0]):
            self.clock = (moment, at)

    def server_day(self, at: float) -> dt.date | None:
        """The server's calendar day at `at`, or None: unknown, too near a midnight to tell, or learned so long
        ago that a pinned clock (which does not move on) could have drifted from the estimate."""
        if self.clock is None or not 0 <= at - self.clock[1] <= CLOCK_TRUSTED_FOR:
            return None
        moment = self.clock[0] + dt.timedelta(seconds=at - self.clock[1])
        earliest, latest = moment - CLOCK_MARGIN, moment + CLOCK_MARGIN
        return moment.date() if earliest.date() == latest.date() else None

    def owner_of(self, resource_id: str) -> int | None:
        """The app that created this order or channel, if the traffic showed it."""
        known = self.orders.get(resource_id) or self.channels.get(resource_id)
        return known.app_id if known else None

    def live_channels(self, app_id: int) -> list[dict[str, Any]]:
        """The app's channels seen and not deleted, oldest first as the server listed or created them."""
        return [c.body for cid, c in self.channels.items() if c.app_id == app_id and cid not in self.deleted_channels]


def parse_timestamp(value: Any) -> dt.datetime | None:
    """A `YYYY-MM-DD HH:MM:SS` time that is a real date and time, else None."""
    match = TIMESTAMP.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:  # the fields by hand: strptime cost more than every other check on an order together
        return dt.datetime(*(int(field) for field in match.groups()))
    except ValueError:
        return None
