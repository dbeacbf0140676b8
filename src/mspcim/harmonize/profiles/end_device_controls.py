"""Profile 8.12 EndDeviceControls: MultiSpeak 4.1 connect/disconnect ⇄ CIM EndDeviceControl.

Two tables: ``CONNECT_DISCONNECT_EVENT`` (``connectDisconnectEvent`` of CD_Server
InitiateConnectDisconnect ⇄ ``EndDeviceControl``) and ``CD_STATE_CHANGE`` (the outcome:
``CDStateChange`` of CDStateChangedNotification ⇄ the ``EndDeviceEvent`` the device reports).
The declared code tables ``LOAD_ACTION_CONTROLS`` and ``STATE_CHANGE_EVENTS`` and the codecs
that look them up live in ``harmonize.connect_disconnect_codecs``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import datetime
from typing import Final

from mspcim.cim import end_device_events as events
from mspcim.cim.end_device_controls import EndDeviceControl, EndDeviceControls
from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.exceptions import MappingError
from mspcim.harmonize import carriers as _carriers  # noqa: F401  (registers the carriers)
from mspcim.harmonize.connect_disconnect_codecs import (
    CIM_EXTENSION,
    LOAD_ACTION_CONTROLS,
    STATE_CHANGE_EVENTS,
)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.connect_disconnect import CDStateChange, ConnectDisconnectEvent

__all__ = [
    "CD_STATE_CHANGE",
    "CONNECT_DISCONNECT_EVENT",
    "LOAD_ACTION_CONTROLS",
    "PROFILE",
    "STATE_CHANGE_EVENTS",
    "controls_to_msp",
    "events_to_cim",
    "state_changes_to_cim",
    "state_changes_to_msp",
]

PROFILE: Final = "EndDeviceControls"


def _carried_cim(cls: str, field: str, attribute: str, codec: str = "text") -> Gap:
    return Gap(
        Side.CIM,
        field,
        f"no MultiSpeak element for {cls}.{attribute}",
        carried_in=f"extensionsList:{CIM_EXTENSION}{cls}.{attribute}",
        codec=codec,
    )


_NO_CUSTOMER = "the EndDeviceControls profile has no Customer, account or billing"
_PAN = "PAN actions go to HAN_Server, not CD_Server"
_AT_ONCE = "InitiateConnectDisconnect acts at once, with no timing"
_VENDOR = "vendor extensionsItem with no CIM counterpart"

CONNECT_DISCONNECT_EVENT = Table(
    name=PROFILE,
    clause="8.12",
    msp_class=ConnectDisconnectEvent,
    cim_class=EndDeviceControl,
    msp_objects=("CD_Server: InitiateConnectDisconnect", "connectDisconnectEvent"),
    rules=(
        Correlate("object_id", "mrid"),
        Transform(
            ("load_action_code",),
            ("end_device_control_type",),
            "load_action_code",
            "the action, by the declared table LOAD_ACTION_CONTROLS",
        ),
        Transform(
            ("meter_id", "service_type"), ("end_devices",), "connect_disconnect_meter", "the meter"
        ),
        Transform(
            ("service_location_id",),
            ("usage_points",),
            "service_location_usage_point",
            "where the meter serves",
        ),
        Transform(("cd_reason_code", "extensions_list"), ("reason",), "cd_reason_code", "why"),
        Gap(Side.MSP, "customer_id", _NO_CUSTOMER),
        Gap(Side.MSP, "account_number", _NO_CUSTOMER),
        Gap(Side.MSP, "amount_due", _NO_CUSTOMER),
        Gap(Side.MSP, "billing_terms", _NO_CUSTOMER),
        Gap(Side.MSP, "grid_location", "EndDeviceControl has no location"),
        Gap(Side.MSP, "power_limitation_value", "EndDeviceControl has no power limit"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "utility", "no CIM counterpart on EndDeviceControl"),
        Gap(Side.MSP, "comments", "EndDeviceControl has no comment"),
        Gap(Side.MSP, "object_name", "EndDeviceControl has no name in this profile"),
        Gap(Side.MSP, "extensions_list", _VENDOR),
        _carried_cim("EndDeviceControl", "dr_program_level", "drProgramLevel", "integer"),
        _carried_cim("EndDeviceControl", "dr_program_mandatory", "drProgramMandatory", "boolean"),
        _carried_cim("EndDeviceControl", "issuer_id", "issuerID"),
        _carried_cim("EndDeviceControl", "issuer_tracking_id", "issuerTrackingID"),
        _carried_cim("EndDeviceControl", "price_signal", "priceSignal", "decimal"),
        Gap(Side.CIM, "pan_demand_response", _PAN),
        Gap(Side.CIM, "pan_display", _PAN),
        Gap(Side.CIM, "pan_pricing", _PAN),
        Gap(Side.CIM, "end_device_groups", "connectDisconnectEvent names one meter, not groups"),
        Gap(Side.CIM, "primary_device_timing", _AT_ONCE),
        Gap(Side.CIM, "secondary_device_timing", _AT_ONCE),
        Gap(Side.CIM, "usage_point_groups", "connectDisconnectEvent names no group"),
    ),
)

CD_STATE_CHANGE = Table(
    name=PROFILE,
    clause="8.12",
    msp_class=CDStateChange,
    cim_class=events.EndDeviceEvent,
    msp_objects=("CB_Server/MDM_Server: CDStateChangedNotification", "CDStateChange"),
    rules=(
        Correlate("object_id", "mrid"),
        Transform(("timestamp",), ("created_date_time",), "state_change_time", "when"),
        Transform(("meter_id",), ("assets",), "state_change_meter", "the meter"),
        Transform(
            ("state_change", "meter_event", "error_string", "extensions_list"),
            ("end_device_event_type", "reason"),
            "state_change_outcome",
            "the outcome, by the declared table STATE_CHANGE_EVENTS",
        ),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "utility", "no CIM counterpart on EndDeviceEvent"),
        Gap(Side.MSP, "comments", "EndDeviceEvent has no comment"),
        Gap(Side.MSP, "object_name", "EndDeviceEvent has no name for the state change"),
        Gap(Side.MSP, "extensions_list", _VENDOR),
        _carried_cim("EndDeviceEvent", "issuer_id", "issuerID"),
        _carried_cim("EndDeviceEvent", "issuer_tracking_id", "issuerTrackingID"),
        _carried_cim("EndDeviceEvent", "severity", "severity"),
        _carried_cim("EndDeviceEvent", "user_id", "userID"),
        Gap(Side.CIM, "end_device_event_details", "CDStateChange has no event details"),
        Gap(Side.CIM, "names", "CDStateChange has no names of the event"),
        Gap(Side.CIM, "status", "CDStateChange has no status of the event"),
        Gap(Side.CIM, "usage_point", "CDStateChange names the meter only"),
    ),
)


def events_to_cim(
    cd_events: Iterable[ConnectDisconnectEvent], report: GapReport | None = None, path: str = ""
) -> EndDeviceControls:
    """The connectDisconnectEvents as one EndDeviceControls document (one control each)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return EndDeviceControls(
        [
            translate(
                CONNECT_DISCONNECT_EVENT,
                event,
                Direction.TO_CIM,
                shared,
                f"{path}/connectDisconnectEvent[{index}]",
            )
            for index, event in enumerate(cd_events, start=1)
        ]
    )


