"""The gateway's CIM side on ActiveMQ, end to end: MultiSpeak caller → gateway → request queue →
head-end → reply queue → gateway → CB simulator. Values, ids and states are asserted; every
message the head-end took from the broker and every notification at the CB is schema-valid."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from _broker_support import WAIT, BrokerStack, wait_until
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import payload_for_tag
from mspcim.cim.envelope import read_message
from mspcim.cim.message import MessageKind, Verb
from mspcim.gateway.broker.client import BrokerClient, Delivery
from mspcim.gateway.broker.destinations import Destination, DestinationKind
from mspcim.gateway.broker.headers import incoming, outgoing
from mspcim.gateway.store import OutboxState, TransactionState
from mspcim.multispeak.v41.connect_disconnect import (
    ConnectDisconnectEvent,
    InitiateConnectDisconnect,
    LoadActionCode,
    build_initiate_connect_disconnect,
)
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    GetLatestReadingByMeterID,
    build_get_latest_reading_by_meter_id,
    read_array_of_error_object_response,
    read_get_latest_reading_response,
)
from mspcim.sim.headend import HeadEndSettings
from mspcim.sim.readings import ENERGY_KWH, energy_register_kwh

pytestmark = pytest.mark.services

DISCONNECTED, CONNECTED = "3.31.0.68", "3.31.0.42"


def test_on_demand_read_goes_over_the_request_and_reply_queues(broker_stack: BrokerStack) -> None:
    stack = broker_stack.start(HeadEndSettings(mode="async", delay_seconds=0.05, seed=7))
    since = datetime.now(UTC)
    assert stack.initiate(["M1001", "M1002", "M1003"], "T-READ") == []

    [notification] = wait_until(
        lambda: stack.cb_app.state.notifications, "the ReadingChangedNotification"
    )
    assert notification.notification.transaction_id == "T-READ"
    reads = {r.meter_id.value: r for r in notification.notification.changed_meter_reads}
    assert sorted(reads) == ["M1001", "M1002", "M1003"]
    for meter, read in reads.items():
        assert read.error_string is None
        energy = next(
            value
            for value in read.reading_values
            if value.reading_type_code and value.reading_type_code.value == ENERGY_KWH.text
        )
        assert energy.units == "kWh"
        assert energy.time_stamp is not None
        assert since - timedelta(seconds=1) <= energy.time_stamp
        assert Decimal(energy.value or "") == energy_register_kwh(meter, energy.time_stamp)

    done = wait_until(
        lambda: (t := stack.transaction("T-READ")).state is TransactionState.DELIVERED and t,
        "the read to be delivered",
    )
    # the head-end took one get MeterReadings from the query queue, with JMS headers set
    assert stack.headend is not None
    [delivery] = stack.headend.answered
    jms = incoming(delivery.headers)
    request = read_message(xmlsafe.parse(delivery.body))
    assert jms.destination == f"/queue/{stack.prefix}.request.query.MeterReadings"
    assert jms.type == MessageKind.REQUEST.value
    assert jms.persistent
    assert jms.message_id == request.header.message_id == done.correlation_id
    assert jms.correlation_id == done.correlation_id
    assert jms.reply_to is not None
    assert jms.reply_to.name == f"{stack.prefix}.reply.gateway"
    assert request.header.reply_address == f"queue://{stack.prefix}.reply.gateway"
    assert (request.header.verb, request.header.noun) == (Verb.GET, "MeterReadings")
    assert request.header.async_reply_flag is True
    # the broker's receipt was the acknowledgement; the readings came on the reply queue
    tap = stack.store.messages(correlation_id=done.correlation_id)
    kinds = [(m.direction, m.side, m.kind) for m in tap]
    assert ("in", "cim", "ResponseMessage (acknowledgement)") in kinds
    replies = [m for m in tap if (m.direction, m.kind) == ("in", "ResponseMessage")]
    assert [m.peer for m in replies] == [f"/queue/{stack.prefix}.reply.gateway"]
    [request_item] = [i for i in stack.store.outbox() if i.correlation_id == done.correlation_id][
        :1
    ]
    assert request_item.state is OutboxState.SENT


def test_connect_disconnect_over_the_broker(broker_stack: BrokerStack) -> None:
    stack = broker_stack.start(HeadEndSettings(mode="async", delay_seconds=0.05, seed=3))
    events = [
        ConnectDisconnectEvent(
            meter_id=MeterID("M7001", service_type="Electric"),
            load_action_code=LoadActionCode.DISCONNECT,
        ),
        ConnectDisconnectEvent(
            meter_id=MeterID("M7002", service_type="Electric"),
            load_action_code=LoadActionCode.CONNECT,
        ),
    ]
    call = InitiateConnectDisconnect(
        events, stack.response_url, "T-CD", ExpirationTime(5, "Minutes")
    )
    body = stack.post("CD_Server", build_initiate_connect_disconnect(call))
    assert read_array_of_error_object_response(body) == []

    calls = wait_until(
        lambda: (
            found
            if len(
                found := [
                    c
                    for c in stack.cb_app.state.calls
                    if c.operation == "CDStateChangedNotification"
                ]
            )
            >= 2
            else None
        ),
        "two CDStateChangedNotification calls",
    )
    by_meter = {}
    for received in calls:
        stack.check(received.raw, endpoint="CB_Server")
        change = received.parsed.state_change
        assert received.parsed.transaction_id == "T-CD"
        assert change.error_string is None
        by_meter[change.meter_id.value] = change
    assert sorted(by_meter) == ["M7001", "M7002"]
    assert by_meter["M7001"].state_change is LoadActionCode.DISCONNECT
    assert by_meter["M7001"].meter_event.code == DISCONNECTED
    assert by_meter["M7002"].state_change is LoadActionCode.CONNECT
    assert by_meter["M7002"].meter_event.code == CONNECTED

    # one create EndDeviceControls on the transaction queue, one control per meter
    assert stack.headend is not None
    [delivery] = stack.headend.answered
    assert incoming(delivery.headers).destination == (
        f"/queue/{stack.prefix}.request.transaction.EndDeviceControls"
    )
    message = read_message(xmlsafe.parse(delivery.body))
    assert (message.header.verb, message.header.noun) == (Verb.CREATE, "EndDeviceControls")
    (payload,) = message.payload
    codec = payload_for_tag(payload.tag)
    assert codec is not None
    controls = codec.read(payload).end_device_controls
    assert [(c.code, c.end_devices[0].name_of("meterID")) for c in controls] == [
        ("3.31.0.23", "M7001"),
        ("3.31.0.18", "M7002"),
    ]
    done = wait_until(
        lambda: next(
            (
                t
                for t in stack.store.transactions()
                if t.transaction_id == "T-CD"
                and t.state is TransactionState.DELIVERED
                and t.detail == "2 notifications, 0 not delivered"
            ),
            None,
        ),
        "the connect/disconnect conversation to be delivered",
    )
    assert done.meter_ids == ["M7001", "M7002"]


def test_latest_reading_is_a_synchronous_request_reply_on_a_temporary_queue(
    broker_stack: BrokerStack,
) -> None:
    stack = broker_stack.start(HeadEndSettings(mode="async", seed=11))
    call = GetLatestReadingByMeterID(MeterID("M2001", service_type="Electric"))
    before = datetime.now(UTC)
    body = stack.post("MR_Server", build_get_latest_reading_by_meter_id(call))
    assert ns.local_name(body.tag) == "GetLatestReadingByMeterIDResponse"
    reading = read_get_latest_reading_response(body)
    assert reading is not None
    assert reading.meter_id is not None and reading.meter_id.value == "M2001"
    energy = next(
        v
        for v in reading.reading_values
        if v.reading_type_code and v.reading_type_code.value == ENERGY_KWH.text
    )
    assert energy.time_stamp is not None and energy.time_stamp >= before - timedelta(seconds=1)
    assert Decimal(energy.value or "") == energy_register_kwh("M2001", energy.time_stamp)
    assert stack.headend is not None
    [delivery] = stack.headend.answered
    jms = incoming(delivery.headers)
    assert jms.destination == f"/queue/{stack.prefix}.request.query.MeterReadings"
    assert jms.reply_to is not None and jms.reply_to.kind.value == "remote-temp-queue"
    assert read_message(xmlsafe.parse(delivery.body)).header.async_reply_flag is False
    assert WAIT


def test_a_reply_delivered_again_changes_nothing(broker_stack: BrokerStack) -> None:
    stack = broker_stack.start(HeadEndSettings(mode="async", seed=17))
    assert stack.initiate(["M3001"], "T-DUP") == []
    done = wait_until(
        lambda: (t := stack.transaction("T-DUP")).state is TransactionState.DELIVERED and t,
        "the read to be delivered",
    )
    [reply] = [
        m
        for m in stack.store.messages(correlation_id=done.correlation_id)
        if (m.direction, m.kind) == ("in", "ResponseMessage")
    ]
    naming = stack.broker_settings().naming
    answers = Destination(DestinationKind.QUEUE, f"{stack.prefix}.test.answers")
    received: list[Delivery] = []
    peer = BrokerClient(stack.broker_settings(), name="duplicate")
    peer.start()
    try:
        assert peer.wait_connected(WAIT)
        peer.subscribe(answers, received.append, ack="auto")
        message = read_message(xmlsafe.parse(reply.body))
        for _ in range(2):  # as a broker restart would: the same message, twice more
            peer.send(naming.reply, reply.body, {**outgoing(message), "reply-to": answers.stomp})
        wait_until(lambda: len(received) >= 2, "the gateway's answers to both duplicates")
    finally:
        peer.close()
    for answer in received:
        stack.check(answer.body)
        read = read_message(xmlsafe.parse(answer.body))
        assert read.kind is MessageKind.RESPONSE
        assert read.reply is not None and read.reply.result.value == "OK"
        assert read.header.correlation_id == message.header.message_id
    assert len(stack.cb_app.state.notifications) == 1, "delivered once only"
    assert stack.transaction("T-DUP").state is TransactionState.DELIVERED
    assert len([i for i in stack.store.outbox() if i.correlation_id == done.correlation_id]) == 2


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # one stack for every example
)
@given(
    meters=st.lists(
        st.from_regex(r"[A-Z]{1,3}-?[0-9]{1,6}", fullmatch=True),
        min_size=1,
        max_size=4,
        unique=True,
    )
)
def test_any_meters_round_trip_over_the_broker(
    broker_stack: BrokerStack, meters: list[str]
) -> None:
    stack = broker_stack
    if stack.gateway is None:
        stack.start(HeadEndSettings(mode="async", seed=23))
    transaction_id = f"T-{uuid.uuid4().hex[:8]}"
    assert stack.initiate(meters, transaction_id) == []

    def notified() -> list:
        return [
            n
            for n in stack.cb_app.state.notifications
            if n.notification.transaction_id == transaction_id
        ]

    [notification] = wait_until(notified, f"the notification of {transaction_id}")
    reads = {r.meter_id.value: r for r in notification.notification.changed_meter_reads}
    assert sorted(reads) == sorted(meters)
    for meter, read in reads.items():
        energy = next(
            v
            for v in read.reading_values
            if v.reading_type_code and v.reading_type_code.value == ENERGY_KWH.text
        )
        assert energy.time_stamp is not None
        assert Decimal(energy.value or "") == energy_register_kwh(meter, energy.time_stamp)
