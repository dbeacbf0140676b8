"""Profile MeterAssetReading, IEC TS 61968-14 8.16: ``meterReading`` ⇄ a meter and its readings.

MultiSpeak 4.1 has no object holding a meter's asset data with its readings: the closest is
``meterReading``, which names its meter by ``meterID`` and holds ``readingValues``. So the meter
identity follows profile 8.17 (``meterID`` ⇄ mRID and Names) and each ``readingValue`` ⇄
``Reading`` goes through 8.17's own table (``meter_readings.READING_VALUE``) — one mapping of a
reading value, wherever it travels. What the asset side has and ``meterReading`` lacks (serial
number, service point) is carried in ``extensionsList``, and said so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim import model
from mspcim.cim.end_device_assets import ReadingType, UsagePoint
from mspcim.cim.identified_object import DateTimeInterval, Name
from mspcim.cim.meter_asset_reading import (
    AssetReading,
    AssetReadingQuality,
    MeterAssetReading,
    MeterReading,
    ReadMeter,
)
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import (
    VENDOR_EXTENSION,
    carried_msp,
    meter_id_names,
)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part, take
from mspcim.harmonize.profiles.meter_readings import METER_ID_NAME_TYPES, READING_VALUE
from mspcim.harmonize.rules import Gap, Side, Table, Transform
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.meter_reading import MeterReading as MspMeterReading

__all__ = ["METER_ASSET_READING", "USAGE_POINT", "to_cim", "to_msp"]

PROFILE: Final = "MeterAssetReading"
_NAMES: Final = "reading_type_names"
"""Translation state shared with profile 8.17's ReadingType codec: code → its name."""


def _identity_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter: MeterID | None = values["meter_id"]
    if meter is None:
        return {}
    return {"mrid": meter.object_id, "end_device_names": meter_id_names(meter)}


def _identity_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found: dict[str, str] = {}
    for name in values["end_device_names"] or []:
        for attribute, name_type in METER_ID_NAME_TYPES.items():
            if name.type_name == name_type and attribute not in found:
                found[attribute] = name.name
                take(ctx, name)
    mrid: str | None = values["mrid"]
    if "value" not in found:
        if not mrid:
            return {}
        found["value"] = mrid
    return {"meter_id": MeterID(object_id=mrid, **found)}


field_codec(
    "asset_reading_identity",
    _identity_to_cim,
    _identity_to_msp,
    "meterID text, @meterNo, @serviceType, @utility ⇄ Meter Names (by NameType); "
    "@objectID ⇄ Meter/mRID (as profile 8.17)",
)


def _asset_reading(reading: model.Reading, label: str | None) -> AssetReading:
    period = None
    if reading.time_period_start is not None or reading.time_period_end is not None:
        period = DateTimeInterval(start=reading.time_period_start, end=reading.time_period_end)
    return AssetReading(
        reason=reading.reason,
        reported_date_time=reading.reported_date_time,
        source=reading.source,
        time_stamp=reading.time_stamp,
        value=reading.value,
        reading_qualities=[
            AssetReadingQuality(
                reading_quality_type=quality.reading_quality_type,
                comment=quality.comment,
                source=quality.source,
                time_stamp=quality.time_stamp,
            )
            for quality in reading.reading_qualities
        ],
        reading_type=ReadingType(
            mrid=reading.reading_type,
            reading_type_names=[Name(name=label)] if label else [],
        ),
        time_period=period,
    )


def _model_reading(reading: AssetReading) -> model.Reading:
    period = reading.time_period
    return model.Reading(
        reading_type=reading.reading_type.mrid,
        value=reading.value,
        time_stamp=reading.time_stamp,
        reading_qualities=[
            model.ReadingQuality(
                reading_quality_type=quality.reading_quality_type,
                comment=quality.comment,
                source=quality.source,
                time_stamp=quality.time_stamp,
            )
            for quality in reading.reading_qualities
        ],
        reason=reading.reason,
        reported_date_time=reading.reported_date_time,
        source=reading.source,
        time_period_start=period.start if period else None,
        time_period_end=period.end if period else None,
    )


def _readings_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    readings = []
    for index, value in enumerate(values["reading_values"] or [], start=1):
        where = f"{ctx.path}/readingValues/readingValue[{index}]"
        reading: model.Reading = ctx.nested(READING_VALUE, value, where)
        label = ctx.state.get(_NAMES, {}).get(reading.reading_type)
        readings.append(_asset_reading(reading, label))
    if not readings and values["object_id"] is None:
        return {}
    return {"meter_readings": [MeterReading(mrid=values["object_id"], readings=readings)]}


