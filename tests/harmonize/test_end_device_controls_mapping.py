"""Profile 8.12 EndDeviceControls: connect/disconnect ⇄ EndDeviceControl, outcomes ⇄ EndDeviceEvent.

Both directions with the values asserted, the gap entries checked by path, kind and reason, every
message written validated against the official schemas (the declared one for 2009 payloads), and
round trips of generated data both ways.
"""

from __future__ import annotations

import string
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim import end_device_events as events
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.end_device_controls import (
    CONTROL_OUTCOMES,
    NAMESPACE_2009,
    DateTimeInterval,
    EndDevice,
    EndDeviceControl,
    EndDeviceControls,
    EndDeviceGroup,
    EndDeviceTiming,
    Name,
    NameType,
    NameTypeAuthority,
    PanDisplay,
    Ref,
    UsagePoint,
    UsagePointName,
    UsagePointNameType,
    declared_schema_2009,
    outcome_of,
)
from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.catalogue import profile
from mspcim.harmonize.connect_disconnect_codecs import (
    LOAD_ACTION_CONTROLS,
    NOT_AN_ACTION,
    STATE_CHANGE_EVENTS,
    action_for_control,
    meter_event_for,
)
from mspcim.harmonize.end_device_control_messages import (
    cim_outcome,
    failure_notification,
    initiate_to_request,
    notification_to_event,
    outcome_notifications,
    request_to_initiate,
)
from mspcim.harmonize.gaps import GapEntry, GapKind, GapReport
from mspcim.harmonize.profiles.end_device_controls import (
    CD_STATE_CHANGE,
    CONNECT_DISCONNECT_EVENT,
    controls_to_msp,
    events_to_cim,
    state_changes_to_cim,
    state_changes_to_msp,
)
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.connect_disconnect import (
    SERVICE_TYPES,
    CDReasonCode,
    CDState,
    CDStateChange,
    CDStateChangedNotification,
    ConnectDisconnectEvent,
    GetCDMeterState,
    InitiateConnectDisconnect,
    LoadActionCode,
    MeterEvent,
    Money,
    PowerLimitationUnits,
    PowerLimitationValue,
    RCDState,
    build_cd_state_changed_notification,
    build_get_cd_meter_state,
    build_get_cd_meter_state_response,
    build_initiate_connect_disconnect,
    read_cd_state_changed_notification,
    read_get_cd_meter_state,
    read_get_cd_meter_state_response,
    read_initiate_connect_disconnect,
)
from mspcim.multispeak.v41.meter_reading import ExtensionsItem, MeterID
from mspcim.multispeak.v41.operations import ExpirationTime
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

T0 = datetime(2026, 6, 1, 7, 30, tzinfo=UTC)
DISCONNECT, CONNECT = "3.31.0.23", "3.31.0.18"
DISCONNECTED, CONNECTED = "3.31.0.68", "3.31.0.42"
EVENT1 = "/connectDisconnectEvent[1]"


def soap(body: etree._Element, version: SoapVersion = SoapVersion.SOAP11) -> etree._Element:
    header = MultiSpeakMsgHeader(app_name="CIS", message_id="MSG-1", time_stamp=T0).stamped()
    return build_envelope(version, [body], [build_header(header)])


def reparse(element: etree._Element) -> etree._Element:
    return xmlsafe.parse(etree.tostring(element))


def entry(report: GapReport, path: str) -> GapEntry:
    found = [item for item in report if item.path == path]
    assert len(found) == 1, f"{path}: {report.to_text()}"
    return found[0]


def msp_name(value: str, name_type: str) -> Name:
    authority = NameTypeAuthority(name="MultiSpeak")
    return Name(name=value, name_type=NameType(name=name_type, name_type_authority=authority))


def full_event() -> ConnectDisconnectEvent:
    return ConnectDisconnectEvent(
        object_id="EV-1",
        verb="New",
        comments="overdue since May",
        extensions_list=[ExtensionsItem("vendorFlag", "7", "int")],
        object_name="cut 1",
        utility="Coop",
        service_location_id="SL-100",
        customer_id="C-9",
        grid_location="G-3",
        account_number="A-77",
        meter_id=MeterID("M1001", meter_no="1001", service_type="Electric", object_id="guid-1"),
        load_action_code=LoadActionCode.DISCONNECT,
        power_limitation_value=PowerLimitationValue(Decimal("5.5"), PowerLimitationUnits.KW),
        cd_reason_code=CDReasonCode.NON_PAYMENT,
        amount_due=Money(Decimal("120.50"), "USD"),
        service_type="Electric",
        billing_terms="net 30",
    )


