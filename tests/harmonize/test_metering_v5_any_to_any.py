"""Metering through the document translator: MultiSpeak 4.1 → 5.0 → 4.1 keeps every value."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.harmonize import end_device_control_v5_messages as _controls  # noqa: F401  (routes)
from mspcim.harmonize import end_device_event_v5_messages as _events  # noqa: F401  (routes)
from mspcim.harmonize import meter_reading_v5_messages as _readings  # noqa: F401  (routes)
from mspcim.harmonize.gaps import GapKind
from mspcim.harmonize.profiles.meter_readings_v5 import derived_guid
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.connect_disconnect import (
    CDReasonCode,
    ConnectDisconnectEvent,
    InitiateConnectDisconnect,
    LoadActionCode,
    build_initiate_connect_disconnect,
    read_initiate_connect_disconnect,
)
from mspcim.multispeak.v41.meter_event import (
    EventInstance,
    MeterEvent,
    MeterEventList,
    MeterEventNotification,
    build_meter_event_notification,
    read_meter_event_notification,
)
from mspcim.multispeak.v41.meter_reading import (
    MeterID,
    MeterReading,
    ReadingStatusCode,
    ReadingTypeCode,
    ReadingValue,
)
from mspcim.multispeak.v41.operations import (
    ReadingChangedNotification,
    build_reading_changed_notification,
    read_reading_changed_notification,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
CODES = (
    "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0",
    "0.8.0.12.0.1.8.0.0.0.0.0.0.0.0.3.38.0",
    "0.0.0.1.1.1.12.0.0.0.0.1.0.0.0.3.72.0",
)
STATUSES = (("Estimated", "3", "8", "0"), ("Validated", "3", "0", "1"))

names = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))


@st.composite
def readings(draw: st.DrawFn) -> MeterReading:
    values = [
        ReadingValue(
            value=str(draw(st.decimals(places=3, min_value=0, max_value=99_999, allow_nan=False))),
            time_stamp=draw(times),
            reading_type_code=ReadingTypeCode(value=draw(st.sampled_from(CODES))),
            reading_status_code=ReadingStatusCode(*status)
            if (status := draw(st.none() | st.sampled_from(STATUSES)))
            else None,
        )
        for _ in range(draw(st.integers(min_value=1, max_value=3)))
    ]
    return MeterReading(
        meter_id=MeterID(
            draw(names),
            meter_no=draw(st.none() | names),
            service_type=draw(st.none() | st.just("Electric")),
            object_id=draw(st.none() | st.uuids(version=4).map(str)),
            utility=draw(st.none() | st.just("REC")),
        ),
        reading_values=values,
        device_id=draw(st.none() | names),
    )


def envelope(call: ReadingChangedNotification) -> etree._Element:
    header = MultiSpeakMsgHeader(app_name="AMR", company="REC", message_id="M-1", time_stamp=T0)
    element = build_envelope(
        SoapVersion.SOAP11, [build_reading_changed_notification(call)], [build_header(header)]
    )
    return xmlsafe.parse(etree.tostring(element))


def values_of(reading: MeterReading) -> list[tuple[Any, ...]]:
    return [
        (
            value.value,
            value.time_stamp,
            value.reading_type_code.value if value.reading_type_code else None,
            value.reading_status_code,
        )
        for value in reading.reading_values
    ]


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(readings(), min_size=1, max_size=3), st.sampled_from(["5.0.7", "5.0.4"]))
def test_msp41_to_msp50_to_msp41_keeps_every_meter_value(
    reads: list[MeterReading], release: str
) -> None:
    call = ReadingChangedNotification(changed_meter_reads=reads, transaction_id="TX-41")
    v5 = translate_document(envelope(call), "msp50", release=release)
    assert "MeterReadingsNotification" in v5.target or "ReadingsChangedNotification" in v5.target
    back = translate_document(xmlsafe.parse(etree.tostring(v5.document)), "msp41")
    (body,) = read_envelope(back.document).body
    result = read_reading_changed_notification(body)
    assert result.transaction_id == "TX-41"
    assert [r.meter_id for r in result.changed_meter_reads] == [r.meter_id for r in reads]
    assert [r.device_id for r in result.changed_meter_reads] == [r.device_id for r in reads]
    assert [values_of(r) for r in result.changed_meter_reads] == [values_of(r) for r in reads]


def test_v5_notification_validates_and_names_meters_by_guid(assert_schema_valid: Any) -> None:
    guid = "6f1c2d3e-1111-4222-8333-944445555666"
    call = ReadingChangedNotification(
        changed_meter_reads=[
            MeterReading(
                meter_id=MeterID("10001", object_id=guid),
                reading_values=[
                    ReadingValue(
                        value="5", time_stamp=T0, reading_type_code=ReadingTypeCode(CODES[0])
                    )
                ],
            )
        ],
        transaction_id="TX",
    )
    v5 = translate_document(envelope(call), "msp50")
    assert_schema_valid(v5.document)
    meter = v5.document.find(".//{http://www.multispeak.org/V5.0}meterID")
    assert meter is not None
    assert (meter.text, meter.get("meterName")) == (guid, "10001")
    assert Decimal(v5.document.findtext(".//{http://www.multispeak.org/V5.0}value") or "0") == 5


def test_connect_disconnect_4_1_to_5_0_to_4_1_keeps_the_call(assert_schema_valid: Any) -> None:
    guid = "6f1c2d3e-1111-4222-8333-944445555666"
    call = InitiateConnectDisconnect(
        cd_events=[
            ConnectDisconnectEvent(
                object_id="EV1",
                meter_id=MeterID("10001", object_id=guid),
                load_action_code=LoadActionCode.DISCONNECT,
                cd_reason_code=CDReasonCode.NON_PAYMENT,
            ),
            ConnectDisconnectEvent(
                meter_id=MeterID("10002"), load_action_code=LoadActionCode.CONNECT
            ),
        ],
        response_url="http://cis.example/CB_Server",
        transaction_id="T1",
    )
    header = MultiSpeakMsgHeader(app_name="CIS", company="REC", message_id="M1", time_stamp=T0)
    element = build_envelope(
        SoapVersion.SOAP11, [build_initiate_connect_disconnect(call)], [build_header(header)]
    )
    v5 = translate_document(xmlsafe.parse(etree.tostring(element)), "msp50")
    assert_schema_valid(v5.document)
    meters = v5.document.findall(".//{http://www.multispeak.org/V5.0}meterID")
    assert [(meter.text, meter.get("meterName")) for meter in meters] == [
        (guid, "10001"),
        (derived_guid("10002"), "10002"),
    ]
    back = translate_document(xmlsafe.parse(etree.tostring(v5.document)), "msp41")
    (body,) = read_envelope(back.document).body
    assert read_initiate_connect_disconnect(body) == call


def test_meter_events_4_1_to_5_0_to_4_1_keep_meters_codes_and_times(
    assert_schema_valid: Any,
) -> None:
    guid = "6f1c2d3e-1111-4222-8333-944445555666"
    call = MeterEventNotification(
        events=MeterEventList(
            event_instances=[
                EventInstance(
                    meter_id=MeterID("10001"),
                    meter_event=MeterEvent(code="3.26.0.85"),
                    time_stamp=T0,
                ),
                EventInstance(
                    meter_id=MeterID("10002", object_id=guid),
                    meter_event=MeterEvent(code="3.26.0.216"),
                    time_stamp=T0,
                ),
            ]
        ),
        transaction_id="T9",
    )
    header = MultiSpeakMsgHeader(app_name="HE", company="REC", message_id="M1", time_stamp=T0)
    element = build_envelope(
        SoapVersion.SOAP11, [build_meter_event_notification(call)], [build_header(header)]
    )
    v5 = translate_document(xmlsafe.parse(etree.tostring(element)), "msp50")
    assert_schema_valid(v5.document)
    references = v5.document.findall(".//{http://www.multispeak.org/V5.0}deviceReference")
    assert [(ref.text, ref.get("primaryIdentifierValue")) for ref in references] == [
        (derived_guid("10001"), "10001"),
        (guid, "10002"),
    ]
    assert {entry.kind for entry in v5.gaps.entries if entry.path == "/Header/CorrelationID"} == {
        GapKind.CARRIED
    }
    back = translate_document(xmlsafe.parse(etree.tostring(v5.document)), "msp41")
    (body,) = read_envelope(back.document).body
    result = read_meter_event_notification(body)
    assert result.transaction_id == "T9"
    assert result.events is not None and call.events is not None
    instances = result.events.event_instances
    assert [i.meter_id for i in instances] == [i.meter_id for i in call.events.event_instances]
    assert [i.time_stamp for i in instances] == [T0, T0]
    assert [
        (e.type, e.domain, e.domain_part, e.index) for e in (i.meter_event for i in instances) if e
    ] == [("3", "26", "0", "85"), ("3", "26", "0", "216")]
