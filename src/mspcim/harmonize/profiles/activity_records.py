"""Profile ActivityRecords, IEC TS 61968-14 8.21: MultiSpeak ``meterHistoryEvent`` ⇄ ActivityRecord.

A meter's history event is an activity record of the meter (an Asset): ``eventTime`` ⇄
``createdDateTime``, the first ``actionTaken`` ⇄ ``type``, the first ``informationItem`` ⇄
``reason``, the first ``meterStatus`` ⇄ ``status/value``, ``comments`` ⇄ ``description``, the
``meterID`` ⇄ the Asset (as profile 8.17 names a meter: text and attributes ⇄ Names by NameType,
``@objectID`` ⇄ mRID). Further actions and information items, and the links MultiSpeak records
with the event (customer, account, service location, service, meter base) and its place, travel
as the record's Names (NameType = the MultiSpeak element); ``severity`` and the status details
travel in ``extensionsList``. A CIM ``type`` that is no MultiSpeak ``actionTaken`` becomes
``Other``, the type itself carried in ``extensionsList``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.activity_records import ActivityRecord, ActivityRecords, Asset
from mspcim.cim.identified_object import Status
from mspcim.harmonize.carried_parts import carried_object
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import (
    VENDOR_EXTENSION,
    carried_msp,
    meter_id_names,
    names_carrier,
    typed_name,
)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part, take
from mspcim.harmonize.profiles.meter_read_schedule import meter_id_of
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.meter import GpsPoint, ServiceID
from mspcim.multispeak.v41.meter_history import ActionTaken, MeterHistoryEvent
from mspcim.multispeak.v41.msp_binding import MspExtensionsItem
from mspcim.multispeak.v41.point_object import GPSLocation, TimeZone

__all__ = ["ACTIVITY_RECORD", "ACTIVITY_STATUS", "to_cim", "to_msp"]

PROFILE: Final = "ActivityRecords"
CLAUSE: Final = "8.21"
NAMES: Final = "ActivityRecordNames"
ACTION_NAME_TYPE: Final = "actionTaken"
"""NameType of the record names that carry the actions after the first."""
INFORMATION_NAME_TYPE: Final = "informationItem"
"""NameType of the record names that carry the information items after the first."""
TYPE_EXTENSION: Final = "CIM.ActivityRecord.type"
"""extensionsItem carrying a CIM type that is no MultiSpeak actionTaken (sent as Other)."""

names_carrier(NAMES, "activity_record_names", "ActivityRecord")

_ACTIONS: Final = {action.value: action for action in ActionTaken}


def _actions_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    actions: list[ActionTaken] = list(values["actions_taken"] or [])
    carried = next(
        (item for item in values["extensions_list"] or [] if item.ext_name == TYPE_EXTENSION),
        None,
    )
    kind = None
    if carried is not None and carried.ext_value:
        take(ctx, carried)
        kind = carried.ext_value
        actions = actions[1:]
    elif actions:
        kind = actions.pop(0).value
    names = [typed_name(action.value, ACTION_NAME_TYPE) for action in actions]
    return {"type": kind, "activity_record_names": names}


def _actions_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    kind: str | None = values["type"]
    actions: list[ActionTaken] = []
    extensions: list[MspExtensionsItem] = []
    if kind is not None:
        if kind in _ACTIONS:
            actions.append(_ACTIONS[kind])
        else:
            actions.append(ActionTaken.OTHER)
            extensions.append(
                MspExtensionsItem(ext_name=TYPE_EXTENSION, ext_value=kind, ext_type="string")
            )
            reason = f"no actionTaken: Other, the type carried in {TYPE_EXTENSION}"
            ctx.gap("type", kind, reason, lost=False)
    for name in values["activity_record_names"] or []:
        if name.type_name != ACTION_NAME_TYPE:
            continue
        take(ctx, name)
        if name.name in _ACTIONS:
            actions.append(_ACTIONS[name.name])
        else:
            ctx.gap("activity_record_names", name.name, "not a MultiSpeak actionTaken")
    return {"actions_taken": actions, "extensions_list": extensions}


field_codec(
    "meter_history_actions",
    _actions_to_cim,
    _actions_to_msp,
    "the first actionTaken ⇄ type, the others ⇄ Names (NameType actionTaken); a type that is "
    f"no actionTaken ⇄ Other and extensionsItem {TYPE_EXTENSION}",
)


def _information_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    items: list[str] = values["information_list"] or []
    if not items:
        return {}
    names = [typed_name(item, INFORMATION_NAME_TYPE) for item in items[1:]]
    return {"reason": items[0], "activity_record_names": names}


def _information_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    items = [values["reason"]] if values["reason"] is not None else []
    for name in values["activity_record_names"] or []:
        if name.type_name == INFORMATION_NAME_TYPE:
            take(ctx, name)
            items.append(name.name)
    return {"information_list": items}


field_codec(
    "meter_history_information",
    _information_to_cim,
    _information_to_msp,
    "the first informationItem ⇄ reason, the others ⇄ Names (NameType informationItem)",
)


def _meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter = values["meter_id"]
    if meter is None:
        return {}
    return {"assets": [Asset(mrid=meter.object_id, asset_names=meter_id_names(meter))]}


def _meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    assets: list[Asset] = values["assets"] or []
    if not assets:
        return {}
    for extra in assets[1:]:
        shown = extra.mrid or ", ".join(name.name for name in extra.asset_names)
        ctx.gap("assets", shown, "a meterHistoryEvent concerns one meter")
    first = assets[0]
    return {"meter_id": meter_id_of(first.mrid, first.asset_names, ctx, "assets")}


field_codec(
    "meter_history_meter",
    _meter_to_cim,
    _meter_to_msp,
    "meterID text and attributes ⇄ Assets/Names (by NameType); @objectID ⇄ Assets/mRID",
)

ACTIVITY_STATUS = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=MeterHistoryEvent,
    cim_class=Status,
    msp_objects=("meterHistoryEvent/meterStatusList",),
    rules=(
        Transform(("meter_status_list",), ("value",), "meter_status_list", "the status"),
        carried_cim("date_time", "Status.dateTime", "datetime"),
        carried_cim("reason", "Status.reason"),
        carried_cim("remark", "Status.remark"),
    ),
)
"""meterStatusList ⇄ the record's status (the first meterStatus; further ones reported)."""

