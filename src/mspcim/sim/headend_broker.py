"""The simulated head-end on the broker: consumes the request queues and answers on JMSReplyTo.

The same head-end app as over HTTP answers every request (it is called in-process); this module
only moves messages between it and the broker:

* every request queue of the deployment (``queue://<prefix>.request.>``) is consumed with
  client-individual acknowledgement; a request is acknowledged once its answer is on the broker;
* a synchronous request's answer goes to its JMSReplyTo with JMSCorrelationID copied from the
  request; an asynchronous request (AsyncReplyFlag) gets no immediate acknowledgement on JMS —
  the broker's receipt was one — unless the head-end refused it, which goes to JMSReplyTo as a
  ResponseMessage with Reply FAILED;
* what the head-end sends later to a ReplyAddress (readings after a delay, control outcomes,
  events) is published on the broker when that address is a ``queue://``/``topic://`` name.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
import time
from dataclasses import replace

import httpx

from mspcim import xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Message, MessageKind
from mspcim.exceptions import InputError, TransportError
from mspcim.gateway.broker.client import BrokerClient, Delivery
from mspcim.gateway.broker.destinations import Destination
from mspcim.gateway.broker.headers import incoming, outgoing
from mspcim.gateway.broker.settings import BrokerSettings
from mspcim.sim.headend import HeadEndSettings, create_headend_app

__all__ = ["BrokerBridge", "HeadEndOnBroker", "serve_on_broker"]

log = logging.getLogger("mspcim.sim.headend_broker")


class BrokerBridge(httpx.AsyncBaseTransport):
    """An httpx transport that publishes POSTs to ``queue://``/``topic://`` URLs on the broker."""

    def __init__(self, client: BrokerClient, patience: float = 60.0) -> None:
        self.client = client
        self.patience = patience
        """Seconds a publish waits for the broker to come back before giving up (HTTP 503)."""
        self.http = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Publish to a broker destination; any other URL goes out over HTTP."""
        url = str(request.url)
        if not Destination.is_destination(url):
            return await self.http.handle_async_request(request)
        body = await request.aread()
        try:
            message = read_message(xmlsafe.parse(body))
        except InputError as exc:
            return httpx.Response(400, text=exc.reason, request=request)
        deadline = time.monotonic() + self.patience
        while True:  # like a JMS producer on a failover connection: wait for the broker
            try:
                await self.client.asend(Destination.parse(url), body, outgoing(message))
            except TransportError as exc:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return httpx.Response(503, text=str(exc), request=request)
                await asyncio.to_thread(self.client.wait_connected, min(remaining, 1.0))
                continue
            return httpx.Response(200, request=request)

    async def aclose(self) -> None:
        """Close the HTTP transport."""
        await self.http.aclose()


class HeadEndOnBroker:
    """The head-end simulator bound to a broker."""

    def __init__(self, settings: HeadEndSettings, broker: BrokerSettings) -> None:
        self.broker = broker
        self.client = BrokerClient(broker, name="mspcim-sim-headend")
        bridge = BrokerBridge(self.client)
        self.settings = replace(
            settings,
            soap=False,  # JMS carries the bare 61968-100 message
            http_client_factory=lambda: httpx.AsyncClient(transport=bridge, timeout=10.0),
        )
        self.app = create_headend_app(self.settings)
        self.answered: list[Delivery] = []
        """Requests taken from the broker, in order (for tests)."""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._http: httpx.AsyncClient | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._in_flight: set[concurrent.futures.Future[None]] = set()

    # --- running

    async def start(self) -> bool:
        """Subscribe to the request queues and connect; True when connected within 10 s."""
        self._loop = asyncio.get_running_loop()
        self._http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://headend"
        )
        self.client.subscribe(self.broker.naming.requests(), self._received)
        return await asyncio.to_thread(self.client.start, 10.0)

    async def stop(self) -> None:
        """Disconnect; requests not yet acknowledged go back to the queue."""
        pending = [asyncio.wrap_future(future) for future in self._in_flight]
        if pending:
            await asyncio.wait(pending, timeout=5)
        await asyncio.to_thread(self.client.close)
        with contextlib.suppress(TimeoutError):
            await self.app.state.drain(5)
        if self._http is not None:
            await self._http.aclose()

    async def serve_forever(self) -> None:
        """Run until cancelled (the CLI)."""
        await self.start()
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop()

    def run_in_thread(self) -> HeadEndOnBroker:
        """Run on an event loop of its own in a daemon thread (tests); ``close`` ends it."""
        started = threading.Event()

        def run() -> None:
            async def main() -> None:
                await self.start()
                started.set()
                await asyncio.to_thread(self._stopped.wait)
                await self.stop()

            asyncio.run(main())

        self._thread = threading.Thread(target=run, name="headend-on-broker", daemon=True)
        self._thread.start()
        started.wait(15)
        return self

    def close(self) -> None:
        """End ``run_in_thread``."""
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=15)

    # --- answering

    def _received(self, delivery: Delivery) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        future = asyncio.run_coroutine_threadsafe(self._answer(delivery), loop)
        self._in_flight.add(future)
        future.add_done_callback(self._in_flight.discard)

    async def _answer(self, delivery: Delivery) -> None:
        assert self._http is not None
        jms = incoming(delivery.headers)
        response = await self._http.post(
            "/", content=delivery.body, headers={"content-type": "application/xml"}
        )
        self.answered.append(delivery)
        answer = _answer_to_send(delivery.body, response)
        if jms.reply_to is not None and answer is not None:
            headers = outgoing(answer)
            headers["correlation-id"] = jms.correlation_id or jms.broker_message_id or ""
            try:
                await self.client.asend(
                    jms.reply_to, xmlsafe.serialize(build_message(answer)), headers
                )
            except TransportError as exc:
                log.warning("answer not sent (%s): the request comes again", exc)
                self.client.nack(delivery)
                return
        self.client.ack(delivery)


def _answer_to_send(request: bytes, response: httpx.Response) -> Message | None:
    """What goes to JMSReplyTo: the answer, none for an accepted asynchronous request."""
    try:
        answer = read_message(xmlsafe.parse(response.content))
    except InputError:
        return None
    try:
        asked = read_message(xmlsafe.parse(request)).header
    except InputError:
        asked = None
    asynchronous = asked is not None and bool(asked.async_reply_flag) and bool(asked.reply_address)
    if answer.kind is MessageKind.FAULT:
        if asked is not None and answer.header is not None:
            answer.header.correlation_id = asked.message_id
        return replace(answer, kind=MessageKind.RESPONSE) if asynchronous else answer
    if asynchronous and answer.reply is not None and not answer.payload:
        return None  # the acknowledgement: on JMS, the broker's receipt already said it
    return answer


def serve_on_broker(settings: HeadEndSettings, url: str) -> None:
    """Run the head-end on the broker at ``url`` until interrupted (``sim headend --broker``)."""
    broker = BrokerSettings(url=url).validate()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(HeadEndOnBroker(settings, broker).serve_forever())
