"""Flows whose conversation passes through several workers sharing one store.

Two runtimes on one store stand for two worker processes: what one worker did, the other must
see in the store, not in memory of its own.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mspcim import xmlsafe
from mspcim.cim import end_device_events as events
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.flows.connect_disconnect import (
    FLOW,
    ConnectDisconnect,
    ConnectDisconnectPurpose,
)
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import (
    MessageStore,
    OutboxItem,
    OutboxState,
    ReadTransaction,
    TransactionState,
)
from mspcim.gateway.transport import HttpResponse, MockTransport
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.soap import SoapVersion, build_envelope, read_envelope

DISCONNECTED = "3.31.0.68"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def worker(path, number: int) -> tuple[Runtime, ConnectDisconnect]:
    settings = GatewaySettings(db_path=path, worker_id=str(number))
    transport = MockTransport(lambda url, body, headers: HttpResponse(200, b""))
    runtime = Runtime(settings, MessageStore(path, worker_id=str(number)), transport)
    return runtime, ConnectDisconnect(runtime)


def outcomes(correlation_id: str, meters: list[str]) -> Message:
    """``created EndDeviceEvents``: each meter disconnected."""
    authority = events.NameTypeAuthority(name="MultiSpeak")
    document = events.EndDeviceEvents(
        end_device_events=[
            events.EndDeviceEvent(
                created_date_time=datetime.now(UTC).replace(microsecond=0),
                assets=events.Asset(
                    names=[
                        events.Name(
                            name=meter,
                            name_type=events.NameType(
                                name="meterID", name_type_authority=authority
                            ),
                        )
                    ]
                ),
                end_device_event_type=events.EndDeviceEventTypeRef(ref=DISCONNECTED),
            )
            for meter in meters
        ]
    )
    return Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "EndDeviceEvents", source="head-end", correlation_id=correlation_id),
        payload=[payload_codec("EndDeviceEvents", Edition.CIM2013).write(document)],
    )


def taken() -> object:
    """The CB's answer to a CDStateChangedNotification: no errorObjects."""
    body = build_array_of_error_object_response("CDStateChangedNotification", [])
    return read_envelope(
        xmlsafe.parse(xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [body])))
    )


@pytest.mark.anyio
async def test_a_connect_disconnect_is_delivered_when_two_workers_deliver_its_meters(tmp_path):
    path = tmp_path / "shared.db"
    (first, flow_one), (second, flow_two) = worker(path, 1), worker(path, 2)
    try:
        now = first.clock()
        parent = ReadTransaction(
            correlation_id="CD-1",
            transaction_id="TX-CD-1",
            response_url="http://cb.test/CB_Server",
            caller="TestCIS",
            meter_ids=["M1", "M2"],
            soap_version="SOAP11",
            state=TransactionState.ACCEPTED,
            created_at=now,
            expires_at=now + 600,
            flow=FLOW,
        )
        first.store.accept(
            parent,
            OutboxItem(ConnectDisconnectPurpose.CIM_REQUEST, "http://headend.test/", b"<r/>", {}),
        )
        first.store.set_state("CD-1", TransactionState.REQUESTED, now)
        with first.store.unit():  # worker 1 takes the head-end's events on /cim/reply
            flow_one.receive_events(outcomes("CD-1", ["M1", "M2"]))
        one, two = [
            item
            for item in first.store.outbox([OutboxState.PENDING])
            if item.purpose == ConnectDisconnectPurpose.NOTIFICATION
        ]
        assert (one.correlation_id, two.correlation_id) == ("CD-1/1", "CD-1/2")
        assert first.store.transaction("CD-1").state is TransactionState.REPLIED

        # worker 2's delivery worker sends meter 1's notification, worker 1's sends meter 2's
        for runtime, flow, item in ((second, flow_two, one), (first, flow_one, two)):
            handler = flow.answer_handlers()[ConnectDisconnectPurpose.NOTIFICATION]
            with runtime.store.unit():
                await handler.answered(item, taken())
                assert item.id is not None
                runtime.store.mark_sent(item.id, 1)

        assert first.store.transaction("CD-1/1").state is TransactionState.DELIVERED
        assert first.store.transaction("CD-1/2").state is TransactionState.DELIVERED
        assert second.store.transaction("CD-1").state is TransactionState.DELIVERED
    finally:
        first.store.close()
        second.store.close()
