"""Whole on-demand-read messages (Annex B): Initiate ⇄ get request, notification ⇄ event/reply."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.cim.meter_readings_2013 import build_meter_readings, read_meter_readings
from mspcim.cim.model import MeterReading as CimMeterReading
from mspcim.cim.model import MeterReadings, Name, Reading
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_reading_messages import (
    CimReadings,
    cim_readings,
    get_latest_to_request,
    initiate_to_request,
    notification_to_event,
    now_header,
    payload_element,
    readings_to_notification,
    request_to_initiate,
)
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.multispeak.v41.meter_reading import MeterID, MeterReading, ReadingValue
from mspcim.multispeak.v41.operations import (
    GetLatestReadingByMeterID,
    InitiateMeterReadingsByMeterID,
    ReadingChangedNotification,
    build_initiate_meter_readings_by_meter_id,
    build_reading_changed_notification,
    read_initiate_meter_readings_by_meter_id,
    read_reading_changed_notification,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
KWH = "0.0.0.1.0.1.12.0.0.0.0.0.0.0.0.3.72.0"
CB_URL = "http://cis.riverside.example/multispeak/CB_Server"


def fixture(name: str) -> etree._Element:
    return xmlsafe.parse((FIXTURES / name).read_bytes())


def msp_header() -> MultiSpeakMsgHeader:
    return MultiSpeakMsgHeader(
        user_id="billing",
        pwd="cb-password",
        app_name="Riverside CIS",
        company="REC",
        message_id="MSP-1",
        time_stamp=T0,
        context="Production",
    )


def initiate() -> InitiateMeterReadingsByMeterID:
    return InitiateMeterReadingsByMeterID(
        meter_ids=[
            MeterID("10001", meter_no="M-1", service_type="Electric", object_id="G-1"),
            MeterID("10002"),
            MeterID("10003", utility="REC"),
        ],
        response_url=CB_URL,
        transaction_id="TX-7",
    )


def notification_envelope(
    call: ReadingChangedNotification, header: MultiSpeakMsgHeader
) -> etree._Element:
    return build_envelope(
        SoapVersion.SOAP11, [build_reading_changed_notification(call)], [build_header(header)]
    )


# --- InitiateMeterReadingsByMeterID → get MeterReadings


@pytest.mark.parametrize("form", list(EnvelopeForm))
def test_initiate_becomes_an_async_get_request(assert_schema_valid, form: EnvelopeForm) -> None:
    assert_schema_valid(
        build_envelope(
            SoapVersion.SOAP11,
            [build_initiate_meter_readings_by_meter_id(initiate())],
            [build_header(msp_header())],
        )
    )
    report = GapReport()
    message = initiate_to_request(
        initiate(), msp_header(), message_id="GW-42", reply_address=CB_URL, form=form, report=report
    )
    assert message.kind is MessageKind.REQUEST
    assert message.form is form
    header = message.header
    assert header is not None
    assert (header.verb, header.noun) == (Verb.GET, "MeterReadings")
    assert header.message_id == header.correlation_id == "GW-42"
    assert header.async_reply_flag is True
    assert header.reply_address == CB_URL
    assert header.source == "Riverside CIS"
    assert header.context == "PRODUCTION"
    assert message.request is not None
    assert message.request.ids == [
        ObjectID("10001", kind="name", id_type="meterID", object_type="Meter"),
        ObjectID("10002", kind="name", id_type="meterID", object_type="Meter"),
        ObjectID("10003", kind="name", id_type="meterID", object_type="Meter"),
    ]
    element = build_message(message)
    assert_schema_valid(element)
    expected_root = (
        "RequestMessage" if form is EnvelopeForm.IEC61968_100 else "MeterReadingsRequestMessage"
    )
    assert ns.local_name(element.tag) == expected_root
    read = read_message(element)
    assert [object_id.value for object_id in read.request.ids] == ["10001", "10002", "10003"]  # type: ignore[union-attr]
    assert read.header.async_reply_flag is True  # type: ignore[union-attr]
    assert read.header.reply_address == CB_URL  # type: ignore[union-attr]
    assert read.header.correlation_id == "GW-42"  # type: ignore[union-attr]
    assert "cb-password" not in etree.tostring(element).decode()


def test_initiate_reports_meter_attributes_and_password_lost() -> None:
    report = GapReport()
    initiate_to_request(
        initiate(), msp_header(), message_id="GW-1", reply_address=None, report=report
    )
    lost = [(e.path, e.value) for e in report.lost]
    assert ("/MultiSpeakMsgHeader/@Pwd", "********") in lost
    meter_attributes = [(path, value) for path, value in lost if "meterIDs" in path]
    assert [value for _, value in meter_attributes] == ["Electric", "G-1", "M-1", "REC"]
    assert all("[.='1000" in path for path, _ in meter_attributes)
    assert {e.reason for e in report.lost if "meterIDs" in e.path} == {
        "Request/ID names the meter by its number only"
    }


def test_initiate_gap_paths_name_the_xml_attributes() -> None:
    report = GapReport()
    initiate_to_request(initiate(), None, message_id="GW-1", reply_address=None, report=report)
    paths = [e.path for e in report.lost]
    assert "/InitiateMeterReadingsByMeterID/meterIDs/meterID[.='10001']/@serviceType" in paths
    assert "/InitiateMeterReadingsByMeterID/meterIDs/meterID[.='10001']/@objectID" in paths
    assert "/InitiateMeterReadingsByMeterID/meterIDs/meterID[.='10001']/@meterNo" in paths


def test_initiate_expiry_is_not_dropped_silently() -> None:
    call = read_envelope(fixture("initiate_meter_readings_by_meter_id.soap11.xml")).first_body
    initiate_call = read_initiate_meter_readings_by_meter_id(call)
    assert initiate_call.exp_time is not None
    report = GapReport()
    initiate_to_request(initiate_call, None, message_id="GW-1", reply_address=None, report=report)
    assert any("expTime" in entry.path for entry in report)


def test_get_request_comes_back_as_initiate(assert_schema_valid) -> None:
    message = initiate_to_request(initiate(), msp_header(), message_id="GW-1", reply_address=CB_URL)
    message.header.correlation_id = "TX-7"  # type: ignore[union-attr]
    read = read_message(build_message(message))
    report = GapReport()
    call, header = request_to_initiate(read, report)
    assert [meter.value for meter in call.meter_ids] == ["10001", "10002", "10003"]
    assert call.response_url == CB_URL
    assert call.transaction_id == "TX-7"
    assert (header.message_id, header.app_name, header.user_id) == (
        "GW-1",
        "Riverside CIS",
        "billing",
    )
    assert header.pwd is None
    body = build_initiate_meter_readings_by_meter_id(call)
    assert_schema_valid(build_envelope(SoapVersion.SOAP11, [body], [build_header(header)]))


def test_get_request_without_correlation_uses_the_message_id() -> None:
    message = Message(
        MessageKind.REQUEST,
        Header(Verb.GET, "MeterReadings", message_id="GW-9"),
        request=Request(ids=[ObjectID("10001")]),
    )
    call, _ = request_to_initiate(message)
    assert call.transaction_id == "GW-9"
    assert call.response_url is None


@pytest.mark.parametrize(
    "header", [Header(Verb.CREATE, "MeterReadings"), Header(Verb.GET, "EndDeviceControls"), None]
)
def test_request_for_something_else_is_refused(header: Header | None) -> None:
    with pytest.raises(MessageFormatError) as caught:
        request_to_initiate(Message(MessageKind.REQUEST, header))
    assert caught.value.xpath == "/RequestMessage/Header"


def test_get_latest_is_a_synchronous_get_for_one_meter(assert_schema_valid) -> None:
    message = get_latest_to_request(
        GetLatestReadingByMeterID(MeterID("10001")), msp_header(), message_id="GW-5"
    )
    assert message.header is not None
    assert message.header.async_reply_flag is False
    assert message.header.message_id == "GW-5"
    assert message.header.correlation_id is None
    assert message.request is not None
    assert [object_id.value for object_id in message.request.ids] == ["10001"]
    assert_schema_valid(build_message(message))


# --- ReadingChangedNotification → created MeterReadings


@pytest.mark.parametrize("form", list(EnvelopeForm))
def test_notification_becomes_a_created_event(assert_schema_valid, form: EnvelopeForm) -> None:
    envelope = fixture("reading_changed_notification.soap11.xml")
    soap = read_envelope(envelope)
    call = read_reading_changed_notification(soap.first_body)
    header = read_header(soap.headers[0])
    report = GapReport()
    message = notification_to_event(call, header, message_id="GW-EVT-1", form=form, report=report)
    assert message.kind is MessageKind.EVENT
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATED, "MeterReadings")
    assert message.header.correlation_id == "TX-2026-0501-0007"
    assert message.header.message_id == "GW-EVT-1"
    element = build_message(message)
    assert_schema_valid(element)
    expected_root = "EventMessage" if form is EnvelopeForm.IEC61968_100 else "CreatedMeterReadings"
    assert ns.local_name(element.tag) == expected_root
    document = read_meter_readings(read_message(element).payload[0])
    assert [m.meter_name("meterID") for m in document.meter_readings] == [
        "10001",
        "10002",
        "10003",
    ]
    first = document.meter_readings[0].readings[0]
    assert (first.value, first.time_stamp) == (Decimal("12345.67"), T0)
    assert first.reading_type == "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
    assert [q.reading_quality_type for q in first.reading_qualities] == ["1.0.0"]
    paths = {entry.path for entry in report}
    assert "/MultiSpeakMsgHeader/@Pwd" in paths
    assert "/ReadingChangedNotification/changedMeterReads/meterReading[1]/deviceID" in paths


def test_notification_keeps_the_header_message_id_unless_given() -> None:
    call = ReadingChangedNotification(transaction_id="TX-1")
    message = notification_to_event(call, MultiSpeakMsgHeader(message_id="MSP-9"))
    assert message.header.message_id == "MSP-9"  # type: ignore[union-attr]
    assert message.header.correlation_id == "TX-1"  # type: ignore[union-attr]
    assert payload_element(message) is not None
    bare = notification_to_event(ReadingChangedNotification(), None)
    assert bare.header.message_id is None  # type: ignore[union-attr]
    assert bare.header.correlation_id is None  # type: ignore[union-attr]


# --- CIM readings (with a PARTIAL reply) → ReadingChangedNotification


@pytest.mark.parametrize(
    ("name", "correlation", "failed"),
    [
        (
            "meter_readings_response_partial.xml",
            "TX-2026-0501-0007",
            {"10003": "meter did not answer"},
        ),
        (
            "meter_readings_response_partial.noun_wrapper.soap12.xml",
            "TX-2026-0501-0008",
            {"10003": "unknown meter"},
        ),
    ],
)
def test_cim_readings_of_a_partial_reply(
    name: str, correlation: str, failed: dict[str, str]
) -> None:
    readings = cim_readings(read_message(fixture(name)))
    assert readings.correlation_id == correlation
    assert readings.failed == failed
    assert readings.reply is not None and readings.reply.result is ReplyResult.PARTIAL
    assert readings.header is not None and readings.header.verb is Verb.REPLY
    assert readings.document.meter_readings[0].meter_name("meterID") == "10001"


def test_partial_reply_becomes_a_notification_with_an_errored_meter(assert_schema_valid) -> None:
    readings = cim_readings(read_message(fixture("meter_readings_response_partial.xml")))
    report = GapReport()
    call, header = readings_to_notification(readings, report=report)
    assert call.transaction_id == "TX-2026-0501-0007"
    assert [read.meter_id.value for read in call.changed_meter_reads] == [  # type: ignore[union-attr]
        "10001",
        "10002",
        "10003",
    ]
    failed = call.changed_meter_reads[2]
    assert failed.error_string == "meter did not answer"
    assert failed.reading_values == []
    first = call.changed_meter_reads[0]
    assert first.meter_id == MeterID("10001", object_id="6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0001")
    assert [(v.value, v.units, v.field_name) for v in first.reading_values] == [
        ("12345.67", "kWh", "Total forward energy"),
        ("8.25", "kW", "On-peak demand"),
    ]
    assert first.reading_values[1].reading_type == "Demand"
    assert first.reading_values[1].rate_period == "A"
    assert first.reading_values[1].measurement_period == "Previous"
    assert (header.app_name, header.user_id, header.company) == (
        "HES-PRIMARY",
        "hes-service",
        "Riverside Electric Cooperative",
    )
    assert header.message_id == "8d3c4b2a-1f0e-4d5c-b6a7-98e7f6d5c4b3"
    envelope = notification_envelope(call, header)
    assert_schema_valid(envelope)
    again = read_reading_changed_notification(read_envelope(envelope).first_body)
    assert again.changed_meter_reads[2].error_string == "meter did not answer"
    assert again.transaction_id == "TX-2026-0501-0007"
    lost = {entry.path: entry.value for entry in report.lost}
    assert lost["/Header/Comment"] == "on-demand read"


def test_explicit_transaction_id_wins_over_the_correlation_id() -> None:
    readings = cim_readings(read_message(fixture("meter_readings_response_partial.xml")))
    call, _ = readings_to_notification(readings, transaction_id="TX-OWN")
    assert call.transaction_id == "TX-OWN"


def test_failed_meter_that_also_has_readings_is_not_repeated() -> None:
    document = MeterReadings(
        [
            CimMeterReading(
                meter_names=[Name("10001", "meterID")], readings=[Reading(KWH, Decimal(1))]
            )
        ]
    )
    readings = CimReadings(document, None, None, "TX-1", failed={"10001": "late"})
    call, header = readings_to_notification(readings)
    assert [read.meter_id.value for read in call.changed_meter_reads] == ["10001"]  # type: ignore[union-attr]
    assert call.changed_meter_reads[0].error_string is None
    assert header == MultiSpeakMsgHeader()


def test_failed_reply_naming_no_meter_is_reported_lost(assert_schema_valid) -> None:
    reply = Reply(
        ReplyResult.FAILED, errors=[Error("4.1", ErrorLevel.FATAL, reason="head-end timed out")]
    )
    message = Message(
        MessageKind.RESPONSE,
        Header(Verb.REPLY, "MeterReadings", correlation_id="TX-3"),
        reply=reply,
    )
    element = build_message(message)
    assert_schema_valid(element)
    readings = cim_readings(read_message(element))
    assert readings.failed == {}
    report = GapReport()
    call, header = readings_to_notification(readings, report=report)
    assert call.changed_meter_reads == []
    assert call.transaction_id == "TX-3"
    entries = [(e.path, e.value, e.kind) for e in report if e.path == "/Reply/Error"]
    assert entries == [("/Reply/Error", "head-end timed out", GapKind.LOST)]
    assert_schema_valid(notification_envelope(call, header))


def test_cim_readings_refuses_two_payloads_or_a_foreign_one() -> None:
    payload = build_meter_readings(MeterReadings())
    twice = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "MeterReadings"),
        payload=[payload, build_meter_readings(MeterReadings())],
    )
    with pytest.raises(MessageFormatError) as caught:
        cim_readings(twice)
    assert caught.value.xpath == "/Payload"
    foreign = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "MeterReadings"),
        payload=[etree.Element("{urn:example}Other")],
    )
    with pytest.raises(MessageFormatError) as caught:
        cim_readings(foreign)
    assert "{urn:example}Other" in caught.value.reason


def test_message_without_payload_has_an_empty_document() -> None:
    readings = cim_readings(
        Message(
            MessageKind.RESPONSE, Header(Verb.REPLY, "MeterReadings"), reply=Reply(ReplyResult.OK)
        )
    )
    assert readings.document == MeterReadings()
    assert readings.correlation_id is None


def test_notification_round_trip_through_a_created_event(assert_schema_valid) -> None:
    values = [ReadingValue(value="42.125", units="kWh", time_stamp=T0, field_name="Energy")]
    call = ReadingChangedNotification(
        [MeterReading(meter_id=MeterID("10001", meter_no="M-1"), reading_values=values)], "TX-9"
    )
    header = now_header("GW-1", T0)
    message = notification_to_event(call, header)
    element = build_message(message)
    assert_schema_valid(element)
    back, back_header = readings_to_notification(cim_readings(read_message(element)))
    (value,) = back.changed_meter_reads[0].reading_values
    assert value.reading_type_code is not None
    assert value.reading_type_code.value == KWH, "the code is added on the way back"
    value.reading_type_code = None
    assert back == call
    assert (back_header.message_id, back_header.app_name, back_header.time_stamp) == (
        "GW-1",
        "mspcim",
        T0,
    )
    assert_schema_valid(notification_envelope(back, back_header))
