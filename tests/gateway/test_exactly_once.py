"""Exactly once in effect: no window where a crash loses work or does it twice, and a drain.

The delivery worker commits what a flow's answer handler changed together with the item's new
state; a request's answer is kept together with what the request changed. The tests break the
second half of each pair and show the first half was not written either, then that the retry
does the work once. The worker's graceful stop lets sends in flight finish, or leaves them
pending (never half-recorded) when the drain timeout cuts them short.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from _reads_support import header, initiate, open_read, post_reply, reply_bytes

from mspcim import xmlsafe
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.delivery import AnswerHandler, DeliveryWorker
from mspcim.gateway.idempotency import IdempotentReceiver
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import (
    MessageStore,
    OutboxItem,
    OutboxState,
    Purpose,
    TransactionState,
)
from mspcim.gateway.transport import HttpResponse, MockTransport
from mspcim.multispeak.header import read_header
from mspcim.soap import SoapVersion, build_envelope, read_envelope

pytestmark = pytest.mark.anyio


def message_id_of(raw: bytes) -> str | None:
    envelope = read_envelope(xmlsafe.parse(raw))
    element = envelope.header("{http://www.multispeak.org/Version_4.1_Release}MultiSpeakMsgHeader")
    assert element is not None
    return read_header(element).message_id


async def wait_for(predicate, what: str):
    for _ in range(500):
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.02)
    pytest.fail(f"waited 10 s for {what}")


async def test_a_failure_between_the_flow_and_mark_sent_leaves_the_item_to_send_again(
    gateway, monkeypatch
):
    transaction = await open_read(gateway)
    await post_reply(gateway, reply_bytes(transaction.correlation_id))
    store = gateway.store
    real_mark_sent = store.mark_sent
    calls: list[int] = []

    def crash_once(item_id: int, attempts: int) -> None:
        calls.append(item_id)
        if len(calls) == 1:
            raise OSError("the process died here")
        real_mark_sent(item_id, attempts)

    monkeypatch.setattr(store, "mark_sent", crash_once)
    async with gateway.running():
        notified = await wait_for(
            lambda: (
                store.transaction(transaction.correlation_id).state is TransactionState.DELIVERED
            ),
            "the notification to be delivered",
        )
        assert notified
        [item] = [i for i in store.outbox() if i.purpose == Purpose.MSP_NOTIFICATION]

    assert item.state is OutboxState.SENT and item.attempts == 2
    first, second = gateway.cb_app.state.notifications
    assert first.raw == second.raw, "the same bytes: the receiver can tell it is a repetition"
    assert message_id_of(first.raw) == message_id_of(second.raw) is not None
    assert len(calls) == 2


async def test_between_the_two_attempts_the_flow_recorded_nothing(gateway, monkeypatch):
    transaction = await open_read(gateway)
    await post_reply(gateway, reply_bytes(transaction.correlation_id))
    store = gateway.store
    real_mark_retry = store.mark_retry

    def crash(item_id: int, attempts: int) -> None:
        raise OSError("the process died here")

    def much_later(item_id: int, attempts: int, next_attempt_at: float, error: str) -> None:
        real_mark_retry(item_id, attempts, next_attempt_at + 3600, error)

    monkeypatch.setattr(store, "mark_sent", crash)
    monkeypatch.setattr(store, "mark_retry", much_later)
    async with gateway.running():
        [failed] = await wait_for(
            lambda: [i for i in store.outbox() if i.attempts >= 1],
            "the attempt to be recorded as failed",
        )
        after = store.transaction(transaction.correlation_id)

    assert len(gateway.cb_app.state.notifications) == 1, "the CB took it once"
    assert failed.state is OutboxState.PENDING and failed.last_error == "internal error: OSError"
    assert after.state is TransactionState.REPLIED, "DELIVERED was not committed without 'sent'"


async def test_an_answer_that_cannot_be_kept_leaves_no_work_behind(gateway, monkeypatch):
    def broken(self, receipt, answer):
        raise OSError("disk full")

    monkeypatch.setattr(IdempotentReceiver, "_remember", broken)
    failed = await gateway.soap(initiate(["M1"]), header=header("MSG-1"))
    assert failed.status_code == 500
    assert gateway.store.transactions() == [] and gateway.store.outbox() == []

    monkeypatch.undo()
    accepted = await gateway.soap(initiate(["M1"]), header=header("MSG-1"))
    again = await gateway.soap(initiate(["M1"]), header=header("MSG-1"))

    assert accepted.status_code == 200 and again.content == accepted.content
    assert len(gateway.store.transactions()) == 1 and len(gateway.store.outbox()) == 1


async def test_multispeak_notifications_always_carry_a_message_id(gateway):
    """Even when the CIM reply has none: receivers deduplicate by it."""
    transaction = await open_read(gateway)
    no_id = reply_bytes(transaction.correlation_id).replace(b"<MessageID>REPLY-1</MessageID>", b"")
    answer = await post_reply(gateway, no_id)
    assert answer.status_code == 200
    [item] = [i for i in gateway.store.outbox() if i.purpose == Purpose.MSP_NOTIFICATION]
    assert message_id_of(item.body)


# --- graceful stop of the delivery worker


def item(number: int) -> OutboxItem:
    return OutboxItem(
        purpose="test",
        url=f"http://peer.test/{number}",
        body=b"<x/>",
        headers={},
        next_attempt_at=0.0,
        created_at=0.0,
    )


def answer() -> HttpResponse:
    body = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [xmlsafe.parse(b"<ok/>")]))
    return HttpResponse(200, body, {"content-type": SoapVersion.SOAP11.content_type()})


async def run_worker(tmp_path, peer, drain: float, items: int = 1):
    """Queue ``items``, start a worker sending to ``peer``, stop it once a send is in flight."""
    settings = GatewaySettings(db_path=tmp_path / "gateway.db", poll_interval=0.01)
    store = MessageStore(settings.db_path)
    runtime = Runtime(settings, store, MockTransport(peer))
    answered: list[int] = []

    async def on_answer(item: OutboxItem, envelope: object) -> None:
        answered.append(item.id or 0)

    async def never(*args: object) -> None:
        raise AssertionError("not refused, not dead")

    for number in range(items):
        store.enqueue(item(number))
    worker = DeliveryWorker(runtime, {"test": AnswerHandler(on_answer, never, never)})
    task = asyncio.create_task(worker.run())
    await wait_for(lambda: runtime.transport.sent, "a send in flight")
    await worker.stop(drain)
    await asyncio.wait_for(task, 5)
    return store, answered


async def test_stop_lets_the_send_in_flight_finish_and_records_it(tmp_path):
    async def slow(url, body, headers):
        await asyncio.sleep(0.3)
        return answer()

    store, answered = await run_worker(tmp_path, slow, drain=10)
    try:
        [sent] = store.outbox()
        assert sent.state is OutboxState.SENT and answered == [sent.id]
    finally:
        store.close()


async def test_stop_cuts_short_what_the_drain_timeout_does_not_cover(tmp_path, caplog):
    async def stuck(url, body, headers):
        await asyncio.sleep(30)
        return answer()

    with caplog.at_level(logging.INFO, logger="mspcim.gateway.delivery"):
        store, answered = await run_worker(tmp_path, stuck, drain=0.1)
    try:
        [waiting] = store.outbox()
        assert waiting.state is OutboxState.PENDING and waiting.attempts == 0
        assert answered == []
    finally:
        store.close()
    events = [getattr(record, "event", None) for record in caplog.records]
    assert events[-3:] == ["draining", "drain-timeout", "stopped"]
    assert "1 items wait in the outbox" in caplog.records[-1].getMessage()


async def test_sends_queued_behind_the_slots_are_not_started_once_stopping(tmp_path):
    started: list[str] = []

    async def slow(url, body, headers):
        started.append(url)
        await asyncio.sleep(0.2)
        return answer()

    settings = GatewaySettings(db_path=tmp_path / "gateway.db", poll_interval=0.01)
    store = MessageStore(settings.db_path)
    runtime = Runtime(settings, store, MockTransport(slow))

    async def ok(item: OutboxItem, envelope: object) -> None:
        return None

    for number in range(3):
        store.enqueue(item(number))
    worker = DeliveryWorker(runtime, {"test": AnswerHandler(ok, ok, ok)}, concurrency=1)
    task = asyncio.create_task(worker.run())
    try:
        await wait_for(lambda: started, "the first send")
        await worker.stop(5)
        await asyncio.wait_for(task, 5)
        states = [found.state for found in store.outbox()]
    finally:
        store.close()
    assert started == ["http://peer.test/0"]
    assert states == [OutboxState.SENT, OutboxState.PENDING, OutboxState.PENDING]
