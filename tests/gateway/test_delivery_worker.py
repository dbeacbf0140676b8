"""The delivery worker: expiring overdue conversations names the flow each belongs to."""

from __future__ import annotations

import asyncio
import logging

import pytest

from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.delivery import DeliveryWorker
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import (
    MessageStore,
    OutboxItem,
    OutboxState,
    ReadTransaction,
    TransactionState,
)
from mspcim.gateway.transport import HttpResponse, MockTransport

T0 = 1_800_000_000.0


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def overdue(correlation_id: str, flow: str) -> ReadTransaction:
    return ReadTransaction(
        correlation_id=correlation_id,
        transaction_id=f"TX-{correlation_id}",
        response_url="http://cb.test/CB_Server",
        caller="TestCIS",
        meter_ids=["M1"],
        soap_version="SOAP11",
        state=TransactionState.ACCEPTED,
        created_at=T0,
        expires_at=T0 + 10,
        flow=flow,
    )


def request(correlation_id: str) -> OutboxItem:
    """A CIM request not yet due when the conversation expires (it is cancelled instead)."""
    return OutboxItem(
        purpose="cim_request",
        url="http://headend.test/",
        body=b"<request/>",
        headers={},
        correlation_id=correlation_id,
        created_at=T0,
        next_attempt_at=T0 + 1000,
    )


async def refuse(url: str, body: bytes, headers: object) -> HttpResponse:
    raise AssertionError("nothing is due: the worker must send nothing")


@pytest.mark.anyio
async def test_expiry_is_logged_with_the_flow_of_each_conversation(tmp_path, caplog):
    settings = GatewaySettings(db_path=tmp_path / "gateway.db", poll_interval=0.01)
    store = MessageStore(settings.db_path)
    runtime = Runtime(settings, store, MockTransport(refuse), clock=lambda: T0 + 20)
    try:
        store.accept(overdue("C-READ", "on-demand-read"), request("C-READ"))
        store.accept(overdue("C-CD", "connect-disconnect"), request("C-CD"))
        worker = DeliveryWorker(runtime, {})
        with caplog.at_level(logging.WARNING, logger="mspcim.gateway.delivery"):
            task = asyncio.create_task(worker.run())
            for _ in range(200):
                if len(caplog.records) >= 2:
                    break
                await asyncio.sleep(0.01)
            await worker.stop()
            await asyncio.wait_for(task, 1.0)
    finally:
        store.close()

    logged = {
        (record.correlation_id, record.getMessage())  # type: ignore[attr-defined]
        for record in caplog.records
        if getattr(record, "event", None) == "expired"
    }
    assert logged == {
        ("C-READ", "on-demand-read expired before any reply"),
        ("C-CD", "connect-disconnect expired before any reply"),
    }
    reopened = MessageStore(tmp_path / "gateway.db")
    try:
        states = {found.correlation_id: found.state for found in reopened.transactions()}
        queued = {found.correlation_id: found.state for found in reopened.outbox()}
    finally:
        reopened.close()
    assert states == {"C-READ": TransactionState.EXPIRED, "C-CD": TransactionState.EXPIRED}
    assert queued == {"C-READ": OutboxState.CANCELLED, "C-CD": OutboxState.CANCELLED}
