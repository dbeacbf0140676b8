"""The message store: read transactions, the outbox and the wire tap, surviving a reopen.

Every test taking ``store`` or ``open_store`` runs on SQLite and on PostgreSQL (marked services:
skipped with the reason when the server cannot start).
"""

from __future__ import annotations

import pytest

from mspcim.exceptions import StoreError
from mspcim.gateway.store import (
    DuplicateKeyError,
    MessageStore,
    OutboxItem,
    OutboxState,
    Purpose,
    ReadTransaction,
    TransactionState,
)
from services import STORES, postgres, store_opener  # noqa: F401 - fixture

T0 = 1_800_000_000.0


@pytest.fixture(params=STORES)
def open_store(request, tmp_path):
    return store_opener(request, tmp_path)


@pytest.fixture
def store(open_store):
    opened = open_store()
    yield opened
    opened.close()


def transaction(
    correlation_id: str = "C-1",
    *,
    state: TransactionState = TransactionState.ACCEPTED,
    created: float = T0,
    lifetime: float = 60.0,
) -> ReadTransaction:
    return ReadTransaction(
        correlation_id=correlation_id,
        transaction_id=f"TX-{correlation_id}",
        response_url="http://cb.test/CB_Server",
        caller="TestCIS",
        meter_ids=["M1", "M2"],
        soap_version="SOAP12",
        state=state,
        created_at=created,
        expires_at=created + lifetime,
    )


def item(
    correlation_id: str | None = "C-1",
    purpose: Purpose = Purpose.CIM_REQUEST,
    due: float = T0,
    body: bytes = b"<request/>",
) -> OutboxItem:
    return OutboxItem(
        purpose=purpose,
        url="http://headend.test/",
        body=body,
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"get"'},
        correlation_id=correlation_id,
        next_attempt_at=due,
        created_at=due,
    )