@pytest.fixture(scope="module")
def declared_2009(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("declared-2009")
    paths = {}
    for namespace, schema in (
        (NAMESPACE_2009, declared_schema_2009()),
        (events.NAMESPACE_2009, events.declared_schema_2009()),
    ):
        path = folder / f"{len(paths)}.xsd"
        path.write_bytes(etree.tostring(schema))
        paths[namespace] = path
    return paths


@pytest.fixture
def schemas_2009(schemas: SchemaSet, declared_2009: dict[str, Path], tmp_path: Path) -> SchemaSet:
    return SchemaSet(schemas.root, cache_dir=tmp_path, extra=declared_2009)


# --- the MultiSpeak side on the wire


def test_initiate_connect_disconnect_is_valid_and_reads_back(assert_schema_valid) -> None:
    call = InitiateConnectDisconnect(
        [full_event(), ConnectDisconnectEvent(meter_id=MeterID("M1002"))],
        "http://cis.example/CB_Server",
        "TX-7",
        ExpirationTime(2.5, "Hours"),
    )

    envelope = soap(build_initiate_connect_disconnect(call), SoapVersion.SOAP12)

    assert_schema_valid(envelope, endpoint="CD_Server")
    assert read_initiate_connect_disconnect(read_envelope(reparse(envelope)).first_body) == call


@pytest.mark.parametrize("endpoint", ["CB_Server", "MDM_Server"])
def test_cd_state_changed_notification_is_valid_and_reads_back(
    assert_schema_valid, endpoint
) -> None:
    call = CDStateChangedNotification(
        CDStateChange(
            object_id="E-1",
            error_string="switch jammed",
            meter_id=MeterID("M1001", service_type="Electric"),
            state_change=LoadActionCode.DISCONNECT,
            meter_event=meter_event_for("3.31.0.84"),
            timestamp=T0,
        ),
        "TX-7",
    )

    envelope = soap(build_cd_state_changed_notification(call))

    assert_schema_valid(envelope, endpoint=endpoint)
    assert read_cd_state_changed_notification(read_envelope(envelope).first_body) == call


def test_get_cd_meter_state_and_its_response(assert_schema_valid) -> None:
    state = CDState(meter_id=MeterID("M1"), rcd_state=RCDState.OPENED, timestamp=T0, object_id="S")

    request = build_get_cd_meter_state(GetCDMeterState(MeterID("M1")))
    response = build_get_cd_meter_state_response(state)

    assert_schema_valid(soap(request), endpoint="CD_Server")
    assert_schema_valid(soap(response), endpoint="CD_Server")
    assert read_get_cd_meter_state(request) == GetCDMeterState(MeterID("M1"))
    assert read_get_cd_meter_state_response(response) == state
    assert read_get_cd_meter_state_response(build_get_cd_meter_state_response(None)) is None


@pytest.mark.parametrize(
    ("element", "text", "message", "where"),
    [
        ("loadActionCode", "Explode", "'Explode' is not one of Connect", "/loadActionCode"),
        ("CDReasonCode", "Whim", "'Whim' is not one of Other", "/CDReasonCode"),
        ("amountDue", "lots", "not a number", "/amountDue"),
        ("powerLimitationValue", "x", "not a number", "/powerLimitationValue"),
    ],
)
def test_bad_values_in_an_event_are_refused_with_their_place(element, text, message, where) -> None:
    body = build_initiate_connect_disconnect(InitiateConnectDisconnect([full_event()], "u", "t"))
    body.find(f".//{{{ns.MSP41}}}{element}").text = text

    with pytest.raises(MessageFormatError) as raised:
        read_initiate_connect_disconnect(body)

    assert message in raised.value.reason
    assert raised.value.xpath == (
        f"/InitiateConnectDisconnect/cdEvents/connectDisconnectEvent[1]{where}"
    )


def test_bad_exp_time_and_timestamp_are_refused() -> None:
    body = build_initiate_connect_disconnect(
        InitiateConnectDisconnect([], "u", "t", ExpirationTime(1))
    )
    body.find(f"{{{ns.MSP41}}}expTime").text = "soon"
    with pytest.raises(MessageFormatError, match="expTime is not a number") as raised:
        read_initiate_connect_disconnect(body)
    assert raised.value.xpath == "/InitiateConnectDisconnect/expTime"

    notification = build_cd_state_changed_notification(
        CDStateChangedNotification(CDStateChange(timestamp=T0), "t")
    )
    notification.find(f".//{{{ns.MSP41}}}timestamp").text = "yesterday"
    with pytest.raises(MappingError, match="not an xs:dateTime") as raised:
        read_cd_state_changed_notification(notification)
    assert raised.value.xpath == "/CDStateChangedNotification/stateChange/timestamp"


# --- connectDisconnectEvent → EndDeviceControl


def test_a_disconnect_becomes_an_end_device_control_with_every_value() -> None:
    report = GapReport()

    (control,) = events_to_cim([full_event()], report).end_device_controls

    assert control.mrid == "EV-1"
    assert control.code == DISCONNECT
    assert control.reason == "NonPayment"
    assert control.end_devices == [
        EndDevice(
            mrid="guid-1",
            names=[
                msp_name("M1001", "meterID"),
                msp_name("1001", "meterNo"),
                msp_name("Electric", "serviceType"),
            ],
        )
    ]
    (point,) = control.usage_points
    assert [(name.name, name.type_name) for name in point.names] == [
        ("SL-100", "serviceLocationID")
    ]
    assert point.names[0].name_type is not None
    assert point.names[0].name_type.name_type_authority.name == "MultiSpeak"
    lost = {item.path: (item.value, item.reason) for item in report.lost}
    customer = "the EndDeviceControls profile has no Customer, account or billing"
    assert lost == {
        f"{EVENT1}/customerID": ("C-9", customer),
        f"{EVENT1}/accountNumber": ("A-77", customer),
        f"{EVENT1}/amountDue": ("120.50 USD", customer),
        f"{EVENT1}/billingTerms": ("net 30", customer),
        f"{EVENT1}/gridLocation": ("G-3", "EndDeviceControl has no location"),
        f"{EVENT1}/powerLimitationValue": ("5.5 kW", "EndDeviceControl has no power limit"),
        f"{EVENT1}/@verb": ("New", "CIM states the action in the Header Verb"),
        f"{EVENT1}/@utility": ("Coop", "no CIM counterpart on EndDeviceControl"),
        f"{EVENT1}/comments": ("overdue since May", "EndDeviceControl has no comment"),
        f"{EVENT1}/objectName": ("cut 1", "EndDeviceControl has no name in this profile"),
        f"{EVENT1}/extensionsList[1]": (
            "vendorFlag=7",
            "vendor extensionsItem with no CIM counterpart",
        ),
    }
    service_type = entry(report, f"{EVENT1}/serviceType")
    assert (service_type.kind, service_type.reason) == (
        GapKind.CHANGED,
        "repeats meterID/@serviceType",
    )


def test_the_service_type_element_fills_in_for_the_attribute() -> None:
    report = GapReport()
    event = ConnectDisconnectEvent(
        meter_id=MeterID("M7"), load_action_code=LoadActionCode.CONNECT, service_type="Gas"
    )

    (control,) = events_to_cim([event], report).end_device_controls
    (back,) = controls_to_msp(EndDeviceControls([control]))

    assert control.end_devices[0].name_of("serviceType") == "Gas"
    assert back.meter_id == MeterID("M7", service_type="Gas")
    assert back.service_type is None
    gap = entry(report, f"{EVENT1}/serviceType")
    assert (gap.kind, gap.reason) == (
        GapKind.CHANGED,
        "the service type comes back as meterID/@serviceType",
    )
    conflicting = GapReport()
    event.meter_id = MeterID("M7", service_type="Electric")
    events_to_cim([event], conflicting)
    gap = entry(conflicting, f"{EVENT1}/serviceType")
    assert (gap.kind, gap.value) == (GapKind.LOST, "Gas")


@pytest.mark.parametrize(("action", "code"), sorted(LOAD_ACTION_CONTROLS.items()))
def test_every_load_action_has_its_control_code_both_ways(action, code) -> None:
    event = ConnectDisconnectEvent(meter_id=MeterID("M1"), load_action_code=action)

    document = events_to_cim([event])
    (back,) = controls_to_msp(document)

    assert document.end_device_controls[0].code == code
    assert back.load_action_code is action
    assert outcome_of(code) is not None, "the head-end knows what each control leads to"


@pytest.mark.parametrize(("action", "reason"), sorted(NOT_AN_ACTION.items()))
def test_states_and_power_limitation_are_not_sent_as_controls(action, reason) -> None:
    event = ConnectDisconnectEvent(meter_id=MeterID("M1"), load_action_code=action)

    with pytest.raises(MappingError) as raised:
        events_to_cim([event])

    assert raised.value.reason == (
        f"loadActionCode {action.value} cannot be sent as a control: {reason}"
    )
    assert raised.value.xpath == f"{EVENT1}/loadActionCode"
    assert set(NOT_AN_ACTION) | set(LOAD_ACTION_CONTROLS) == set(LoadActionCode)


def test_an_event_without_action_or_meter() -> None:
    with pytest.raises(MappingError, match="has no loadActionCode"):
        events_to_cim([ConnectDisconnectEvent(meter_id=MeterID("M1"))])
    report = GapReport()
    (control,) = events_to_cim(
        [ConnectDisconnectEvent(load_action_code=LoadActionCode.CONNECT, service_type="Water")],
        report,
    ).end_device_controls
    assert control.end_devices == []
    assert entry(report, f"{EVENT1}/serviceType").reason == (
        "no meterID to attach the service type to"
    )


# --- EndDeviceControl → connectDisconnectEvent


def cim_control(**values: object) -> EndDeviceControl:
    defaults: dict[str, object] = {
        "end_device_control_type": Ref(CONNECT),
        "end_devices": [EndDevice(names=[msp_name("M5", "meterID")])],
    }
    return EndDeviceControl(**{**defaults, **values})


def test_cim_only_values_travel_in_extensions_and_come_back() -> None:
    control = cim_control(
        mrid="ctl-9",
        dr_program_level=2,
        dr_program_mandatory=False,
        issuer_id="DMS",
        issuer_tracking_id="track-4",
        price_signal=Decimal("0.25"),
        reason="PaymentReceived",
    )
    report = GapReport()

    (event,) = controls_to_msp(EndDeviceControls([control]), report)
    back = events_to_cim([event]).end_device_controls[0]

    assert event.object_id == "ctl-9"
    assert event.load_action_code is LoadActionCode.CONNECT
    assert event.cd_reason_code is CDReasonCode.PAYMENT_RECEIVED
    assert event.meter_id == MeterID("M5")
    assert {item.ext_name: (item.ext_value, item.ext_type) for item in event.extensions_list} == {
        "CIM.EndDeviceControl.drProgramLevel": ("2", "integer"),
        "CIM.EndDeviceControl.drProgramMandatory": ("false", "boolean"),
        "CIM.EndDeviceControl.issuerID": ("DMS", "string"),
        "CIM.EndDeviceControl.issuerTrackingID": ("track-4", "string"),
        "CIM.EndDeviceControl.priceSignal": ("0.25", "decimal"),
    }
    carried = report.of_kind(GapKind.CARRIED)
    assert {item.path for item in carried} == {
        f"/EndDeviceControls/EndDeviceControl[1]/{name}"
        for name in (
            "drProgramLevel",
            "drProgramMandatory",
            "issuerID",
            "issuerTrackingID",
            "priceSignal",
        )
    }
    assert back == control


def test_a_free_text_reason_is_other_with_the_text_carried() -> None:
    report = GapReport()
    control = cim_control(reason="storm damage at the service entrance")

    (event,) = controls_to_msp(EndDeviceControls([control]), report)
    back = events_to_cim([event]).end_device_controls[0]

    assert event.cd_reason_code is CDReasonCode.OTHER
    assert event.extensions_list == [
        ExtensionsItem(
            "CIM.EndDeviceControl.reason", "storm damage at the service entrance", "string"
        )
    ]
    gap = entry(report, "/EndDeviceControls/EndDeviceControl[1]/reason")
    assert gap.kind is GapKind.CHANGED
    assert back.reason == "storm damage at the service entrance"


def test_one_event_per_end_device_and_what_has_no_place() -> None:
    control = cim_control(
        end_devices=[
            EndDevice(mrid="g-1", names=[msp_name("M1", "meterID"), msp_name("X", "assetTag")]),
            EndDevice(mrid="g-2"),
        ],
        pan_display=PanDisplay(text_message="bye"),
        end_device_groups=[EndDeviceGroup(mrid="grp")],
        primary_device_timing=EndDeviceTiming(interval=DateTimeInterval(start=T0)),
        usage_points=[
            UsagePoint(
                mrid="up-1",
                names=[
                    UsagePointName(
                        name="SL-1",
                        name_type=UsagePointNameType(
                            name="serviceLocationID",
                            name_type_authority=NameTypeAuthority(name="MultiSpeak"),
                        ),
                    )
                ],
            ),
            UsagePoint(mrid="up-2"),
        ],
    )
    report = GapReport()

    first, second = controls_to_msp(EndDeviceControls([control]), report)

    assert first.meter_id == MeterID("M1", object_id="g-1")
    assert second.meter_id == MeterID("g-2", object_id="g-2")
    assert first.service_location_id == second.service_location_id == "SL-1"
    where = "/EndDeviceControls/EndDeviceControl[1]"
    (split,) = report.of_kind(GapKind.CHANGED)
    assert (split.path, split.value) == (f"{where}/EndDevices", "2 end devices")
    lost = [(item.path, item.value) for item in report.lost]
    assert len(lost) == len(set(lost)), "each value reported once, not once per copy"
    assert (f"{where}/EndDevices", "X") in lost
    assert (f"{where}/UsagePoints", "up-2") in lost
    assert (f"{where}/UsagePoints", "up-1") in lost
    assert (f"{where}/PanDisplay", str(control.pan_display)) in lost
    assert any(path == f"{where}/EndDeviceGroups" for path, _ in lost)
    assert any(path == f"{where}/primaryDeviceTiming" for path, _ in lost)


def test_a_service_type_name_multispeak_does_not_know_is_not_written(assert_schema_valid) -> None:
    report = GapReport()
    control = cim_control(
        end_devices=[EndDevice(names=[msp_name("M5", "meterID"), msp_name("0", "serviceType")])]
    )

    (event,) = controls_to_msp(EndDeviceControls([control]), report)

    assert event.meter_id == MeterID("M5")
    gap = entry(report, "/EndDeviceControls/EndDeviceControl[1]/EndDevices")
    assert (gap.kind, gap.value, gap.reason) == (GapKind.LOST, "0", "not a MultiSpeak serviceType")
    call = InitiateConnectDisconnect([event], "http://x", "t")
    assert_schema_valid(soap(build_initiate_connect_disconnect(call)))


def test_a_control_the_table_does_not_know_is_refused() -> None:
    with pytest.raises(MappingError) as raised:
        controls_to_msp(EndDeviceControls([cim_control(end_device_control_type=Ref("3.31.0.6"))]))

    assert "EndDeviceControlType 3.31.0.6 has no loadActionCode" in raised.value.reason
    assert raised.value.xpath == "/EndDeviceControls/EndDeviceControl[1]/EndDeviceControlType"
    with pytest.raises(MappingError, match="neither a meterID name nor an mRID"):
        controls_to_msp(EndDeviceControls([cim_control(end_devices=[EndDevice()])]))
    assert action_for_control(DISCONNECT) is LoadActionCode.DISCONNECT


# --- the outcome: EndDeviceEvent ⇄ CDStateChange


def cim_event(code: str, meter: str = "M1", **values: object) -> events.EndDeviceEvent:
    authority = events.NameTypeAuthority(name="MultiSpeak")
    name = events.Name(
        name=meter, name_type=events.NameType(name="meterID", name_type_authority=authority)
    )
    return events.EndDeviceEvent(
        created_date_time=T0,
        assets=events.Asset(names=[name]),
        end_device_event_type=events.EndDeviceEventTypeRef(ref=code),
        **values,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("row", STATE_CHANGE_EVENTS, ids=lambda row: row.event)
def test_every_outcome_event_has_its_state_change_both_ways(row) -> None:
    document = events.EndDeviceEvents(end_device_events=[cim_event(row.event, mrid="ev-1")])

    (change,) = state_changes_to_msp(document)
    back = state_changes_to_cim([change])

    assert change.meter_id == MeterID("M1")
    assert change.state_change is row.state_change
    assert change.timestamp == T0
    assert change.object_id == "ev-1"
    assert change.meter_event is not None and change.meter_event.code == row.event
    if row.failed:
        assert change.error_string == EndDeviceEventTypeCode.parse(row.event).describe()
    else:
        assert change.error_string is None
    assert back.end_device_events == document.end_device_events
    assert [item.mrid for item in back.end_device_event_types] == [row.event]


def test_connect_and_disconnect_outcomes_are_the_control_outcomes() -> None:
    for control, state in (
        (DISCONNECT, LoadActionCode.DISCONNECT),
        (CONNECT, LoadActionCode.CONNECT),
    ):
        outcome = outcome_of(control)
        assert outcome is not None
        (change,) = state_changes_to_msp(
            events.EndDeviceEvents(end_device_events=[cim_event(outcome.succeeded)])
        )
        assert change.state_change is state
    codes = {row.event for row in STATE_CHANGE_EVENTS}
    for outcome in CONTROL_OUTCOMES:
        assert outcome.succeeded in codes
        assert outcome.failed is None or outcome.failed in codes


def test_a_failure_event_with_a_reason_and_the_cim_only_values() -> None:
    event = cim_event(
        "3.31.0.84",
        reason="load side voltage present",
        issuer_id="HES",
        severity="high",
        user_id="op-2",
        issuer_tracking_id="t-1",
        names=[events.Name(name="alarm 77")],
        status=events.Status(value="open"),
    )
    report = GapReport()

    (change,) = state_changes_to_msp(events.EndDeviceEvents(end_device_events=[event]), report)
    (back,) = state_changes_to_cim([change]).end_device_events

    assert change.state_change is LoadActionCode.DISCONNECT
    assert change.error_string == "load side voltage present"
    assert {item.ext_name for item in change.extensions_list} == {
        "CIM.EndDeviceEvent.issuerID",
        "CIM.EndDeviceEvent.severity",
        "CIM.EndDeviceEvent.userID",
        "CIM.EndDeviceEvent.issuerTrackingID",
    }
    assert {item.path for item in report.lost} == {
        "/EndDeviceEvents/EndDeviceEvent[1]/Names",
        "/EndDeviceEvents/EndDeviceEvent[1]/status",
    }
    assert back.reason == "load side voltage present"
    assert (back.issuer_id, back.severity, back.user_id) == ("HES", "high", "op-2")


def test_a_reason_of_a_successful_event_is_carried() -> None:
    report = GapReport()
    event = cim_event(DISCONNECTED, reason="ordered by CIS")

    (change,) = state_changes_to_msp(events.EndDeviceEvents(end_device_events=[event]), report)
    (back,) = state_changes_to_cim([change]).end_device_events

    assert change.error_string is None
    assert change.extensions_list == [
        ExtensionsItem("CIM.EndDeviceEvent.reason", "ordered by CIS", "string")
    ]
    assert back.reason == "ordered by CIS"


def test_an_event_that_is_no_switch_outcome_is_reported_unknown() -> None:
    report = GapReport()

    (change,) = state_changes_to_msp(
        events.EndDeviceEvents(end_device_events=[cim_event("3.26.0.85")]), report
    )

    assert change.state_change is LoadActionCode.UNKNOWN
    assert change.meter_event == meter_event_for("3.26.0.85")
    assert change.meter_event.code_string == EndDeviceEventTypeCode.parse("3.26.0.85").describe()
    gap = entry(report, "/EndDeviceEvents/EndDeviceEvent[1]/EndDeviceEventType")
    assert gap.reason == "not a switch outcome: stateChange Unknown"
    (back,) = state_changes_to_cim([change]).end_device_events
    assert back.event_type == "3.26.0.85", "the meterEvent code wins over Unknown"


def test_an_event_type_declared_under_a_vendor_mrid_is_resolved() -> None:
    document = events.EndDeviceEvents(
        end_device_events=[cim_event("vendor-42")],
        end_device_event_types=[
            events.EndDeviceEventType(
                mrid="vendor-42",
                type="electricMeter",
                domain="rcdSwitch",
                sub_domain="notApplicable",
                event_or_action="connected",
                names=events.Name(name="Connected (vendor)"),
            )
        ],
    )

    (change,) = state_changes_to_msp(document)

    assert change.state_change is LoadActionCode.CONNECT
    assert document.end_device_events[0].event_type == "vendor-42", "input left unchanged"
    with pytest.raises(MappingError) as raised:
        state_changes_to_msp(events.EndDeviceEvents(end_device_events=[cim_event("nope")]))
    assert raised.value.xpath == "/EndDeviceEvents/EndDeviceEvent[1]/EndDeviceEventType/@ref"


def test_a_state_change_needs_a_time_and_a_code() -> None:
    change = CDStateChange(meter_id=MeterID("M1"), state_change=LoadActionCode.CONNECT)
    report = GapReport()

    (event,) = state_changes_to_cim([change], report, time_stamp=T0).end_device_events

    assert event.created_date_time == T0
    assert event.event_type == CONNECTED
    assert entry(report, "/stateChange[1]/timestamp").kind is GapKind.CHANGED
    with pytest.raises(MappingError, match="needs createdDateTime"):
        state_changes_to_cim([change])
    with pytest.raises(MappingError, match="names no EndDeviceEventType"):
        state_changes_to_cim([CDStateChange(state_change=LoadActionCode.OPEN, timestamp=T0)])
    parts_only = MeterEvent("Disconnected", type="3", domain="31", domain_part="0", index="68")
    (from_parts,) = state_changes_to_cim(
        [CDStateChange(meter_event=parts_only, timestamp=T0)]
    ).end_device_events
    assert from_parts.event_type == DISCONNECTED
    with pytest.raises(MappingError, match="is not an EndDeviceEventType code"):
        state_changes_to_cim([CDStateChange(meter_event=MeterEvent("odd"), timestamp=T0)])


# --- whole messages


def initiate_call() -> InitiateConnectDisconnect:
    return InitiateConnectDisconnect(
        [
            ConnectDisconnectEvent(
                meter_id=MeterID(meter, service_type="Electric"),
                load_action_code=LoadActionCode.DISCONNECT,
                cd_reason_code=CDReasonCode.NON_PAYMENT,
            )
            for meter in ("M1", "M2")
        ],
        "http://cis.example/CB_Server",
        "TX-42",
        ExpirationTime(10, "Minutes"),
    )


@pytest.mark.parametrize("form", list(EnvelopeForm))
def test_initiate_becomes_an_async_create_request(assert_schema_valid, form) -> None:
    report = GapReport()
    header = MultiSpeakMsgHeader(app_name="CIS", user_id="op", pwd="secret", time_stamp=T0)

    message = initiate_to_request(
        initiate_call(),
        header,
        message_id="CORR-1",
        reply_address="http://gw/cim/reply",
        form=form,
        report=report,
    )

    element = build_message(message)
    assert_schema_valid(element, edition="2013")
    back = read_message(reparse(element))
    assert back.header is not None
    assert (back.header.verb, back.header.noun) == (Verb.CREATE, "EndDeviceControls")
    assert back.header.message_id == back.header.correlation_id == "CORR-1"
    assert back.header.async_reply_flag is True
    assert back.header.reply_address == "http://gw/cim/reply"
    assert back.header.source == "CIS"
    document = payload_codec("EndDeviceControls", Edition.CIM2013).read(back.payload[0])
    assert [control.code for control in document.end_device_controls] == [DISCONNECT] * 2
    assert [d.end_devices[0].name_of("meterID") for d in document.end_device_controls] == [
        "M1",
        "M2",
    ]
    assert entry(report, "/InitiateConnectDisconnect/expTime").value == "10 Minutes"
    assert entry(report, "/MultiSpeakMsgHeader/@Pwd").value == "********"


def test_a_create_request_becomes_initiate_connect_disconnect(assert_schema_valid) -> None:
    request = initiate_to_request(
        initiate_call(), None, message_id="CORR-2", reply_address="http://cis/CB_Server"
    )
    report = GapReport()

    call, header = request_to_initiate(read_message(reparse(build_message(request))), report)

    assert_schema_valid(soap(build_initiate_connect_disconnect(call)))
    assert call.response_url == "http://cis/CB_Server"
    assert call.transaction_id == "CORR-2"
    assert [event.meter_id for event in call.cd_events] == [
        MeterID("M1", service_type="Electric"),
        MeterID("M2", service_type="Electric"),
    ]
    assert {event.load_action_code for event in call.cd_events} == {LoadActionCode.DISCONNECT}
    assert entry(report, "/Header/ReplyAddress").kind is GapKind.CARRIED
    assert header.message_id == "CORR-2"


def test_a_request_that_is_not_a_create_is_refused() -> None:
    with pytest.raises(MessageFormatError, match="expected a create EndDeviceControls"):
        request_to_initiate(Message(MessageKind.REQUEST, Header(Verb.GET, "EndDeviceControls")))
    with pytest.raises(MessageFormatError, match="carries no EndDeviceControl"):
        request_to_initiate(Message(MessageKind.REQUEST, Header(Verb.CREATE, "EndDeviceControls")))
    foreign = etree.Element("{urn:x}Other")
    with pytest.raises(MessageFormatError, match="unexpected payload"):
        request_to_initiate(
            Message(
                MessageKind.REQUEST, Header(Verb.CREATE, "EndDeviceControls"), payload=[foreign]
            )
        )


@pytest.mark.parametrize("edition", list(Edition))
def test_a_state_change_notification_becomes_created_end_device_events(
    schemas_2009, edition
) -> None:
    call = CDStateChangedNotification(
        CDStateChange(meter_id=MeterID("M1"), state_change=LoadActionCode.CONNECT, timestamp=T0),
        "TX-42",
    )

    message = notification_to_event(call, None, message_id="N-1", edition=edition)

    element = build_message(message)
    assert schemas_2009.validate(element, edition=edition.value) == []
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATED, "EndDeviceEvents")
    assert message.header.correlation_id == "TX-42"
    outcome = cim_outcome(read_message(reparse(element)))
    assert outcome.correlation_id == "TX-42"
    assert [(c.meter_id, c.state_change) for c in outcome.changes] == [
        (MeterID("M1"), LoadActionCode.CONNECT)
    ]


def test_a_reply_naming_meters_fails_them() -> None:
    message = Message(
        MessageKind.RESPONSE,
        Header(Verb.REPLY, "EndDeviceControls", correlation_id="C-1"),
        reply=Reply(
            ReplyResult.PARTIAL,
            [
                Error("2.4", reason="unknown meter", id=ObjectID("GHOST")),
                Error("6.2", details="check the request"),
            ],
        ),
    )

    outcome = cim_outcome(message)

    assert outcome.failed == {"GHOST": "unknown meter"}
    assert outcome.changes == []
    assert outcome_notifications(outcome, "TX") == []
    notification = failure_notification("GHOST", "unknown meter", "TX")
    assert notification.transaction_id == "TX"
    assert notification.state_change == CDStateChange(
        meter_id=MeterID("GHOST"), state_change=LoadActionCode.UNKNOWN, error_string="unknown meter"
    )


def test_two_payloads_are_refused() -> None:
    document = payload_codec("EndDeviceEvents", Edition.CIM2013).write(events.EndDeviceEvents())
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "EndDeviceEvents"),
        payload=[
            document,
            payload_codec("EndDeviceEvents", Edition.CIM2013).write(events.EndDeviceEvents()),
        ],
    )
    with pytest.raises(MessageFormatError, match="more than one EndDeviceEvents payload"):
        cim_outcome(message)


