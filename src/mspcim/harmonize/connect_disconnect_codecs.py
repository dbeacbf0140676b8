"""The codes and codecs of profile 8.12: switch actions, their outcomes, the meter, the place.

Two declared code tables carry the meaning: ``LOAD_ACTION_CONTROLS`` (``loadActionCode`` ⇄
EndDeviceControlType code of an electric meter's RCD switch) and ``STATE_CHANGE_EVENTS`` (the
EndDeviceEventType code reporting an outcome ⇄ the ``stateChange`` of a ``CDStateChange``; a
failure event is the attempted state word plus ``errorString``). The codecs only look them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from mspcim.cim import end_device_events as events
from mspcim.cim.end_device_controls import (
    EndDevice,
    Name,
    NameTypeAuthority,
    Ref,
    UsagePoint,
    UsagePointName,
    UsagePointNameType,
)
from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.exceptions import MappingError
from mspcim.harmonize.carriers import NAME_TYPE_AUTHORITY
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import meter_id_names
from mspcim.harmonize.profiles.meter_readings import METER_ID_NAME_TYPES
from mspcim.multispeak.v41.connect_disconnect import (
    SERVICE_TYPES,
    CDReasonCode,
    LoadActionCode,
    MeterEvent,
)
from mspcim.multispeak.v41.meter_reading import ExtensionsItem, MeterID

__all__ = [
    "CIM_EXTENSION",
    "LOAD_ACTION_CONTROLS",
    "NOT_AN_ACTION",
    "SERVICE_LOCATION_NAME_TYPE",
    "STATE_CHANGE_EVENTS",
    "StateChangeEvent",
    "action_for_control",
    "control_for_action",
    "event_for_state_change",
    "meter_event_for",
    "state_change_for_event",
]

CIM_EXTENSION: Final = "CIM."
"""Prefix of the extensionsItem names that carry CIM values."""
SERVICE_LOCATION_NAME_TYPE: Final = "serviceLocationID"
"""NameType of the UsagePoint name that carries MultiSpeak's serviceLocationID."""

LOAD_ACTION_CONTROLS: Final[dict[LoadActionCode, str]] = {
    LoadActionCode.DISCONNECT: "3.31.0.23",
    LoadActionCode.CONNECT: "3.31.0.18",
    LoadActionCode.ARM: "3.31.0.5",
    LoadActionCode.ENABLE: "3.31.0.26",
    LoadActionCode.DISABLE: "3.31.0.22",
    LoadActionCode.OPEN: "3.31.0.298",
    LoadActionCode.CLOSE: "3.31.0.299",
}
"""``loadActionCode`` ⇄ EndDeviceControlType code (``Arm``: arm for closure at the meter)."""

NOT_AN_ACTION: Final[dict[LoadActionCode, str]] = {
    LoadActionCode.INITIATE_POWER_LIMITATION: "the code system has no power-limitation control",
    LoadActionCode.CANCEL_POWER_LIMITATION: "the code system has no power-limitation control",
    LoadActionCode.OPENED: "Opened is a switch state, not an action",
    LoadActionCode.CLOSED: "Closed is a switch state, not an action",
    LoadActionCode.ARMED: "Armed is a switch state, not an action",
    LoadActionCode.ENABLED: "Enabled is a switch state, not an action",
    LoadActionCode.DISABLED: "Disabled is a switch state, not an action",
    LoadActionCode.UNKNOWN: "Unknown asks for no action",
}
"""``loadActionCode`` values with no EndDeviceControlType, and why."""


@dataclass(frozen=True, slots=True)
class StateChangeEvent:
    """An EndDeviceEvent reporting a switch outcome and the ``stateChange`` that says the same."""

    event: str
    state_change: LoadActionCode
    failed: bool = False
    """A failure event: the ``CDStateChange`` names the attempted state and has ``errorString``."""


