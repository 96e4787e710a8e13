"""A token-bucket rate limiter per client (its access token, else its address)."""

from __future__ import annotations

import math
import time

MAX_CLIENTS = 100_000


class RateLimiter:
    """`rate` requests per second per client, bursts up to `burst`; `check` says how long to wait."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst or max(1, math.ceil(rate)))
        self._buckets: dict[str, tuple[float, float]] = {}

    def check(self, client: str) -> int:
        """0 when the request may go ahead (and is counted); else the seconds to wait (`Retry-After`)."""
        now = time.monotonic()
        tokens, last = self._buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[client] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self.rate))
        if len(self._buckets) >= MAX_CLIENTS and client not in self._buckets:
            self._buckets.clear()  # a flood of distinct clients: forget them rather than grow without bound
        self._buckets[client] = (tokens - 1.0, now)
        return 0