# --- the translator and the catalogue


def test_the_translator_goes_both_ways_with_the_transaction(assert_schema_valid) -> None:
    envelope = soap(build_initiate_connect_disconnect(initiate_call()))

    to_cim = translate_document(envelope, "cim", new_id=lambda: "ID-1")
    assert_schema_valid(to_cim.document)
    message = read_message(to_cim.document)
    assert message.header is not None
    assert message.header.correlation_id == "TX-42"
    assert message.header.reply_address == "http://cis.example/CB_Server"
    assert message.header.message_id == "MSG-1"
    assert to_cim.target == "CIM 2013 (61968-100)"

    to_msp = translate_document(to_cim.document, "msp41")
    assert_schema_valid(to_msp.document)
    call = read_initiate_connect_disconnect(read_envelope(to_msp.document).first_body)
    expected = initiate_call()
    expected.exp_time = None
    assert call == expected
    assert to_msp.target == "MultiSpeak 4.1 InitiateConnectDisconnect"


def test_the_translator_takes_a_state_change_notification(schemas_2009) -> None:
    call = CDStateChangedNotification(
        CDStateChange(meter_id=MeterID("M3"), state_change=LoadActionCode.DISCONNECT, timestamp=T0),
        "TX-1",
    )

    result = translate_document(soap(build_cd_state_changed_notification(call)), "cim2009")

    assert schemas_2009.validate(result.document, edition="2009") == []
    (payload,) = read_message(result.document).payload
    assert payload.tag == f"{{{events.NAMESPACE_2009}}}EndDeviceEvents"


