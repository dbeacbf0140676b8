"""Profile 9 EndDeviceControls: MultiSpeak 5.0 connect/disconnect ⇄ CIM (61968-9:2013).

Two tables, as in 4.1: ``CONNECT_DISCONNECT_EVENT`` (``connectDisconnectEvent`` ⇄
``EndDeviceControl``) and ``CD_STATE_CHANGE`` (``CDStateChange`` ⇄ the ``EndDeviceEvent`` that
reports the outcome). The code tables are the 4.1 ones (``LOAD_ACTION_CONTROLS``,
``STATE_CHANGE_EVENTS``), carried over to the v5 ``loadActionCode`` by ``V5_ACTIONS``: a 4.1
action or state v5 does not enumerate travels as ``Other`` with the 4.1 word as ``otherKind``.
v5 states an outcome's exact EndDeviceEventType in ``endDeviceEventType``, which always wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, Final

from mspcim.cim import end_device_events as events
from mspcim.cim.end_device_controls import (
    EndDevice,
    EndDeviceControl,
    EndDeviceControls,
    Ref,
    UsagePoint,
)
from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.cim.identified_object import Name
from mspcim.exceptions import MappingError
from mspcim.harmonize import carriers as _carriers  # noqa: F401  (registers the carriers)
from mspcim.harmonize.carriers import NAME_TYPE_AUTHORITY, carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.connect_disconnect_codecs import (
    LOAD_ACTION_CONTROLS,
    NOT_AN_ACTION,
    action_for_control,
    event_for_state_change,
    state_change_for_event,
)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles.meter_readings_v5 import METER_ID_NAME_TYPES, derived_guid, is_guid
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.connect_disconnect import LoadActionCode as Action41
from mspcim.multispeak.v50.connect_disconnect import (
    CDDeviceIdentifier,
    CDReason,
    CDReasonCode,
    CDStateChange,
    ConnectDisconnectEvent,
    EndDeviceEventType,
    LoadAction,
    LoadActionCode,
    ServicePointID,
)
from mspcim.multispeak.v50.identity import MeterID, ObjectID, SingleIdentifier
from mspcim.multispeak.v50.result import ErrorObject

__all__ = [
    "CD_DEVICE_AUTHORITY",
    "CD_STATE_CHANGE",
    "CONNECT_DISCONNECT_EVENT",
    "PROFILE",
    "V5_ACTIONS",
    "controls_to_msp",
    "device_to_cim",
    "device_to_msp",
    "event_type_declaration",
    "events_to_cim",
    "resolved",
    "state_changes_to_cim",
    "state_changes_to_msp",
]

PROFILE: Final = "EndDeviceControls"
CD_DEVICE_AUTHORITY: Final = "MultiSpeak CDDeviceID"
"""NameTypeAuthority of the names that carry a ``CDDeviceID``'s primary identifier."""

V5_ACTIONS: Final[dict[Action41, LoadActionCode]] = {
    Action41.CONNECT: LoadActionCode.CONNECT,
    Action41.DISCONNECT: LoadActionCode.DISCONNECT,
    Action41.INITIATE_POWER_LIMITATION: LoadActionCode.INITIATE_POWER_LIMITATION,
    Action41.CANCEL_POWER_LIMITATION: LoadActionCode.CANCEL_POWER_LIMITATION,
    Action41.ARM: LoadActionCode.ARM,
    Action41.ENABLE: LoadActionCode.ENABLE,
    Action41.DISABLE: LoadActionCode.DISABLE,
    Action41.ARMED: LoadActionCode.ARM,
    Action41.ENABLED: LoadActionCode.ENABLE,
    Action41.DISABLED: LoadActionCode.DISABLE,
    Action41.UNKNOWN: LoadActionCode.UNKNOWN,
}
"""4.1 ``loadActionCode`` ⇄ v5; the others (Open, Close, Opened, Closed) go as Other/otherKind."""

_TO_41: Final = {
    v5: v41 for v41, v5 in V5_ACTIONS.items() if v41.value == v5.value or v41 is Action41.UNKNOWN
}


def _to_41(action: LoadAction) -> Action41:
    """The 4.1 word a v5 action stands for (an Other names it in ``otherKind``)."""
    if action.value is LoadActionCode.OTHER:
        try:
            return Action41(action.other_kind or "")
        except ValueError:
            raise MappingError(f"loadActionCode Other ({action.other_kind}) is no action") from None
    return _TO_41.get(action.value, Action41.UNKNOWN)


