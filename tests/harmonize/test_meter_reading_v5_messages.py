"""Whole v5 read messages: InitiateMeterReadingsByMeterIDs, GetLatest…, MeterReadingsNotification."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
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
from mspcim.cim.model import MeterReading as CimMeterReading
from mspcim.cim.model import MeterReadings, Name, Reading
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize import meter_reading_v5_messages as messages
from mspcim.harmonize.editions import write_payload
from mspcim.harmonize.engine import SECRET
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles.meter_readings_v5 import derived_guid
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.header import (
    Caller,
    RequestHeader,
    ResponseHeader,
    build_request_header,
    build_response_header,
)
from mspcim.multispeak.v50.identity import MeterID, Release
from mspcim.multispeak.v50.meter_reading import (
    GetLatestMeterReadingsByMeterIDs,
    InitiateMeterReadingsByMeterIDs,
    build_get_latest_response,
    read_meter_readings_list,
    read_readings_notification,
    write_operation,
)
from mspcim.soap import SoapVersion, build_envelope

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
GUID_1 = "6f1c2d3e-1111-4222-8333-944445555666"
GUID_2 = "0b7e3c55-2222-4333-9444-a55556666777"
KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
NOT_URL = "http://mdm.riverside.example/multispeak/v50/NOT_Server"


def v5_header(**kwargs: Any) -> RequestHeader:
    return RequestHeader(
        caller=Caller(
            app_name="Riverside MDM",
            company="REC",
            system_id="mdm",
            password="not-for-cim",
            app_version="7.1",
        ),
        message_id="MSG-5",
        time_stamp=T0,
        context="Production",
        **kwargs,
    )


def initiate() -> InitiateMeterReadingsByMeterIDs:
    return InitiateMeterReadingsByMeterIDs(
        meter_ids=[
            MeterID(object_guid=GUID_1, meter_name="M-1", service_type="Electric"),
            MeterID(object_guid=GUID_2),
            MeterID(object_guid=derived_guid("M-3"), meter_name="M-3"),
        ],
        response_url=NOT_URL,
        transaction_id="TX-9",
        expiration_time="2026-05-01T13:00:00Z",
        response_method="meterReading",
    )


def envelope(body: etree._Element, header: etree._Element) -> etree._Element:
    element = build_envelope(SoapVersion.SOAP11, [body], [header])
    return xmlsafe.parse(etree.tostring(element))


def options(release: Release = Release.V507) -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW-ID", release=release)


def readings_response(correlation: str | None = "TX-9") -> Message:
    document = MeterReadings(
        meter_readings=[
            CimMeterReading(
                meter_mrid=GUID_1,
                meter_names=[Name("M-1", "meterID", "MultiSpeak")],
                readings=[Reading(KWH, Decimal("1234.5"), T0)],
            )
        ]
    )
    return Message(
        MessageKind.RESPONSE,
        Header(
            Verb.REPLY, "MeterReadings", timestamp=T0, message_id="HE-1", correlation_id=correlation
        ),
        reply=Reply(
            ReplyResult.PARTIAL,
            [Error("2.4", ErrorLevel.FATAL, "meter not responding", id=ObjectID(GUID_2))],
        ),
        payload=[write_payload("MeterReadings", messages.Edition.CIM2013, document, GapReport())],
    )


# --- MultiSpeak 5.0 → CIM


def test_initiate_becomes_an_async_get_request(assert_schema_valid: Any) -> None:
    body = write_operation(initiate())
    assert_schema_valid(envelope(body, build_request_header(v5_header())))
    report = GapReport()
    message = find_msp50_route("InitiateMeterReadingsByMeterIDs")(
        body, v5_header(), report, options()
    )
    assert_schema_valid(build_message(message))
    header = message.header
    assert header is not None
    assert (header.verb, header.noun, header.message_id) == (Verb.GET, "MeterReadings", "MSG-5")
    assert (header.async_reply_flag, header.reply_address) == (True, NOT_URL)
    assert header.correlation_id == "TX-9"
    assert header.source == "Riverside MDM"
    assert header.user is not None and header.user.user_id == "mdm"
    assert message.request is not None
    assert [(i.value, i.kind, i.id_type) for i in message.request.ids] == [
        (GUID_1, "uuid", "meterGUID"),
        (GUID_2, "uuid", "meterGUID"),
        ("M-3", "name", "meterID"),
    ]
    gaps = {entry.path: entry for entry in report.entries}
    assert gaps["/InitiateMeterReadingsByMeterIDs/expirationTime"].kind is GapKind.LOST
    assert gaps["/InitiateMeterReadingsByMeterIDs/responseMethod"].value == "meterReading"
    assert gaps["/InitiateMeterReadingsByMeterIDs/ArrayOfMeterID/meterID[1]/@meterName"].value == (
        "M-1"
    )
    assert gaps["/InitiateMeterReadingsByMeterIDs/ArrayOfMeterID/meterID[1]/@serviceType"]
    passwords = [entry for entry in report.entries if entry.path.endswith("Password")]
    assert [entry.value for entry in passwords] == [SECRET]
    assert "not-for-cim" not in etree.tostring(build_message(message)).decode()


def test_5_0_4_initiate_with_object_guid_attributes_reads_the_same_meters(
    assert_schema_valid: Any,
) -> None:
    call = initiate()
    call.expiration_time, call.expiration_units = "2", "Hours"
    body = write_operation(call, Release.V504)
    assert_schema_valid(
        envelope(body, build_request_header(v5_header(), Release.V504)), release="5.0.4"
    )
    first = body.find(f".//{{{ns.MSP50_ARRAYS}}}meterID")
    assert (first.text, first.get("objectGUID")) == ("M-1", GUID_1)
    assert body.find(f"{{{messages.MR_SERVER}}}responseMethod") is None
    read = msp_binding.read(xmlsafe.parse(etree.tostring(body)), InitiateMeterReadingsByMeterIDs)
    assert [meter.object_guid for meter in read.meter_ids] == [GUID_1, GUID_2, derived_guid("M-3")]
    assert read.expiry(T0) == T0 + timedelta(hours=2)


def test_expiry_is_the_5_0_7_date_time() -> None:
    assert initiate().expiry(T0) == datetime(2026, 5, 1, 13, 0, tzinfo=UTC)
    assert InitiateMeterReadingsByMeterIDs().expiry(T0) is None
    with pytest.raises(MessageFormatError):
        InitiateMeterReadingsByMeterIDs(expiration_time="1", expiration_units="Months").expiry(T0)


def test_get_latest_is_a_synchronous_get() -> None:
    body = write_operation(
        GetLatestMeterReadingsByMeterIDs(meter_ids=[MeterID(object_guid=GUID_1)])
    )
    message = find_msp50_route("GetLatestMeterReadingsByMeterIDs")(
        body, v5_header(), GapReport(), options()
    )
    assert message.header is not None and message.header.async_reply_flag is False
    assert message.request is not None and message.request.ids[0].value == GUID_1


@pytest.mark.parametrize("operation", ["MeterReadingsNotification", "ReadingsChangedNotification"])
def test_notification_becomes_a_created_event_with_failed_meters_as_errors(
    assert_schema_valid: Any, operation: str
) -> None:
    release = Release.V504 if operation == "ReadingsChangedNotification" else Release.V507
    body, _ = find_cim_route50("MeterReadings", MessageKind.RESPONSE)(
        readings_response(), GapReport(), options(release)
    )
    assert etree.QName(body).localname == operation
    report = GapReport()
    event = find_msp50_route(operation)(body, v5_header(), report, options())
    assert_schema_valid(build_message(event))
    assert event.kind is MessageKind.EVENT
    assert event.header is not None
    assert (event.header.verb, event.header.correlation_id) == (Verb.CREATED, "TX-9")
    assert event.reply is not None and event.reply.result is ReplyResult.PARTIAL
    (error,) = event.reply.errors
    assert (error.reason, error.id) == (
        "meter not responding",
        ObjectID(GUID_2, "uuid", "meterGUID", object_type="Meter"),
    )
    cim = read_message(build_message(event))
    assert len(cim.payload) == 1


# --- CIM → MultiSpeak 5.0


@pytest.mark.parametrize("release", list(Release))
def test_async_get_request_becomes_initiate(assert_schema_valid: Any, release: Release) -> None:
    request = Message(
        MessageKind.REQUEST,
        Header(
            Verb.GET,
            "MeterReadings",
            timestamp=T0,
            message_id="GW-1",
            correlation_id="GW-1",
            async_reply_flag=True,
            reply_address="http://gateway.example/cim/reply",
            source="Head-end",
        ),
        request=Request(ids=[ObjectID(GUID_1, "uuid"), ObjectID("M-3", "name", "meterID")]),
    )
    report = GapReport()
    body, header = find_cim_route50("MeterReadings", MessageKind.REQUEST)(
        request, report, options(release)
    )
    assert isinstance(header, RequestHeader)
    assert_schema_valid(
        envelope(body, build_request_header(header, release)), release=release.value
    )
    call = msp_binding.read(body, InitiateMeterReadingsByMeterIDs)
    assert call.meter_ids == [
        MeterID(object_guid=GUID_1),
        MeterID(object_guid=derived_guid("M-3"), meter_name="M-3"),
    ]
    assert (call.response_url, call.transaction_id) == ("http://gateway.example/cim/reply", "GW-1")
    assert (header.message_id, header.caller.app_name, header.time_stamp) == (
        "GW-1",
        "Head-end",
        T0,
    )
    assert header.multi_speak_version.build == release.build
    kinds = {entry.path: entry.kind for entry in report.entries}
    assert kinds["/Header/CorrelationID"] is GapKind.CARRIED
    assert kinds["/Header/ReplyAddress"] is GapKind.CARRIED


def test_sync_get_request_becomes_get_latest() -> None:
    request = Message(
        MessageKind.REQUEST,
        Header(Verb.GET, "MeterReadings", timestamp=T0, message_id="GW-2"),
        request=Request(ids=[ObjectID(GUID_2, "uuid")]),
    )
    body, _ = find_cim_route50("MeterReadings", MessageKind.REQUEST)(
        request, GapReport(), options()
    )
    assert etree.QName(body).localname == "GetLatestMeterReadingsByMeterIDs"
    assert msp_binding.read(body, GetLatestMeterReadingsByMeterIDs).meter_ids == [
        MeterID(object_guid=GUID_2)
    ]


def test_a_request_of_another_noun_is_refused() -> None:
    request = Message(MessageKind.REQUEST, Header(Verb.GET, "EndDeviceEvents"))
    with pytest.raises(MessageFormatError):
        messages.request_to_initiate(request)


@pytest.mark.parametrize("release", list(Release))
def test_reply_becomes_a_notification_with_the_failed_meter_in_error(
    assert_schema_valid: Any, release: Release
) -> None:
    report = GapReport()
    body, header = find_cim_route50("MeterReadings", MessageKind.RESPONSE)(
        readings_response(), report, options(release)
    )
    assert isinstance(header, RequestHeader)
    assert_schema_valid(
        envelope(body, build_request_header(header, release)), release=release.value
    )
    call = read_readings_notification(body)
    assert call.transaction_id == "TX-9"
    delivered, failed = call.meter_readings
    assert delivered.meter_id == MeterID(object_guid=GUID_1, meter_name="M-1")
    assert [(v.value, v.time_stamp) for v in delivered.reading_values] == [("1234.5", T0)]
    assert failed.meter_id == MeterID(object_guid=GUID_2)
    assert failed.reading_values == []
    (error,) = failed.error_objects
    assert (error.display_string, error.reference_id, error.event_time) == (
        "meter not responding",
        GUID_2,
        T0,
    )


def test_get_latest_response_both_ways(assert_schema_valid: Any) -> None:
    report = GapReport()
    body, header = messages.readings_to_get_latest_response(readings_response(), report, options())
    assert_schema_valid(envelope(body, build_response_header(header)))
    assert header.result.result_identifier.code == "2.4"
    assert [error.reference_id for error in header.result.error_objects] == [GUID_2]
    (read,) = read_meter_readings_list(body, messages.MR_SERVER, "/x")
    assert read.meter_id == MeterID(object_guid=GUID_1, meter_name="M-1")
    message = find_msp50_route("GetLatestMeterReadingsByMeterIDsResponse")(
        body, header, GapReport(), options()
    )
    assert_schema_valid(build_message(message))
    assert message.kind is MessageKind.RESPONSE
    assert message.reply is not None and message.reply.result is ReplyResult.PARTIAL
    assert [error.id.value for error in message.reply.errors if error.id] == [GUID_2]
    empty = build_get_latest_response([])
    assert not len(empty)
    assert isinstance(header, ResponseHeader)


# --- round trip

meter_names = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
meters = st.one_of(
    st.uuids(version=4).map(lambda value: MeterID(object_guid=str(value))),
    meter_names.map(lambda name: MeterID(object_guid=derived_guid(name), meter_name=name)),
)


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(meters, min_size=1, max_size=5),
    st.text(alphabet="abcdefghij0123456789-", min_size=1, max_size=20),
    st.sampled_from(list(Release)),
)
def test_initiate_to_cim_to_initiate_keeps_meters_return_address_and_transaction(
    meter_ids: list[MeterID], transaction: str, release: Release
) -> None:
    call = InitiateMeterReadingsByMeterIDs(
        meter_ids=meter_ids, response_url=NOT_URL, transaction_id=transaction
    )
    body = xmlsafe.parse(etree.tostring(write_operation(call, release)))
    message = find_msp50_route("InitiateMeterReadingsByMeterIDs")(
        body, v5_header(), GapReport(), options()
    )
    back, header = find_cim_route50("MeterReadings", MessageKind.REQUEST)(
        read_message(build_message(message)), GapReport(), options(release)
    )
    assert msp_binding.read(back, InitiateMeterReadingsByMeterIDs) == call
    assert header.message_id == "MSG-5"