def test_the_profile_is_registered_in_clause_order() -> None:
    found = profile("EndDeviceControls")

    assert (found.clause, found.noun) == ("8.12", "EndDeviceControls")
    assert found.tables == (CONNECT_DISCONNECT_EVENT, CD_STATE_CHANGE)
    assert "CD_Server: InitiateConnectDisconnect" in CONNECT_DISCONNECT_EVENT.msp_objects
    assert "CB_Server/MDM_Server: CDStateChangedNotification" in CD_STATE_CHANGE.msp_objects


# --- round trips of generated data

_TEXT = st.text(alphabet=string.ascii_letters + string.digits + "-_.", min_size=1, max_size=10)
_OPTIONAL = st.none() | _TEXT
_WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))


def _meter_ids() -> st.SearchStrategy[MeterID]:
    return st.builds(
        MeterID,
        value=_TEXT,
        meter_no=_OPTIONAL,
        service_type=st.none() | st.sampled_from(["Electric", "Gas", "Water"]),
        object_id=_OPTIONAL,
        utility=_OPTIONAL,
    )


def _events() -> st.SearchStrategy[ConnectDisconnectEvent]:
    return st.builds(
        ConnectDisconnectEvent,
        object_id=_OPTIONAL,
        service_location_id=_OPTIONAL,
        meter_id=_meter_ids(),
        load_action_code=st.sampled_from(sorted(LOAD_ACTION_CONTROLS)),
        cd_reason_code=st.none() | st.sampled_from(CDReasonCode),
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cd_events=st.lists(_events(), min_size=1, max_size=4))
def test_multispeak_to_cim_and_back(cd_events, assert_schema_valid) -> None:
    call = InitiateConnectDisconnect(cd_events, "http://cis/CB", "TX-1")
    assert_schema_valid(soap(build_initiate_connect_disconnect(call)))
    report = GapReport()

    message = initiate_to_request(call, None, message_id="C", reply_address="http://cis/CB")
    element = build_message(message)
    assert_schema_valid(element)
    back, _ = request_to_initiate(read_message(reparse(element)), report)

    assert back.cd_events == cd_events
    assert [item for item in report.lost if item.profile == "EndDeviceControls"] == []


