"""Whole MultiSpeak 5.0 messages of profile PANDisplay (clause 9) ⇄ CIM EndDeviceControls.

PAN_Server ``InitiatePremisesDisplayMessages`` ⇄ RequestMessage *create EndDeviceControls*
with one EndDeviceControl of type ``PAN_DISPLAY_TYPE`` per message (responseURL ⇄
ReplyAddress, transactionID ⇄ CorrelationID, an asynchronous reply asked). The
``PANAddressingGroup`` says where every message goes: its PAN interfaces are each control's
EndDevices (GUID ⇄ mRID, ``@deviceName`` ⇄ a Name), its ``name`` an EndDeviceGroup named by a
Name of NameType ``PANAddressingGroup``. Chained in front of the EndDeviceControls translations
registered before (``pan_pricing_v5_messages.chain``).
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim.end_device_controls import EndDeviceControls, EndDeviceGroup
from mspcim.cim.message import Message, MessageKind
from mspcim.harmonize.end_device_codecs import typed_name
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.pan_pricing_v5_messages import (
    CONTROLS,
    chain,
    controls_of,
    initiate_header,
    is_of_type,
    request_header,
)
from mspcim.harmonize.profile_messages import message_of
from mspcim.harmonize.profiles import pan_display_v5 as profile
from mspcim.harmonize.profiles.pan_pricing_v5 import device_of, interface_of
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.header import V5Header
from mspcim.multispeak.v50.pan import (
    InitiatePremisesDisplayMessages,
    PANAddressingGroup,
    PANInterfaceID,
)

__all__ = ["GROUP_NAME", "OPERATION", "is_pan_display"]

OPERATION: Final = "InitiatePremisesDisplayMessages"
GROUP_NAME: Final = "PANAddressingGroup"
"""NameType of the EndDeviceGroup Name holding the addressing group's ``name``."""


def _unread(body: etree._Element, report: GapReport) -> None:
    for path in msp_binding.unread(body, InitiatePremisesDisplayMessages):
        reason = "no mapping reads this element"
        report.add(path, "(element)", GapKind.LOST, reason, None, profile.PROFILE)


@msp50_route(OPERATION)
def _to_cim(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, InitiatePremisesDisplayMessages)
    _unread(body, report)
    cim = initiate_header(header, call, OPERATION, report, profile.PROFILE)
    cim.message_id = cim.message_id or options.new_id()
    shared = TranslationState(report=report, profile=profile.PROFILE)
    base = f"/{OPERATION}/ArrayOfPremisesDisplayMessage/premisesDisplayMessage"
    controls = [
        translate(profile.DISPLAY_MESSAGE, item, Direction.TO_CIM, shared, f"{base}[{index}]")
        for index, item in enumerate(call.messages, start=1)
    ]
    group = call.pan_addressing_group
    if group is not None:
        devices = [device_of(interface) for interface in group.pan_interface_ids]
        groups = [EndDeviceGroup(names=[typed_name(group.name, GROUP_NAME)])] if group.name else []
        for control in controls:
            control.end_devices, control.end_device_groups = list(devices), list(groups)
    return message_of(
        MessageKind.REQUEST,
        cim,
        [EndDeviceControls(end_device_controls=controls)],
        noun=CONTROLS,
        edition=options.edition,
        form=options.form,
    )


def is_pan_display(message: Message) -> bool:
    """True when every control of ``message`` is a premises display message."""
    return is_of_type(message, profile.PAN_DISPLAY_TYPE)


def _to_msp(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, V5Header]:
    header = request_header(message, report, options)
    controls = controls_of(message).end_device_controls
    shared = TranslationState(report=report, profile=profile.PROFILE)
    messages = []
    interfaces: dict[str, PANInterfaceID] = {}
    group_name: str | None = None
    for index, control in enumerate(controls, start=1):
        where = f"/{CONTROLS}/EndDeviceControl[{index}]"
        messages.append(
            translate(profile.DISPLAY_MESSAGE, control, Direction.TO_MSP, shared, where)
        )

        def gap(at: str, value: object, reason: str, where: str = where) -> None:
            report.add(
                f"{where}/EndDevices/{at}", value, GapKind.LOST, reason, None, profile.PROFILE
            )

        for device in control.end_devices:
            found = interface_of(device, gap)
            if found is not None:
                interfaces.setdefault(found.value, found)
        for group in control.end_device_groups:
            named = next((n.name for n in group.names if n.type_name == GROUP_NAME), None)
            if named is not None and group_name in (None, named):
                group_name = named
            else:
                reason = "the call has one PANAddressingGroup name"
                shown = group.mrid or named or "(group)"
                report.add(
                    f"{where}/EndDeviceGroups", shown, GapKind.LOST, reason, None, profile.PROFILE
                )
    addressing = None
    if interfaces or group_name is not None:
        addressing = PANAddressingGroup(
            name=group_name,
            pan_interface_ids=list(interfaces.values()),
        )
    cim = message.header
    call = InitiatePremisesDisplayMessages(
        messages=messages,
        pan_addressing_group=addressing,
        response_url=cim.reply_address if cim else None,
        transaction_id=cim.correlation_id if cim else None,
    )
    return msp_binding.write(call, OPERATION, release=options.release), header


chain(MessageKind.REQUEST, is_pan_display, _to_msp)