_CONTROL_FIELDS: Final = tuple(item.name for item in fields(EndDeviceControl))


def _one_per_device(control: EndDeviceControl) -> list[EndDeviceControl]:
    """The control once per end device (a connectDisconnectEvent switches one meter)."""
    if len(control.end_devices) <= 1:
        return [control]
    copies = []
    for device in control.end_devices:
        copy = EndDeviceControl(**{name: getattr(control, name) for name in _CONTROL_FIELDS})
        copy.end_devices = [device]
        copies.append(copy)
    return copies


def controls_to_msp(
    document: EndDeviceControls, report: GapReport | None = None, path: str = "/EndDeviceControls"
) -> list[ConnectDisconnectEvent]:
    """An EndDeviceControls document as connectDisconnectEvents, one per end device."""
    report = report if report is not None else GapReport()
    shared = TranslationState(report=report, profile=PROFILE)
    cd_events: list[ConnectDisconnectEvent] = []
    for index, control in enumerate(document.end_device_controls, start=1):
        where = f"{path}/EndDeviceControl[{index}]"
        copies = _one_per_device(control)
        if len(copies) > 1:
            report.add(
                f"{where}/EndDevices",
                f"{len(copies)} end devices",
                GapKind.CHANGED,
                "one connectDisconnectEvent per end device",
                profile=PROFILE,
            )
        cd_events.append(
            translate(CONNECT_DISCONNECT_EVENT, copies[0], Direction.TO_MSP, shared, where)
        )
        for copy in copies[1:]:
            own = TranslationState(profile=PROFILE)
            cd_events.append(
                translate(CONNECT_DISCONNECT_EVENT, copy, Direction.TO_MSP, own, where)
            )
            report.entries += [  # the control's own values were reported with the first copy
                item for item in own.report if item.path.startswith(f"{where}/EndDevices")
            ]
    return cd_events


