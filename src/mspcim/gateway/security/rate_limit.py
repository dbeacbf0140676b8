"""Per-caller rate limits: one token bucket per caller id or client address, in memory.

A bucket holds up to ``burst`` tokens and gains ``per_second`` of them each second; a request
takes one or is refused with the seconds until one is there. The least recently used buckets
are forgotten beyond ``max_keys`` (a forgotten bucket comes back full), so memory stays bounded
whatever the number of addresses.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RateLimiter"]


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets keyed by caller, refilled continuously."""

    def __init__(
        self,
        per_second: float,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.per_second = per_second
        self.burst = burst
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> float | None:
        """Take a token for ``key``: None when granted, else seconds until one is available."""
        return self._use(key, take=True)

    def wait(self, key: str) -> float | None:
        """Seconds until ``key`` has a token (None: it has one now); takes nothing."""
        return self._use(key, take=False)

    def _use(self, key: str, *, take: bool) -> float | None:
        now = self._clock()
        with self._lock:
            bucket = self._buckets.pop(key, None)
            if bucket is None:
                bucket = _Bucket(float(self.burst), now)
                while len(self._buckets) >= self._max_keys:
                    self._buckets.popitem(last=False)
            else:
                elapsed = max(0.0, now - bucket.updated)
                bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.per_second)
                bucket.updated = now
            self._buckets[key] = bucket
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0 if take else 0.0
                return None
            return (1.0 - bucket.tokens) / self.per_second
