"""What a simulator received, with waiters for "n received" (safe across threads and loops).

The simulators' HTTP handlers append from uvicorn's loop; tests wait from theirs.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Generic, TypeVar

__all__ = ["Recorder"]

T = TypeVar("T")


class Recorder(Generic[T]):
    """The items received, in order, and the futures waiting for a count of them."""

    def __init__(self) -> None:
        self.items: list[T] = []
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []
        self._lock = threading.Lock()

    def append(self, item: T) -> None:
        """Record ``item`` and wake every waiter whose count is now reached."""
        with self._lock:
            self.items.append(item)
            ready = [(n, f) for n, f in self._waiters if n <= len(self.items)]
            self._waiters = [(n, f) for n, f in self._waiters if n > len(self.items)]
        for _, future in ready:
            # RuntimeError: the waiter's loop is closed, so nobody is waiting any more
            with contextlib.suppress(RuntimeError):
                future.get_loop().call_soon_threadsafe(_resolve, future)

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[T]:
        """The first ``count`` items, once received; TimeoutError after ``timeout`` s."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        with self._lock:
            if len(self.items) >= count:
                return self.items[:count]
            self._waiters.append((count, future))
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"{len(self.items)} of {count} notifications received within {timeout}s"
            ) from None
        finally:
            with self._lock:
                self._waiters = [(n, f) for n, f in self._waiters if f is not future]
        return self.items[:count]


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
