"""Profile PANDisplay over MultiSpeak 5.0 (clause 9): premisesDisplayMessage ⇄ CIM PanDisplay.

Values asserted both ways (text lines, duration in minutes, priority, mode, confirmation, start,
the PAN interfaces and group, identity, correlation ids, gap entries); v5 output validated
against the official 5.0.7 schemas, CIM output against the official 61968-9 (2011)
EndDeviceControls schema.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.end_device_controls import (
    CODEC_2013,
    EndDevice,
    EndDeviceControl,
    EndDeviceControls,
    PanDisplay,
    Ref,
    TransmissionModeKind,
)
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.harmonize import pan_display_v5_messages  # noqa: F401  (registers the v5 routes)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import pan_display_v5 as profile
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.header import Caller, RequestHeader, build_request_header
from mspcim.multispeak.v50.identity import SingleIdentifier
from mspcim.multispeak.v50.pan import (
    Duration,
    InitiatePremisesDisplayMessages,
    MsgLine,
    PANAddressingGroup,
    PANInterfaceID,
    PremisesDisplayMessage,
)
from mspcim.soap import SoapVersion, build_envelope

T0 = datetime(2026, 7, 1, 16, tzinfo=UTC)
MESSAGE = "0f8fad5b-d9cb-469f-a165-70867728950e"
GATEWAY_1 = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
GATEWAY_2 = "2b3c4d5e-6f70-4b8c-9d0e-1f2a3b4c5d6e"


def display_message(**changes: Any) -> PremisesDisplayMessage:
    values: dict[str, Any] = {
        "object_guid": MESSAGE,
        "primary_identifier": SingleIdentifier(value="MSG-17", identifier_name="issuerTrackingID"),
        "msg_lines": [
            MsgLine(sequence_number=1, text="Critical peak 4-7 pm"),
            MsgLine(sequence_number=2, text="Please delay laundry"),
        ],
        "duration": Duration(value=Decimal(90), units="Minutes"),
        "priority": "High",
        "reason": "Critical peak pricing",
        "transmission_mode": "normal",
        "confirmation_required": True,
        "start_time": T0,
    }
    return PremisesDisplayMessage(**{**values, **changes})


def call() -> InitiatePremisesDisplayMessages:
    return InitiatePremisesDisplayMessages(
        messages=[display_message()],
        pan_addressing_group=PANAddressingGroup(
            name="Feeder 12 displays",
            pan_interface_ids=[
                PANInterfaceID(value=GATEWAY_1, device_name="IHD-1"),
                PANInterfaceID(value=GATEWAY_2),
            ],
        ),
        response_url="http://drms.example/multispeak/v50/NOT_Server",
        transaction_id="TX-17",
    )


def v5_header() -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="DRMS", company="REC"), message_id="MSG-17", time_stamp=T0
    )


def envelope(body: etree._Element, header: RequestHeader) -> Any:
    element = build_envelope(SoapVersion.SOAP11, [body], [build_request_header(header)])
    return xmlsafe.parse(etree.tostring(element))


def options() -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW-ID")


def test_display_messages_become_a_create_end_device_controls(assert_schema_valid: Any) -> None:
    body = msp_binding.write(call(), "InitiatePremisesDisplayMessages")
    assert_schema_valid(envelope(body, v5_header()))
    report = GapReport()
    message = find_msp50_route("InitiatePremisesDisplayMessages")(
        body, v5_header(), report, options()
    )
    assert_schema_valid(build_message(message))
    assert message.header is not None
    assert (message.header.verb, message.header.correlation_id) == (Verb.CREATE, "TX-17")
    assert message.header.reply_address == "http://drms.example/multispeak/v50/NOT_Server"
    (control,) = CODEC_2013.read(message.payload[0]).end_device_controls
    assert control.end_device_control_type == Ref(profile.PAN_DISPLAY_TYPE)
    assert (control.mrid, control.issuer_tracking_id) == (MESSAGE, "MSG-17")
    assert control.reason == "Critical peak pricing"
    assert control.pan_display == PanDisplay(
        duration=Decimal(90),
        start_date_time=T0,
        confirmation_required=True,
        priority="High",
        text_message="Critical peak 4-7 pm\nPlease delay laundry",
        transmission_mode=TransmissionModeKind.NORMAL,
    )
    assert control.end_devices == [
        EndDevice(mrid=GATEWAY_1, names=[Name.typed("IHD-1", "deviceName", "MultiSpeak")]),
        EndDevice(mrid=GATEWAY_2),
    ]
    (group,) = control.end_device_groups
    assert [name.name for name in group.names] == ["Feeder 12 displays"]
    assert [entry for entry in report.entries if entry.profile == "PANDisplay"] == []


def test_a_display_request_comes_back_as_the_same_call(assert_schema_valid: Any) -> None:
    body = msp_binding.write(call(), "InitiatePremisesDisplayMessages")
    message = find_msp50_route("InitiatePremisesDisplayMessages")(
        body, v5_header(), GapReport(), options()
    )
    back, header = find_cim_route50("EndDeviceControls", MessageKind.REQUEST)(
        message, GapReport(), options()
    )
    assert etree.QName(back).localname == "InitiatePremisesDisplayMessages"
    assert_schema_valid(envelope(back, header))
    assert msp_binding.read(back, InitiatePremisesDisplayMessages) == call()


def test_hours_become_minutes_and_alerts_are_reported() -> None:
    source = display_message(duration=Duration(value=Decimal(2), units="Hours"), is_alert=True)
    report = GapReport()
    shared = TranslationState(report=report, profile="PANDisplay")
    control = translate(profile.DISPLAY_MESSAGE, source, Direction.TO_CIM, shared, "/m")
    assert control.pan_display is not None and control.pan_display.duration == Decimal(120)
    entries = {entry.path: (entry.value, entry.kind) for entry in report.entries}
    assert entries == {
        "/m/duration": ("2 Hours", GapKind.CHANGED),
        "/m/isAlert": ("true", GapKind.LOST),
    }


def test_a_cim_control_with_a_name_mrid_becomes_a_valid_message(assert_schema_valid: Any) -> None:
    control = EndDeviceControl(
        mrid="DISP-3",
        issuer_id="DRMS",
        end_device_control_type=Ref(profile.PAN_DISPLAY_TYPE),
        pan_display=PanDisplay(text_message="Outage planned tomorrow", duration_indefinite=True),
        end_devices=[EndDevice(mrid=GATEWAY_1)],
    )
    message = Message(
        MessageKind.REQUEST,
        Header(Verb.CREATE, "EndDeviceControls", message_id="R-3", correlation_id="TX-3"),
        payload=[CODEC_2013.write(EndDeviceControls(end_device_controls=[control]))],
    )
    report = GapReport()
    body, header = find_cim_route50("EndDeviceControls", MessageKind.REQUEST)(
        message, report, options()
    )
    assert_schema_valid(envelope(body, header))
    result = msp_binding.read(body, InitiatePremisesDisplayMessages)
    (item,) = result.messages
    assert item.object_guid == derived_guid("DISP-3")
    assert item.primary_identifier == SingleIdentifier(value="DISP-3", identifier_name="mRID")
    assert item.msg_lines == [MsgLine(sequence_number=1, text="Outage planned tomorrow")]
    assert {ext.ext_name: ext.ext_value for ext in item.extensions_list} == {
        "CIM.EndDeviceControl.issuerID": "DRMS",
        "CIM.PanDisplay.durationIndefinite": "true",
    }
    assert result.pan_addressing_group == PANAddressingGroup(
        pan_interface_ids=[PANInterfaceID(value=GATEWAY_1)]
    )
    back = find_msp50_route("InitiatePremisesDisplayMessages")(body, header, GapReport(), options())
    (again,) = CODEC_2013.read(back.payload[0]).end_device_controls
    assert (again.mrid, again.issuer_id) == ("DISP-3", "DRMS")
    assert again.pan_display is not None and again.pan_display.duration_indefinite is True


lines = st.lists(st.text(alphabet="abc XYZ-", min_size=1, max_size=12), min_size=1, max_size=3)


@settings(max_examples=60, deadline=None)
@given(
    texts=lines,
    minutes=st.none() | st.decimals(min_value=0, max_value=1440, places=0),
    priority=st.none() | st.sampled_from(["Low", "High"]),
    mode=st.none() | st.sampled_from(["normal", "anonymous", "both"]),
    confirm=st.none() | st.booleans(),
)
def test_v5_to_cim_to_v5_keeps_the_message(
    texts: list[str],
    minutes: Decimal | None,
    priority: str | None,
    mode: str | None,
    confirm: bool | None,
) -> None:
    source = display_message(
        msg_lines=[
            MsgLine(sequence_number=number, text=text) for number, text in enumerate(texts, start=1)
        ],
        duration=Duration(value=minutes, units="Minutes") if minutes is not None else None,
        priority=priority,
        transmission_mode=mode,
        confirmation_required=confirm,
    )
    report = GapReport()
    shared = TranslationState(report=report, profile="PANDisplay")
    control = translate(profile.DISPLAY_MESSAGE, source, Direction.TO_CIM, shared, "")
    assert report.entries == []
    assert translate(profile.DISPLAY_MESSAGE, control, Direction.TO_MSP, None, "") == source
