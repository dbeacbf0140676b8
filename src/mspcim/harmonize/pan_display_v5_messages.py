"""Whole MultiSpeak 5.0 messages of profile PANDisplay (clause 9) ⇄ CIM EndDeviceControls.

PAN_Server ``InitiatePremisesDisplayMessages`` ⇄ RequestMessage *create EndDeviceControls*
with one EndDeviceControl of type ``PAN_DISPLAY_TYPE`` per message (responseURL ⇄
ReplyAddress, transactionID ⇄ CorrelationID, an asynchronous reply asked). The
``PANAddressingGroup`` says where every message goes: its PAN interfaces are each control's
EndDevices (GUID ⇄ mRID, ``@deviceName`` ⇄ a Name), its ``name`` an EndDeviceGroup named by a
Name of NameType ``PANAddressingGroup``. Chained in front of the EndDeviceControls translations
registered before (``pan_pricing_v5_messages.chain``). ``PanOperation`` declares such a call
(also DR_Server ``InitiateDemandResponseEvents``, ``pan_demand_response_v5_messages``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree

from mspcim.cim.end_device_controls import EndDeviceControl, EndDeviceControls, EndDeviceGroup
from mspcim.cim.message import Message, MessageKind
from mspcim.fieldmeta import xml_name
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
from mspcim.harmonize.routes50 import CimToMsp50, msp50_route
from mspcim.harmonize.rules import Table
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.header import V5Header
from mspcim.multispeak.v50.pan import (
    InitiatePremisesDisplayMessages,
    PANAddressingGroup,
    PANInterfaceID,
)

__all__ = ["GROUP_NAME", "OPERATION", "PanOperation", "is_pan_display", "register_pan_operation"]

OPERATION: Final = "InitiatePremisesDisplayMessages"
GROUP_NAME: Final = "PANAddressingGroup"
"""NameType of the EndDeviceGroup Name holding the addressing group's ``name``."""


@dataclass(frozen=True, slots=True)
class PanOperation:
    """A PAN ``Initiate…`` call of a list of objects, each one EndDeviceControl of a type."""

    name: str
    cls: type
    """The call: a list field ``field`` of objects, ``pan_addressing_group`` and the return."""
    field: str
    table: Table
    """object ⇄ EndDeviceControl."""
    control_type: str
    profile: str


def _unread(spec: PanOperation, body: etree._Element, report: GapReport) -> None:
    for path in msp_binding.unread(body, spec.cls):
        reason = "no mapping reads this element"
        report.add(path, "(element)", GapKind.LOST, reason, None, spec.profile)


def _to_cim(spec: PanOperation) -> Callable[..., Message]:
    def translate_call(
        body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
    ) -> Message:
        call: Any = msp_binding.read(body, spec.cls)
        _unread(spec, body, report)
        cim = initiate_header(header, call, spec.name, report, spec.profile)
        cim.message_id = cim.message_id or options.new_id()
        shared = TranslationState(report=report, profile=spec.profile)
        wrapper, item = xml_name(spec.cls, spec.field), _item(spec)
        base = f"/{spec.name}/{wrapper}/{item}"
        controls = [
            translate(spec.table, obj, Direction.TO_CIM, shared, f"{base}[{index}]")
            for index, obj in enumerate(getattr(call, spec.field), start=1)
        ]
        group = call.pan_addressing_group
        if group is not None:
            devices = [device_of(interface) for interface in group.pan_interface_ids]
            named = [typed_name(group.name, GROUP_NAME)] if group.name else []
            groups = [EndDeviceGroup(names=named)] if named else []
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

    return translate_call


def _item(spec: PanOperation) -> str:
    found = next(item for item in dataclasses.fields(spec.cls) if item.name == spec.field)
    return str(found.metadata["item"])


def _addressing(
    spec: PanOperation, controls: list[EndDeviceControl], report: GapReport
) -> PANAddressingGroup | None:
    """The one PANAddressingGroup of the controls' EndDevices and named EndDeviceGroup."""
    interfaces: dict[str, PANInterfaceID] = {}
    group_name: str | None = None
    for index, control in enumerate(controls, start=1):
        where = f"/{CONTROLS}/EndDeviceControl[{index}]"

        def gap(at: str, value: object, reason: str, where: str = where) -> None:
            path = f"{where}/EndDevices/{at}"
            report.add(path, value, GapKind.LOST, reason, None, spec.profile)

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
                path = f"{where}/EndDeviceGroups"
                report.add(path, shown, GapKind.LOST, reason, None, spec.profile)
    if not interfaces and group_name is None:
        return None
    return PANAddressingGroup(name=group_name, pan_interface_ids=list(interfaces.values()))


def _to_msp(spec: PanOperation) -> CimToMsp50:
    def translate_message(
        message: Message, report: GapReport, options: TranslateOptions
    ) -> tuple[etree._Element, V5Header]:
        header = request_header(message, report, options)
        controls = controls_of(message).end_device_controls
        shared = TranslationState(report=report, profile=spec.profile)
        objects = [
            translate(
                spec.table, control, Direction.TO_MSP, shared, f"/{CONTROLS}/EndDeviceControl[{i}]"
            )
            for i, control in enumerate(controls, start=1)
        ]
        cim = message.header
        call = spec.cls(
            **{spec.field: objects},
            pan_addressing_group=_addressing(spec, controls, report),
            response_url=cim.reply_address if cim else None,
            transaction_id=cim.correlation_id if cim else None,
        )
        return msp_binding.write(call, spec.name, release=options.release), header

    return translate_message


def register_pan_operation(spec: PanOperation) -> PanOperation:
    """Install ``spec`` both ways: its call ⇄ create EndDeviceControls of its control type."""
    msp50_route(spec.name)(_to_cim(spec))
    chain(
        MessageKind.REQUEST, lambda message: is_of_type(message, spec.control_type), _to_msp(spec)
    )
    return spec


DISPLAY: Final = register_pan_operation(
    PanOperation(
        name=OPERATION,
        cls=InitiatePremisesDisplayMessages,
        field="messages",
        table=profile.DISPLAY_MESSAGE,
        control_type=profile.PAN_DISPLAY_TYPE,
        profile=profile.PROFILE,
    )
)
"""InitiatePremisesDisplayMessages, declared."""


def is_pan_display(message: Message) -> bool:
    """True when every control of ``message`` is a premises display message."""
    return is_of_type(message, profile.PAN_DISPLAY_TYPE)