STATE_CHANGE_EVENTS: Final[tuple[StateChangeEvent, ...]] = (
    StateChangeEvent("3.31.0.68", LoadActionCode.DISCONNECT),
    StateChangeEvent("3.31.0.42", LoadActionCode.CONNECT),
    StateChangeEvent("3.31.0.39", LoadActionCode.OPENED),
    StateChangeEvent("3.31.0.16", LoadActionCode.CLOSED),
    StateChangeEvent("3.31.0.11", LoadActionCode.ARMED),
    StateChangeEvent("3.31.0.12", LoadActionCode.ARMED),
    StateChangeEvent("3.31.0.76", LoadActionCode.ENABLED),
    StateChangeEvent("3.31.0.66", LoadActionCode.DISABLED),
    StateChangeEvent("3.31.0.84", LoadActionCode.DISCONNECT, failed=True),
    StateChangeEvent("3.31.0.67", LoadActionCode.CONNECT, failed=True),
    StateChangeEvent("3.31.0.226", LoadActionCode.ARMED, failed=True),
    StateChangeEvent("3.31.0.222", LoadActionCode.ARMED, failed=True),
    StateChangeEvent("3.31.0.221", LoadActionCode.ENABLED, failed=True),
    StateChangeEvent("3.31.0.220", LoadActionCode.DISABLED, failed=True),
)
"""Outcome EndDeviceEventType codes (electric meter, RCD switch) ⇄ ``CDStateChange``.

``Armed`` is armed for closure or for open; read back, it means the first (closure). The exact
code always travels as ``meterEvent`` too, which wins when present.
"""

_ACTIONS: Final = {code: action for action, code in LOAD_ACTION_CONTROLS.items()}
_BY_EVENT: Final = {row.event: row for row in STATE_CHANGE_EVENTS}
_BY_STATE: Final[dict[tuple[LoadActionCode, bool], str]] = {}
for _row in STATE_CHANGE_EVENTS:
    _BY_STATE.setdefault((_row.state_change, _row.failed), _row.event)


def control_for_action(action: LoadActionCode) -> str:
    """The EndDeviceControlType code of ``action``; MappingError says why there is none."""
    code = LOAD_ACTION_CONTROLS.get(action)
    if code is None:
        reason = NOT_AN_ACTION.get(action, "no EndDeviceControlType is declared for it")
        raise MappingError(f"loadActionCode {action.value} cannot be sent as a control: {reason}")
    return code


def action_for_control(code: str) -> LoadActionCode:
    """The ``loadActionCode`` of an EndDeviceControlType code (MappingError when none)."""
    action = _ACTIONS.get(code)
    if action is None:
        known = ", ".join(f"{value} ({key.value})" for key, value in LOAD_ACTION_CONTROLS.items())
        raise MappingError(f"EndDeviceControlType {code} has no loadActionCode (known: {known})")
    return action


def state_change_for_event(code: str) -> StateChangeEvent | None:
    """The ``stateChange`` an outcome event code means (None: not a switch outcome)."""
    return _BY_EVENT.get(code)


def event_for_state_change(state: LoadActionCode, *, failed: bool) -> str | None:
    """The outcome event code of a ``stateChange`` (failed or not); None when there is none."""
    return _BY_STATE.get((state, failed))


def meter_event_for(code: str) -> MeterEvent:
    """``meterEvent`` for an EndDeviceEventType code: the code, its four parts, its name."""
    parsed = EndDeviceEventTypeCode.parse(code)
    return MeterEvent(
        code=parsed.text,
        domain=str(int(parsed.domain)),
        domain_part=str(int(parsed.sub_domain)),
        type=str(int(parsed.type)),
        index=str(int(parsed.event_or_action)),
        code_string=parsed.describe(),
    )


def _code_of(event: MeterEvent) -> str:
    """The EndDeviceEventType code a ``meterEvent`` gives, by its text or its four parts."""
    try:
        return EndDeviceEventTypeCode.parse(event.code).text
    except MappingError:
        parts = (event.type, event.domain, event.domain_part, event.index)
        if None in parts:
            raise MappingError(
                f"meterEvent {event.code!r} is not an EndDeviceEventType code"
            ) from None
        return EndDeviceEventTypeCode.parse(".".join(part or "" for part in parts)).text


# --- the action


def _load_action_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    action: LoadActionCode | None = values["load_action_code"]
    if action is None:
        raise MappingError("connectDisconnectEvent has no loadActionCode")
    return {"end_device_control_type": Ref(control_for_action(action))}


def _load_action_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    control_type: Ref = values["end_device_control_type"]
    return {"load_action_code": action_for_control(control_type.ref or "")}


field_codec(
    "load_action_code",
    _load_action_to_cim,
    _load_action_to_msp,
    "loadActionCode ⇄ EndDeviceControlType code by the table LOAD_ACTION_CONTROLS",
)


