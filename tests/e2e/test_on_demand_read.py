"""The Annex B on-demand read end to end over loopback HTTP: caller → gateway → head-end → CB.

What arrives at the CB simulator is checked value by value against what the head-end simulator
computes (the kWh register is a pure function of meter and time), and the gateway's store must
show the conversation finished.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.cim.message import EnvelopeForm
from mspcim.gateway.store import OutboxState, Purpose, TransactionState
from mspcim.multispeak.v41.meter_reading import MeterID, MeterReading
from mspcim.multispeak.v41.operations import (
    GetLatestReadingByMeterID,
    build_get_latest_reading_by_meter_id,
    read_get_latest_reading_response,
)
from mspcim.sim.cb import ReceivedNotification
from mspcim.sim.headend import HeadEndSettings
from mspcim.sim.readings import (
    DEMAND_KW,
    ENERGY_KWH,
    NOMINAL_VOLTAGE,
    VOLTAGE_RMS,
    VOLTAGE_TOLERANCE,
    energy_register_kwh,
    load_profile,
)
from mspcim.soap import SoapVersion

pytestmark = pytest.mark.e2e

METERS = ["M1001", "M1002", "M1003"]
UNKNOWN = frozenset({"GHOST-1", "GHOST-2"})


def assert_readings_of(reading: MeterReading, meter: str, since: datetime) -> None:
    """The three simulated values of ``meter``: exact kWh register, kW and V within range."""
    assert reading.error_string is None
    assert reading.meter_id is not None
    assert reading.meter_id.value == meter
    by_code = {
        value.reading_type_code.value: value
        for value in reading.reading_values
        if value.reading_type_code is not None
    }
    assert set(by_code) == {ENERGY_KWH.text, DEMAND_KW.text, VOLTAGE_RMS.text}
    assert len(reading.reading_values) == 3
    for value in reading.reading_values:
        assert value.time_stamp is not None, f"{meter}: readingValue without timeStamp"
        assert since - timedelta(seconds=1) <= value.time_stamp
        assert value.time_stamp <= datetime.now(UTC) + timedelta(seconds=1)
    energy = by_code[ENERGY_KWH.text]
    assert energy.units == "kWh"
    assert energy.time_stamp is not None
    assert Decimal(energy.value or "") == energy_register_kwh(meter, energy.time_stamp)
    demand = by_code[DEMAND_KW.text]
    assert demand.units == "kW"
    peak = Decimal(str(load_profile(meter).peak_kw))
    assert peak * Decimal("1.19") <= Decimal(demand.value or "") <= peak * Decimal("2.51")
    voltage = by_code[VOLTAGE_RMS.text]
    assert voltage.units == "V RMS"
    spread = NOMINAL_VOLTAGE * VOLTAGE_TOLERANCE
    assert NOMINAL_VOLTAGE - spread <= Decimal(voltage.value or "") <= NOMINAL_VOLTAGE + spread


def by_meter(notification: ReceivedNotification) -> dict[str, MeterReading]:
    reads = notification.notification.changed_meter_reads
    table = {read.meter_id.value: read for read in reads if read.meter_id is not None}
    assert len(table) == len(reads), "one meterReading per meter"
    return table


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    "version", [SoapVersion.SOAP11, SoapVersion.SOAP12], ids=["soap11", "soap12"]
)
@pytest.mark.parametrize(
    "form", [EnvelopeForm.IEC61968_100, EnvelopeForm.NOUN_WRAPPER], ids=["100", "noun"]
)
def test_readings_of_every_meter_reach_the_cb(stack, mode, version, form):
    stack.start(HeadEndSettings(mode=mode, form=form, delay_seconds=0.05, seed=7), cim_form=form)
    since = datetime.now(UTC).replace(microsecond=0)

    assert stack.initiate(METERS, "TX-ALL", version=version) == []

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-ALL"
    assert notification.soap_version is version, "notification in the caller's SOAP version"
    reads = by_meter(notification)
    assert sorted(reads) == sorted(METERS)
    for meter in METERS:
        assert_readings_of(reads[meter], meter, since)

    transaction = stack.wait_state("TX-ALL", TransactionState.DELIVERED)
    assert transaction.meter_ids == METERS
    assert transaction.caller == "TestCIS"
    assert transaction.soap_version == version.name
    assert transaction.detail == "9 reading values, 0 meters failed"
    stack.wait_outbox(Purpose.CIM_REQUEST, OutboxState.SENT)
    sent = stack.wait_outbox(Purpose.MSP_NOTIFICATION, OutboxState.SENT)
    assert sent.url == stack.response_url
    assert sent.attempts == 1

    # the head-end got one get MeterReadings in the configured form, correlated and async
    [request] = stack.headend_app.state.requests
    assert request.soap_version is SoapVersion.SOAP11
    message = read_message(xmlsafe.parse(request.body))
    assert message.form is form
    assert message.header.verb.value == "get"
    assert message.header.noun == "MeterReadings"
    assert message.header.async_reply_flag is True
    assert message.header.reply_address == stack.settings.reply_address
    assert message.header.correlation_id == transaction.correlation_id
    assert [object_id.value for object_id in message.request.ids] == METERS

    # and the wire tap has the whole conversation under one CorrelationID
    kinds = [
        (m.direction, m.side, m.kind) for m in stack.store.messages(transaction.correlation_id)
    ]
    assert kinds[0] == ("in", "multispeak", "InitiateMeterReadingsByMeterID")
    assert kinds[1] == ("out", "cim", "get MeterReadings")
    assert kinds[-1] == ("out", "multispeak", "ReadingChangedNotification")
    assert any(direction == "in" and side == "cim" for direction, side, _ in kinds[2:-1])


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_meters_the_headend_does_not_know_come_back_with_error_string(stack, mode):
    stack.start(HeadEndSettings(mode=mode, unknown_meters=UNKNOWN, seed=1))
    since = datetime.now(UTC).replace(microsecond=0)
    meters = ["M2001", "GHOST-1", "M2002", "GHOST-2"]

    assert stack.initiate(meters, "TX-PART", version=SoapVersion.SOAP12) == []

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-PART"
    reads = by_meter(notification)
    assert sorted(reads) == sorted(meters)
    for meter in ("M2001", "M2002"):
        assert_readings_of(reads[meter], meter, since)
    for meter in UNKNOWN:
        assert reads[meter].error_string == "unknown meter"
        assert reads[meter].reading_values == []
    transaction = stack.wait_state("TX-PART", TransactionState.DELIVERED)
    assert transaction.detail == "6 reading values, 2 meters failed"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_all_meters_unknown_gives_error_string_for_each(stack, mode):
    stack.start(HeadEndSettings(mode=mode, unknown_meters=UNKNOWN | {"GHOST-3"}))

    assert stack.initiate(["GHOST-1", "GHOST-2", "GHOST-3"], "TX-NONE") == []

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-NONE"
    reads = by_meter(notification)
    assert sorted(reads) == ["GHOST-1", "GHOST-2", "GHOST-3"]
    assert {read.error_string for read in reads.values()} == {"unknown meter"}
    assert all(read.reading_values == [] for read in reads.values())
    transaction = stack.wait_state("TX-NONE", TransactionState.DELIVERED)
    assert transaction.detail == "0 reading values, 3 meters failed"


def test_empty_meter_id_is_refused_alone_and_duplicates_are_read_once(stack):
    stack.start(HeadEndSettings(seed=3))
    since = datetime.now(UTC).replace(microsecond=0)

    errors = stack.initiate(["M3001", "", "M3001", "M3002"], "TX-MIXED")

    assert [(error.error_string, error.noun_type) for error in errors] == [
        ("empty meterID", "meterID")
    ]
    [notification] = stack.wait_notifications(1)
    reads = by_meter(notification)
    assert sorted(reads) == ["M3001", "M3002"]
    for meter in ("M3001", "M3002"):
        assert_readings_of(reads[meter], meter, since)
    assert stack.wait_state("TX-MIXED", TransactionState.DELIVERED).meter_ids == [
        "M3001",
        "M3002",
    ]


def get_latest(stack, meter: str, version: SoapVersion):
    body = build_get_latest_reading_by_meter_id(GetLatestReadingByMeterID(MeterID(meter)))
    return stack.post(body, version)


@pytest.mark.parametrize(
    "version", [SoapVersion.SOAP11, SoapVersion.SOAP12], ids=["soap11", "soap12"]
)
def test_get_latest_reading_answers_synchronously(stack, version):
    stack.start(HeadEndSettings(seed=5))
    since = datetime.now(UTC).replace(microsecond=0)

    answer = get_latest(stack, "M4001", version)

    assert answer.response.status_code == 200
    assert ns.local_name(answer.body.tag) == "GetLatestReadingByMeterIDResponse"
    reading = read_get_latest_reading_response(answer.body)
    assert reading is not None
    assert_readings_of(reading, "M4001", since)
    [request] = stack.headend_app.state.requests
    message = read_message(xmlsafe.parse(request.body))
    assert message.header.async_reply_flag is False
    assert [object_id.value for object_id in message.request.ids] == ["M4001"]
    assert stack.store.counts()["transactions"] == {}, "a synchronous read opens no transaction"
    kinds = [
        m.kind for m in stack.store.messages() if m.correlation_id == message.header.message_id
    ]
    assert kinds == ["GetLatestReadingByMeterID", "get MeterReadings", "ResponseMessage"]


def test_get_latest_reading_of_an_unknown_meter_carries_error_string(stack):
    stack.start(HeadEndSettings(unknown_meters=UNKNOWN))

    answer = get_latest(stack, "GHOST-1", SoapVersion.SOAP11)

    assert answer.response.status_code == 200
    reading = read_get_latest_reading_response(answer.body)
    assert reading is not None
    assert reading.meter_id is not None
    assert reading.meter_id.value == "GHOST-1"
    assert reading.error_string == "unknown meter"
    assert reading.reading_values == []


@pytest.mark.parametrize(
    ("version", "code"),
    [(SoapVersion.SOAP11, "soap:Server"), (SoapVersion.SOAP12, "soap:Receiver")],
    ids=["soap11", "soap12"],
)
def test_get_latest_reading_with_the_headend_down_is_a_server_fault(stack, version, code):
    stack.start_cb()
    stack.start_gateway()  # cim_endpoint: nothing listens there

    answer = get_latest(stack, "M4001", version)  # returns within the call's timeout: no hang

    assert answer.response.status_code == 500
    fault = answer.envelope.fault
    assert fault is not None
    assert fault.code == code
    assert fault.sender is False
    assert "CIM system did not answer" in fault.reason
    assert "cannot reach" in fault.reason
