"""Profile 8.19's readings: the meterReadings of a meter exchange ⇄ a Meter and its MeterReadings.

The readings inside MeterServiceRequests are profile 8.17's: they are translated by its tables
(``meter_readings.METER_READING``) into the MeterReadings pivot, then moved into the
MeterServiceRequests classes (which mirror their own schema). Every ReadingType and
ReadingQualityType the readings refer to is declared once in the document, as the profile asks.
"""

from __future__ import annotations

from typing import Any

from mspcim.cim import model
from mspcim.cim.identified_object import DateTimeInterval, Name
from mspcim.cim.meter_service_requests import (
    Meter,
    MeterReading,
    MeterServiceRequests,
    MeterServiceWork,
    Reading,
    ReadingQuality,
    ReadingQualityType,
    ReadingReasonKind,
    ReadingType,
    Ref,
)
from mspcim.cim.reading_quality import ReadingQualityCode
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_fields import literal_fields
from mspcim.exceptions import MappingError
from mspcim.harmonize.codecs import TranslationContext
from mspcim.harmonize.profiles.meter_readings import METER_READING
from mspcim.multispeak.v41.meter_reading import MeterReading as MspMeterReading

__all__ = ["declarations", "meter_to_cim", "meter_to_msp", "remember_declarations"]

_NAMES = "reading_type_names"
"""TranslationState key of the ReadingType names profile 8.17 reads and writes (``fieldName``)."""

_INTEGER_FIELDS = {"consumptionTier", "cpp", "tou"}
_FIELD_ATTRIBUTES = {
    "accumulation": "accumulation",
    "aggregate": "aggregate",
    "commodity": "commodity",
    "consumptionTier": "consumption_tier",
    "cpp": "cpp",
    "currency": "currency",
    "flowDirection": "flow_direction",
    "macroPeriod": "macro_period",
    "measurementKind": "measurement_kind",
    "measuringPeriod": "measuring_period",
    "multiplier": "multiplier",
    "phases": "phases",
    "tou": "tou",
    "unit": "unit",
}
"""ReadingType code literals (``reading_type_fields.literal_fields``) ⇄ ReadingType attributes."""


def _name_to_cim(name: model.Name) -> Name:
    if name.name_type is None:
        return Name(name=name.name)
    return Name.typed(name.name, name.name_type, name.authority)


def _name_to_model(name: Name) -> model.Name:
    authority = None
    if name.name_type is not None and name.name_type.name_type_authority is not None:
        authority = name.name_type.name_type_authority.name
    return model.Name(name=name.name, name_type=name.type_name, authority=authority)


def _interval(start: Any, end: Any) -> DateTimeInterval | None:
    return DateTimeInterval(start=start, end=end) if start or end else None


def _reading_to_cim(reading: model.Reading, ctx: TranslationContext, where: str) -> Reading:
    if reading.time_stamp is None:
        raise MappingError("MeterServiceRequests requires the time of each reading", xpath=where)
    reason = None
    if reading.reason is not None:
        try:
            reason = ReadingReasonKind(reading.reason)
        except ValueError:
            ctx.gap("reading_values", reading.reason, "not a ReadingReasonKind")
    return Reading(
        reason=reason,
        reported_date_time=reading.reported_date_time,
        source=reading.source,
        time_stamp=reading.time_stamp,
        value=reading.value,
        reading_qualities=[
            ReadingQuality(
                comment=quality.comment,
                source=quality.source,
                time_stamp=quality.time_stamp,
                reading_quality_type=Ref(ref=quality.reading_quality_type),
            )
            for quality in reading.reading_qualities
        ],
        reading_type=Ref(ref=reading.reading_type),
        time_period=_interval(reading.time_period_start, reading.time_period_end),
    )


def meter_to_cim(reading: MspMeterReading, ctx: TranslationContext, where: str) -> Meter:
    """The Meter (and its readings) of a meterReading, through profile 8.17's tables."""
    pivot: model.MeterReading = ctx.nested(METER_READING, reading, where)
    for label in ("meter_status", "usage_point_mrid", "is_coincident_trigger"):
        if getattr(pivot, label) not in (None, []):
            ctx.gap("meter_readings", getattr(pivot, label), f"a Meter's readings have no {label}")
    readings = [
        _reading_to_cim(value, ctx, f"{where}/readingValues/readingValue[{index}]")
        for index, value in enumerate(pivot.readings, start=1)
    ]
    interval = _interval(pivot.values_interval_start, pivot.values_interval_end)
    return Meter(
        mrid=pivot.meter_mrid,
        names=[_name_to_cim(name) for name in pivot.meter_names],
        meter_readings=[MeterReading(readings=readings, values_interval=interval)]
        if readings or interval
        else [],
    )


