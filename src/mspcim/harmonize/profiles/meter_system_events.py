"""Profile 8.23 MeterSystemEvents: MultiSpeak 4.1 ``historyLog`` ⇄ CIM ``EndDeviceEvent``s.

A historyLog is one meter and its events; the CIM document is a flat list of EndDeviceEvents,
each naming its asset. Two tables: ``HISTORY_LOG`` (the log: meter ⇄ Assets, its own ids ⇄
Names, its events one by one) and ``HISTORY_EVENT`` (event ⇄ EndDeviceEvent: time, code, user,
argument, sequence number). Going back, events are grouped into one historyLog per asset and log id.
The ``meterEvent`` code parts (``type``, ``domain``, ``domainPart``, ``index``) are the
EndDeviceEventType code of IEC 61968-9 Annex E.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.cim.identified_object import Name, first_name
from mspcim.cim.meter_system_events import (
    Asset,
    EndDeviceEvent,
    EndDeviceEventDetail,
    EndDeviceEventTypeRef,
    MeterSystemEvents,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize.carriers import NAME_TYPE_AUTHORITY
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles.meter_read_schedule import meter_id_of, names_of_meter
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.history_log import Event, HistoryLog, MeterEvent

__all__ = ["EVENT_DETAILS", "HISTORY_EVENT", "HISTORY_LOG", "LOG_NAME_TYPES", "to_cim", "to_msp"]

PROFILE: Final = "MeterSystemEvents"

EVENT_DETAILS: Final = {
    "argument": "argument",
    "sequence_number": "sequenceNumber",
}
"""event fields ⇄ the name of the EndDeviceEventDetail that carries each."""

METER_EVENT_NAMES: Final = {"value": "meterEvent", "code_string": "meterEvent.codeString"}
"""meterEvent text and codeString ⇄ the NameType of the EndDeviceEvent name carrying each."""

VALUE_DETAIL: Final = "meterEvent.value"
"""The EndDeviceEventDetail carrying ``meterEvent/@value``."""

LOG_NAME_TYPES: Final = {"object_id": "historyLog.objectID", "object_name": "historyLog.objectName"}
"""historyLog identifiers ⇄ the NameType of the EndDeviceEvent name repeating each on its events."""


def _code_of(meter_event: MeterEvent | None, ctx: TranslationContext) -> str:
    if meter_event is None:
        raise MappingError("an event without meterEvent has no EndDeviceEventType")
    parts = (meter_event.type, meter_event.domain, meter_event.domain_part, meter_event.index)
    if all(part is not None for part in parts):
        return EndDeviceEventTypeCode.from_literals(*parts).text  # type: ignore[arg-type]
    try:
        return EndDeviceEventTypeCode.parse(meter_event.value).text
    except MappingError:
        if not meter_event.value:
            raise MappingError(
                "meterEvent has neither code attributes nor a code as text"
            ) from None
        ctx.gap("meter_event", meter_event.value, "no Annex E code: the name stands in", lost=False)
        return meter_event.value


def _event_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter_event: MeterEvent | None = values["meter_event"]
    code = _code_of(meter_event, ctx)
    names = []
    details = []
    if meter_event is not None:
        for attribute, name_type in METER_EVENT_NAMES.items():
            text = getattr(meter_event, attribute)
            if text and text != code:
                names.append(Name.typed(text, name_type, NAME_TYPE_AUTHORITY))
        if meter_event.event_value is not None:
            details.append(EndDeviceEventDetail(name=VALUE_DETAIL, value=meter_event.event_value))
    for attribute, detail in EVENT_DETAILS.items():
        if values[attribute] is not None:
            details.append(EndDeviceEventDetail(name=detail, value=str(values[attribute])))
    return {
        "end_device_event_type": EndDeviceEventTypeRef(ref=code),
        "names": names,
        "end_device_event_details": details,
    }


def _meter_event_of(ref: str, names: list[Name], value: str | None) -> MeterEvent:
    text = first_name(names, METER_EVENT_NAMES["value"])
    code_string = first_name(names, METER_EVENT_NAMES["code_string"])
    event = MeterEvent(
        value=text.name if text else ref,
        code_string=code_string.name if code_string else None,
        event_value=value,
    )
    try:
        code = EndDeviceEventTypeCode.parse(ref)
    except MappingError:
        return event
    event.type, event.domain, event.domain_part, event.index = code.text.split(".")
    return event


def _event_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["names"]
    details: list[EndDeviceEventDetail] = values["end_device_event_details"]
    known = {*METER_EVENT_NAMES.values(), *LOG_NAME_TYPES.values()}
    for name in names:
        if name.type_name not in known:
            ctx.gap("names", f"{name.type_name}={name.name}", "event has no place for this name")
    found: dict[str, str | None] = {}
    for detail in details:
        if detail.name in (VALUE_DETAIL, *EVENT_DETAILS.values()) and detail.name not in found:
            found[detail.name] = detail.value
        else:
            ctx.gap("end_device_event_details", f"{detail.name}={detail.value}", _NO_DETAIL)
    result: dict[str, Any] = {
        "meter_event": _meter_event_of(
            values["end_device_event_type"].ref, names, found.get(VALUE_DETAIL)
        ),
        "argument": found.get(EVENT_DETAILS["argument"]),
    }
    sequence = found.get(EVENT_DETAILS["sequence_number"])
    if sequence is not None:
        if not sequence.isdigit():
            raise MappingError(f"EndDeviceEventDetail sequenceNumber {sequence!r} is not a number")
        result["sequence_number"] = int(sequence)
    return result


_NO_DETAIL = "event has no element for this detail"

field_codec(
    "history_event",
    _event_to_cim,
    _event_to_msp,
    "meterEvent code attributes (type.domain.domainPart.index) ⇄ EndDeviceEventType code; its text "
    "and codeString ⇄ Names, @value, argument, @sequenceNumber ⇄ EndDeviceEventDetails",
)

_NO_ELEMENT = "the historyLog event has no element for it"

HISTORY_EVENT = Table(
    name=PROFILE,
    clause="8.23",
    msp_class=Event,
    cim_class=EndDeviceEvent,
    msp_objects=("historyLog/eventList/event",),
    rules=(
        Correlate("date_time", "created_date_time"),
        Correlate("user_id", "user_id"),
        Transform(
            ("meter_event", "argument", "sequence_number"),
            ("end_device_event_type", "names", "end_device_event_details"),
            "history_event",
            "the event's code, names and details",
        ),
        Gap(Side.CIM, "mrid", _NO_ELEMENT),
        Gap(Side.CIM, "issuer_id", _NO_ELEMENT),
        Gap(Side.CIM, "issuer_tracking_id", _NO_ELEMENT),
        Gap(Side.CIM, "reason", _NO_ELEMENT),
        Gap(Side.CIM, "severity", _NO_ELEMENT),
        Gap(Side.CIM, "status", _NO_ELEMENT),
    ),
)


def _log_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    log_names = [
        Name.typed(values[attribute], name_type, NAME_TYPE_AUTHORITY)
        for attribute, name_type in LOG_NAME_TYPES.items()
        if values[attribute]
    ]
    asset = None
    if values["meter_id"] is not None:
        mrid, meter_names = names_of_meter(values["meter_id"])
        asset = Asset(mrid=mrid, names=meter_names)
    events: list[Event] = values["event_list"]
    if not events:
        ctx.gap("event_list", values["meter_id"] or "", "a historyLog without events has no event")
    translated = []
    for index, event in enumerate(events, start=1):
        cim_event = ctx.nested(HISTORY_EVENT, event, f"{ctx.path}/eventList/event[{index}]")
        cim_event.assets = copy.deepcopy(asset)
        cim_event.names = [*copy.deepcopy(log_names), *cim_event.names]
        translated.append(cim_event)
    return {"end_device_events": translated}


def _log_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    events: list[EndDeviceEvent] = values["end_device_events"]
    if not events:
        return {}
    first = events[0]
    result: dict[str, Any] = {
        attribute: name.name
        for attribute, name_type in LOG_NAME_TYPES.items()
        if (name := first_name(first.names, name_type)) is not None
    }
    if first.assets is not None:
        result["meter_id"] = meter_id_of(first.assets.mrid, first.assets.names, ctx, "assets")
    numbers = ctx.state.get("numbers", {})
    result["event_list"] = [
        ctx.nested(HISTORY_EVENT, event, f"/{PROFILE}/EndDeviceEvent[{number}]")
        for index, event in enumerate(events, start=1)
        if (number := numbers.get(id(event), index))
    ]
    return result


field_codec(
    "history_log",
    _log_to_cim,
    _log_to_msp,
    "meterID ⇄ Assets (mRID, Names) of every event; @objectID, objectName ⇄ Names repeated on "
    "every event; each event ⇄ one EndDeviceEvent (table event)",
)

HISTORY_LOG = Table(
    name=PROFILE,
    clause="8.23",
    msp_class=HistoryLog,
    cim_class=MeterSystemEvents,
    msp_objects=(
        "CB_Server/MDM_Server/NOT_Server/OA_Server: HistoryLogChangedNotification",
        "MR_Server/MDM_Server: GetHistoryLogByMeterID, GetHistoryLogsByDate, "
        "GetHistoryLogsByMeterIDAndEventCode, GetHistoryLogsByDateAndEventCode",
        "historyLog (meterID, eventList/event, meterEvent)",
    ),
    rules=(
        Transform(
            ("meter_id", "object_id", "object_name", "event_list"),
            ("end_device_events",),
            "history_log",
            "a historyLog is the EndDeviceEvents of one meter",
        ),
        Gap(Side.MSP, "comments", "EndDeviceEvent has no comment for the log"),
        Gap(Side.MSP, "utility", "no CIM counterpart on EndDeviceEvent"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", "vendor extensionsItem with no CIM counterpart"),
    ),
)


def to_cim(
    logs: Iterable[HistoryLog], report: GapReport | None = None, path: str = ""
) -> MeterSystemEvents:
    """The MeterSystemEvents document of historyLogs: every event, naming its meter."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    events: list[EndDeviceEvent] = []
    for index, log in enumerate(logs, start=1):
        part = translate(HISTORY_LOG, log, Direction.TO_CIM, shared, f"{path}/historyLog[{index}]")
        events.extend(part.end_device_events)
    return MeterSystemEvents(end_device_events=events)


def _group_key(event: EndDeviceEvent) -> tuple[object, ...]:
    asset = event.assets
    asset_key = (asset.mrid, tuple((n.name, n.type_name) for n in asset.names)) if asset else None
    log_names = tuple(
        (name.name, name.type_name)
        for name in event.names
        if name.type_name in LOG_NAME_TYPES.values()
    )
    return asset_key, log_names


def to_msp(document: MeterSystemEvents, report: GapReport | None = None) -> list[HistoryLog]:
    """The historyLogs of a MeterSystemEvents document: one per meter and log id."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    groups: dict[tuple[object, ...], list[EndDeviceEvent]] = {}
    for event in document.end_device_events:
        groups.setdefault(_group_key(event), []).append(event)
    shared.state["numbers"] = {
        id(event): index for index, event in enumerate(document.end_device_events, start=1)
    }
    return [
        translate(
            HISTORY_LOG, MeterSystemEvents(end_device_events=members), Direction.TO_MSP, shared
        )
        for members in groups.values()
    ]
