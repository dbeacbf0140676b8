"""One STOMP connection to the broker that comes back by itself: sends with receipts, subscriptions.

stomp.py runs a receiver thread per connection; this wrapper adds what the gateway needs on top:

* ``send`` waits for the broker's RECEIPT, so a persistent message is on the broker's disk before
  the outbox marks it sent; no receipt (broker down, timeout, ERROR frame) is a ``TransportError``,
  retried by the delivery worker like an HTTP peer that could not be reached;
* subscriptions are remembered and made again after every reconnection, with client-individual
  acknowledgement and an ActiveMQ prefetch, so a message is acknowledged only when its handler
  says so, and one that was never acknowledged is delivered again after a broker restart;
* a supervisor thread reconnects with exponential backoff whenever the connection drops;
* an acknowledgement is only sent on the connection that delivered the message (``Delivery``
  remembers it): after a reconnection the broker redelivers instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import stomp
from stomp.exception import StompException

from mspcim.exceptions import TransportError
from mspcim.gateway.broker.destinations import Destination
from mspcim.gateway.broker.settings import BrokerSettings

__all__ = ["BrokerClient", "Delivery", "DeliveryHandler"]

log = logging.getLogger("mspcim.gateway.broker")

_INITIAL_DELAY = 0.1
_CONNECT_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message the broker handed to a subscription."""

    body: bytes
    headers: Mapping[str, str]
    subscription: str
    ack_id: str | None
    generation: int
    """Which connection delivered it (acknowledgements go on that connection only)."""


DeliveryHandler = Callable[[Delivery], None]
"""Called on the receiver thread for each message; must return quickly (hand the work over)."""


@dataclass(slots=True)
class _Subscription:
    destination: Destination
    handler: DeliveryHandler
    ack: str
    selector: str | None = None


@dataclass(slots=True)
class _Receipt:
    done: threading.Event = field(default_factory=threading.Event)
    error: str | None = None


class _Listener(stomp.ConnectionListener):  # type: ignore[misc]
    """Forwards one connection's events to the client, tagged with the connection's generation."""

    def __init__(self, client: BrokerClient, generation: int) -> None:
        self.client = client
        self.generation = generation
        self.connected = threading.Event()
        self.refusal: str | None = None

    def on_connected(self, frame: Any) -> None:
        self.connected.set()

    def on_message(self, frame: Any) -> None:
        self.client._deliver(frame, self.generation)

    def on_receipt(self, frame: Any) -> None:
        self.client._receipt(frame.headers.get("receipt-id"), None)

    def on_error(self, frame: Any) -> None:
        message = frame.headers.get("message", "error frame")
        if not self.connected.is_set():
            self.refusal = message
            self.connected.set()
        log.warning("broker error: %s", message, extra={"event": "broker-error"})
        self.client._receipt(frame.headers.get("receipt-id"), message)

    def on_disconnected(self) -> None:
        self.connected.set()
        self.client._lost(self.generation)

    def on_heartbeat_timeout(self) -> None:
        self.client._lost(self.generation)


