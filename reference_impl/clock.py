"""The server's clock: China Standard Time (UTC+8), optionally pinned to one instant for tests."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

CST = timezone(timedelta(hours=8), "CST")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class Clock:
    """Now, in UTC+8. A pinned clock always answers the same instant."""

    def __init__(self, pinned: datetime | None = None) -> None:
        self.pinned = pinned.astimezone(CST) if pinned is not None else None

    def now(self) -> datetime:
        """The current time in UTC+8, to the second."""
        if self.pinned is not None:
            return self.pinned
        return datetime.fromtimestamp(int(time.time()), CST)

    def timestamp(self) -> float:
        """Seconds since the epoch (token expiry is measured in these)."""
        return self.pinned.timestamp() if self.pinned is not None else time.time()

    def today(self) -> date:
        """The UTC+8 calendar day."""
        return self.now().date()


@lru_cache(maxsize=256)  # most requests of one second share their timestamps
def format_time(moment: datetime) -> str:
    """`YYYY-MM-DD HH:MM:SS`, zero-padded, as every time in the API is written."""
    return moment.strftime(TIME_FORMAT)


def parse_pinned(text: str) -> datetime:
    """Read `PAYCONTRACT_NOW`: `YYYY-MM-DD HH:MM:SS` in UTC+8, or an ISO 8601 time with an offset."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=CST)
    return value.astimezone(UTC).astimezone(CST)
