"""The delivery worker: sends what waits in the outbox until the peer takes it.

At-least-once delivery with exponential backoff (Guaranteed Delivery), then the dead letter
state; a bounded number of sends run at once, and an item is never sent twice concurrently.
What an answer *means* is left to the flow that queued the item (``AnswerHandler``); what the
handler changes and the item's new state (sent, dead) are one unit of work in the store, so a
crash between the two cannot leave a delivered item pending or a taken answer unrecorded.

Every worker sharing a store runs one: items are claimed (``MessageStore.claim``) before they
are sent, so two workers never send one item at once; the expiry scan expires each conversation
once whichever workers run it; claims of a worker restarted (or stopped with sends cut short)
are given back at once, those of a worker that died when their lease ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from mspcim.exceptions import RemoteFaultError, TransportError
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.soap_client import read_soap_answer
from mspcim.gateway.store import OutboxItem, OutboxState
from mspcim.soap import SoapEnvelope

__all__ = ["AnswerHandler", "DeliveryWorker"]

log = logging.getLogger("mspcim.gateway.delivery")


@dataclass(frozen=True, slots=True)
class AnswerHandler:
    """What to do when an item of one purpose was answered, refused, or given up."""

    answered: Callable[[OutboxItem, SoapEnvelope], Awaitable[None]]
    refused: Callable[[OutboxItem, RemoteFaultError], Awaitable[None]]
    dead: Callable[[OutboxItem, str], Awaitable[None]]


class DeliveryWorker:
    """Drains the outbox; one instance per gateway process."""

    def __init__(
        self, runtime: Runtime, handlers: Mapping[str, AnswerHandler], concurrency: int = 16
    ) -> None:
        self.runtime = runtime
        self.handlers = handlers
        self._in_flight: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(concurrency)
        self._stopping = False
        self._random = random.Random()

    async def run(self) -> None:
        """Until ``stop``: expire overdue conversations, send due items, sleep until more is due."""
        runtime = self.runtime
        released = runtime.store.release_claims()
        if released:
            log.info(
                "%d outbox items held by this worker before its restart are due again",
                released,
                extra={"event": "claims-released"},
            )
        while not self._stopping:
            now = runtime.clock()
            for correlation_id in runtime.store.expire_due(now):
                expired = runtime.store.transaction(correlation_id)
                log.warning(
                    "%s expired before any reply",
                    expired.flow if expired is not None else "conversation",
                    extra={"correlation_id": correlation_id, "event": "expired"},
                )
            for item in runtime.store.claim(now):
                assert item.id is not None
                if item.id in self._in_flight:
                    continue
                self._in_flight.add(item.id)
                task = asyncio.create_task(self._send(item))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            await self._sleep()

    async def _sleep(self) -> None:
        runtime = self.runtime
        timeout = runtime.settings.poll_interval
        next_due = runtime.store.next_due_at()
        if next_due is not None:
            timeout = max(0.01, min(timeout, next_due - runtime.clock()))
        runtime.wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(runtime.wake.wait(), timeout)

    async def stop(self, drain_seconds: float = 5.0) -> None:
        """Stop taking new work; let sends in flight finish, for up to ``drain_seconds``.

        Sends still running then are cut short: their items stay pending, with the same bytes,
        and go out again after the next start (the receiver sees the same MessageID).
        """
        self._stopping = True
        self.runtime.wake.set()
        tasks = set(self._tasks)
        if tasks:
            log.info(
                "draining %d sends in flight (up to %gs)",
                len(tasks),
                drain_seconds,
                extra={"event": "draining"},
            )
            _, late = await asyncio.wait(tasks, timeout=drain_seconds)
            for task in late:
                task.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
                log.warning(
                    "%d sends cut short by the drain timeout: sent again after the next start",
                    len(late),
                    extra={"event": "drain-timeout"},
                )
        self.runtime.store.release_claims()  # what was cut short: any worker may send it now
        waiting = len(self.runtime.store.outbox([OutboxState.PENDING]))
        log.info(
            "delivery stopped; %d items wait in the outbox for the next start",
            waiting,
            extra={"event": "stopped"},
        )

    async def _send(self, item: OutboxItem) -> None:
        assert item.id is not None
        try:
            await self._attempt(item)
        except Exception:  # a flow's bug must not kill the worker; try again later
            log.exception("unexpected error delivering outbox item %s", item.id)
            runtime = self.runtime
            later = runtime.clock() + runtime.settings.retry.max_delay
            runtime.store.mark_retry(item.id, item.attempts + 1, later, "internal error")
        finally:
            self._in_flight.discard(item.id)

    async def _attempt(self, item: OutboxItem) -> None:
        """One attempt; the flow's answer handler and the item's new state commit together."""
        assert item.id is not None
        runtime = self.runtime
        attempts = item.attempts + 1
        handler = self.handlers.get(item.purpose)
        if handler is None:
            runtime.store.mark_dead(item.id, attempts, f"no flow handles purpose {item.purpose!r}")
            return
        try:
            async with self._slots:
                if self._stopping:
                    return  # not started before the stop: stays pending for the next start
                response = await runtime.transport.send(item.url, item.body, item.headers)
                envelope = read_soap_answer(response, item.url)
            with runtime.store.unit():
                await handler.answered(item, envelope)
                runtime.store.mark_sent(item.id, attempts)
            return
        except RemoteFaultError as exc:  # before TransportError: a refusal is not retried
            refusal = exc
        except TransportError as exc:
            await self._retry_or_bury(item, attempts, str(exc))
            return
        except Exception as exc:  # a bug must not lose the item: it stays retryable
            log.exception("unexpected error delivering outbox item %s", item.id)
            await self._retry_or_bury(item, attempts, f"internal error: {type(exc).__name__}")
            return
        with runtime.store.unit():
            runtime.store.mark_dead(item.id, attempts, str(refusal))
            await handler.refused(item, refusal)
        runtime.metrics.dead_letter(item.purpose)

    async def _retry_or_bury(self, item: OutboxItem, attempts: int, error: str) -> None:
        assert item.id is not None
        runtime = self.runtime
        policy = runtime.settings.retry
        if attempts >= policy.attempts:
            log.error(
                "giving up after %d attempts: %s",
                attempts,
                error,
                extra={
                    "correlation_id": item.correlation_id,
                    "event": "dead-letter",
                    "url": item.url,
                },
            )
            with runtime.store.unit():
                runtime.store.mark_dead(item.id, attempts, error)
                await self.handlers[item.purpose].dead(item, error)
            runtime.metrics.dead_letter(item.purpose)
            return
        delay = policy.delay(attempts) * (0.8 + 0.4 * self._random.random())
        runtime.store.mark_retry(item.id, attempts, runtime.clock() + delay, error)
        runtime.metrics.retried(item.purpose)
        log.warning(
            "attempt %d failed, retrying in %.1fs: %s",
            attempts,
            delay,
            error,
            extra={"correlation_id": item.correlation_id, "event": "retry", "url": item.url},
        )