def _to_v5(action: Action41) -> LoadAction:
    found = V5_ACTIONS.get(action)
    if found is None:
        return LoadAction(value=LoadActionCode.OTHER, other_kind=action.value)
    return LoadAction(value=found)


# --- the switched device


def device_to_cim(device: CDDeviceIdentifier | None) -> tuple[str | None, list[Name]]:
    """The mRID and names of the device a ``CDDeviceIdentifier`` names."""
    if device is None:
        return None, []
    if device.meter_id is not None:
        meter = device.meter_id
        names = [
            Name.typed(str(text), name_type, NAME_TYPE_AUTHORITY)
            for attribute, name_type in METER_ID_NAME_TYPES.items()
            if (text := getattr(meter, attribute))
        ]
        derived = meter.meter_name and meter.object_guid == derived_guid(meter.meter_name)
        return (None if derived else meter.object_guid), names
    if device.cd_device_id is not None:
        given = device.cd_device_id.primary_identifier
        names = (
            [Name.typed(given.value, given.identifier_name, CD_DEVICE_AUTHORITY)] if given else []
        )
        return device.cd_device_id.object_guid, names
    return None, []


def device_to_msp(
    mrid: str | None, names: list[Name], ctx: TranslationContext, field: str
) -> CDDeviceIdentifier:
    """The ``CDDeviceIdentifier`` of a device known by ``mrid`` and ``names``."""
    for name in names:
        authority = name.name_type.name_type_authority if name.name_type else None
        if authority is not None and authority.name == CD_DEVICE_AUTHORITY and mrid:
            primary = SingleIdentifier(value=name.name, identifier_name=name.type_name or "")
            return CDDeviceIdentifier(
                cd_device_id=ObjectID(object_guid=mrid, primary_identifier=primary)
            )
    found: dict[str, str] = {}
    for name in names:
        attribute = next(
            (key for key, value in METER_ID_NAME_TYPES.items() if value == name.type_name), None
        )
        if attribute is None and name.type_name is None:
            attribute = "meter_name"
        if attribute is not None and attribute not in found:
            found[attribute] = name.name
        else:
            ctx.gap(field, name.name, f"meterID has no attribute for {name.type_name}")
    if mrid is not None and not is_guid(mrid):
        ctx.gap(field, mrid, "mRID is not a GUID: it becomes meterName", lost=False)
        found.setdefault("meter_name", mrid)
        mrid = None
    if mrid is None:
        if "meter_name" not in found:
            raise MappingError("the device has neither an mRID nor a name: meterID needs one")
        mrid = derived_guid(found["meter_name"])
    return CDDeviceIdentifier(meter_id=MeterID(object_guid=mrid, **found))


def _control_device_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    mrid, names = device_to_cim(values["cd_device_identifier"])
    if mrid is None and not names:
        return {}
    return {"end_devices": [EndDevice(mrid=mrid, names=names)]}


def _control_device_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    devices: list[EndDevice] = values["end_devices"] or []
    if not devices:
        return {}
    device = devices[0]
    identifier = device_to_msp(device.mrid, device.names, ctx, "end_devices")
    return {"cd_device_identifier": identifier}


field_codec(
    "cd_device_v5",
    _control_device_to_cim,
    _control_device_to_msp,
    "CDDeviceIdentifier meterID (GUID, attributes) or CDDeviceID ⇄ EndDevice mRID and Names",
)


def _asset_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    mrid, names = device_to_cim(values["cd_device_identifier"])
    return {"assets": events.Asset(mrid=mrid, names=names)}


def _asset_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    asset: events.Asset | None = values["assets"]
    if asset is None:
        raise MappingError("the EndDeviceEvent names no Assets: CDStateChange needs the device")
    return {"cd_device_identifier": device_to_msp(asset.mrid, asset.names, ctx, "assets")}


field_codec(
    "cd_asset_v5",
    _asset_to_cim,
    _asset_to_msp,
    "CDDeviceIdentifier ⇄ the event's Assets (mRID and Names)",
)


def _point_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    point: ServicePointID | None = values["service_point_id"]
    if point is None:
        return {}
    for attribute in ("service_type", "utility"):
        if (text := getattr(point, attribute)) is not None:
            ctx.gap("service_point_id", text, "UsagePoint reference has its mRID only")
    return {"usage_points": [UsagePoint(mrid=point.object_guid)]}


