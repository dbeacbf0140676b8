"""Clause 9 EndDeviceEvents over MultiSpeak 5.0: EndDeviceEventsNotification both ways."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim import end_device_events as events
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize import end_device_event_v5_messages as messages
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import end_device_events_v5 as profile
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.end_device_event import (
    EndDeviceEvent,
    EndDeviceEventList,
    EndDeviceEventsNotification,
    EndDeviceEventType,
    EndDeviceEventTypeItem,
    EndDeviceEventTypeOption,
    TimeZone,
)
from mspcim.multispeak.v50.header import Caller, RequestHeader, build_request_header
from mspcim.multispeak.v50.identity import ObjectRef, Release
from mspcim.soap import SoapVersion, build_envelope

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
GUID_1 = "6f1c2d3e-1111-4222-8333-944445555666"
GUID_2 = "0b7e3c55-2222-4333-9444-a55556666777"
OUTAGE = "3.26.0.85"
RESTORED = "3.26.0.216"


def event_type(code: str) -> EndDeviceEventType:
    parts = code.split(".")
    return EndDeviceEventType(
        end_device_type=parts[0],
        end_device_domain=parts[1],
        end_device_subdomain=parts[2],
        event_or_action=parts[3],
    )


def outage(guid: str = GUID_1, code: str = OUTAGE, **kwargs: Any) -> EndDeviceEvent:
    values: dict[str, Any] = {
        "time_stamp": T0,
        "referable_id": "EV-1",
        "device_reference": ObjectRef(
            object_guid=guid, noun="msp:meter", primary_identifier_value="M-1"
        ),
        "end_device_event_type_option": EndDeviceEventTypeOption(
            end_device_event_type=event_type(code)
        ),
        "event_severity": "high",
        "event_reason": "storm",
        "user_id": "ops",
        "argument": "phase A",
    }
    return EndDeviceEvent(**{**values, **kwargs})


def header() -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="Head-end", company="REC"), message_id="EV-MSG", time_stamp=T0
    )


def options(release: Release = Release.V507) -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW-ID", release=release)


def reparsed(element: etree._Element) -> etree._Element:
    return xmlsafe.parse(etree.tostring(element))


def test_event_becomes_a_cim_event_value_by_value() -> None:
    report = GapReport()
    source = outage(time_zone=TimeZone(utc_offset=Decimal("-5")))
    document = profile.events_to_cim([source], report)
    (event,) = document.end_device_events
    assert (event.mrid, event.created_date_time, event.event_type) == ("EV-1", T0, OUTAGE)
    assert (event.severity, event.reason, event.user_id) == ("high", "storm", "ops")
    assert event.assets is not None and event.assets.mrid == GUID_1
    assert [(name.type_name, name.name) for name in event.assets.names] == [("meterID", "M-1")]
    assert event.end_device_event_details == [
        events.EndDeviceEventDetail(name="argument", value="phase A")
    ]
    assert [declared.mrid for declared in document.end_device_event_types] == [OUTAGE]
    (zone,) = report.entries
    assert (zone.path, zone.kind) == ("/endDeviceEvent[1]/timeZone", GapKind.LOST)


def test_code_outside_the_code_system_is_carried_as_its_text() -> None:
    report = GapReport()
    document = profile.events_to_cim([outage(code="3.999.0.7")], report)
    assert document.end_device_events[0].event_type == "3.999.0.7"
    assert document.end_device_event_types == []
    assert [(e.value, e.kind) for e in report.entries] == [("3.999.0.7", GapKind.CHANGED)]
    (back,) = profile.events_to_msp(document)
    assert back.event_type == event_type("3.999.0.7")


def test_code_string_alone_gives_the_code() -> None:
    option = EndDeviceEventTypeOption(
        end_device_event_type=EndDeviceEventType(code_string=RESTORED)
    )
    document = profile.events_to_cim([outage(end_device_event_type_option=option)])
    assert document.end_device_events[0].event_type == RESTORED


def test_type_without_parts_or_code_is_a_mapping_error() -> None:
    option = EndDeviceEventTypeOption(end_device_event_type=EndDeviceEventType())
    with pytest.raises(MappingError) as caught:
        profile.events_to_cim([outage(end_device_event_type_option=option)])
    assert caught.value.xpath == "/endDeviceEvent[1]/endDeviceEventTypeOption"


def notification(release: Release) -> etree._Element:
    referred = outage(
        GUID_2,
        referable_id="EV-2",
        end_device_event_type_option=EndDeviceEventTypeOption(end_device_event_type_ref="t1"),
    )
    call = EndDeviceEventsNotification(
        lists=[
            EndDeviceEventList(events=[outage()]),
            EndDeviceEventList(
                events=[referred],
                types=[
                    EndDeviceEventTypeItem(
                        end_device_event_type=event_type(RESTORED), end_device_event_type_ref="t1"
                    )
                ],
            ),
        ],
        transaction_id="TX-EV",
    )
    return reparsed(msp_binding.write(call, "EndDeviceEventsNotification", release=release))


@pytest.mark.parametrize("release", list(Release))
def test_notification_becomes_created_end_device_events(
    assert_schema_valid: Any, release: Release
) -> None:
    body = notification(release)
    envelope = build_envelope(SoapVersion.SOAP11, [body], [build_request_header(header(), release)])
    assert_schema_valid(reparsed(envelope), release=release.value)
    report = GapReport()
    message = find_msp50_route("EndDeviceEventsNotification")(
        notification(release), header(), report, options()
    )
    assert_schema_valid(build_message(message))
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATED, "EndDeviceEvents")
    assert message.header.correlation_id == "TX-EV"
    document = payload_codec("EndDeviceEvents", Edition.CIM2013).read(message.payload[0])
    assert [(e.mrid, e.event_type) for e in document.end_device_events] == [
        ("EV-1", OUTAGE),
        ("EV-2", RESTORED),
    ]
    assert [e.assets.mrid for e in document.end_device_events if e.assets] == [GUID_1, GUID_2]
    assert ("t1", GapKind.CHANGED) in {(entry.value, entry.kind) for entry in report.entries}


def test_unknown_reference_is_a_format_error() -> None:
    body = notification(Release.V507)
    for option in body.iter("{*}endDeviceEventTypeOption"):
        for element in option.iter("{*}endDeviceEventTypeRef"):
            element.text = "nope"
    with pytest.raises(MessageFormatError) as caught:
        find_msp50_route("EndDeviceEventsNotification")(body, header(), GapReport(), options())
    assert "endDeviceEventList[2]" in (caught.value.xpath or "")


@pytest.mark.parametrize("release", list(Release))
def test_created_event_becomes_the_notification(assert_schema_valid: Any, release: Release) -> None:
    document = events.EndDeviceEvents(
        end_device_events=[
            events.EndDeviceEvent(
                mrid="E-9",
                created_date_time=T0,
                severity="low",
                end_device_event_type=events.EndDeviceEventTypeRef(ref=OUTAGE),
                assets=events.Asset(
                    mrid=GUID_1, names=[Name.typed("M-1", "meterID", "MultiSpeak")]
                ),
                issuer_id="HE-1",
            )
        ]
    )
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "EndDeviceEvents", timestamp=T0, correlation_id="C-1"),
        payload=[payload_codec("EndDeviceEvents", Edition.CIM2013).write(document)],
    )
    report = GapReport()
    body, v5 = find_cim_route50("EndDeviceEvents", MessageKind.EVENT)(
        read_message(build_message(message)), report, options(release)
    )
    assert isinstance(v5, RequestHeader)
    envelope = build_envelope(SoapVersion.SOAP11, [body], [build_request_header(v5, release)])
    assert_schema_valid(reparsed(envelope), release=release.value)
    call = msp_binding.read(reparsed(body), EndDeviceEventsNotification)
    assert call.transaction_id == "C-1"
    (event,) = call.lists[0].events
    assert (event.referable_id, event.time_stamp, event.event_severity) == ("E-9", T0, "low")
    assert event.event_type == event_type(OUTAGE)
    assert event.device_reference == ObjectRef(
        object_guid=GUID_1, noun="msp:meter", primary_identifier_value="M-1"
    )
    assert event.extensions_list[0].ext_name == "CIM.EndDeviceEvent.issuerID"
    kinds = {entry.path: entry.kind for entry in report.entries}
    assert kinds["/Header/CorrelationID"] is GapKind.CARRIED
    assert messages.EVENTS == "EndDeviceEvents"


# --- round trips

names = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
codes = st.sampled_from([OUTAGE, RESTORED, "3.31.0.68", "3.12.0.257", "3.999.0.7"])
texts = st.none() | st.text(alphabet="abcdefghij ", min_size=1, max_size=10).map(str.strip).filter(
    bool
)


@st.composite
def v5_events(draw: st.DrawFn) -> EndDeviceEvent:
    return EndDeviceEvent(
        time_stamp=T0,
        referable_id=draw(st.none() | names),
        device_reference=draw(
            st.none()
            | st.builds(
                ObjectRef,
                object_guid=st.uuids(version=4).map(str),
                noun=st.just("msp:meter"),
                primary_identifier_value=st.none() | names,
            )
        ),
        end_device_event_type_option=EndDeviceEventTypeOption(
            end_device_event_type=event_type(draw(codes))
        ),
        event_severity=draw(texts),
        event_reason=draw(texts),
        user_id=draw(texts),
        argument=draw(texts),
    )


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(v5_events(), min_size=1, max_size=4), st.sampled_from(list(Release)))
def test_v5_to_cim_to_v5_keeps_every_value(msp: list[EndDeviceEvent], release: Release) -> None:
    call = EndDeviceEventsNotification(lists=[EndDeviceEventList(events=msp)])
    body = reparsed(msp_binding.write(call, "EndDeviceEventsNotification", release=release))
    read = msp_binding.read(body, EndDeviceEventsNotification)
    report = GapReport()
    document = profile.events_to_cim(read.lists[0].events, report)
    codec = payload_codec("EndDeviceEvents", Edition.CIM2013)
    back = profile.events_to_msp(codec.read(codec.write(document)), report)
    assert back == msp
    assert {entry.kind for entry in report.entries} <= {GapKind.CHANGED}


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(v5_events(), min_size=1, max_size=4))
def test_cim_to_v5_to_cim_keeps_every_value(msp: list[EndDeviceEvent]) -> None:
    document = profile.events_to_cim(msp)
    back = profile.events_to_cim(profile.events_to_msp(document))
    assert back == document