_RECORD: Final = "ActivityRecord"

ACTIVITY_RECORD = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=MeterHistoryEvent,
    cim_class=ActivityRecord,
    msp_objects=(
        "CB/MDM_Server: GetMeterHistoryByMeterID (and its response)",
        "meterHistoryEvent (mspAssetHistoryEvent, mspPointObject); no 4.1 notification carries it",
    ),
    rules=(
        Correlate("object_id", "mrid"),
        Correlate("event_time", "created_date_time"),
        Correlate("comments", "description"),
        Transform(
            ("actions_taken", "extensions_list"),
            ("type", "activity_record_names"),
            "meter_history_actions",
            "what was done",
        ),
        Transform(
            ("information_list",),
            ("reason", "activity_record_names"),
            "meter_history_information",
            "why, in words",
        ),
        part(
            ACTIVITY_STATUS,
            cim="status",
            within=(MeterHistoryEvent, ActivityRecord),
            note="meterStatusList ⇄ status",
        ),
        Transform(("meter_id",), ("assets",), "meter_history_meter", "the meter"),
        carried_cim("severity", "ActivityRecord.severity"),
        *(
            carried_msp(field, element, NAMES, codec)
            for field, element, codec in (
                ("object_name", "objectName", "text"),
                ("utility", "@utility", "text"),
                ("customer_id", "customerID", "text"),
                ("account_id", "accountID", "text"),
                ("service_location_id", "serviceLocationID", "text"),
                ("meter_base_id", "meterBaseID", "text"),
                ("grid_location", "gridLocation", "text"),
                ("rotation", "rotation", "decimal"),
                ("facility_id", "facilityID", "text"),
            )
        ),
        carried_object("service_id", "serviceID", ServiceID, "activity_record_names", _RECORD),
        carried_object("gps_point", "gpsPoint", GpsPoint, "activity_record_names", _RECORD),
        carried_object(
            "gps_location", "GPSLocation", GPSLocation, "activity_record_names", _RECORD
        ),
        carried_object("time_zone", "timeZone", TimeZone, "activity_record_names", _RECORD),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "activity_record_names", "name of a type MultiSpeak has no element for"),
    ),
)


def to_cim(
    events: Iterable[MeterHistoryEvent], report: GapReport | None = None, path: str = ""
) -> ActivityRecords:
    """MultiSpeak meterHistoryEvents as one CIM ActivityRecords document."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return ActivityRecords(
        activity_records=[
            translate(
                ACTIVITY_RECORD, event, Direction.TO_CIM, shared, f"{path}/meterHistoryEvent[{i}]"
            )
            for i, event in enumerate(events, start=1)
        ]
    )


def to_msp(
    document: ActivityRecords, report: GapReport | None = None, path: str = "/ActivityRecords"
) -> list[MeterHistoryEvent]:
    """A CIM ActivityRecords document as MultiSpeak meterHistoryEvents."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(ACTIVITY_RECORD, record, Direction.TO_MSP, shared, f"{path}/ActivityRecord[{i}]")
        for i, record in enumerate(document.activity_records, start=1)
    ]