def _point_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    points: list[UsagePoint] = values["usage_points"] or []
    if not points:
        return {}
    first, *others = points
    for point in [first, *others]:
        if point is not first or not (point.mrid and is_guid(point.mrid)):
            shown = point.mrid or ", ".join(name.name for name in point.names) or "?"
            ctx.gap("usage_points", shown, "servicePointID is one service point's GUID")
    if first.mrid and is_guid(first.mrid):
        return {"service_point_id": ServicePointID(object_guid=first.mrid)}
    return {}


field_codec(
    "service_point_v5",
    _point_to_cim,
    _point_to_msp,
    "servicePointID (a GUID) ⇄ UsagePoint mRID",
)


# --- action, reason, time


def _action_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    action: LoadAction | None = values["load_action_code"]
    if action is None:
        raise MappingError("connectDisconnectEvent has no loadActionCode")
    word = _to_41(action)
    code = LOAD_ACTION_CONTROLS.get(word)
    if code is None:
        reason = NOT_AN_ACTION.get(word, "no EndDeviceControlType is declared for it")
        raise MappingError(f"loadActionCode {action.value} cannot be sent as a control: {reason}")
    return {"end_device_control_type": Ref(code)}


def _action_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    control_type: Ref = values["end_device_control_type"]
    return {"load_action_code": _to_v5(action_for_control(control_type.ref or ""))}


field_codec(
    "load_action_code_v5",
    _action_to_cim,
    _action_to_msp,
    "loadActionCode (Other: the 4.1 word in otherKind) ⇄ EndDeviceControlType code, by the "
    "tables V5_ACTIONS and LOAD_ACTION_CONTROLS",
)

_REASONS: Final = {member.value for member in CDReasonCode}


def _reason_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    reason: CDReason | None = values["cd_reason_code"]
    if reason is None:
        return {}
    if reason.value is CDReasonCode.OTHER and reason.other_kind:
        return {"reason": reason.other_kind}
    return {"reason": reason.value.value}


def _reason_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    reason: str | None = values["reason"]
    if reason is None:
        return {}
    if reason in _REASONS:
        return {"cd_reason_code": CDReason(value=CDReasonCode(reason))}
    return {"cd_reason_code": CDReason(value=CDReasonCode.OTHER, other_kind=reason)}


field_codec(
    "cd_reason_v5",
    _reason_to_cim,
    _reason_to_msp,
    "CDReasonCode ⇄ EndDeviceControl.reason (a reason v5 does not enumerate: Other/otherKind)",
)


def _event_time_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    when: datetime = values["time_stamp"]
    if when != ctx.state.get("time_stamp"):
        ctx.gap("time_stamp", when, "EndDeviceControl has no time: the Header Timestamp says when")
    return {}


def _event_time_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    when: datetime | None = ctx.state.get("time_stamp")
    if when is None:
        raise MappingError("no Header Timestamp to give the connectDisconnectEvent its timeStamp")
    return {"time_stamp": when}


field_codec(
    "cd_event_time_v5",
    _event_time_to_cim,
    _event_time_to_msp,
    "timeStamp ⇄ the Header Timestamp (an event's own, other time is reported)",
)


# --- outcome


def _outcome_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    given: EndDeviceEventType | None = values["end_device_event_type"]
    state: LoadAction = values["state_change"]
    errors: list[ErrorObject] = values["error_objects"] or []
    parts: tuple[str | None, ...] = (None,)
    if given is not None:
        parts = (given.end_device_type, given.end_device_domain, given.end_device_subdomain)
        parts += (given.event_or_action,)
    if all(parts):
        code = EndDeviceEventTypeCode.parse(".".join(str(part) for part in parts)).text
    elif given is not None and given.code_string:
        code = EndDeviceEventTypeCode.parse(given.code_string).text
    else:
        found = event_for_state_change(_to_41(state), failed=bool(errors))
        if found is None:
            raise MappingError(f"CDStateChange ({state.value}) names no EndDeviceEventType")
        code = found
    row = state_change_for_event(code)
    if errors and (row is None or not row.failed):
        for error in errors:
            ctx.gap("error_objects", error.display_string or "", "the event is no failure")
    return {"end_device_event_type": events.EndDeviceEventTypeRef(ref=code)}