def test_accept_stores_the_transaction_and_its_request(store):
    request = item()

    store.accept(transaction(), request)

    stored = store.transaction("C-1")
    assert stored == ReadTransaction(
        correlation_id="C-1",
        transaction_id="TX-C-1",
        response_url="http://cb.test/CB_Server",
        caller="TestCIS",
        meter_ids=["M1", "M2"],
        soap_version="SOAP12",
        state=TransactionState.ACCEPTED,
        created_at=T0,
        expires_at=T0 + 60,
        updated_at=T0,
        detail=None,
    )
    assert request.id is not None
    [queued] = store.outbox()
    assert queued.id == request.id
    assert queued.purpose == Purpose.CIM_REQUEST
    assert queued.state is OutboxState.PENDING
    assert queued.body == b"<request/>"
    assert queued.headers == {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"get"'}
    assert queued.correlation_id == "C-1"
    assert queued.attempts == 0


def test_accept_is_atomic(store):
    store.accept(transaction(), item())

    with pytest.raises(DuplicateKeyError):
        store.accept(transaction(), item(body=b"<second/>"))

    assert [queued.body for queued in store.outbox()] == [b"<request/>"]
    assert store.counts() == {"transactions": {"accepted": 1}, "outbox": {"pending": 1}}


def test_unknown_transaction_is_none(store):
    assert store.transaction("nope") is None
    assert store.transactions() == []


def test_transactions_by_state_oldest_first(store):
    store.accept(transaction("C-2", created=T0 + 2), item("C-2"))
    store.accept(transaction("C-1", created=T0 + 1), item("C-1"))
    store.accept(transaction("C-3", created=T0 + 3), item("C-3"))
    store.set_state("C-3", TransactionState.REQUESTED, T0 + 4)

    assert [t.correlation_id for t in store.transactions()] == ["C-1", "C-2", "C-3"]
    waiting = store.transactions(TransactionState.ACCEPTED)
    assert [t.correlation_id for t in waiting] == ["C-1", "C-2"]
    assert [t.correlation_id for t in store.transactions(TransactionState.REQUESTED)] == ["C-3"]


def test_set_state_keeps_the_detail_unless_given(store):
    store.accept(transaction(), item())

    store.set_state("C-1", TransactionState.REPLIED, T0 + 1, "9 reading values")
    store.set_state("C-1", TransactionState.DELIVERED, T0 + 2)

    delivered = store.transaction("C-1")
    assert delivered.state is TransactionState.DELIVERED
    assert delivered.updated_at == T0 + 2
    assert delivered.detail == "9 reading values"


def test_reply_received_queues_the_notification_and_cancels_the_pending_request(store):
    store.accept(transaction(), item())
    notification = item(purpose=Purpose.MSP_NOTIFICATION, due=T0 + 5, body=b"<notification/>")

    store.reply_received("C-1", T0 + 5, notification, "6 reading values, 0 meters failed")

    replied = store.transaction("C-1")
    assert replied.state is TransactionState.REPLIED
    assert replied.detail == "6 reading values, 0 meters failed"
    request, queued = store.outbox()
    assert (request.purpose, request.state) == (Purpose.CIM_REQUEST, OutboxState.CANCELLED)
    assert (queued.purpose, queued.state) == (Purpose.MSP_NOTIFICATION, OutboxState.PENDING)
    assert queued.id == notification.id
    assert queued.body == b"<notification/>"


def test_reply_received_leaves_a_sent_request_sent(store):
    request = item()
    store.accept(transaction(), request)
    store.mark_sent(request.id, 1)

    store.reply_received("C-1", T0 + 5, item(purpose=Purpose.MSP_NOTIFICATION))

    assert [queued.state for queued in store.outbox()] == [OutboxState.SENT, OutboxState.PENDING]


def test_reply_received_without_notification_expires(store):
    store.accept(transaction(), item())

    store.reply_received("C-1", T0 + 120, None, "reply arrived after expTime")

    expired = store.transaction("C-1")
    assert expired.state is TransactionState.EXPIRED
    assert expired.detail == "reply arrived after expTime"
    assert [queued.state for queued in store.outbox()] == [OutboxState.CANCELLED]


def test_expire_due_expires_only_waiting_reads_past_their_expiry(store):
    store.accept(transaction("EARLY", lifetime=10), item("EARLY"))
    store.accept(transaction("EXACT", lifetime=20), item("EXACT"))
    store.accept(transaction("LATER", lifetime=30), item("LATER"))
    store.accept(transaction("ASKED", lifetime=10), item("ASKED"))
    store.set_state("ASKED", TransactionState.REQUESTED, T0)
    store.accept(transaction("DONE", lifetime=10), item("DONE"))
    store.reply_received("DONE", T0 + 1, item("DONE", Purpose.MSP_NOTIFICATION))

    expired = store.expire_due(T0 + 20)

    assert sorted(expired) == ["ASKED", "EARLY", "EXACT"]
    for correlation_id in expired:
        gone = store.transaction(correlation_id)
        assert gone.state is TransactionState.EXPIRED
        assert gone.detail == "no reply before expTime"
        assert gone.updated_at == T0 + 20
    assert store.transaction("LATER").state is TransactionState.ACCEPTED
    assert store.transaction("DONE").state is TransactionState.REPLIED
    states = {(q.correlation_id, q.purpose): q.state for q in store.outbox()}
    assert states[("EARLY", Purpose.CIM_REQUEST)] is OutboxState.CANCELLED
    assert states[("LATER", Purpose.CIM_REQUEST)] is OutboxState.PENDING
    assert states[("DONE", Purpose.MSP_NOTIFICATION)] is OutboxState.PENDING
    assert store.expire_due(T0 + 20) == [], "nothing expires twice"


def test_due_gives_pending_items_in_order(store):
    late = item("A", due=T0 + 30)
    first = item("B", due=T0 + 10)
    second = item("C", due=T0 + 5)
    for queued in (late, first, second):
        store.enqueue(queued)
    dead = item("D", due=T0)
    store.enqueue(dead)
    store.mark_dead(dead.id, 5, "gone")

    due = store.due(T0 + 10)

    assert [queued.id for queued in due] == [first.id, second.id], "oldest first, by id"
    assert [queued.id for queued in store.due(T0 + 10, limit=1)] == [first.id]
    assert store.due(T0) == []
    assert store.next_due_at() == T0 + 5


def test_next_due_at_is_none_for_an_empty_outbox(store):
    assert store.next_due_at() is None
    queued = item()
    store.enqueue(queued)
    store.mark_sent(queued.id, 1)
    assert store.next_due_at() is None


def test_mark_retry_then_sent(store):
    queued = item()
    store.enqueue(queued)

    store.mark_retry(queued.id, 1, T0 + 0.5, "cannot reach http://headend.test/")

    retrying = store.outbox_item(queued.id)
    assert retrying.state is OutboxState.PENDING
    assert retrying.attempts == 1
    assert retrying.next_attempt_at == T0 + 0.5
    assert retrying.last_error == "cannot reach http://headend.test/"
    assert store.due(T0) == []
    assert [q.id for q in store.due(T0 + 0.5)] == [queued.id]

    store.mark_sent(queued.id, 2)

    sent = store.outbox_item(queued.id)
    assert (sent.state, sent.attempts, sent.last_error) == (OutboxState.SENT, 2, None)
    assert store.due(T0 + 100) == []


def test_mark_dead_keeps_the_dead_letter(store):
    queued = item()
    store.enqueue(queued)

    store.mark_dead(queued.id, 5, "giving up")

    dead = store.outbox_item(queued.id)
    assert (dead.state, dead.attempts, dead.last_error) == (OutboxState.DEAD, 5, "giving up")
    assert dead.body == b"<request/>"
    assert store.due(T0 + 1000) == []
    assert [q.id for q in store.outbox([OutboxState.DEAD])] == [queued.id]
    assert store.outbox([OutboxState.PENDING, OutboxState.SENT]) == []
    assert store.outbox_item(9999) is None


def test_counts(store):
    store.accept(transaction("C-1"), item("C-1"))
    store.accept(transaction("C-2"), item("C-2"))
    store.reply_received("C-2", T0 + 1, item("C-2", Purpose.MSP_NOTIFICATION))

    assert store.counts() == {
        "transactions": {"accepted": 1, "replied": 1},
        "outbox": {"pending": 2, "cancelled": 1},
    }


def test_message_log_keeps_every_message_in_order(store):
    store.log_message(
        at=T0, direction="in", side="multispeak", kind="Initiate", body=b"<a/>",
        correlation_id="C-1", transaction_id="TX-1", peer="TestCIS",
    )  # fmt: skip
    store.log_message(at=T0 + 1, direction="in", side="cim", kind="Reply", body=b"<b/>")
    store.log_message(
        at=T0 + 2, direction="out", side="cim", kind="get", body=b"<c/>", correlation_id="C-1"
    )

    everything = store.messages()
    assert [(m.kind, m.body) for m in everything] == [
        ("Initiate", b"<a/>"),
        ("Reply", b"<b/>"),
        ("get", b"<c/>"),
    ]
    first, last = store.messages("C-1")
    assert (first.at, first.direction, first.side, first.kind) == (
        T0,
        "in",
        "multispeak",
        "Initiate",
    )
    assert (first.transaction_id, first.peer) == ("TX-1", "TestCIS")
    assert (last.direction, last.kind, last.transaction_id) == ("out", "get", None)
    assert store.messages("C-2") == []


def test_a_second_store_on_the_same_file_sees_everything(tmp_path):
    path = tmp_path / "deep" / "dir" / "store.db"
    first = MessageStore(path)
    request = item()
    first.accept(transaction(), request)
    first.mark_retry(request.id, 2, T0 + 1, "down")
    first.log_message(
        at=T0, direction="in", side="cim", kind="Reply", body=b"<r/>", correlation_id="C-1"
    )
    first.close()

    second = MessageStore(path)
    try:
        assert second.transaction("C-1").state is TransactionState.ACCEPTED
        assert second.transaction("C-1").meter_ids == ["M1", "M2"]
        [queued] = second.due(T0 + 1)
        assert (queued.id, queued.attempts, queued.last_error) == (request.id, 2, "down")
        assert [m.body for m in second.messages("C-1")] == [b"<r/>"]
        second.set_state("C-1", TransactionState.REQUESTED, T0 + 2)
    finally:
        second.close()
    third = MessageStore(path)
    try:
        assert third.transaction("C-1").state is TransactionState.REQUESTED
    finally:
        third.close()


def test_two_open_stores_see_each_other(open_store):
    one, two = open_store(), open_store()
    try:
        one.accept(transaction(), item())
        assert two.transaction("C-1") is not None
        two.set_state("C-1", TransactionState.REQUESTED, T0 + 1)
        assert one.transaction("C-1").state is TransactionState.REQUESTED
    finally:
        one.close()
        two.close()


def test_in_memory_store():
    memory = MessageStore(":memory:")
    try:
        memory.accept(transaction(), item())
        assert memory.counts()["transactions"] == {"accepted": 1}
    finally:
        memory.close()


def test_unopenable_store_raises_store_error(tmp_path):
    directory = tmp_path / "a-directory"
    directory.mkdir()

    with pytest.raises(StoreError, match="cannot open the message store"):
        MessageStore(directory)


def test_store_under_a_file_raises_store_error(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")

    with pytest.raises(StoreError):
        MessageStore(blocker / "store.db")