def _described(code: str) -> str:
    return ReadingTypeCode.parse(code).describe()


def _readings_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    sets: list[MeterReading] = values["meter_readings"] or []
    labels: dict[str, str] = ctx.state.setdefault(_NAMES, {})
    reading_values = []
    for number, reading_set in enumerate(sets, start=1):
        if number > 1 and reading_set.mrid:
            ctx.gap("meter_readings", reading_set.mrid, "meterReading has one objectID")
        for index, reading in enumerate(reading_set.readings, start=1):
            code = reading.reading_type.mrid
            for name in reading.reading_type.reading_type_names:
                if name.type_name is None and name.name != _described(code):
                    if labels.setdefault(code, name.name) != name.name:
                        ctx.gap("meter_readings", name.name, f"{code} is named otherwise")
                elif name.type_name is not None:
                    ctx.gap("meter_readings", name.name, "readingValue has no typed names")
            where = f"{ctx.path}/MeterReadings[{number}]/Readings[{index}]"
            reading_values.append(ctx.nested(READING_VALUE, _model_reading(reading), where))
    return {"reading_values": reading_values, "object_id": sets[0].mrid if sets else None}


field_codec(
    "asset_readings",
    _readings_to_cim,
    _readings_to_msp,
    "readingValues ⇄ MeterReadings/Readings (each by profile 8.17's READING_VALUE table); "
    "meterReading/@objectID ⇄ MeterReading/mRID; fieldName ⇄ ReadingType Names/name",
)

USAGE_POINT = Table(
    name=PROFILE,
    clause="8.16",
    msp_class=MspMeterReading,
    cim_class=UsagePoint,
    rules=(
        carried_cim("mrid", "UsagePoint.mRID"),
        Gap(Side.CIM, "service_point_names", "meterReading has no service point names"),
        Gap(Side.CIM, "service_category", "meterReading has no service category"),
    ),
)

_LOST: Final = (
    ("verb", "CIM states the action in the Header Verb"),
    ("error_string", "CIM reports errors in Reply/Error"),
    ("replace_id", "no CIM counterpart"),
    ("utility", "the utility of the meter travels in meterID/@utility"),
    ("comments", "MeterReading has no comment"),
    ("object_name", "MeterReading has no name"),
)

METER_ASSET_READING = Table(
    name=PROFILE,
    clause="8.16",
    msp_class=MspMeterReading,
    cim_class=ReadMeter,
    msp_objects=(
        "CB/MDM_Server: ReadingChangedNotification (what a MeterAssetReading message becomes)",
        "meterReading (meterID, deviceID, readingValues)",
    ),
    rules=(
        Transform(
            ("meter_id",),
            ("mrid", "end_device_names"),
            "asset_reading_identity",
            "the meter identity, as in profile 8.17",
        ),
        Transform(
            ("reading_values", "object_id"),
            ("meter_readings",),
            "asset_readings",
            "the readings, by profile 8.17",
        ),
        carried_msp("device_id", "deviceID", "EndDeviceNames"),
        *(Gap(Side.MSP, field, reason) for field, reason in _LOST),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        carried_cim("serial_number", "Meter.serialNumber"),
        part(USAGE_POINT, cim="usage_point", within=(MspMeterReading, ReadMeter)),
        Gap(Side.CIM, "end_device_names", "Meter name of a type meterID has no attribute for"),
    ),
)


def to_cim(
    readings: Iterable[MspMeterReading], report: GapReport | None = None, path: str = ""
) -> MeterAssetReading:
    """MultiSpeak meterReadings as a CIM MeterAssetReading document (one Meter each)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return MeterAssetReading(
        meters=[
            translate(
                METER_ASSET_READING, item, Direction.TO_CIM, shared, f"{path}/meterReading[{i}]"
            )
            for i, item in enumerate(readings, start=1)
        ]
    )


def to_msp(
    document: MeterAssetReading, report: GapReport | None = None, path: str = "/MeterAssetReading"
) -> list[MspMeterReading]:
    """A CIM MeterAssetReading document as MultiSpeak meterReadings (one per Meter)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(METER_ASSET_READING, meter, Direction.TO_MSP, shared, f"{path}/Meter[{i}]")
        for i, meter in enumerate(document.meters, start=1)
    ]
