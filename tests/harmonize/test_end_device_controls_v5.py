"""Clause 9 EndDeviceControls over MultiSpeak 5.0: connect/disconnect both ways, value by value."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim import end_device_events as events
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.end_device_controls import (
    EndDevice,
    EndDeviceControl,
    EndDeviceControls,
    Ref,
    UsagePoint,
)
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import (
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize import end_device_control_v5_messages as messages
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import end_device_controls_v5 as profile
from mspcim.harmonize.profiles.meter_readings_v5 import derived_guid
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.connect_disconnect import (
    CDDeviceIdentifier,
    CDReason,
    CDReasonCode,
    CDStateChange,
    CDStatesChangedNotification,
    ConnectDisconnectEvent,
    EndDeviceEventType,
    InitiateConnectDisconnect,
    LoadAction,
    LoadActionCode,
    ServicePointID,
    write_operation,
)
from mspcim.multispeak.v50.header import Caller, RequestHeader, build_request_header
from mspcim.multispeak.v50.identity import MeterID, Release, SingleIdentifier
from mspcim.multispeak.v50.identity import ObjectID as MspObjectID
from mspcim.multispeak.v50.result import ErrorObject
from mspcim.soap import SoapVersion, build_envelope

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
GUID_1 = "6f1c2d3e-1111-4222-8333-944445555666"
GUID_2 = "0b7e3c55-2222-4333-9444-a55556666777"
POINT = "9a9a9a9a-3333-4444-8555-b66667777888"
NOT_URL = "http://cis.example/multispeak/v50/NOT_Server"


def header() -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="Riverside CIS", company="REC", system_id="cis", password="pw"),
        message_id="CD-MSG-1",
        time_stamp=T0,
    )


def disconnect(
    guid: str = GUID_1, name: str | None = "M-1", **kwargs: Any
) -> ConnectDisconnectEvent:
    values: dict[str, Any] = {
        "time_stamp": T0,
        "referable_id": "EV-1",
        "cd_device_identifier": CDDeviceIdentifier(
            meter_id=MeterID(object_guid=guid, meter_name=name)
        ),
        "load_action_code": LoadAction(value=LoadActionCode.DISCONNECT),
        "cd_reason_code": CDReason(value=CDReasonCode.NON_PAYMENT),
    }
    return ConnectDisconnectEvent(**{**values, **kwargs})


def options(release: Release = Release.V507) -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW-ID", release=release)


def envelope(body: etree._Element, request: RequestHeader, release: Release) -> etree._Element:
    element = build_envelope(SoapVersion.SOAP11, [body], [build_request_header(request, release)])
    return xmlsafe.parse(etree.tostring(element))


# --- the tables


def test_connect_disconnect_event_becomes_a_control_value_by_value() -> None:
    report = GapReport()
    event = disconnect(
        service_point_id=ServicePointID(object_guid=POINT),
        customer_id=MspObjectID(object_guid=GUID_2),
        grid_location="F12",
    )
    (control,) = profile.events_to_cim([event], report, time_stamp=T0).end_device_controls
    assert control.mrid == "EV-1"
    assert control.end_device_control_type == Ref("3.31.0.23")
    assert control.reason == "NonPayment"
    (device,) = control.end_devices
    assert device.mrid == GUID_1
    assert [(name.type_name, name.name) for name in device.names] == [("meterID", "M-1")]
    assert control.usage_points == [UsagePoint(mrid=POINT)]
    lost = {entry.path.rsplit("/", 1)[1]: entry.kind for entry in report.entries}
    assert lost == {"customerID": GapKind.LOST, "gridLocation": GapKind.LOST}


@pytest.mark.parametrize(
    ("action", "code"),
    [
        (LoadAction(value=LoadActionCode.CONNECT), "3.31.0.18"),
        (LoadAction(value=LoadActionCode.ARM), "3.31.0.5"),
        (LoadAction(value=LoadActionCode.ENABLE), "3.31.0.26"),
        (LoadAction(value=LoadActionCode.DISABLE), "3.31.0.22"),
        (LoadAction(value=LoadActionCode.OTHER, other_kind="Open"), "3.31.0.298"),
        (LoadAction(value=LoadActionCode.OTHER, other_kind="Close"), "3.31.0.299"),
    ],
)
def test_every_action_has_its_control_code_and_comes_back(action: LoadAction, code: str) -> None:
    event = disconnect(load_action_code=action)
    (control,) = profile.events_to_cim([event], time_stamp=T0).end_device_controls
    assert control.end_device_control_type.ref == code
    (back,) = profile.controls_to_msp(EndDeviceControls([control]), time_stamp=T0)
    assert back.load_action_code == action


@pytest.mark.parametrize(
    "action",
    [LoadActionCode.INITIATE_POWER_LIMITATION, LoadActionCode.UNKNOWN, LoadActionCode.OTHER],
)
def test_actions_without_a_control_are_mapping_errors(action: LoadActionCode) -> None:
    with pytest.raises(MappingError) as caught:
        profile.events_to_cim([disconnect(load_action_code=LoadAction(value=action))])
    assert "connectDisconnectEvent[1]" in (caught.value.xpath or "")


def test_reason_other_than_enumerated_goes_as_other_kind() -> None:
    control = EndDeviceControl(
        end_device_control_type=Ref("3.31.0.18"),
        end_devices=[EndDevice(mrid=GUID_1)],
        reason="Storm clean-up",
    )
    (event,) = profile.controls_to_msp(EndDeviceControls([control]), time_stamp=T0)
    assert event.cd_reason_code == CDReason(value=CDReasonCode.OTHER, other_kind="Storm clean-up")
    assert event.time_stamp == T0
    (back,) = profile.events_to_cim([event], time_stamp=T0).end_device_controls
    assert back.reason == "Storm clean-up"


def test_cd_device_id_travels_as_an_end_device_with_its_identifier() -> None:
    device = CDDeviceIdentifier(
        cd_device_id=MspObjectID(
            object_guid=GUID_2,
            primary_identifier=SingleIdentifier(value="SW-7", identifier_name="switchNumber"),
        )
    )
    event = disconnect()
    event.cd_device_identifier = device
    (control,) = profile.events_to_cim([event], time_stamp=T0).end_device_controls
    assert control.end_devices[0].mrid == GUID_2
    assert control.end_devices[0].names[0].name == "SW-7"
    (back,) = profile.controls_to_msp(EndDeviceControls([control]), time_stamp=T0)
    assert back.cd_device_identifier == device


def test_a_control_for_two_meters_becomes_two_events() -> None:
    control = EndDeviceControl(
        end_device_control_type=Ref("3.31.0.23"),
        end_devices=[EndDevice(mrid=GUID_1), EndDevice(names=[Name.typed("M-9", "meterID")])],
    )
    first, second = profile.controls_to_msp(EndDeviceControls([control]), time_stamp=T0)
    assert first.cd_device_identifier and first.cd_device_identifier.meter_id
    assert first.cd_device_identifier.meter_id.object_guid == GUID_1
    assert second.cd_device_identifier and second.cd_device_identifier.meter_id
    assert second.cd_device_identifier.meter_id == MeterID(
        object_guid=derived_guid("M-9"), meter_name="M-9"
    )


def test_event_time_other_than_the_header_time_is_reported() -> None:
    report = GapReport()
    event = disconnect()
    event.time_stamp = datetime(2026, 4, 30, tzinfo=UTC)
    profile.events_to_cim([event], report, time_stamp=T0)
    assert [(entry.path.rsplit("/", 1)[1], entry.kind) for entry in report.entries] == [
        ("timeStamp", GapKind.LOST)
    ]


@pytest.mark.parametrize(
    ("code", "state", "failed"),
    [
        ("3.31.0.68", LoadAction(value=LoadActionCode.DISCONNECT), False),
        ("3.31.0.42", LoadAction(value=LoadActionCode.CONNECT), False),
        ("3.31.0.84", LoadAction(value=LoadActionCode.DISCONNECT), True),
        ("3.31.0.39", LoadAction(value=LoadActionCode.OTHER, other_kind="Opened"), False),
        ("3.31.0.11", LoadAction(value=LoadActionCode.ARM), False),
    ],
)
def test_outcome_codes_become_state_changes_and_come_back(
    code: str, state: LoadAction, failed: bool
) -> None:
    event = events.EndDeviceEvent(
        mrid="E-1",
        created_date_time=T0,
        end_device_event_type=events.EndDeviceEventTypeRef(ref=code),
        assets=events.Asset(mrid=GUID_1),
    )
    (change,) = profile.state_changes_to_msp(events.EndDeviceEvents(end_device_events=[event]))
    assert change.state_change == state
    assert change.end_device_event_type is not None
    assert change.end_device_event_type.event_or_action == code.rsplit(".", 1)[1]
    assert bool(change.error_objects) is failed
    (back,) = profile.state_changes_to_cim([change]).end_device_events
    assert back == event


def test_state_change_without_event_type_is_read_by_the_declared_table() -> None:
    change = CDStateChange(
        time_stamp=T0,
        cd_device_identifier=CDDeviceIdentifier(meter_id=MeterID(object_guid=GUID_1)),
        state_change=LoadAction(value=LoadActionCode.CONNECT),
        error_objects=[ErrorObject(event_time=T0, display_string="relay stuck")],
    )
    (event,) = profile.state_changes_to_cim([change]).end_device_events
    assert event.event_type == "3.31.0.67"  # connect failed


# --- messages


@pytest.mark.parametrize("release", list(Release))
def test_initiate_becomes_create_end_device_controls(
    assert_schema_valid: Any, release: Release
) -> None:
    call = InitiateConnectDisconnect(
        events=[disconnect(), disconnect(GUID_2, None)],
        response_url=NOT_URL,
        transaction_id="TX-CD",
        reading_requested=True,
    )
    body = write_operation(call, release)
    assert_schema_valid(envelope(body, header(), release), release=release.value)
    report = GapReport()
    message = find_msp50_route("InitiateConnectDisconnect")(
        xmlsafe.parse(etree.tostring(body)), header(), report, options()
    )
    assert_schema_valid(build_message(message))
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATE, "EndDeviceControls")
    assert (message.header.reply_address, message.header.correlation_id) == (NOT_URL, "TX-CD")
    assert message.header.async_reply_flag is True
    document = payload_codec("EndDeviceControls", Edition.CIM2013).read(message.payload[0])
    assert [c.end_devices[0].mrid for c in document.end_device_controls] == [GUID_1, GUID_2]
    assert {c.end_device_control_type.ref for c in document.end_device_controls} == {"3.31.0.23"}
    if release is Release.V507:
        assert "/InitiateConnectDisconnect/readingRequested" in {e.path for e in report.entries}


@pytest.mark.parametrize("release", list(Release))
def test_create_request_becomes_initiate(assert_schema_valid: Any, release: Release) -> None:
    document = EndDeviceControls(
        [
            EndDeviceControl(
                mrid="C-1",
                end_device_control_type=Ref("3.31.0.18"),
                end_devices=[EndDevice(mrid=GUID_1)],
                reason="PaymentReceived",
            )
        ]
    )
    request = Message(
        MessageKind.REQUEST,
        Header(
            Verb.CREATE,
            "EndDeviceControls",
            timestamp=T0,
            message_id="GW-7",
            correlation_id="GW-7",
            reply_address="http://gw.example/cim/reply",
        ),
        payload=[payload_codec("EndDeviceControls", Edition.CIM2013).write(document)],
    )
    report = GapReport()
    body, v5 = find_cim_route50("EndDeviceControls", MessageKind.REQUEST)(
        read_message(build_message(request)), report, options(release)
    )
    kinds = {entry.path: entry.kind for entry in report.entries}
    assert kinds["/Header/CorrelationID"] is GapKind.CARRIED
    assert isinstance(v5, RequestHeader)
    assert_schema_valid(envelope(body, v5, release), release=release.value)
    call = msp_binding.read(xmlsafe.parse(etree.tostring(body)), InitiateConnectDisconnect)
    assert (call.response_url, call.transaction_id) == ("http://gw.example/cim/reply", "GW-7")
    (event,) = call.events
    assert event.load_action_code == LoadAction(value=LoadActionCode.CONNECT)
    assert event.cd_reason_code == CDReason(value=CDReasonCode.PAYMENT_RECEIVED)
    assert (event.referable_id, event.time_stamp) == ("C-1", T0)


def outcome_message() -> Message:
    document = events.EndDeviceEvents(
        end_device_events=[
            events.EndDeviceEvent(
                created_date_time=T0,
                end_device_event_type=events.EndDeviceEventTypeRef(ref="3.31.0.68"),
                assets=events.Asset(mrid=GUID_1),
            )
        ]
    )
    return Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "EndDeviceEvents", timestamp=T0, correlation_id="TX-CD"),
        reply=Reply(
            ReplyResult.PARTIAL,
            [Error("2.4", ErrorLevel.FATAL, "no such meter", id=ObjectID("M-404"))],
        ),
        payload=[payload_codec("EndDeviceEvents", Edition.CIM2013).write(document)],
    )


@pytest.mark.parametrize("release", list(Release))
def test_outcome_becomes_cd_states_changed_and_back(
    assert_schema_valid: Any, release: Release
) -> None:
    report = GapReport()
    body, v5 = messages.outcome_route(outcome_message(), report, options(release))
    assert isinstance(v5, RequestHeader)
    assert_schema_valid(envelope(body, v5, release), release=release.value)
    call = msp_binding.read(xmlsafe.parse(etree.tostring(body)), CDStatesChangedNotification)
    assert call.transaction_id == "TX-CD"
    done, failed = call.state_changes
    assert done.state_change == LoadAction(value=LoadActionCode.DISCONNECT)
    assert done.end_device_event_type == EndDeviceEventType(
        end_device_type="3", end_device_domain="31", end_device_subdomain="0", event_or_action="68"
    )
    assert failed.state_change == LoadAction(value=LoadActionCode.UNKNOWN)
    assert failed.cd_device_identifier.meter_id == MeterID(
        object_guid=derived_guid("M-404"), meter_name="M-404"
    )
    assert [e.display_string for e in failed.error_objects] == ["no such meter"]
    event = find_msp50_route("CDStatesChangedNotification")(
        xmlsafe.parse(etree.tostring(body)), v5, GapReport(), options()
    )
    assert_schema_valid(build_message(event))
    assert event.header is not None and event.header.correlation_id == "TX-CD"
    assert event.reply is not None
    assert [(e.reason, e.id.value if e.id else None) for e in event.reply.errors] == [
        ("no such meter", "M-404")
    ]
    document = payload_codec("EndDeviceEvents", Edition.CIM2013).read(event.payload[0])
    assert [e.event_type for e in document.end_device_events] == ["3.31.0.68"]


# --- round trips

guids = st.uuids(version=4).map(str)
names = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
actions = st.sampled_from(
    [
        LoadAction(value=LoadActionCode.CONNECT),
        LoadAction(value=LoadActionCode.DISCONNECT),
        LoadAction(value=LoadActionCode.ARM),
        LoadAction(value=LoadActionCode.OTHER, other_kind="Open"),
    ]
)
reasons = st.none() | st.sampled_from(
    [CDReason(value=CDReasonCode.NON_PAYMENT), CDReason(value=CDReasonCode.OTHER, other_kind="x")]
)


@st.composite
def cd_events(draw: st.DrawFn) -> ConnectDisconnectEvent:
    return ConnectDisconnectEvent(
        time_stamp=T0,
        referable_id=draw(st.none() | names),
        cd_device_identifier=CDDeviceIdentifier(
            meter_id=MeterID(object_guid=draw(guids), meter_name=draw(st.none() | names))
        ),
        load_action_code=draw(actions),
        cd_reason_code=draw(reasons),
        service_point_id=draw(st.none() | guids.map(lambda g: ServicePointID(object_guid=g))),
    )


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cd_events(), min_size=1, max_size=4), st.sampled_from(list(Release)))
def test_v5_events_to_cim_to_v5_keep_every_value(
    cd: list[ConnectDisconnectEvent], release: Release
) -> None:
    report = GapReport()
    call = InitiateConnectDisconnect(events=cd, response_url=NOT_URL, transaction_id="T")
    body = xmlsafe.parse(etree.tostring(write_operation(call, release)))
    read = msp_binding.read(body, InitiateConnectDisconnect)
    document = profile.events_to_cim(read.events, report, time_stamp=T0)
    codec = payload_codec("EndDeviceControls", Edition.CIM2013)
    back = profile.controls_to_msp(codec.read(codec.write(document)), report, time_stamp=T0)
    assert back == cd
    assert report.entries == []


@st.composite
def outcomes(draw: st.DrawFn) -> events.EndDeviceEvent:
    code = draw(st.sampled_from(["3.31.0.68", "3.31.0.42", "3.31.0.84", "3.31.0.67", "3.31.0.16"]))
    return events.EndDeviceEvent(
        mrid=draw(st.none() | names),
        created_date_time=T0,
        reason=draw(st.none() | st.just("customer request")),
        end_device_event_type=events.EndDeviceEventTypeRef(ref=code),
        assets=events.Asset(
            mrid=draw(guids), names=[Name.typed(draw(names), "meterID", "MultiSpeak")]
        ),
        severity=draw(st.none() | st.just("low")),
    )


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(outcomes(), min_size=1, max_size=4), st.sampled_from(list(Release)))
def test_cim_outcomes_to_v5_to_cim_keep_every_value(
    outcome: list[events.EndDeviceEvent], release: Release
) -> None:
    report = GapReport()
    changes = profile.state_changes_to_msp(
        events.EndDeviceEvents(end_device_events=outcome), report
    )
    call = CDStatesChangedNotification(state_changes=changes)
    body = xmlsafe.parse(etree.tostring(write_operation(call, release)))
    read = msp_binding.read(body, CDStatesChangedNotification)
    back = profile.state_changes_to_cim(read.state_changes, report)
    assert back.end_device_events == outcome
    assert {entry.kind for entry in report.entries} <= {GapKind.CARRIED}


def test_unbound_elements_of_the_call_are_reported_lost() -> None:
    body = write_operation(InitiateConnectDisconnect(events=[disconnect()]))
    event = body.find(".//{http://www.multispeak.org/V5.0}timeStamp")
    assert event is not None
    notes = etree.Element("{http://www.multispeak.org/V5.0}supplementalNotes")
    event.addnext(notes)
    report = GapReport()
    find_msp50_route("InitiateConnectDisconnect")(
        xmlsafe.parse(etree.tostring(body)), header(), report, options()
    )
    lost = [entry.path for entry in report.entries if entry.kind is GapKind.LOST]
    assert any(path.endswith("/supplementalNotes") for path in lost)
