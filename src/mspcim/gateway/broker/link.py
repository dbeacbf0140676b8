"""The gateway on the broker: CIM messages out through ``BrokerTransport``, replies and events in.

``BrokerLink.attach(runtime)`` puts the broker transport in front of the runtime's transport
when ``[broker] cim_transport = "broker"``; ``consume`` names the endpoint that takes what comes
back — the same ``CimReplyEndpoint`` core that serves ``/cim/reply``, so replies and events are
checked, made idempotent, stored and answered the same way whichever transport brought them.

Every worker of a group subscribes to the group's reply queue and to the group's share of each
served noun's event topic: competing consumers, each message to one worker. A message is
acknowledged (client-individual) only after the endpoint returned, that is after the store
committed what it caused; an internal error gives it back to the broker (NACK: redelivery, then
the broker's dead letter queue). A message delivered again after a broker restart meets the
idempotent receiver and changes nothing twice. The endpoint's answer goes to the message's
JMSReplyTo when it names one. The group's own events (``mspcimOrigin``) are acknowledged unread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Iterable

from starlette.requests import Request

from mspcim.cim.message import MessageKind
from mspcim.exceptions import TransportError
from mspcim.gateway.broker.client import BrokerClient, Delivery
from mspcim.gateway.broker.destinations import Destination
from mspcim.gateway.broker.headers import incoming
from mspcim.gateway.broker.transport import BrokerTransport
from mspcim.gateway.endpoints.cim_reply import CimReplyEndpoint
from mspcim.gateway.runtime import Runtime

__all__ = ["BrokerLink"]

log = logging.getLogger("mspcim.gateway.broker")

_CONNECT_WAIT = 10.0


class BrokerLink:
    """One gateway process's connection to the broker, both ways."""

    def __init__(self, runtime: Runtime) -> None:
        settings = runtime.settings
        self.runtime = runtime
        self.settings = settings.broker
        self.client = BrokerClient(self.settings, name=settings.app_name)
        self.transport = BrokerTransport(
            self.client,
            self.settings,
            cim_endpoint=settings.cim_endpoint,
            inner=runtime.transport,
            clock=runtime.clock,
        )
        runtime.transport = self.transport
        self.endpoint: CimReplyEndpoint | None = None
        self.nouns: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subscriptions: list[str] = []
        self._in_flight: set[concurrent.futures.Future[None]] = set()

    @classmethod
    def attach(cls, runtime: Runtime) -> BrokerLink | None:
        """A link when the CIM side runs over the broker (the runtime then sends through it)."""
        return cls(runtime) if runtime.settings.broker.enabled else None

    def consume(self, endpoint: CimReplyEndpoint, nouns: Iterable[str]) -> None:
        """Hand replies, and events about ``nouns``, to ``endpoint`` once started."""
        self.endpoint = endpoint
        self.nouns = sorted(set(nouns))

    @property
    def sources(self) -> list[Destination]:
        """The queues this gateway consumes: the reply queue, then one event queue per noun."""
        naming = self.settings.naming
        return [naming.reply, *(naming.event_queue(noun) for noun in self.nouns)]

    async def start(self) -> None:
        """Connect (in the background if the broker is not up yet) and subscribe."""
        self._loop = asyncio.get_running_loop()
        if self.endpoint is not None:
            for destination in self.sources:
                self._subscriptions.append(self.client.subscribe(destination, self._received))
        connected = await asyncio.to_thread(self.client.start, _CONNECT_WAIT)
        log.info(
            "CIM side over the broker %s: requests to %s.request.*, replies on %s%s",
            self.settings.url,
            self.settings.prefix,
            self.settings.naming.reply.uri,
            "" if connected else " (not connected yet: retrying in the background)",
            extra={"event": "broker-started"},
        )

    async def stop(self, drain_seconds: float = 5.0) -> None:
        """Stop taking messages, let those in hand finish, disconnect (the rest come again)."""
        for subscription in self._subscriptions:
            self.client.unsubscribe(subscription)
        self._subscriptions.clear()
        pending = [asyncio.wrap_future(future) for future in self._in_flight]
        if pending:
            await asyncio.wait(pending, timeout=drain_seconds)
        self.transport.close()
        await asyncio.to_thread(self.client.close)

    # --- receiving

    def _received(self, delivery: Delivery) -> None:
        """On the receiver thread: hand the message to the event loop."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return  # never acknowledged: the broker delivers it again
        future = asyncio.run_coroutine_threadsafe(self._take(delivery), loop)
        self._in_flight.add(future)
        future.add_done_callback(self._in_flight.discard)

    async def _take(self, delivery: Delivery) -> None:
        jms = incoming(delivery.headers)
        if jms.origin == self.settings.group and jms.type == MessageKind.EVENT.value:
            self.client.ack(delivery)  # the group's own event, echoed by its topic
            return
        assert self.endpoint is not None
        peer = jms.destination or "broker"
        try:
            response = await self.endpoint.handle(_request(delivery.body, peer))
        except Exception:
            log.exception("a message from %s could not be handled", peer)
            self.client.nack(delivery)
            return
        if response.status_code >= 500:
            self.client.nack(delivery)
            return
        if jms.reply_to is not None:
            answer = {"persistent": "true", "type": MessageKind.RESPONSE.value}
            correlation = jms.correlation_id or jms.message_id or jms.broker_message_id
            if correlation:
                answer["correlation-id"] = correlation
            try:
                await self.client.asend(jms.reply_to, bytes(response.body), answer)
            except TransportError as exc:
                log.warning("answer to %s not sent: %s", jms.reply_to.uri, exc)
        if not self.client.ack(delivery):
            log.info(
                "message from %s handled but its connection is gone: it comes again, idempotently",
                peer,
                extra={"event": "broker-redelivery"},
            )


def _request(body: bytes, peer: str) -> Request:
    """The message as the /cim/reply endpoint reads a POST: bare XML from ``peer``."""
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/cim/reply",
        "raw_path": b"/cim/reply",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"content-type", b"application/xml"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": (peer, 0),
        "server": None,
    }
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)