def _reading_to_model(reading: Reading) -> model.Reading:
    period = reading.time_period or DateTimeInterval()
    return model.Reading(
        reading_type=reading.reading_type.ref,
        value=reading.value,
        time_stamp=reading.time_stamp,
        reading_qualities=[
            model.ReadingQuality(
                reading_quality_type=quality.reading_quality_type.ref,
                comment=quality.comment,
                source=quality.source,
                time_stamp=quality.time_stamp,
            )
            for quality in reading.reading_qualities
        ],
        reason=reading.reason.value if reading.reason is not None else None,
        reported_date_time=reading.reported_date_time,
        source=reading.source,
        time_period_start=period.start,
        time_period_end=period.end,
    )


def meter_to_msp(meter: Meter, ctx: TranslationContext, where: str) -> MspMeterReading:
    """The meterReading of a Meter and its readings, through profile 8.17's tables."""
    for label in ("amr_system", "form_number", "serial_number"):
        if getattr(meter, label) is not None:
            ctx.gap("meter", getattr(meter, label), f"a meterReading has no meter {label}")
    for multiplier in meter.meter_multipliers:
        ctx.gap(
            "meter", f"{multiplier.kind}={multiplier.value}", "a meterReading has no multiplier"
        )
    interval = meter.meter_readings[0].values_interval if meter.meter_readings else None
    pivot = model.MeterReading(
        meter_mrid=meter.mrid,
        meter_names=[_name_to_model(name) for name in meter.names],
        readings=[
            _reading_to_model(reading)
            for meter_reading in meter.meter_readings
            for reading in meter_reading.readings
        ],
        values_interval_start=interval.start if interval else None,
        values_interval_end=interval.end if interval else None,
    )
    result: MspMeterReading = ctx.nested(METER_READING, pivot, where)
    return result


def _meters(works: list[MeterServiceWork]) -> list[Meter]:
    return [meter for work in works for meter in (work.meter, work.old_meter) if meter is not None]


def declarations(
    works: list[MeterServiceWork], state: dict[str, Any]
) -> tuple[list[ReadingType], list[ReadingQualityType]]:
    """The ReadingTypes and ReadingQualityTypes the readings of ``works`` refer to, once each."""
    names: dict[str, str] = state.get(_NAMES, {})
    types: dict[str, None] = {}
    qualities: dict[str, None] = {}
    for meter in _meters(works):
        for meter_reading in meter.meter_readings:
            for reading in meter_reading.readings:
                types.setdefault(reading.reading_type.ref, None)
                for quality in reading.reading_qualities:
                    qualities.setdefault(quality.reading_quality_type.ref, None)
    return [_reading_type(code, names.get(code)) for code in types], [
        _quality_type(code) for code in qualities
    ]


def _reading_type(mrid: str, name: str | None) -> ReadingType:
    code = ReadingTypeCode.parse(mrid)
    fields: dict[str, Any] = {}
    for local, text in literal_fields(code):
        if text is not None and local in _FIELD_ATTRIBUTES:
            fields[_FIELD_ATTRIBUTES[local]] = int(text) if local in _INTEGER_FIELDS else text
    return ReadingType(mrid=mrid, names=[Name(name=name or code.describe())], **fields)


def _quality_type(mrid: str) -> ReadingQualityType:
    code = ReadingQualityCode.parse(mrid)
    return ReadingQualityType(
        mrid=mrid,
        category=str(code.category),
        sub_category=str(code.index),
        system_id=str(code.system),
        names=[Name(name=code.describe())],
    )


def remember_declarations(document: MeterServiceRequests, state: dict[str, Any]) -> None:
    """Keep the declared ReadingType names that are MultiSpeak ``fieldName``s (not descriptions)."""
    names: dict[str, str] = {}
    for reading_type in document.reading_types:
        if not reading_type.mrid or not reading_type.names:
            continue
        name = reading_type.names[0].name
        try:
            described = ReadingTypeCode.parse(reading_type.mrid).describe()
        except MappingError:
            described = None
        if name != described:
            names[reading_type.mrid] = name
    state[_NAMES] = names
