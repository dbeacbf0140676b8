"""The CIM side of every flow over the broker: a Transport that sends 61968-100 messages as JMS.

The flows and the delivery worker stay as they are: they hand the outbox's SOAP message for the
CIM system to ``send``. This transport takes every message addressed to the CIM endpoint (or to a
``queue://``/``topic://`` ReplyAddress) off HTTP and puts the bare 61968-100 message on the
broker, persistent, with its JMS headers; everything else (the MultiSpeak side) goes on through
the inner transport.

* A request with AsyncReplyFlag goes to its request queue with JMSReplyTo the group's reply queue;
  the broker's receipt is the acknowledgement (a ResponseMessage Reply OK, no payload, whose
  Comment names the queue), and the real reply comes in on the reply queue.
* A synchronous request waits for its reply on this process's temporary queue, correlated by
  JMSCorrelationID, for up to ``send_timeout`` seconds.
* An event is published on its noun's topic; the broker's receipt answers it the same way.
A broker that does not take the message raises ``TransportError``: the delivery worker retries it
with backoff and, in the end, dead-letters it, exactly as for an HTTP peer.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.exceptions import TransportError
from mspcim.gateway.broker.client import BrokerClient, Delivery
from mspcim.gateway.broker.destinations import Destination, DestinationKind
from mspcim.gateway.broker.headers import incoming, outgoing
from mspcim.gateway.broker.settings import BrokerSettings
from mspcim.gateway.transport import HttpResponse, Transport
from mspcim.soap import SoapVersion, build_envelope, read_envelope

__all__ = ["BrokerTransport", "unwrap"]


def unwrap(body: bytes) -> tuple[etree._Element, SoapVersion | None]:
    """The 61968-100 message inside ``body`` (a SOAP envelope or bare) and the SOAP version."""
    root = xmlsafe.parse(body)
    if ns.local_name(root.tag) == "Envelope":
        envelope = read_envelope(root)
        return envelope.first_body, envelope.version
    return root, None


class BrokerTransport:
    """Sends the CIM side's messages over the broker, the rest through ``inner``."""

    def __init__(
        self,
        client: BrokerClient,
        settings: BrokerSettings,
        *,
        cim_endpoint: str,
        inner: Transport,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.settings = settings
        self.naming = settings.naming
        self.cim_endpoint = cim_endpoint
        self.inner = inner
        self.clock = clock
        self.temporary = Destination(
            DestinationKind.TEMP_QUEUE, f"{settings.prefix}.sync.{uuid.uuid4().hex}"
        )
        self._waiting: dict[str, asyncio.Future[bytes]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._temporary_subscription: str | None = None
        self._subscribing = asyncio.Lock()

    def takes(self, url: str) -> bool:
        """Whether ``url`` is the CIM side (the CIM endpoint or a broker destination)."""
        return url == self.cim_endpoint or Destination.is_destination(url)

    async def send(self, url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
        """Put the CIM message on the broker; other URLs go through the inner transport."""
        if not self.takes(url):
            return await self.inner.send(url, body, headers)
        element, version = unwrap(body)
        message = read_message(element)
        header = message.header
        if header is None:
            raise TransportError("a message without Header cannot be routed on the broker")
        destination = self._destination(url, message)
        wire = xmlsafe.serialize(element)
        if message.kind is MessageKind.REQUEST and not header.async_reply_flag:
            answer = await self._request_reply(destination, wire, message)
            return _response(answer, version)
        reply_to = None
        if message.kind is MessageKind.REQUEST:
            reply_to = self._reply_destination(header)
        jms = outgoing(message, reply_to=reply_to, origin=self.settings.group)
        await self.client.asend(destination, wire, jms)
        return _response(xmlsafe.serialize(self._accepted(message, destination)), version)

    async def aclose(self) -> None:
        """Close the inner transport (the broker client belongs to the link)."""
        await self.inner.aclose()

    # --- routing

    def _destination(self, url: str, message: Message) -> Destination:
        if Destination.is_destination(url):
            return Destination.parse(url)
        header = message.header
        assert header is not None
        if message.kind in (MessageKind.RESPONSE, MessageKind.FAULT):
            if Destination.is_destination(header.reply_address):
                return Destination.parse(header.reply_address or "")
            raise TransportError("a reply needs a broker ReplyAddress to go over the broker")
        try:
            return self.naming.for_message(header.verb, header.noun)
        except ValueError as exc:
            raise TransportError(f"no broker destination for this message: {exc}") from None

    def _reply_destination(self, header: Header) -> Destination:
        """Where the provider answers: the header's ReplyAddress if a destination, else ours."""
        if Destination.is_destination(header.reply_address):
            return Destination.parse(header.reply_address or "")
        return self.naming.reply

    def _accepted(self, message: Message, destination: Destination) -> etree._Element:
        """The acknowledgement the broker's receipt stands for: Reply OK, no payload."""
        header = message.header
        assert header is not None
        return build_message(
            Message(
                kind=MessageKind.RESPONSE,
                header=Header(
                    verb=Verb.REPLY,
                    noun=header.noun,
                    timestamp=datetime.fromtimestamp(self.clock(), UTC).replace(microsecond=0),
                    source=self.settings.url,
                    correlation_id=header.message_id,
                    comment=f"accepted by the broker on {destination.uri}",
                ),
                reply=Reply(ReplyResult.OK),
            )
        )

    # --- synchronous request and reply

    async def _request_reply(
        self, destination: Destination, wire: bytes, message: Message
    ) -> bytes:
        header = message.header
        assert header is not None
        key = header.correlation_id or header.message_id
        if not key:
            raise TransportError("a synchronous request needs a MessageID to correlate its reply")
        await self._listen()
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._waiting[key] = future
        try:
            jms = outgoing(message, reply_to=self.temporary, origin=self.settings.group)
            await self.client.asend(destination, wire, jms)
            return await asyncio.wait_for(future, self.settings.send_timeout)
        except TimeoutError:
            raise TransportError(
                f"no reply on the broker within {self.settings.send_timeout:g}s "
                f"to {header.verb.value} {header.noun}"
            ) from None
        finally:
            self._waiting.pop(key, None)

    async def _listen(self) -> None:
        """Subscribe this process's temporary queue once (auto acknowledgement)."""
        self._loop = asyncio.get_running_loop()
        async with self._subscribing:
            if self._temporary_subscription is None:
                self._temporary_subscription = await asyncio.to_thread(
                    self.client.subscribe, self.temporary, self._synchronous_reply, ack="auto"
                )

    def _synchronous_reply(self, delivery: Delivery) -> None:
        correlation = incoming(delivery.headers).correlation_id or ""
        loop = self._loop
        if loop is not None:
            loop.call_soon_threadsafe(self._resolve, correlation, delivery.body)

    def _resolve(self, correlation: str, body: bytes) -> None:
        future = self._waiting.get(correlation)
        if future is not None and not future.done():
            future.set_result(body)

    def close(self) -> None:
        """Stop listening on the temporary queue."""
        if self._temporary_subscription is not None:
            with contextlib.suppress(Exception):
                self.client.unsubscribe(self._temporary_subscription)
            self._temporary_subscription = None


def _response(message: bytes, version: SoapVersion | None) -> HttpResponse:
    """A 200 answer holding ``message`` in the SOAP envelope the delivery worker reads."""
    soap = version or SoapVersion.SOAP11
    body = xmlsafe.serialize(build_envelope(soap, [xmlsafe.parse(message)]))
    return HttpResponse(status=200, body=body, headers={"content-type": soap.content_type()})