def _other_names() -> st.SearchStrategy[list[Name]]:
    """Names of the meterID attributes in their order, once each (serviceType from its list)."""
    values = {
        "meterNo": _TEXT,
        "serviceType": st.sampled_from(sorted(SERVICE_TYPES)),
        "utility": _TEXT,
    }
    return (
        st.lists(st.sampled_from(sorted(values)), unique=True)
        .map(sorted)
        .flatmap(
            lambda chosen: st.tuples(*(values[kind] for kind in chosen)).map(
                lambda texts: [
                    msp_name(text, kind) for text, kind in zip(texts, chosen, strict=True)
                ]
            )
        )
    )


def _controls() -> st.SearchStrategy[EndDeviceControl]:
    device = st.builds(
        EndDevice,
        mrid=_OPTIONAL,
        names=_other_names().flatmap(
            lambda others: _TEXT.map(lambda meter: [msp_name(meter, "meterID"), *others])
        ),
    )
    return st.builds(
        EndDeviceControl,
        mrid=_OPTIONAL,
        dr_program_level=st.none() | st.integers(0, 9),
        dr_program_mandatory=st.none() | st.booleans(),
        issuer_id=_OPTIONAL,
        issuer_tracking_id=_OPTIONAL,
        price_signal=st.none() | st.decimals(min_value=0, max_value=1000, places=2),
        reason=st.none() | st.sampled_from(CDReasonCode).map(str) | _TEXT,
        end_device_control_type=st.sampled_from(sorted(LOAD_ACTION_CONTROLS.values())).map(Ref),
        end_devices=st.lists(device, min_size=1, max_size=1),
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(controls=st.lists(_controls(), min_size=1, max_size=3))
def test_cim_to_multispeak_and_back(controls, assert_schema_valid) -> None:
    request = Message(
        MessageKind.REQUEST,
        Header(Verb.CREATE, "EndDeviceControls", correlation_id="C-9", reply_address="http://x"),
        payload=[
            payload_codec("EndDeviceControls", Edition.CIM2013).write(EndDeviceControls(controls))
        ],
    )
    assert_schema_valid(build_message(request))
    report = GapReport()

    call, _ = request_to_initiate(request, report)
    body = build_initiate_connect_disconnect(call)
    assert_schema_valid(soap(body))
    again = initiate_to_request(
        read_initiate_connect_disconnect(reparse(body)), None, message_id="C-9", reply_address="x"
    )
    (payload,) = again.payload

    document = payload_codec("EndDeviceControls", Edition.CIM2013).read(payload)
    assert document.end_device_controls == controls
    assert [item for item in report.lost if item.profile == "EndDeviceControls"] == []


def _changes() -> st.SearchStrategy[CDStateChange]:
    return st.sampled_from(STATE_CHANGE_EVENTS).flatmap(
        lambda row: st.builds(
            CDStateChange,
            object_id=_OPTIONAL,
            meter_id=_meter_ids(),
            state_change=st.just(row.state_change),
            error_string=_TEXT if row.failed else st.none(),
            timestamp=_WHEN,
        )
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=_changes())
def test_state_changes_to_cim_and_back(change, assert_schema_valid) -> None:
    notification = CDStateChangedNotification(change, "TX")
    assert_schema_valid(soap(build_cd_state_changed_notification(notification)))

    message = notification_to_event(notification, None, message_id="E")
    element = build_message(message)
    assert_schema_valid(element)
    outcome = cim_outcome(read_message(reparse(element)))

    (back,) = outcome_notifications(outcome, "TX")
    assert back.state_change is not None
    assert back.state_change.meter_event is not None
    back.state_change.meter_event = None
    assert back == notification


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    row=st.sampled_from(STATE_CHANGE_EVENTS),
    meter=_TEXT,
    when=_WHEN,
    reason=_OPTIONAL,
    severity=_OPTIONAL,
    mrid=_OPTIONAL,
)
def test_end_device_events_to_multispeak_and_back(
    row, meter, when, reason, severity, mrid, assert_schema_valid
) -> None:
    event = cim_event(row.event, meter, mrid=mrid, reason=reason, severity=severity)
    event.created_date_time = when
    document = events.EndDeviceEvents(end_device_events=[event])

    (change,) = state_changes_to_msp(document)
    assert_schema_valid(
        soap(build_cd_state_changed_notification(CDStateChangedNotification(change)))
    )
    (back,) = state_changes_to_cim([change]).end_device_events

    assert back == event


# --- found while writing this profile, in code it reuses


def test_meter_readings_write_only_valid_service_types(assert_schema_valid) -> None:
    from mspcim.cim.model import MeterReading, MeterReadings, Reading
    from mspcim.cim.model import Name as ReadingName
    from mspcim.harmonize.profiles import meter_readings
    from mspcim.multispeak.v41.operations import (
        ReadingChangedNotification,
        build_reading_changed_notification,
    )

    document = MeterReadings(
        [
            MeterReading(
                meter_names=[
                    ReadingName("M1", "meterID"),
                    ReadingName("Electricity", "serviceType"),
                ],
                readings=[Reading("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0", Decimal(1), T0)],
            )
        ]
    )

    from mspcim.harmonize.gaps import GapReport

    report = GapReport()
    reads = meter_readings.to_msp(document, report)

    call = ReadingChangedNotification(reads, "TX")
    assert_schema_valid(soap(build_reading_changed_notification(call)))
    assert reads[0].meter_id is not None and reads[0].meter_id.service_type is None
    assert [(entry.value, entry.kind.value) for entry in report] == [("Electricity", "lost")]
