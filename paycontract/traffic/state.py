"""The run-wide model of what the server holds, as far as the traffic has shown it.

Tokens and whose they are, what each app created (orders, channels), deleted channels, paid orders, the
apps whose whole channel list has been seen (only then can routing be inferred), and the server's calendar
day as its own answers dated it.

Each fact carries when the exchange that showed it ended, and an order or channel keeps each version answers
showed (`Owned.body_before`). Exchanges overlap (several clients, several verify workers), so a check judges
an answer only by facts shown before its request left (`RunState.known`): a listing that was on its way
while a delete went through may show the channel or not, and an answer is never judged by what it showed.
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


# The versions of a resource kept: an exchange is held to the last one shown before it left, and one in flight
# while more than a few answers showed the same resource is rare enough to go unjudged.
VERSIONS_KEPT = 8


@dataclass
class Owned:
    """A resource the server answered with, the app it belongs to, when the first answer showing it ended, and
    the versions of it answers showed, each with when that answer ended."""

    app_id: int
    body: dict[str, Any]
    at: float = 0.0
    versions: list[tuple[float, dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.versions:
            self.versions.append((self.at, self.body))

    def shown(self, body: dict[str, Any], at: float) -> None:
        """An answer that ended at `at` showed the resource as `body`."""
        self.body = body
        self.versions = [*self.versions[-(VERSIONS_KEPT - 1) :], (at, body)]

    def body_before(self, left: float) -> dict[str, Any] | None:
        """The resource as the last answer that ended by `left` showed it (None when none had)."""
        return next((body for at, body in reversed(self.versions) if at <= left), None)


@dataclass
class RunState:
    """Everything the checks remember between exchanges."""

    tokens: dict[str, int] = field(default_factory=dict)
    orders: dict[str, Owned] = field(default_factory=dict)
    channels: dict[str, Owned] = field(default_factory=dict)
    # Channel and order ids, with when the delete or the pay was answered.
    deleted_channels: dict[str, float] = field(default_factory=dict)
    paid_orders: dict[str, float] = field(default_factory=dict)
    rosters: set[int] = field(default_factory=set)
    # When each app's channels last changed (a create or a delete answered): routing is judged only on an
    # order whose request left after that.
    channels_changed: dict[int, float] = field(default_factory=dict)
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

    def show(self, kind: dict[str, Owned], resource_id: str, app_id: int, body: dict[str, Any], at: float) -> None:
        """An answer that ended at `at` showed `app_id`'s order or channel (`kind`: `orders` or `channels`)."""
        known = kind.get(resource_id)
        if known is None:
            kind[resource_id] = Owned(app_id, body, at)
        else:
            known.shown(body, at)

    def owner_of(self, resource_id: str) -> int | None:
        """The app that created this order or channel, if the traffic showed it."""
        known = self.orders.get(resource_id) or self.channels.get(resource_id)
        return known.app_id if known else None

    def live_channels(self, app_id: int) -> list[dict[str, Any]]:
        """The app's channels seen and not deleted, oldest first as the server listed or created them."""
        return [c.body for cid, c in self.channels.items() if c.app_id == app_id and cid not in self.deleted_channels]

    @staticmethod
    def known(at: float | None, before: float) -> bool:
        """Whether a fact shown by an answer that ended at `at` (None: never shown) held when a request left at
        `before`."""
        return at is not None and at <= before


def parse_timestamp(value: Any) -> dt.datetime | None:
    """A `YYYY-MM-DD HH:MM:SS` time that is a real date and time, else None."""
    match = TIMESTAMP.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:  # the fields by hand: strptime cost more than every other check on an order together
        return dt.datetime(*(int(field) for field in match.groups()))
    except ValueError:
        return None
