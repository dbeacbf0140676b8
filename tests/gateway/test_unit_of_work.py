"""The store's unit of work: a task's writes commit together at the end, or not at all.

On SQLite and on PostgreSQL (marked services).
"""

from __future__ import annotations

import asyncio

import pytest

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


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=STORES)
def store(request, tmp_path):
    opened = store_opener(request, tmp_path)()
    yield opened
    opened.close()


def conversation(correlation_id: str) -> ReadTransaction:
    return ReadTransaction(
        correlation_id=correlation_id,
        transaction_id=f"TX-{correlation_id}",
        response_url="http://cb.test/CB_Server",
        caller="TestCIS",
        meter_ids=["M1"],
        soap_version="SOAP11",
        state=TransactionState.ACCEPTED,
        created_at=T0,
        expires_at=T0 + 60,
    )


def request(correlation_id: str) -> OutboxItem:
    return OutboxItem(
        purpose=Purpose.CIM_REQUEST,
        url="http://headend.test/",
        body=b"<request/>",
        headers={},
        correlation_id=correlation_id,
        created_at=T0,
        next_attempt_at=T0,
    )


def tap(store: MessageStore, kind: str, correlation_id: str = "C-1") -> None:
    store.log_message(
        at=T0, direction="in", side="cim", kind=kind, body=b"<m/>", correlation_id=correlation_id
    )


def test_writes_inside_a_unit_are_seen_only_once_it_ends_and_then_all_together(store):
    item = request("C-1")
    with store.unit():
        store.accept(conversation("C-1"), item)
        store.set_state("C-1", TransactionState.REQUESTED, T0 + 1)
        tap(store, "ResponseMessage")
        assert store.transaction("C-1") is None, "held back until the unit ends"
        assert store.messages() == []
        assert item.id is None

    stored = store.transaction("C-1")
    assert stored is not None and stored.state is TransactionState.REQUESTED
    assert stored.updated_at == T0 + 1
    assert [i.id for i in store.outbox()] == [item.id] and item.id is not None
    assert [m.kind for m in store.messages()] == ["ResponseMessage"]


def test_a_failing_unit_writes_nothing_but_its_wire_tap_copies(store):
    store.accept(conversation("C-1"), request("C-1"))
    with pytest.raises(RuntimeError, match="flow bug"), store.unit():
        store.set_state("C-1", TransactionState.REPLIED, T0 + 5, "replied")
        store.enqueue(request("C-1"))
        tap(store, "EventMessage")
        raise RuntimeError("flow bug")

    stored = store.transaction("C-1")
    assert stored.state is TransactionState.ACCEPTED and stored.detail is None
    assert len(store.outbox()) == 1, "the second item was not queued"
    assert [m.kind for m in store.messages()] == ["EventMessage"], "the copy is kept"


def test_a_unit_inside_a_unit_joins_it(store):
    with store.unit():
        store.accept(conversation("C-1"), request("C-1"))
        with store.unit():
            store.set_state("C-1", TransactionState.REQUESTED, T0 + 1)
        assert store.transaction("C-1") is None, "the inner unit did not commit on its own"
    assert store.transaction("C-1").state is TransactionState.REQUESTED


def test_a_commit_that_fails_leaves_nothing_half_written(store):
    store.accept(conversation("C-1"), request("C-1"))
    with pytest.raises(DuplicateKeyError, match=r"(?i)unique"), store.unit():
        store.set_state("C-1", TransactionState.REPLIED, T0 + 2)
        store.accept(conversation("C-1"), request("C-1"))  # same CorrelationID: refused at commit
    assert store.transaction("C-1").state is TransactionState.ACCEPTED
    assert len(store.outbox()) == 1


@pytest.mark.anyio
async def test_writes_of_other_tasks_are_not_held_back(store):
    inside = asyncio.Event()
    written = asyncio.Event()

    async def held() -> None:
        with store.unit():
            store.accept(conversation("C-1"), request("C-1"))
            inside.set()
            await written.wait()
            assert store.transaction("C-2") is not None, "the other task's write is committed"
            assert store.transaction("C-1") is None

    async def other() -> None:
        await inside.wait()
        store.accept(conversation("C-2"), request("C-2"))
        written.set()

    await asyncio.gather(held(), other())
    assert store.transaction("C-1") is not None


@pytest.mark.anyio
async def test_a_task_started_inside_a_unit_writes_at_once_after_the_unit_ended(store):
    release = asyncio.Event()

    async def later() -> None:
        await release.wait()
        store.set_state("C-1", TransactionState.DELIVERED, T0 + 9)

    with store.unit():
        store.accept(conversation("C-1"), request("C-1"))
        task = asyncio.create_task(later())  # inherits the unit's context
    release.set()
    await task
    assert store.transaction("C-1").state is TransactionState.DELIVERED
    assert [item.state for item in store.outbox()] == [OutboxState.PENDING]