def _outcome_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    ref: events.EndDeviceEventTypeRef = values["end_device_event_type"]
    code = EndDeviceEventTypeCode.parse(ref.ref or "")
    type_, domain, sub_domain, event_or_action = code.text.split(".")
    result: dict[str, Any] = {
        "end_device_event_type": EndDeviceEventType(
            end_device_type=type_,
            end_device_domain=domain,
            end_device_subdomain=sub_domain,
            event_or_action=event_or_action,
        )
    }
    row = state_change_for_event(code.text)
    if row is None:
        result["state_change"] = LoadAction(value=LoadActionCode.UNKNOWN)
        ctx.gap("end_device_event_type", code.text, "not a switch outcome: stateChange Unknown")
        return result
    result["state_change"] = _to_v5(row.state_change)
    if row.failed:
        when = values["created_date_time"]
        result["error_objects"] = [ErrorObject(event_time=when, display_string=code.describe())]
    return result


field_codec(
    "cd_outcome_v5",
    _outcome_to_cim,
    _outcome_to_msp,
    "stateChange (errorObjects: failed) ⇄ EndDeviceEventType by STATE_CHANGE_EVENTS; "
    "endDeviceEventType ⇄ the code itself",
)

_NO_CUSTOMER = "the EndDeviceControls profile has no Customer, account or billing"
_PAN = "PAN actions go to PAN_Server, not CD_Server"
_VENDOR = "vendor extensionsItem with no CIM counterpart"


def _carried(cls: str, field: str, attribute: str, codec: str = "text") -> Gap:
    return carried_cim(field, f"{cls}.{attribute}", codec)


CONNECT_DISCONNECT_EVENT = Table(
    name=PROFILE,
    clause="9",
    msp_class=ConnectDisconnectEvent,
    cim_class=EndDeviceControl,
    msp_objects=("CD_Server: InitiateConnectDisconnect", "connectDisconnectEvent"),
    rules=(
        Correlate("referable_id", "mrid"),
        Transform(
            ("load_action_code",), ("end_device_control_type",), "load_action_code_v5", "action"
        ),
        Transform(("cd_device_identifier",), ("end_devices",), "cd_device_v5", "the device"),
        Transform(("cd_reason_code",), ("reason",), "cd_reason_v5", "why"),
        Transform(("time_stamp",), (), "cd_event_time_v5", "when the event was made"),
        Transform(("service_point_id",), ("usage_points",), "service_point_v5", "where"),
        Gap(Side.MSP, "customer_id", _NO_CUSTOMER),
        Gap(Side.MSP, "account_id", _NO_CUSTOMER),
        Gap(Side.MSP, "amount_due", _NO_CUSTOMER),
        Gap(Side.MSP, "billing_terms", _NO_CUSTOMER),
        Gap(Side.MSP, "service_location_id", "EndDeviceControl names no service location"),
        Gap(Side.MSP, "grid_location", "EndDeviceControl has no location"),
        Gap(Side.MSP, "event_description", "EndDeviceControl has no description"),
        Gap(Side.MSP, "event_reason", "the reason goes as CDReasonCode"),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", _VENDOR),
        _carried("EndDeviceControl", "dr_program_level", "drProgramLevel", "integer"),
        _carried("EndDeviceControl", "dr_program_mandatory", "drProgramMandatory", "boolean"),
        _carried("EndDeviceControl", "issuer_id", "issuerID"),
        _carried("EndDeviceControl", "issuer_tracking_id", "issuerTrackingID"),
        _carried("EndDeviceControl", "price_signal", "priceSignal", "decimal"),
        Gap(Side.CIM, "pan_demand_response", _PAN),
        Gap(Side.CIM, "pan_display", _PAN),
        Gap(Side.CIM, "pan_pricing", _PAN),
        Gap(Side.CIM, "end_device_groups", "connectDisconnectEvent names one device, not groups"),
        Gap(Side.CIM, "primary_device_timing", "InitiateConnectDisconnect acts at once"),
        Gap(Side.CIM, "secondary_device_timing", "InitiateConnectDisconnect acts at once"),
        Gap(Side.CIM, "usage_point_groups", "connectDisconnectEvent names no group"),
    ),
)

CD_STATE_CHANGE = Table(
    name=PROFILE,
    clause="9",
    msp_class=CDStateChange,
    cim_class=events.EndDeviceEvent,
    msp_objects=("NOT_Server: CDStatesChangedNotification", "CDStateChange"),
    rules=(
        Correlate("referable_id", "mrid"),
        Correlate("time_stamp", "created_date_time"),
        Correlate("event_reason", "reason"),
        Transform(("cd_device_identifier",), ("assets",), "cd_asset_v5", "the device"),
        Transform(
            ("state_change", "end_device_event_type", "error_objects"),
            ("end_device_event_type", "created_date_time"),
            "cd_outcome_v5",
            "the outcome, by the declared table STATE_CHANGE_EVENTS",
        ),
        Gap(Side.MSP, "event_description", "EndDeviceEvent has no description"),
        Gap(Side.MSP, "extensions_list", _VENDOR),
        _carried("EndDeviceEvent", "issuer_id", "issuerID"),
        _carried("EndDeviceEvent", "issuer_tracking_id", "issuerTrackingID"),
        _carried("EndDeviceEvent", "severity", "severity"),
        _carried("EndDeviceEvent", "user_id", "userID"),
        Gap(Side.CIM, "end_device_event_details", "CDStateChange has no event details"),
        Gap(Side.CIM, "names", "CDStateChange has no names of the event"),
        Gap(Side.CIM, "status", "CDStateChange has no status of the event"),
        Gap(Side.CIM, "usage_point", "CDStateChange names the device only"),
    ),
)


