"""The on-demand read over MultiSpeak v5, end to end on loopback, beside a v4.1 caller.

A v5 MDM calls ``/multispeak/v50/MR_Server: InitiateMeterReadingsByMeterIDs``; the gateway asks
the CIM head-end and sends ``MeterReadingsNotification`` to the caller's NOT_Server (the
``ReadingsChangedNotification`` of 5.0.4 where that destination is configured so). Values are
checked against what the head-end simulator computes; every message is checked against the
official schemas (the stack validates the CIM requests, this module the v5 traffic).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from _v50_support import MR_NAMESPACE, V5Caller, guid, initiate_body, readings_of, request_header
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.gateway.flows.on_demand_read50 import FLOW, NOTIFICATION
from mspcim.gateway.store import OutboxState, TransactionState
from mspcim.multispeak.v50.meter_reading import MeterReading
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.sim.headend import HeadEndSettings
from mspcim.sim.readings import DEMAND_KW, ENERGY_KWH, VOLTAGE_RMS, energy_register_kwh
from mspcim.soap import SoapVersion

pytestmark = pytest.mark.e2e

METERS = [guid("V5-1"), guid("V5-2")]


def assert_v5_readings(reading: MeterReading, meter: str, since: datetime) -> None:
    """The three simulated values of ``meter`` as v5 readingValues: exact kWh register."""
    assert reading.error_objects == []
    assert reading.meter_id is not None and reading.meter_id.object_guid == meter
    by_code = {
        value.reading_type_code.value: value
        for value in reading.reading_values
        if value.reading_type_code is not None
    }
    assert set(by_code) == {ENERGY_KWH.text, DEMAND_KW.text, VOLTAGE_RMS.text}
    energy = by_code[ENERGY_KWH.text]
    assert energy.time_stamp is not None
    assert since - timedelta(seconds=1) <= energy.time_stamp <= datetime.now(UTC)
    assert Decimal(energy.value or "") == energy_register_kwh(meter, energy.time_stamp)


def test_a_v5_caller_gets_its_readings_on_its_not_server(stack):
    stack.start(HeadEndSettings(seed=50))
    caller = V5Caller(stack).start()
    since = datetime.now(UTC).replace(microsecond=0)
    expires = since + timedelta(minutes=5)

    answer = caller.post(
        initiate_body(METERS, "TX-V5-1", caller.not_server, expiration=expires),
        header=request_header("MSG-V5-1"),
    )

    assert answer.response.status_code == 200, answer.response.text
    assert answer.body.tag == ns.qname(MR_NAMESPACE, "InitiateMeterReadingsByMeterIDsResponse")
    result = caller.response_header(answer).result
    assert result.result_identifier.code == "0.0" and result.error_objects == []
    [notification] = caller.notifications(1)
    assert notification.operation == "MeterReadingsNotification"
    assert notification.release is Release.V507
    assert notification.transaction_id == "TX-V5-1"
    readings = readings_of(notification)
    assert sorted(readings) == sorted(METERS)
    for meter in METERS:
        assert_v5_readings(readings[meter], meter, since)
    transaction = stack.wait_state("TX-V5-1", TransactionState.DELIVERED)
    assert transaction.flow == FLOW
    assert transaction.caller == "TestMDM5"
    assert transaction.meter_ids == METERS
    assert abs(transaction.expires_at - expires.timestamp()) < 1
    [request] = stack.headend_app.state.requests
    message = read_message(xmlsafe.parse(request.body))
    assert message.header is not None
    assert message.header.correlation_id == transaction.correlation_id
    assert message.header.reply_address == stack.settings.reply_address
    assert message.header.source == "TestMDM5"
    assert [object_id.value for object_id in message.request.ids] == METERS


def test_a_v41_and_a_v5_caller_are_served_at_the_same_time(stack):
    stack.start(HeadEndSettings(seed=4150, mode="async"))
    caller = V5Caller(stack).start()
    since = datetime.now(UTC).replace(microsecond=0)
    v41_meters = ["M4101", "M4102"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        v41 = pool.submit(stack.initiate, v41_meters, "TX-41-BOTH")
        v5 = pool.submit(
            caller.post,
            initiate_body(METERS, "TX-50-BOTH", caller.not_server),
            "MR_Server",
            SoapVersion.SOAP12,
        )
        assert v41.result() == []
        assert v5.result().response.status_code == 200

    [notification41] = stack.wait_notifications(1)
    [notification50] = caller.notifications(1)
    assert notification41.transaction_id == "TX-41-BOTH"
    assert sorted(notification41.meter_ids) == v41_meters
    for reading in notification41.notification.changed_meter_reads:
        energy = next(
            value
            for value in reading.reading_values
            if value.reading_type_code is not None
            and value.reading_type_code.value == ENERGY_KWH.text
        )
        assert reading.meter_id is not None and energy.time_stamp is not None
        assert Decimal(energy.value or "") == energy_register_kwh(
            reading.meter_id.value, energy.time_stamp
        )
    assert notification50.transaction_id == "TX-50-BOTH"
    assert notification50.soap_version is SoapVersion.SOAP12
    readings = readings_of(notification50)
    for meter in METERS:
        assert_v5_readings(readings[meter], meter, since)
    first = stack.wait_state("TX-41-BOTH", TransactionState.DELIVERED)
    second = stack.wait_state("TX-50-BOTH", TransactionState.DELIVERED)
    assert first.flow == "on-demand-read" and second.flow == FLOW
    assert first.correlation_id != second.correlation_id


def test_a_destination_configured_504_gets_the_504_notification(stack):
    stack.start_headend(HeadEndSettings(seed=504))
    caller = V5Caller(stack).start()
    stack.start_gateway(multispeak50_releases={caller.server.url: "5.0.4"})

    answer = caller.post(
        initiate_body(METERS, "TX-504", caller.not_server, release=Release.V504),
        release=Release.V504,
    )

    assert answer.response.status_code == 200, answer.response.text
    [notification] = caller.notifications(1)
    assert notification.operation == "ReadingsChangedNotification"
    assert notification.release is Release.V504
    assert notification.action == ns.MSP504_ACTION_PREFIX + "ReadingsChangedNotification"
    guids = [meter.get("objectGUID") for meter in notification.body.iter("{*}meterID")]
    assert sorted(guids) == sorted(METERS)
    assert sorted(readings_of(notification)) == sorted(METERS)
    stack.wait_state("TX-504", TransactionState.DELIVERED)


def test_meters_the_head_end_does_not_know_come_back_with_error_objects(stack):
    ghost = guid("GHOST")
    stack.start(HeadEndSettings(seed=7, unknown_meters=frozenset({ghost})))
    caller = V5Caller(stack).start()

    caller.post(initiate_body([METERS[0], ghost], "TX-GHOST", caller.not_server))

    [notification] = caller.notifications(1)
    readings = readings_of(notification)
    assert readings[METERS[0]].error_objects == []
    [error] = readings[ghost].error_objects
    assert error.display_string
    assert error.reference_id == ghost
    transaction = stack.wait_state("TX-GHOST", TransactionState.DELIVERED)
    assert "1 meters failed" in (transaction.detail or "")


def test_an_empty_meter_id_is_an_error_in_the_result(stack):
    stack.start(HeadEndSettings(seed=8))
    caller = V5Caller(stack).start()

    answer = caller.post(initiate_body([METERS[0], ""], "TX-EMPTY", caller.not_server))

    result = caller.response_header(answer).result
    [error] = result.error_objects
    assert (error.display_string, error.noun_type) == ("empty meterID", "meterID")
    assert result.result_identifier.code == "2.4"
    [notification] = caller.notifications(1)
    assert sorted(readings_of(notification)) == [METERS[0]]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("past", "has passed"),
        ("no-url", "responseURL"),
        ("method", "responseMethod"),
    ],
)
def test_refused_calls_are_faults_and_store_nothing(stack, change: str, reason: str):
    stack.start(HeadEndSettings(seed=9))
    caller = V5Caller(stack).start()
    expires = datetime.now(UTC) - timedelta(minutes=1) if change == "past" else None
    body = initiate_body(METERS, "TX-BAD", caller.not_server, expiration=expires)
    if change == "no-url":
        body.remove(body.find(ns.qname(MR_NAMESPACE, "responseURL")))
    if change == "method":
        body.find(ns.qname(MR_NAMESPACE, "responseMethod")).text = "formattedBlock"

    answer = caller.post(body)

    assert answer.envelope.fault is not None
    assert reason in answer.envelope.fault.reason
    assert stack.store.transactions() == []
    assert stack.store.outbox() == []


def test_a_notification_the_caller_refuses_is_recorded(stack):
    stack.start(HeadEndSettings(seed=10))
    caller = V5Caller(stack)
    caller.settings.fail_with = "NOT_Server is full"
    caller.start()

    caller.post(initiate_body(METERS[:1], "TX-FULL", caller.not_server))

    caller.notifications(1)
    transaction = stack.wait_state("TX-FULL", TransactionState.DELIVERED)
    assert transaction.detail == "caller answered with errors: NOT_Server is full"
    items = [item for item in stack.store.outbox() if item.purpose == NOTIFICATION]
    stack.wait_until(
        lambda: all(
            item.state is OutboxState.SENT
            for item in stack.store.outbox()
            if item.purpose == NOTIFICATION
        ),
        "the notification marked sent",
    )
    assert len(items) == 1
    header = etree.fromstring(items[0].body).find(".//{*}MultiSpeakRequestMsgHeader")
    assert header is not None and header.get("MessageID")


def test_the_callers_password_never_reaches_the_wire_tap_or_the_cim_side(stack):
    stack.start(HeadEndSettings(seed=14))
    caller = V5Caller(stack).start()
    secret = "v5-Secret-Never-Stored"

    caller.post(
        initiate_body(METERS[:1], "TX-SECRET", caller.not_server),
        header=request_header(system_id="mdm", password=secret),
    )

    caller.notifications(1)
    transaction = stack.wait_state("TX-SECRET", TransactionState.DELIVERED)
    logged = stack.store.messages(transaction.correlation_id)
    [incoming] = [m for m in logged if m.kind == "InitiateMeterReadingsByMeterIDs"]
    assert secret.encode() not in incoming.body
    assert b"***" in incoming.body
    assert all(secret.encode() not in m.body for m in logged)
    assert all(secret.encode() not in request.body for request in stack.headend_app.state.requests)


def test_a_reply_after_the_expiration_time_is_kept_and_not_delivered(stack):
    stack.start(HeadEndSettings(mode="async", delay_seconds=2.5, seed=15))
    caller = V5Caller(stack).start()
    expires = datetime.now(UTC) + timedelta(seconds=1.5)

    caller.post(initiate_body(METERS, "TX-V5-LATE", caller.not_server, expiration=expires))

    expired = stack.wait_state("TX-V5-LATE", TransactionState.EXPIRED)
    assert expired.flow == FLOW
    assert expired.expires_at == pytest.approx(expires.timestamp(), abs=0.01)
    [delivery] = stack.wait_until(
        lambda: list(stack.headend_app.state.deliveries), "the late reply"
    )
    assert delivery.delivered and delivery.correlation_id == expired.correlation_id
    stack.wait_until(
        lambda: any(
            (message.direction, message.side) == ("in", "cim")
            for message in stack.store.messages(expired.correlation_id)
        ),
        "the late reply in the wire tap",
    )
    assert stack.transaction("TX-V5-LATE").state is TransactionState.EXPIRED
    assert [item.purpose for item in stack.store.outbox()] == ["cim_request_v50"]
    assert caller.app.state.calls == []