# --- the outcome

_EVENT_REASON: Final = f"{CIM_EXTENSION}EndDeviceEvent.reason"


def _outcome_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    state: LoadActionCode | None = values["state_change"]
    meter_event: MeterEvent | None = values["meter_event"]
    error: str | None = values["error_string"]
    if meter_event is not None:
        code = _code_of(meter_event)
    elif state is not None and (found := event_for_state_change(state, failed=bool(error))):
        code = found
    else:
        shown = state.value if state is not None else "no stateChange"
        raise MappingError(f"CDStateChange ({shown}) names no EndDeviceEventType")
    result: dict[str, Any] = {"end_device_event_type": events.EndDeviceEventTypeRef(ref=code)}
    items: list[ExtensionsItem] = values["extensions_list"] or []
    carried = next((item for item in items if item.ext_name == _EVENT_REASON), None)
    if carried is not None:
        ctx.consume(carried)
        result["reason"] = carried.ext_value or ""
    elif error and error != EndDeviceEventTypeCode.parse(code).describe():
        result["reason"] = error
    return result


def _outcome_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    ref: events.EndDeviceEventTypeRef = values["end_device_event_type"]
    code = EndDeviceEventTypeCode.parse(ref.ref or "")
    reason: str | None = values["reason"]
    row = state_change_for_event(code.text)
    result: dict[str, Any] = {"meter_event": meter_event_for(code.text)}
    if row is None:
        result["state_change"] = LoadActionCode.UNKNOWN
        ctx.gap("end_device_event_type", code.text, "not a switch outcome: stateChange Unknown")
    else:
        result["state_change"] = row.state_change
    if row is not None and row.failed:
        result["error_string"] = reason or code.describe()  # no reason: the event's name
    elif reason is not None:
        result["extensions_list"] = [ExtensionsItem(_EVENT_REASON, reason, "string")]
        ctx.gap("reason", reason, f"no CDStateChange element: in {_EVENT_REASON}", lost=False)
    return result


field_codec(
    "state_change_outcome",
    _outcome_to_cim,
    _outcome_to_msp,
    "stateChange (+ errorString) ⇄ EndDeviceEventType by the table STATE_CHANGE_EVENTS; "
    "meterEvent ⇄ the code itself",
)


def _time_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    when: datetime | None = values["timestamp"]
    if when is not None:
        return {"created_date_time": when}
    fallback: datetime | None = ctx.state.get("time_stamp")
    if fallback is None:
        raise MappingError("CDStateChange has no timestamp; EndDeviceEvent needs createdDateTime")
    ctx.gap("timestamp", "(none)", "createdDateTime is the message's TimeStamp", lost=False)
    return {"created_date_time": fallback}


field_codec(
    "state_change_time",
    _time_to_cim,
    lambda values, ctx: {"timestamp": values["created_date_time"]},
    "timestamp ⇄ createdDateTime (the message TimeStamp when the object has none)",
)


# --- the meter


def _meter_from(
    mrid: str | None, names: list[Name], ctx: TranslationContext, field: str
) -> MeterID:
    found: dict[str, str] = {}
    for name in names:
        attribute = next(
            (key for key, value in METER_ID_NAME_TYPES.items() if value == name.type_name), None
        )
        if attribute == "service_type" and name.name not in SERVICE_TYPES:
            ctx.gap(field, name.name, "not a MultiSpeak serviceType")
        elif attribute is not None and attribute not in found:
            found[attribute] = name.name
        elif name.type_name is None and "value" not in found:
            found["value"] = name.name
        else:
            ctx.gap(field, name.name, f"meterID has no attribute for {name.type_name}")
    if "value" not in found:
        if not mrid:
            raise MappingError("the device has neither a meterID name nor an mRID")
        found["value"] = mrid
    return MeterID(object_id=mrid, **found)


def _control_meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter_id: MeterID | None = values["meter_id"]
    service_type: str | None = values["service_type"]
    if meter_id is None:
        if service_type is not None:
            ctx.gap("service_type", service_type, "no meterID to attach the service type to")
        return {}
    names = meter_id_names(meter_id)
    if service_type is not None:
        if meter_id.service_type is None:
            name_type = METER_ID_NAME_TYPES["service_type"]
            names.append(Name.typed(service_type, name_type, NAME_TYPE_AUTHORITY))
            reason = "the service type comes back as meterID/@serviceType"
        elif meter_id.service_type != service_type:
            ctx.gap("service_type", service_type, "differs from meterID/@serviceType")
            reason = ""
        else:
            reason = "repeats meterID/@serviceType"
        if reason:
            ctx.gap("service_type", service_type, reason, lost=False)
    return {"end_devices": [EndDevice(mrid=meter_id.object_id, names=names)]}


