"""Prometheus metrics of the gateway: traffic, latency, retries, dead letters, store gauges.

Each gateway has its own registry (several apps may live in one process, as in the tests).
Counters and histograms are kept in memory from the endpoints, the delivery worker and a
transport wrapper; the outbox and conversation gauges are read from the message store at each
scrape, so they are true after a restart.

=================================== =========================================================
``mspcim_messages_in_total``        requests received: side, operation, outcome
``mspcim_messages_out_total``       calls made: operation (SOAPAction), outcome
``mspcim_request_duration_seconds`` time to answer a request, per endpoint
``mspcim_send_duration_seconds``    time for a peer to answer a call, per operation
``mspcim_delivery_retries_total``   outbox deliveries scheduled again, per purpose
``mspcim_dead_letters_total``       outbox items given up or refused, per purpose
``mspcim_outbox_depth``             outbox items waiting to be sent (from the store)
``mspcim_outbox_items``             outbox items per state (from the store)
``mspcim_transactions``             conversations per state (from the store)
=================================== =========================================================
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Mapping

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector
from starlette.responses import Response

from mspcim.exceptions import StoreError, TransportError
from mspcim.gateway.store import MessageStore, OutboxState, TransactionState
from mspcim.gateway.transport import HttpResponse, Transport

__all__ = ["Exchange", "GatewayMetrics", "MeteredTransport", "outbound_operation"]


class GatewayMetrics:
    """The gateway's metrics, in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages_in = Counter(
            "mspcim_messages_in",
            "Requests received, by side, operation (Endpoint:Operation or cim:Noun) and outcome",
            ["side", "operation", "outcome"],
            registry=self.registry,
        )
        self.messages_out = Counter(
            "mspcim_messages_out",
            "Calls made to peers, by operation (from the SOAPAction) and outcome",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "mspcim_request_duration_seconds",
            "Seconds to answer an inbound request, by endpoint",
            ["endpoint"],
            registry=self.registry,
        )
        self.send_seconds = Histogram(
            "mspcim_send_duration_seconds",
            "Seconds for a peer to answer an outbound call, by operation",
            ["operation"],
            registry=self.registry,
        )
        self.retries = Counter(
            "mspcim_delivery_retries",
            "Outbox deliveries that failed and were scheduled again, by purpose",
            ["purpose"],
            registry=self.registry,
        )
        self.dead_letters = Counter(
            "mspcim_dead_letters",
            "Outbox items given up after their retries or refused by the peer, by purpose",
            ["purpose"],
            registry=self.registry,
        )

    def watch(self, store: MessageStore) -> None:
        """Publish the store's outbox and conversation counts as gauges."""
        self.registry.register(_StoreCollector(store))

    def retried(self, purpose: str) -> None:
        """An outbox delivery failed and waits for another attempt."""
        self.retries.labels(purpose).inc()

    def dead_letter(self, purpose: str) -> None:
        """An outbox item became a dead letter."""
        self.dead_letters.labels(purpose).inc()

    def exchange(self, side: str, endpoint: str) -> Exchange:
        """Start measuring one inbound request."""
        return Exchange(self, side, endpoint)

    def response(self) -> Response:
        """The Prometheus text exposition of every metric."""
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class Exchange:
    """One inbound request being served: counted and timed when ``done``."""

    def __init__(self, metrics: GatewayMetrics, side: str, endpoint: str) -> None:
        self.metrics = metrics
        self.side = side
        self.endpoint = endpoint
        self.operation = "unknown"
        """Set once the request names its operation."""
        self._started = time.perf_counter()

    def done(self, outcome: str, response: Response) -> Response:
        """Count the request with ``outcome``, observe its latency, and return ``response``."""
        metrics = self.metrics
        metrics.messages_in.labels(self.side, self.operation, outcome).inc()
        metrics.request_seconds.labels(self.endpoint).observe(time.perf_counter() - self._started)
        return response


def outbound_operation(headers: Mapping[str, str]) -> str:
    """The operation of an outbound SOAP call: the last segment of its SOAPAction."""
    lowered = {name.lower(): value for name, value in headers.items()}
    action = lowered.get("soapaction", "").strip().strip('"')
    if not action:
        for part in lowered.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "action":
                action = value.strip().strip('"')
    return action.rstrip("/").rpartition("/")[2] or "unknown"


class MeteredTransport:
    """Counts and times every call ``inner`` makes."""

    def __init__(self, inner: Transport, metrics: GatewayMetrics) -> None:
        self.inner = inner
        self.metrics = metrics

    async def send(self, url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
        """Send through ``inner``; count the outcome (answered, http-4xx/5xx, unreachable)."""
        operation = outbound_operation(headers)
        started = time.perf_counter()
        try:
            response = await self.inner.send(url, body, headers)
        except TransportError:
            self.metrics.messages_out.labels(operation, "unreachable").inc()
            raise
        self.metrics.send_seconds.labels(operation).observe(time.perf_counter() - started)
        status = response.status
        outcome = "answered" if 200 <= status < 300 else f"http-{status // 100}xx"
        self.metrics.messages_out.labels(operation, outcome).inc()
        return response

    async def aclose(self) -> None:
        """Close ``inner``."""
        await self.inner.aclose()


class _StoreCollector(Collector):
    """Gauges read from the message store at each scrape."""

    def __init__(self, store: MessageStore) -> None:
        self.store = store

    def collect(self) -> Iterable[Metric]:
        try:
            counts = self.store.counts()
        except (StoreError, sqlite3.Error):
            return
        outbox, transactions = counts.get("outbox", {}), counts.get("transactions", {})
        depth = GaugeMetricFamily(
            "mspcim_outbox_depth", "Outbox items waiting to be sent (pending)"
        )
        depth.add_metric([], outbox.get(OutboxState.PENDING.value, 0))
        yield depth
        items = GaugeMetricFamily("mspcim_outbox_items", "Outbox items by state", labels=["state"])
        for state in OutboxState:
            items.add_metric([state.value], outbox.get(state.value, 0))
        yield items
        conversations = GaugeMetricFamily(
            "mspcim_transactions", "Conversations (transactions) by state", labels=["state"]
        )
        for phase in TransactionState:
            conversations.add_metric([phase.value], transactions.get(phase.value, 0))
        yield conversations
