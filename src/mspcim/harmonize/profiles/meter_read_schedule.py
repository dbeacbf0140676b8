"""Profile 8.18 MeterReadSchedule: MultiSpeak 4.1 ``readingSchedule`` ⇄ CIM ``MeterReadSchedule``.

One ``readingSchedule`` is one MeterReadSchedule document. Three tables: ``READING_SCHEDULE``
(the document: meters, groups, reading types, and what has no CIM element, carried as Header
Property), ``TIME_SCHEDULE`` (the schedule's timing ⇄ its TimeSchedule) and ``READING_TYPE``.
Meter identities follow profile 8.17: ``meterID`` text and attributes ⇄ Names by NameType,
``@objectID`` ⇄ mRID (the profile requires an EndDevice mRID: the meter number stands in).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

from mspcim.cim.identified_object import Name, first_name
from mspcim.cim.message import MessageProperty
from mspcim.cim.meter_read_schedule import (
    EndDevice,
    EndDeviceGroup,
    MeterReadSchedule,
    ReadingType,
    TimeSchedule,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize import carriers as _carriers  # noqa: F401  (registers the carriers)
from mspcim.harmonize.carriers import NAME_TYPE_AUTHORITY
from mspcim.harmonize.codecs import (
    TEXT_CODECS,
    TextCodec,
    TranslationContext,
    field_codec,
)
from mspcim.harmonize.end_device_codecs import meter_id_names
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles.meter_read_schedule_timing import TIME_SCHEDULE
from mspcim.harmonize.profiles.meter_readings import METER_ID_NAME_TYPES
from mspcim.harmonize.rules import Gap, Nest, Side, Table, Transform
from mspcim.multispeak.v41.msp_binding import (
    SERVICE_TYPES,
    Duration,
    MeterID,
)
from mspcim.multispeak.v41.reading_schedule import (
    MspReadingType,
    PeriodicSchedule,
    ReadingSchedule,
    ReadingTypeCode,
)

__all__ = [
    "GROUP_NAME_TYPES",
    "READING_SCHEDULE",
    "READING_TYPE",
    "TIME_SCHEDULE",
    "meter_id_of",
    "names_of_meter",
    "to_cim",
    "to_msp",
]

PROPERTY_PREFIX: Final = "readingSchedule."
"""Header/Property names of the readingSchedule values the profile has no element for."""

GROUP_NAME_TYPES: Final = {
    "meter_group_list": "meterGroupID",
    "configuration_group_list": "configurationGroupID",
}
"""readingSchedule group lists ⇄ the NameType of the EndDeviceGroup name that carries each."""


# --- meter identity (shared by the metering profiles of this package)


def names_of_meter(meter: MeterID) -> tuple[str, list[Name]]:
    """(mRID, Names) of a meterID: ``@objectID`` or, lacking one, the meter number."""
    return meter.object_id or meter.value, meter_id_names(meter)


def meter_id_of(
    mrid: str | None, names: Iterable[Name], ctx: TranslationContext, field: str
) -> MeterID | None:
    """The meterID of a CIM device (mRID and Names); names of other types are reported lost."""
    found: dict[str, str] = {}
    others: list[Name] = []
    for name in names:
        attribute = next(
            (key for key, kind in METER_ID_NAME_TYPES.items() if kind == name.type_name), None
        )
        if attribute is not None and attribute not in found:
            found[attribute] = name.name
        elif name.type_name is None and "value" not in found:
            found["value"] = name.name
        else:
            others.append(name)
    service_type = found.get("service_type")
    if service_type is not None and service_type not in SERVICE_TYPES:
        ctx.gap(field, f"serviceType={service_type}", "not a MultiSpeak serviceType")
        del found["service_type"]
    for name in others:
        ctx.gap(field, f"{name.type_name}={name.name}", "a name of a type meterID has no place for")
    if "value" not in found:
        if not mrid:
            return None
        found["value"] = mrid
    object_id = mrid if mrid and mrid != found["value"] else None
    return MeterID(object_id=object_id, **found)


def _meters_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    devices = []
    for meter in values["meter_list"]:
        mrid, names = names_of_meter(meter)
        devices.append(EndDevice(mrid=mrid, names=names))
    return {"end_devices": devices}


def _meters_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meters = [meter_id_of(d.mrid, d.names, ctx, "end_devices") for d in values["end_devices"]]
    return {"meter_list": [meter for meter in meters if meter is not None]}


field_codec(
    "schedule_meters",
    _meters_to_cim,
    _meters_to_msp,
    "meterID ⇄ EndDevice: @objectID (else the meter number) ⇄ mRID, text and attributes ⇄ Names",
)


def _groups_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {
        "end_device_groups": [
            EndDeviceGroup(names=[Name.typed(group, name_type, NAME_TYPE_AUTHORITY)])
            for field, name_type in GROUP_NAME_TYPES.items()
            for group in values[field]
        ]
    }


def _groups_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found: dict[str, list[str]] = {field: [] for field in GROUP_NAME_TYPES}
    for group in values["end_device_groups"]:
        typed = [
            (field, name)
            for field, name_type in GROUP_NAME_TYPES.items()
            if (name := first_name(group.names, name_type)) is not None
        ]
        untyped = first_name(group.names, None)
        if typed:
            found[typed[0][0]].append(typed[0][1].name)
        elif untyped is not None or group.mrid:
            found["meter_group_list"].append(untyped.name if untyped else group.mrid)
        else:
            ctx.gap("end_device_groups", group, "an EndDeviceGroup with neither name nor mRID")
    return found


field_codec(
    "schedule_groups",
    _groups_to_cim,
    _groups_to_msp,
    "meterGroupID, configurationGroupID ⇄ EndDeviceGroup Names (by NameType; "
    "an untyped name or mRID is a meter group)",
)


_PERIODIC_START: Final = f"{PROPERTY_PREFIX}periodicSchedule.startTime"
_TIMING: Final = (
    "effective_window",
    "is_enabled",
    "offset",
    "absolute_time_schedule",
    "periodic_schedule",
    "time_points",
)


def _timing_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if all(value in (None, []) for value in values.values()):
        return {}
    schedule = ctx.nested(TIME_SCHEDULE, ReadingSchedule(**values), ctx.path)
    properties = []
    periodic: PeriodicSchedule | None = values["periodic_schedule"]
    if periodic is not None and periodic.start_time is not None:
        text = TEXT_CODECS["datetime"].dump(periodic.start_time)
        properties.append(MessageProperty(name=_PERIODIC_START, value=text))
    return {"time_schedules": [schedule], "properties": properties}


def _timing_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    schedules: list[TimeSchedule] = values["time_schedules"]
    start = None
    for item in values["properties"]:
        if item.name == _PERIODIC_START and start is None:
            ctx.consume(item)
            try:
                start = TEXT_CODECS["datetime"].load(item.value or "")
            except MappingError:
                raise MappingError(
                    f"Header Property {_PERIODIC_START} is not an xs:dateTime: {item.value!r}"
                ) from None
    for index in range(2, len(schedules) + 1):
        ctx.gap("time_schedules", f"TimeSchedule[{index}]", "a readingSchedule has one schedule")
    if not schedules and start is None:
        return {}
    timing: ReadingSchedule = (
        ctx.nested(TIME_SCHEDULE, schedules[0], f"{ctx.path}/TimeSchedule[1]")
        if schedules
        else ReadingSchedule()
    )
    if start is not None:
        periodic = timing.periodic_schedule or PeriodicSchedule()
        periodic.start_time = start
        timing.periodic_schedule = periodic
    return {name: getattr(timing, name) for name in _TIMING}


field_codec(
    "schedule_timing",
    _timing_to_cim,
    _timing_to_msp,
    "the schedule's timing ⇄ one TimeSchedule (table TimeSchedule); periodicSchedule/startTime "
    f"⇄ Header Property {_PERIODIC_START}",
)


def _reading_type_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    code: ReadingTypeCode | None = values["reading_type_code"]
    object_id: str | None = values["object_id"]
    names = [Name(name=code.name)] if code is not None and code.name else []
    if values["object_name"]:
        names.append(Name.typed(values["object_name"], "objectName", NAME_TYPE_AUTHORITY))
    if code is not None:
        if object_id:
            ctx.gap("object_id", object_id, "the ReadingType code is its mRID")
        return {"mrid": code.value, "names": names}
    if object_id:
        ctx.gap("object_id", object_id, "no readingTypeCode: the objectID is the mRID", lost=False)
    return {"mrid": object_id, "names": names}


def _reading_type_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["names"]
    label = first_name(names, None)
    object_name = first_name(names, "objectName")
    for name in names:
        if name is not label and name is not object_name:
            ctx.gap("names", f"{name.type_name}={name.name}", "readingType has no such name")
    code = (
        ReadingTypeCode(value=values["mrid"], name=label.name if label else None)
        if values["mrid"]
        else None
    )
    return {"reading_type_code": code, "object_name": object_name.name if object_name else None}


field_codec(
    "schedule_reading_type",
    _reading_type_to_cim,
    _reading_type_to_msp,
    "readingTypeCode ⇄ mRID, readingTypeCode/@name ⇄ Names/name, objectName ⇄ Names "
    "(NameType objectName)",
)


def _dump_duration(duration: Duration) -> str:
    return f"{duration.value} {duration.units}" if duration.units else str(duration.value)


def _load_duration(text: str) -> Duration:
    value, _, units = text.partition(" ")
    return Duration(value=Decimal(value), units=units or None)


TEXT_CODECS["msp_duration"] = TextCodec("string", _dump_duration, _load_duration)

_BY_CODE = "the schedule names a ReadingType by its code only"
_READING_TYPE_LOST = (
    "verb",
    "error_string",
    "replace_id",
    "utility",
    "comments",
    "measurement_type",
    "meas_type_category",
    "units",
    "forward_chronology",
    "default_value_data_type",
    "default_quality",
    "dynamic_configuration",
    "channel",
)

READING_TYPE = Table(
    name="MeterReadSchedule",
    clause="8.18",
    msp_class=MspReadingType,
    cim_class=ReadingType,
    msp_objects=("readingSchedule/readingTypeList/readingType",),
    rules=(
        Transform(
            ("reading_type_code", "object_id", "object_name"),
            ("mrid", "names"),
            "schedule_reading_type",
            "the ReadingType by code",
        ),
        *(Gap(Side.MSP, name, _BY_CODE) for name in _READING_TYPE_LOST),
        Gap(Side.MSP, "extensions_list", "vendor extensionsItem with no CIM counterpart"),
    ),
)


def _carried(field: str, element: str, codec: str = "text") -> Gap:
    return Gap(
        Side.MSP,
        field,
        f"the MeterReadSchedule profile has no element for readingSchedule {element}",
        carried_in=f"Property:{PROPERTY_PREFIX}{element}",
        codec=codec,
    )


_ONLY_METERS = "readingSchedule names meters, meter groups and configuration groups only"

READING_SCHEDULE = Table(
    name="MeterReadSchedule",
    clause="8.18",
    msp_class=ReadingSchedule,
    cim_class=MeterReadSchedule,
    msp_objects=(
        "MR_Server/MDM_Server: EstablishReadingSchedules, EnableReadingSchedules, "
        "DisableReadingSchedule, DeleteReadingSchedule, GetReadingSchedules, "
        "GetReadingScheduleByID",
        "readingSchedule (schedule, meterList, meterGroupList, configurationGroupList, "
        "readingTypeList)",
    ),
    rules=(
        Transform(("meter_list",), ("end_devices",), "schedule_meters", "meters to read"),
        Transform(
            ("meter_group_list", "configuration_group_list"),
            ("end_device_groups",),
            "schedule_groups",
            "meter groups to read",
        ),
        Nest("reading_type_list", "reading_types", READING_TYPE, msp_item="readingType"),
        Transform(_TIMING, ("time_schedules", "properties"), "schedule_timing", "when to read"),
        _carried("object_id", "@objectID"),
        _carried("object_name", "objectName"),
        _carried("comments", "comments"),
        _carried("utility", "@utility"),
        _carried("replace_id", "@replaceID"),
        _carried("purpose", "purpose"),
        _carried("maximum_run_time", "maximumRunTime", "msp_duration"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", "vendor extensionsItem with no CIM counterpart"),
        Gap(Side.CIM, "customer_accounts", _ONLY_METERS),
        Gap(Side.CIM, "customer_agreements", _ONLY_METERS),
        Gap(Side.CIM, "usage_points", _ONLY_METERS),
        Gap(Side.CIM, "usage_point_groups", _ONLY_METERS),
        Gap(Side.CIM, "properties", "Header Property with no readingSchedule element"),
    ),
)


def to_cim(
    schedules: Iterable[ReadingSchedule], report: GapReport | None = None, path: str = ""
) -> list[MeterReadSchedule]:
    """One MeterReadSchedule document per readingSchedule (carried values in ``properties``)."""
    shared = TranslationState(
        report=report if report is not None else GapReport(), profile="MeterReadSchedule"
    )
    return [
        translate(
            READING_SCHEDULE, schedule, Direction.TO_CIM, shared, f"{path}/readingSchedule[{index}]"
        )
        for index, schedule in enumerate(schedules, start=1)
    ]


def to_msp(
    documents: Iterable[MeterReadSchedule], report: GapReport | None = None
) -> list[ReadingSchedule]:
    """One readingSchedule per MeterReadSchedule document."""
    shared = TranslationState(
        report=report if report is not None else GapReport(), profile="MeterReadSchedule"
    )
    return [
        translate(
            READING_SCHEDULE, document, Direction.TO_MSP, shared, f"/MeterReadSchedule[{index}]"
        )
        for index, document in enumerate(documents, start=1)
    ]