class BrokerClient:
    """A STOMP 1.2 client for one process, thread-safe, reconnecting until ``close``."""

    def __init__(self, settings: BrokerSettings, name: str = "mspcim") -> None:
        self.settings = settings
        self.name = name
        self._lock = threading.RLock()
        self._connection: Any = None
        self._generation = 0
        self._subscriptions: dict[str, _Subscription] = {}
        self._receipts: dict[str, _Receipt] = {}
        self._connected = threading.Event()
        self._lost_event = threading.Event()
        self._closing = threading.Event()
        self._supervisor: threading.Thread | None = None

    # --- lifecycle

    def start(self, wait: float = 0.0) -> bool:
        """Connect in the background, reconnecting as needed; True if connected within ``wait``."""
        if self._supervisor is None:
            self._supervisor = threading.Thread(
                target=self._supervise, name=f"{self.name}-broker", daemon=True
            )
            self._supervisor.start()
        return self._connected.wait(wait) if wait > 0 else self._connected.is_set()

    @property
    def connected(self) -> bool:
        """Whether a connection is up now."""
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a connection."""
        return self._connected.wait(timeout)

    def close(self) -> None:
        """Disconnect and stop reconnecting."""
        self._closing.set()
        self._lost_event.set()
        with self._lock:
            connection, self._connection = self._connection, None
            self._connected.clear()
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.disconnect()
        if self._supervisor is not None:
            self._supervisor.join(timeout=5)
            self._supervisor = None
        self._fail_receipts("client closed")

    def _supervise(self) -> None:
        delay = _INITIAL_DELAY
        while not self._closing.is_set():
            try:
                self._open()
            except (StompException, OSError, TransportError) as exc:
                log.warning(
                    "broker %s not reachable (%s); next attempt in %.1fs",
                    self.settings.url,
                    str(exc) or type(exc).__name__,
                    delay,
                    extra={"event": "broker-reconnect"},
                )
                self._closing.wait(delay)
                delay = min(self.settings.reconnect_max_delay, delay * 2)
                continue
            delay = _INITIAL_DELAY
            self._lost_event.wait()
            self._lost_event.clear()

    def _open(self) -> None:
        host, port, tls = self.settings.address
        with self._lock:
            self._generation += 1
            generation = self._generation
        connection = stomp.Connection12(
            [(host, port)],
            reconnect_attempts_max=1,
            heartbeats=(4000, 4000),
            auto_decode=False,
            auto_content_length=False,  # no content-length: ActiveMQ makes a JMS TextMessage
        )
        if tls:
            connection.set_ssl(for_hosts=[(host, port)])
        listener = _Listener(self, generation)
        connection.set_listener("mspcim", listener)
        try:
            connection.connect(
                self.settings.user,
                self.settings.password,
                wait=False,
                headers={"client-id": f"{self.name}-{uuid.uuid4().hex[:8]}"},
            )
            if not listener.connected.wait(_CONNECT_TIMEOUT) or not connection.is_connected():
                raise TransportError(listener.refusal or "no CONNECTED frame")
        except BaseException:
            with contextlib.suppress(Exception):
                connection.disconnect()
            raise
        with self._lock:
            self._connection = connection
            subscribed = [
                self._subscribe_on(connection, subscription_id, subscription)
                for subscription_id, subscription in self._subscriptions.items()
            ]
        try:
            self._await_receipts(subscribed, "subscriptions")
        except TransportError:
            with self._lock:
                self._connection = None
            with contextlib.suppress(Exception):
                connection.disconnect()
            raise
        with self._lock:
            self._lost_event.clear()
            self._connected.set()
        log.info(
            "connected to the broker at %s", self.settings.url, extra={"event": "broker-connected"}
        )

    def _lost(self, generation: int) -> None:
        with self._lock:
            if generation != self._generation or self._closing.is_set():
                return
            self._connected.clear()
            self._connection = None
        log.warning("lost the broker connection", extra={"event": "broker-lost"})
        self._fail_receipts("connection to the broker lost")
        self._lost_event.set()

    # --- sending

    def send(
        self,
        destination: Destination,
        body: bytes,
        headers: Mapping[str, str],
        timeout: float | None = None,
    ) -> None:
        """Send and wait for the broker's receipt; TransportError when it did not take it."""
        receipt_id = uuid.uuid4().hex
        waiter = _Receipt()
        with self._lock:
            connection = self._connection
            if connection is None:
                raise TransportError(f"not connected to the broker at {self.settings.url}")
            self._receipts[receipt_id] = waiter
        try:
            connection.send(destination.stomp, body, headers=dict(headers), receipt=receipt_id)
            if not waiter.done.wait(timeout or self.settings.send_timeout):
                raise TransportError(f"the broker did not confirm {destination.uri} in time")
        except (StompException, OSError) as exc:
            raise TransportError(
                f"cannot send to {destination.uri}: {type(exc).__name__} {exc}"
            ) from None
        finally:
            with self._lock:
                self._receipts.pop(receipt_id, None)
        if waiter.error is not None:
            raise TransportError(f"the broker refused {destination.uri}: {waiter.error}")

    async def asend(
        self, destination: Destination, body: bytes, headers: Mapping[str, str]
    ) -> None:
        """``send`` without blocking the event loop."""
        await asyncio.to_thread(self.send, destination, body, headers)

    def _receipt(self, receipt_id: str | None, error: str | None) -> None:
        with self._lock:
            waiter = self._receipts.get(receipt_id or "")
        if waiter is not None:
            waiter.error = error
            waiter.done.set()

    def _fail_receipts(self, reason: str) -> None:
        with self._lock:
            waiting = list(self._receipts.values())
        for waiter in waiting:
            waiter.error = reason
            waiter.done.set()

    # --- receiving

    def subscribe(
        self,
        destination: Destination,
        handler: DeliveryHandler,
        *,
        ack: str = "client-individual",
        selector: str | None = None,
    ) -> str:
        """Receive ``destination``'s messages in ``handler``, now and after every reconnection."""
        subscription_id = uuid.uuid4().hex
        subscription = _Subscription(destination, handler, ack, selector)
        receipt = None
        with self._lock:
            self._subscriptions[subscription_id] = subscription
            if self._connection is not None:
                receipt = self._subscribe_on(self._connection, subscription_id, subscription)
        if receipt is not None:
            self._await_receipts([receipt], destination.uri)
        return subscription_id

    def unsubscribe(self, subscription_id: str) -> None:
        """Stop receiving on one subscription."""
        with self._lock:
            self._subscriptions.pop(subscription_id, None)
            if self._connection is not None:
                with contextlib.suppress(StompException, OSError):
                    self._connection.unsubscribe(subscription_id)

    def _subscribe_on(
        self, connection: Any, subscription_id: str, item: _Subscription
    ) -> tuple[str, _Receipt]:
        """SUBSCRIBE with a receipt, so the caller can wait until the consumer exists.

        ActiveMQ registers consumers asynchronously, and a virtual topic forwards only to the
        consumer queues that exist when a message is published.
        """
        receipt_id = uuid.uuid4().hex
        waiter = _Receipt()
        self._receipts[receipt_id] = waiter
        headers = {"activemq.prefetchSize": str(self.settings.prefetch), "receipt": receipt_id}
        if item.selector:
            headers["selector"] = item.selector
        connection.subscribe(
            item.destination.stomp, id=subscription_id, ack=item.ack, headers=headers
        )
        return receipt_id, waiter

    def _await_receipts(self, receipts: list[tuple[str, _Receipt]], what: str) -> None:
        """Wait for the broker to confirm ``receipts``; TransportError when it does not."""
        try:
            for _, waiter in receipts:
                if not waiter.done.wait(self.settings.send_timeout):
                    raise TransportError(f"the broker did not confirm the {what} in time")
                if waiter.error is not None:
                    raise TransportError(f"the broker refused the {what}: {waiter.error}")
        finally:
            with self._lock:
                for receipt_id, _ in receipts:
                    self._receipts.pop(receipt_id, None)

    def _deliver(self, frame: Any, generation: int) -> None:
        headers = {str(key): str(value) for key, value in frame.headers.items()}
        subscription_id = headers.get("subscription", "")
        with self._lock:
            subscription = self._subscriptions.get(subscription_id)
        if subscription is None:
            return  # unsubscribed meanwhile: never acknowledged, so the broker delivers it again
        body = frame.body if isinstance(frame.body, bytes) else str(frame.body).encode()
        delivery = Delivery(body, headers, subscription_id, headers.get("ack"), generation)
        try:
            subscription.handler(delivery)
        except Exception:  # a handler's bug must not stop the receiver thread
            log.exception("handler of %s failed", subscription.destination.uri)

    def ack(self, delivery: Delivery) -> bool:
        """Acknowledge ``delivery``; False when its connection is gone (it comes again)."""
        return self._settle(delivery, "ack")

    def nack(self, delivery: Delivery) -> bool:
        """Give ``delivery`` back to the broker (redelivery, then its dead letter queue)."""
        return self._settle(delivery, "nack")

    def _settle(self, delivery: Delivery, how: str) -> bool:
        if delivery.ack_id is None:
            return True
        with self._lock:
            connection = self._connection
            if connection is None or delivery.generation != self._generation:
                return False
            try:
                getattr(connection, how)(delivery.ack_id)
            except (StompException, OSError):
                return False
        return True
