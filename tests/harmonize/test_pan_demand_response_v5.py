"""Profile PANDemandResponse over MultiSpeak 5.0 (clause 9): demandResponseEvent ⇄ CIM.

Values asserted both ways (start, program, appliances, duration, randomisation, temperatures,
load adjustment, criticality, PAN interfaces, correlation ids, gap entries); v5 output validated
against the official 5.0.7 schemas, CIM output against the official 61968-9 (2011)
EndDeviceControls schema.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.end_device_controls import (
    CODEC_2013,
    ControlledAppliance,
    EndDevice,
    EndDeviceControl,
    EndDeviceControls,
    EndDeviceTiming,
    PanDemandResponse,
    RandomisationKind,
    Ref,
)
from mspcim.cim.envelope import build_message
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.exceptions import MappingError
from mspcim.harmonize import pan_demand_response_v5_messages  # noqa: F401  (registers routes)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import pan_demand_response_v5 as profile
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.demand_response import (
    DemandResponseEvent,
    InitiateDemandResponseEvents,
    Temperature,
)
from mspcim.multispeak.v50.header import Caller, RequestHeader, build_request_header
from mspcim.multispeak.v50.identity import ObjectID, SingleIdentifier
from mspcim.multispeak.v50.pan import Duration, PANAddressingGroup, PANInterfaceID
from mspcim.soap import SoapVersion, build_envelope

T0 = datetime(2026, 8, 3, 17, tzinfo=UTC)
PROGRAM = "0f8fad5b-d9cb-469f-a165-70867728950e"
GATEWAY = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"


def dr_event(**changes: Any) -> DemandResponseEvent:
    values: dict[str, Any] = {
        "referable_id": "DR-2026-08-03",
        "time_stamp": T0,
        "event_reason": "System peak",
        "dr_program_id": ObjectID(object_guid=PROGRAM),
        "device_classes": ["HVAC Compressor or Furnace", "Water Heater"],
        "event_duration": Duration(value=Decimal(120), units="Minutes"),
        "randomize_event_start": True,
        "randomize_event_end": False,
        "cooling_offset": Temperature(value=Decimal("2.5"), units="degreesC"),
        "average_load_adjustment": Decimal("-20"),
        "criticality": 5,
    }
    return DemandResponseEvent(**{**values, **changes})


def call() -> InitiateDemandResponseEvents:
    return InitiateDemandResponseEvents(
        events=[dr_event()],
        pan_addressing_group=PANAddressingGroup(
            pan_interface_ids=[PANInterfaceID(value=GATEWAY, device_name="HAN-7")]
        ),
        response_url="http://drms.example/multispeak/v50/NOT_Server",
        transaction_id="TX-DR-1",
    )


def v5_header() -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="DRMS", company="REC"), message_id="MSG-DR", time_stamp=T0
    )


def envelope(body: etree._Element, header: RequestHeader) -> Any:
    element = build_envelope(SoapVersion.SOAP11, [body], [build_request_header(header)])
    return xmlsafe.parse(etree.tostring(element))


def options() -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW-ID")


def test_demand_response_events_become_a_create_end_device_controls(
    assert_schema_valid: Any,
) -> None:
    body = msp_binding.write(call(), "InitiateDemandResponseEvents")
    assert_schema_valid(envelope(body, v5_header()))
    report = GapReport()
    message = find_msp50_route("InitiateDemandResponseEvents")(body, v5_header(), report, options())
    assert_schema_valid(build_message(message))
    assert message.header is not None
    assert (message.header.verb, message.header.correlation_id) == (Verb.CREATE, "TX-DR-1")
    (control,) = CODEC_2013.read(message.payload[0]).end_device_controls
    assert control.end_device_control_type == Ref(profile.PAN_DEMAND_RESPONSE)
    assert (control.mrid, control.reason) == ("DR-2026-08-03", "System peak")
    assert control.primary_device_timing == EndDeviceTiming(randomisation=RandomisationKind.START)
    assert control.pan_demand_response == PanDemandResponse(
        start_date_time=T0,
        duration=Decimal(120),
        enrollment_group=PROGRAM,
        appliance=ControlledAppliance(is_hvac_compressor_or_furnace=True, is_water_heater=True),
        cooling_offset=Decimal("2.5"),
        avg_load_adjustment=Decimal("-20"),
        criticality_level="5",
    )
    assert [device.mrid for device in control.end_devices] == [GATEWAY]
    assert [entry for entry in report.entries if entry.profile == "PANDemandResponse"] == []
    back, header = find_cim_route50("EndDeviceControls", MessageKind.REQUEST)(
        message, GapReport(), options()
    )
    assert etree.QName(back).localname == "InitiateDemandResponseEvents"
    assert_schema_valid(envelope(back, header))
    assert msp_binding.read(back, InitiateDemandResponseEvents) == call()


def test_fahrenheit_is_converted_and_unknown_classes_reported() -> None:
    source = dr_event(
        heating_set_point=Temperature(value=Decimal(68), units="degreesF"),
        device_classes=["Sauna"],
        modification_number="3",
    )
    report = GapReport()
    shared = TranslationState(report=report, profile="PANDemandResponse")
    control = translate(profile.DEMAND_RESPONSE_EVENT, source, Direction.TO_CIM, shared, "/e")
    assert control.pan_demand_response is not None
    assert control.pan_demand_response.heating_setpoint == Decimal(20)
    assert control.pan_demand_response.appliance is None
    entries = {entry.path: (entry.value, entry.kind) for entry in report.entries}
    assert entries == {
        "/e/heatingSetPoint": ("68 degreesF", GapKind.CHANGED),
        "/e/deviceClasses/deviceClass[1]": ("Sauna", GapKind.LOST),
        "/e/modificationNumber": ("3", GapKind.LOST),
    }


def test_a_cim_control_with_a_named_group_and_cancel_values(assert_schema_valid: Any) -> None:
    control = EndDeviceControl(
        mrid="DR-9",
        issuer_id="REP-1",
        end_device_control_type=Ref(profile.PAN_DEMAND_RESPONSE),
        pan_demand_response=PanDemandResponse(
            start_date_time=T0, enrollment_group="Summer saver", cancel_now=True
        ),
        end_devices=[EndDevice(mrid=GATEWAY)],
    )
    message = Message(
        MessageKind.REQUEST,
        Header(Verb.CREATE, "EndDeviceControls", message_id="R-9", correlation_id="TX-9"),
        payload=[CODEC_2013.write(EndDeviceControls(end_device_controls=[control]))],
    )
    body, header = find_cim_route50("EndDeviceControls", MessageKind.REQUEST)(
        message, GapReport(), options()
    )
    assert_schema_valid(envelope(body, header))
    (result,) = msp_binding.read(body, InitiateDemandResponseEvents).events
    assert result.dr_program_id == ObjectID(
        object_guid=derived_guid("Summer saver"),
        primary_identifier=SingleIdentifier(
            value="Summer saver", identifier_name="enrollmentGroup"
        ),
    )
    assert {item.ext_name: item.ext_value for item in result.extensions_list} == {
        "CIM.EndDeviceControl.issuerID": "REP-1",
        "CIM.PanDemandResponse.cancelNow": "true",
    }
    back = find_msp50_route("InitiateDemandResponseEvents")(body, header, GapReport(), options())
    (again,) = CODEC_2013.read(back.payload[0]).end_device_controls
    assert again.pan_demand_response is not None
    assert (again.pan_demand_response.enrollment_group, again.issuer_id) == (
        "Summer saver",
        "REP-1",
    )


def test_an_event_without_its_program_is_refused_clearly() -> None:
    control = EndDeviceControl(
        end_device_control_type=Ref(profile.PAN_DEMAND_RESPONSE),
        pan_demand_response=PanDemandResponse(start_date_time=T0),
    )
    with pytest.raises(MappingError, match="DRProgramID"):
        translate(profile.DEMAND_RESPONSE_EVENT, control, Direction.TO_MSP, None, "/c")


flags = st.sampled_from([(None, None), (True, True), (True, False), (False, True), (False, False)])


@settings(max_examples=60, deadline=None)
@given(
    classes=st.lists(st.sampled_from(sorted(profile.DEVICE_CLASSES)), unique=True),
    randomize=flags,
    duty=st.none() | st.decimals(min_value=0, max_value=100, places=1),
    criticality=st.none() | st.integers(1, 15),
    minutes=st.none() | st.decimals(min_value=1, max_value=600, places=0),
)
def test_v5_to_cim_to_v5_keeps_the_event(
    classes: list[str],
    randomize: tuple[bool | None, bool | None],
    duty: Decimal | None,
    criticality: int | None,
    minutes: Decimal | None,
) -> None:
    ordered = [name for name in profile.DEVICE_CLASSES if name in classes]
    source = dr_event(
        device_classes=ordered,
        randomize_event_start=randomize[0],
        randomize_event_end=randomize[1],
        duty_cycle=duty,
        criticality=criticality,
        event_duration=Duration(value=minutes, units="Minutes") if minutes is not None else None,
    )
    report = GapReport()
    shared = TranslationState(report=report, profile="PANDemandResponse")
    control = translate(profile.DEMAND_RESPONSE_EVENT, source, Direction.TO_CIM, shared, "")
    assert report.entries == []
    assert translate(profile.DEMAND_RESPONSE_EVENT, control, Direction.TO_MSP, None, "") == source