def events_to_cim(
    cd_events: Iterable[ConnectDisconnectEvent],
    report: GapReport | None = None,
    path: str = "",
    *,
    time_stamp: datetime | None = None,
) -> EndDeviceControls:
    """The connectDisconnectEvents as one EndDeviceControls document (one control each)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    shared.state["time_stamp"] = time_stamp
    return EndDeviceControls(
        [
            translate(
                CONNECT_DISCONNECT_EVENT,
                event,
                Direction.TO_CIM,
                shared,
                f"{path}/ArrayOfConnectDisconnectEvent/connectDisconnectEvent[{index}]",
            )
            for index, event in enumerate(cd_events, start=1)
        ]
    )


def controls_to_msp(
    document: EndDeviceControls,
    report: GapReport | None = None,
    path: str = "/EndDeviceControls",
    *,
    time_stamp: datetime,
) -> list[ConnectDisconnectEvent]:
    """An EndDeviceControls document as connectDisconnectEvents, one per end device."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    shared.state["time_stamp"] = time_stamp
    result = []
    for index, control in enumerate(document.end_device_controls, start=1):
        where = f"{path}/EndDeviceControl[{index}]"
        for number, device in enumerate(control.end_devices or [None], start=1):
            one = replace(control, end_devices=[device] if device is not None else [])
            shown = where if number == 1 else f"{where}/EndDevices[{number}]"
            result.append(translate(CONNECT_DISCONNECT_EVENT, one, Direction.TO_MSP, shared, shown))
    return result


def state_changes_to_cim(
    changes: Iterable[CDStateChange], report: GapReport | None = None, path: str = ""
) -> events.EndDeviceEvents:
    """CDStateChanges as an EndDeviceEvents document (event types referenced by code)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    translated: list[events.EndDeviceEvent] = [
        translate(
            CD_STATE_CHANGE,
            change,
            Direction.TO_CIM,
            shared,
            f"{path}/ArrayOfCDStateChange/CDStateChange[{index}]",
        )
        for index, change in enumerate(changes, start=1)
    ]
    codes = dict.fromkeys(event.event_type or "" for event in translated)
    return events.EndDeviceEvents(
        end_device_events=translated,
        end_device_event_types=[event_type_declaration(code) for code in codes],
    )


def event_type_declaration(code: str) -> events.EndDeviceEventType:
    """The EndDeviceEventType declaration of ``code``: its four literals and its name."""
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


def resolved(document: events.EndDeviceEvents, event: events.EndDeviceEvent, where: str) -> str:
    """The code ``event`` refers to: the ref itself, or the code of the type declared under it."""
    declared = document.declared_type(event.event_type or "")
    try:
        if declared is not None and declared.type and declared.domain:
            parts = (declared.type, declared.domain, declared.sub_domain, declared.event_or_action)
            if all(parts):
                return EndDeviceEventTypeCode.from_literals(*(part or "" for part in parts)).text
        return EndDeviceEventTypeCode.parse(event.event_type or "").text
    except MappingError as exc:
        raise MappingError(exc.reason, xpath=f"{where}/EndDeviceEventType/@ref") from None


def state_changes_to_msp(
    document: events.EndDeviceEvents,
    report: GapReport | None = None,
    path: str = "/EndDeviceEvents",
) -> list[CDStateChange]:
    """The EndDeviceEvents of a document as CDStateChanges (failures carry errorObjects)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    changes = []
    for index, event in enumerate(document.end_device_events, start=1):
        where = f"{path}/EndDeviceEvent[{index}]"
        code = events.EndDeviceEventTypeRef(ref=resolved(document, event, where))
        one = replace(event, end_device_event_type=code)
        changes.append(translate(CD_STATE_CHANGE, one, Direction.TO_MSP, shared, where))
    return changes