def _control_meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    devices: list[EndDevice] = values["end_devices"] or []
    if not devices:
        return {}
    device, *others = devices
    for other in others:
        shown = other.name_of("meterID") or other.mrid or "?"
        ctx.gap("end_devices", shown, "a connectDisconnectEvent switches one meter")
    return {"meter_id": _meter_from(device.mrid, device.names, ctx, "end_devices")}


field_codec(
    "connect_disconnect_meter",
    _control_meter_to_cim,
    _control_meter_to_msp,
    "meterID text, @meterNo, @serviceType, @utility ⇄ EndDevices/Names (by NameType); "
    "meterID/@objectID ⇄ EndDevices/mRID; serviceType fills @serviceType",
)


def _event_meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter_id: MeterID | None = values["meter_id"]
    if meter_id is None:
        return {}
    names = meter_id_names(meter_id)
    return {"assets": events.Asset(mrid=meter_id.object_id, names=names)}


def _event_meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    asset: events.Asset | None = values["assets"]
    if asset is None:
        return {}
    return {"meter_id": _meter_from(asset.mrid, asset.names, ctx, "assets")}


field_codec(
    "state_change_meter",
    _event_meter_to_cim,
    _event_meter_to_msp,
    "meterID text and attributes ⇄ Assets/Names (by NameType); @objectID ⇄ Assets/mRID",
)


# --- where, and why


def _location_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    location: str | None = values["service_location_id"]
    if location is None:
        return {}
    name_type = UsagePointNameType(
        name=SERVICE_LOCATION_NAME_TYPE,
        name_type_authority=NameTypeAuthority(name=NAME_TYPE_AUTHORITY),
    )
    name = UsagePointName(name=location, name_type=name_type)
    return {"usage_points": [UsagePoint(names=[name])]}


def _location_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    points: list[UsagePoint] = values["usage_points"] or []
    if not points:
        return {}
    point, *others = points
    for other in others:
        ctx.gap("usage_points", other.mrid or "?", "a connectDisconnectEvent has one location")
    location = next(
        (name.name for name in point.names if name.type_name == SERVICE_LOCATION_NAME_TYPE), None
    )
    for name in point.names:
        if name.name != location:
            ctx.gap("usage_points", name.name, "serviceLocationID holds one name")
    if location is None:
        location = point.mrid
    elif point.mrid:
        ctx.gap("usage_points", point.mrid, "serviceLocationID holds the name, not the mRID")
    return {"service_location_id": location} if location else {}


field_codec(
    "service_location_usage_point",
    _location_to_cim,
    _location_to_msp,
    f"serviceLocationID ⇄ UsagePoints/Names[NameType={SERVICE_LOCATION_NAME_TYPE}]",
)

_CONTROL_REASON: Final = f"{CIM_EXTENSION}EndDeviceControl.reason"


def _reason_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    items: list[ExtensionsItem] = values["extensions_list"] or []
    carried = next((item for item in items if item.ext_name == _CONTROL_REASON), None)
    if carried is not None:
        ctx.consume(carried)
        return {"reason": carried.ext_value or ""}
    code: CDReasonCode | None = values["cd_reason_code"]
    return {"reason": code.value} if code is not None else {}


def _reason_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    reason: str | None = values["reason"]
    if reason is None:
        return {}
    if reason in {code.value for code in CDReasonCode}:
        return {"cd_reason_code": CDReasonCode(reason)}
    ctx.gap("reason", reason, f"not a CDReasonCode: Other, text in {_CONTROL_REASON}", lost=False)
    return {
        "cd_reason_code": CDReasonCode.OTHER,
        "extensions_list": [ExtensionsItem(_CONTROL_REASON, reason, "string")],
    }


field_codec(
    "cd_reason_code",
    _reason_to_cim,
    _reason_to_msp,
    "CDReasonCode ⇄ EndDeviceControl.reason (other texts: Other, text in extensionsList)",
)
