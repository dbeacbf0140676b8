"""What the gateway accepted survives a restart and a CIM system that is down at first."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest

from mspcim.gateway.config import RetryPolicy
from mspcim.gateway.serving import free_port
from mspcim.gateway.store import OutboxState, Purpose, TransactionState
from mspcim.sim.headend import HeadEndSettings

pytestmark = pytest.mark.e2e

METERS = ["M6001", "M6002"]
PATIENT = RetryPolicy(attempts=60, initial_delay=0.1, max_delay=0.3, multiplier=1.5)
"""Retries for 15 s or more: a peer started meanwhile is reached, however slow the machine."""


class GatedTransport(httpx.AsyncBaseTransport):
    """Holds every request until ``opened`` is set, then sends it on."""

    def __init__(self, opened: threading.Event) -> None:
        self.opened = opened
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await asyncio.to_thread(self.opened.wait, 30)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def gated_client(opened: threading.Event) -> Callable[[], httpx.AsyncClient]:
    """A head-end http_client_factory whose asynchronous replies wait for ``opened``."""
    return lambda: httpx.AsyncClient(transport=GatedTransport(opened), timeout=10)


def cim_items(stack):
    return [item for item in stack.store.outbox() if item.purpose == Purpose.CIM_REQUEST]


def test_reply_reaches_the_gateway_restarted_on_the_same_port_and_store(stack):
    opened = threading.Event()
    stack.start_headend(
        HeadEndSettings(mode="async", seed=11, http_client_factory=gated_client(opened))
    )
    stack.start_cb()
    try:
        port = stack.start_gateway().port
        assert stack.initiate(METERS, "TX-RESTART") == []
        waiting = stack.wait_state("TX-RESTART", TransactionState.REQUESTED)
        stack.stop_gateway()  # gateway A is gone before the head-end answers

        stack.start_gateway(port=port)  # gateway B: same port, same store
        assert stack.transaction("TX-RESTART").state is TransactionState.REQUESTED
    finally:
        opened.set()  # the head-end now posts its reply to the port: B takes it

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-RESTART"
    reads = notification.notification.changed_meter_reads
    assert sorted(read.meter_id.value for read in reads) == METERS
    assert all(len(read.reading_values) == 3 and read.error_string is None for read in reads)
    done = stack.wait_state("TX-RESTART", TransactionState.DELIVERED)
    assert done.correlation_id == waiting.correlation_id
    [delivery] = stack.headend_app.state.deliveries
    assert delivery.delivered and delivery.correlation_id == waiting.correlation_id
    kinds = [(m.direction, m.kind) for m in stack.store.messages(done.correlation_id)]
    assert kinds[0] == ("in", "InitiateMeterReadingsByMeterID"), "A's log is in B's store"
    assert kinds[-1] == ("out", "ReadingChangedNotification")


def test_notification_left_in_the_outbox_is_delivered_after_restart(stack):
    stack.start_headend(HeadEndSettings(seed=13))
    cb_port = free_port()  # the CB is down while gateway A runs
    port = stack.start_gateway(retry=PATIENT).port
    response_url = f"http://127.0.0.1:{cb_port}/CB_Server"
    assert stack.initiate(METERS, "TX-OUTBOX", response_url=response_url) == []

    def notification_retried():
        items = [i for i in stack.store.outbox() if i.purpose == Purpose.MSP_NOTIFICATION]
        return items[0] if items and items[0].attempts >= 1 else None

    pending = stack.wait_until(notification_retried, "a failed notification attempt")
    assert pending.state is OutboxState.PENDING
    assert "cannot reach" in (pending.last_error or "")
    assert stack.transaction("TX-OUTBOX").state is TransactionState.REPLIED
    stack.stop_gateway()

    stack.start_cb(port=cb_port)
    stack.start_gateway(port=port, retry=PATIENT)

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-OUTBOX"
    assert sorted(notification.meter_ids) == METERS
    stack.wait_state("TX-OUTBOX", TransactionState.DELIVERED)
    item = stack.wait_outbox(Purpose.MSP_NOTIFICATION, OutboxState.SENT)
    assert item.id == pending.id
    assert item.attempts > pending.attempts
    assert len(stack.cb_app.state.notifications) == 1


def test_request_waits_in_the_outbox_until_the_cim_system_comes_up(stack):
    stack.start_cb()
    cim_port = free_port()  # nothing listens there yet
    stack.start_gateway(cim_endpoint=f"http://127.0.0.1:{cim_port}/", retry=PATIENT)
    started = datetime.now(UTC).replace(microsecond=0)

    assert stack.initiate(METERS, "TX-CIM-DOWN") == []

    def retried():
        [item] = cim_items(stack)
        return item if item.attempts >= 2 else None

    failing = stack.wait_until(retried, "two failed attempts to reach the CIM system")
    assert failing.state is OutboxState.PENDING
    assert "cannot reach" in (failing.last_error or "")
    assert stack.transaction("TX-CIM-DOWN").state is TransactionState.ACCEPTED
    assert stack.cb_app.state.notifications == []

    stack.start_headend(HeadEndSettings(mode="async", seed=12), port=cim_port)

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-CIM-DOWN"
    reads = notification.notification.changed_meter_reads
    assert sorted(read.meter_id.value for read in reads) == METERS
    for read in reads:
        assert len(read.reading_values) == 3
        assert all(value.time_stamp >= started for value in read.reading_values)
    stack.wait_state("TX-CIM-DOWN", TransactionState.DELIVERED)
    item = stack.wait_outbox(Purpose.CIM_REQUEST, OutboxState.SENT)
    assert item.attempts > failing.attempts
    assert len(stack.headend_app.state.requests) == 1, "sent once it could be"