def _event_type(code: str) -> events.EndDeviceEventType:
    parsed = EndDeviceEventTypeCode.parse(code)
    type_, domain, sub_domain, event_or_action = parsed.literals()
    return events.EndDeviceEventType(
        mrid=parsed.text,
        domain=domain,
        event_or_action=event_or_action,
        sub_domain=sub_domain,
        type=type_,
        names=events.Name(name=parsed.describe()),
    )


def state_changes_to_cim(
    changes: Iterable[CDStateChange],
    report: GapReport | None = None,
    path: str = "",
    *,
    time_stamp: datetime | None = None,
) -> events.EndDeviceEvents:
    """CDStateChanges as an EndDeviceEvents document; each event type declared once.

    ``time_stamp`` (the message's) stands in for a missing ``timestamp``.
    """
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    shared.state["time_stamp"] = time_stamp
    translated: list[events.EndDeviceEvent] = [
        translate(CD_STATE_CHANGE, change, Direction.TO_CIM, shared, f"{path}/stateChange[{index}]")
        for index, change in enumerate(changes, start=1)
    ]
    codes = dict.fromkeys(event.event_type or "" for event in translated)
    return events.EndDeviceEvents(
        end_device_events=translated,
        end_device_event_types=[_event_type(code) for code in codes],
    )


def _event_code(document: events.EndDeviceEvents, ref: str | None, where: str) -> str:
    """The code an event refers to: the ref itself, or the code of the type declared under it."""
    declared = document.declared_type(ref or "")
    parts = (
        (declared.type, declared.domain, declared.sub_domain, declared.event_or_action)
        if declared is not None
        else None
    )
    try:
        if parts is not None and all(parts):
            return EndDeviceEventTypeCode.from_literals(*(part or "" for part in parts)).text
        return EndDeviceEventTypeCode.parse(ref or "").text
    except MappingError as exc:
        raise MappingError(exc.reason, xpath=f"{where}/EndDeviceEventType/@ref") from None


def state_changes_to_msp(
    document: events.EndDeviceEvents,
    report: GapReport | None = None,
    path: str = "/EndDeviceEvents",
) -> list[CDStateChange]:
    """The EndDeviceEvents of a document as CDStateChanges (failures carry ``errorString``)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    changes = []
    for index, event in enumerate(document.end_device_events, start=1):
        where = f"{path}/EndDeviceEvent[{index}]"
        code = _event_code(document, event.event_type, where)
        resolved = replace(event, end_device_event_type=events.EndDeviceEventTypeRef(ref=code))
        changes.append(translate(CD_STATE_CHANGE, resolved, Direction.TO_MSP, shared, where))
    return changes
