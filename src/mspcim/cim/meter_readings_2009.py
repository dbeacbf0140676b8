"""The MeterReadings profile of IEC 61968-9:2009, the first edition, to and from the pivot.

The schema is declared in ``meter_readings_2009_schema`` (the project writes it in
``http://iec.ch/TC57/2009/MeterReadings#`` and also reads it unqualified). The edition requires
values the pivot may not hold (``mRID`` and ``name`` almost everywhere, ``Meter``, ``UsagePoint``,
``serialNumber``, ``timeStamp``, ``value``): the writer derives them and records each derivation,
and each pivot value the edition cannot hold, in ``EditionNotes``, which a translation turns into
CHANGED and LOST gaps. Derived mRIDs are UUID v5 of what they stand for, so the reader recognises
them and gives the pivot back unchanged.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Final

from lxml import etree

from mspcim.cim import meter_readings_2009_schema as schema
from mspcim.cim import model
from mspcim.cim.meter_readings_2009_schema import BINDING, NAMESPACE
from mspcim.cim.payloads import Edition, EditionNote, EditionNotes, PayloadCodec, register_payload
from mspcim.cim.reading_quality import ReadingQualityCode
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_kinds import FlowDirectionKind, MeasurementKind
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.xsdtypes import format_decimal, parse_decimal

__all__ = [
    "CODEC",
    "NAMESPACE",
    "SERIAL_NUMBER",
    "EditionNote",
    "EditionNotes",
    "build_meter_reading",
    "build_meter_readings",
    "build_reading_types",
    "read_meter_reading",
    "read_meter_readings",
    "read_reading_types",
]

SERIAL_NUMBER = "serialNumber"
"""NameType of the pivot Meter name standing for the first edition's ``Meter/serialNumber``."""
_FLOAT_MAX = Decimal("3.4028235e38")
_NO_VALUE = "NaN"
"""``value`` is required: a reading without one is written as xs:float NaN and read back as none."""


_Notes = EditionNotes | None
_MR: Final = "/MeterReadings/MeterReading"
_READING: Final = f"{_MR}/Readings/Reading"
_INTERVAL: Final = f"{_MR}/IntervalBlocks/IntervalBlock/IntervalReadings/IntervalReading"
_RT: Final = "/MeterReadings/ReadingTypes/ReadingType"
_NO_HOME: Final = "the first edition has no element for it"
_NOT_IN_PIVOT: Final = "the pivot has no place for it"
_REQUIRED: Final = "required by the first edition: "
_IDS = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)


def _derived(notes: _Notes, path: str, value: object, how: str) -> None:
    if notes is not None:
        notes.add(path, value, _REQUIRED + how)


def _lost(notes: _Notes, path: str, value: object, reason: str = _NO_HOME) -> None:
    if notes is not None and value is not None:
        notes.add(path, value, reason, lost=True)


def _derived_id(*parts: str) -> str:
    """A stable mRID (UUID v5) for an object the pivot does not identify: same parts, same id."""
    return str(uuid.uuid5(_IDS, "|".join(parts)))


@lru_cache(maxsize=4096)
def _describe(code: str) -> str:
    """The generated label of a ReadingType code (cached: bulk repeats a few codes)."""
    return ReadingTypeCode.parse(code).describe()


@lru_cache(maxsize=1024)
def _describe_quality(code: str) -> str:
    return ReadingQualityCode.parse(code).describe()


# --- pivot → first edition


def _value(value: Decimal | None, path: str, notes: _Notes) -> str:
    if value is None:
        _derived(notes, f"{path}/value", _NO_VALUE, "NaN stands for no value")
        return _NO_VALUE
    if abs(value) > _FLOAT_MAX:
        raise MappingError(f"value {value} is outside the range of xs:float", xpath=f"{path}/value")
    return format_decimal(value)


def _qualities(
    qualities: list[model.ReadingQuality], path: str, notes: _Notes
) -> schema.ReadingQualities | None:
    if not qualities:
        return None
    where = f"{path}/ReadingQualities/ReadingQuality"
    out = []
    for quality in qualities:
        code = ReadingQualityCode.parse(quality.reading_quality_type)
        name = quality.comment
        if name is None:
            name = _describe_quality(str(code))
            _derived(notes, f"{where}/name", name, "the quality code's label")
        _lost(notes, f"{where}/source", quality.source)
        _lost(notes, f"{where}/timeStamp", quality.time_stamp)
        out.append(
            schema.ReadingQuality(
                mrid=str(code),
                name=name,
                system_id=code.system,
                category=code.category,
                sub_category=code.index,
            )
        )
    return schema.ReadingQualities(reading_quality=out)


def _identity(notes: _Notes, path: str, parts: tuple[str, ...], code: str) -> tuple[str, str]:
    """(mRID, name) of a reading: a UUID v5 of owner and position, the ReadingType's label."""
    mrid, name = _derived_id(*parts), _describe(code)
    _derived(notes, f"{path}/mRID", mrid, "a UUID v5 of the MeterReading and position")
    _derived(notes, f"{path}/name", name, "the ReadingType's label")
    return mrid, name


def _reading(
    reading: model.Reading, owner: str, index: int, fallback: datetime | None, notes: _Notes
) -> schema.Reading:
    time_stamp = reading.time_stamp
    if time_stamp is None:
        time_stamp = reading.time_period_end or fallback
        if time_stamp is None:
            raise MappingError(
                "the first edition requires Reading/timeStamp and the reading has no time",
                xpath=f"{_READING}[{index}]/timeStamp",
            )
        _derived(notes, f"{_READING}/timeStamp", time_stamp, "the end of the reading's interval")
    _lost(notes, f"{_READING}/reason", reading.reason)
    _lost(notes, f"{_READING}/reportedDateTime", reading.reported_date_time)
    _lost(notes, f"{_READING}/source", reading.source)
    _lost(notes, f"{_READING}/timePeriod/start", reading.time_period_start)
    _lost(notes, f"{_READING}/timePeriod/end", reading.time_period_end)
    mrid, name = _identity(notes, _READING, ("Reading", owner, str(index)), reading.reading_type)
    return schema.Reading(
        mrid=mrid,
        name=name,
        time_stamp=time_stamp,
        value=_value(reading.value, _READING, notes),
        reading_qualities=_qualities(reading.reading_qualities, _READING, notes),
        reading_type=schema.ReadingTypeRef(ref=reading.reading_type),
    )


def _interval_block(
    block: model.IntervalBlock, owner: str, number: int, notes: _Notes
) -> schema.IntervalBlock:
    readings = []
    for index, interval in enumerate(block.interval_readings, start=1):
        if interval.time_stamp is None:
            raise MappingError(
                "the first edition requires IntervalReading/timeStamp",
                xpath=f"{_MR}/IntervalBlocks/IntervalBlock[{number}]/IntervalReadings/"
                f"IntervalReading[{index}]/timeStamp",
            )
        parts = ("IntervalReading", owner, str(number), str(index))
        mrid, name = _identity(notes, _INTERVAL, parts, block.reading_type)
        readings.append(
            schema.IntervalReading(
                mrid=mrid,
                name=name,
                time_stamp=interval.time_stamp,
                value=_value(interval.value, _INTERVAL, notes),
                reading_qualities=_qualities(interval.reading_qualities, _INTERVAL, notes),
            )
        )
    if block.pending_calculation is not None:
        _lost(notes, f"{_MR}/IntervalBlocks/IntervalBlock/PendingCalculation", block.reading_type)
    return schema.IntervalBlock(
        interval_readings=schema.IntervalReadings(interval_reading=readings) if readings else None,
        reading_type=schema.ReadingTypeRef(ref=block.reading_type),
    )


def _meter(reading: model.MeterReading, notes: _Notes) -> schema.Meter:
    """Meter/name: the first untyped name (else the first); serialNumber: the ``serialNumber``."""
    path = f"{_MR}/Meter"
    names = reading.meter_names
    serial_item = next((name for name in names if name.name_type == SERIAL_NUMBER), None)
    name_item = next((name for name in names if not name.name_type), None) or next(
        (name for name in names if name is not serial_item), None
    )
    for other in names:
        if other is not name_item and other is not serial_item:
            why = "the first edition's Meter has one name and a serialNumber"
            _lost(notes, f"{path}/Names", f"{other.name_type}={other.name}", why)
    name = name_item.name if name_item is not None else reading.meter_mrid or ""
    if name_item is None:
        _derived(notes, f"{path}/name", name, "the meter's mRID (empty when it has none)")
    mrid = reading.meter_mrid or _derived_id("Meter", name)
    if reading.meter_mrid is None:
        _derived(notes, f"{path}/mRID", mrid, "a UUID v5 of the meter's name")
    serial = serial_item.name if serial_item is not None else name
    if serial_item is None:
        _derived(notes, f"{path}/serialNumber", serial, "the meter's name")
    status = reading.meter_status
    if status is not None:
        _lost(notes, f"{path}/status/remark", status.remark)
    return schema.Meter(
        mrid=mrid,
        name=name,
        status=schema.Status(date_time=status.date_time, reason=status.reason, value=status.value)
        if status is not None
        else None,
        serial_number=serial,
    )


def _meter_reading(reading: model.MeterReading, index: int, notes: _Notes) -> schema.MeterReading:
    meter = _meter(reading, notes)
    mrid = _derived_id("MeterReading", meter.mrid, str(index))
    _derived(notes, f"{_MR}/mRID", mrid, "a UUID v5 of the meter and position")
    _derived(notes, f"{_MR}/name", meter.name, "the meter's name")
    usage_point = reading.usage_point_mrid or _derived_id("UsagePoint", meter.mrid)
    if reading.usage_point_mrid is None:
        _derived(notes, f"{_MR}/UsagePoint/mRID", usage_point, "a UUID v5 of the meter")
    for name in reading.usage_point_names:
        _lost(notes, f"{_MR}/UsagePoint/Names", name.name)
    _lost(notes, f"{_MR}/valuesInterval/start", reading.values_interval_start)
    _lost(notes, f"{_MR}/valuesInterval/end", reading.values_interval_end)
    _lost(notes, f"{_MR}/isCoincidentTrigger", reading.is_coincident_trigger)
    end = reading.values_interval_end
    readings = [
        _reading(value, mrid, number, end, notes)
        for number, value in enumerate(reading.readings, start=1)
    ]
    blocks = [
        _interval_block(block, mrid, number, notes)
        for number, block in enumerate(reading.interval_blocks, start=1)
    ]
    return schema.MeterReading(
        mrid=mrid,
        name=meter.name,
        interval_blocks=schema.IntervalBlocks(interval_block=blocks) if blocks else None,
        readings=schema.Readings(reading=readings) if readings else None,
        meter=meter,
        usage_point=schema.UsagePoint(mrid=usage_point),
    )


def _reading_type(reading_type: model.ReadingType, notes: _Notes) -> schema.ReadingType:
    code = ReadingTypeCode.parse(reading_type.mrid)
    text = str(code)
    kind = schema.KINDS.get(code.measurement_kind, schema.ReadingKind.OTHER)
    if kind is schema.ReadingKind.OTHER and code.measurement_kind != MeasurementKind.NOTAPPLICABLE:
        why = f"kind of {code.measurement_kind.literal} is 'other' (measurementKind keeps it)"
        _derived(notes, f"{_RT}/kind", text, f"a kind of its list; {why}")
    multiplier = schema.MULTIPLIERS.get(code.multiplier)
    if multiplier is None:
        why = f"10^{int(code.multiplier)} is not in its list: 'none', the mRID keeps the code"
        _derived(notes, f"{_RT}/multiplier", text, f"a multiplier of its list; {why}")
    unit = schema.UNITS.get(code.unit)
    if unit is None:
        why = f"{code.unit.literal} is not in its list: 'none', the mRID keeps the code"
        _derived(notes, f"{_RT}/unit", text, f"a unit of its list; {why}")
    return schema.ReadingType(
        mrid=text,
        name=reading_type.name or _describe(text),
        flow_direction=code.flow_direction.literal,
        measurement_kind=code.measurement_kind.literal,
        kind=kind,
        multiplier=multiplier or schema.Multiplier.NONE,
        unit=unit or schema.Unit.NONE,
    )


def build_meter_reading(
    reading: model.MeterReading, index: int = 1, notes: EditionNotes | None = None
) -> etree._Element:
    """The ``MeterReading`` element of the ``index``-th pivot MeterReading (streaming uses it)."""
    return BINDING.write(_meter_reading(reading, index, notes), "MeterReading")


def build_reading_types(
    reading_types: Iterable[model.ReadingType], notes: EditionNotes | None = None
) -> etree._Element | None:
    """The ``ReadingTypes`` element declaring ``reading_types`` (None when there are none)."""
    declared = [_reading_type(reading_type, notes) for reading_type in reading_types]
    if not declared:
        return None
    return BINDING.write(schema.ReadingTypes(reading_type=declared), "ReadingTypes")


def build_meter_readings(
    document: model.MeterReadings, notes: EditionNotes | None = None
) -> etree._Element:
    """The ``MeterReadings`` element of ``document``; every referenced ReadingType declared once."""
    root = etree.Element(f"{{{NAMESPACE}}}MeterReadings", nsmap={"m": NAMESPACE})
    declared = {reading_type.mrid: reading_type for reading_type in document.reading_types}
    for index, reading in enumerate(document.meter_readings, start=1):
        root.append(build_meter_reading(reading, index, notes))
        for code in [value.reading_type for value in reading.readings] + [
            block.reading_type for block in reading.interval_blocks
        ]:
            declared.setdefault(code, model.ReadingType(mrid=code))
    reading_types = build_reading_types(declared.values(), notes)
    if reading_types is not None:
        root.append(reading_types)
    return root


# --- first edition → pivot


def _qualify(element: etree._Element) -> etree._Element:
    """``element`` with every unqualified tag put in the project's 2009 namespace (in place)."""
    for item in element.iter():
        tag = item.tag
        if isinstance(tag, str) and not tag.startswith("{"):
            item.tag = f"{{{NAMESPACE}}}{tag}"
    return element


def _code(ref: schema.ReadingTypeRef, codes: Mapping[str, str], path: str) -> str:
    if not ref.ref:
        raise MessageFormatError("reading has no ReadingType ref", xpath=f"{path}/ReadingType")
    if ref.ref in codes:
        return codes[ref.ref]
    try:
        return str(ReadingTypeCode.parse(ref.ref))
    except MappingError:
        raise MappingError(
            f"ReadingType {ref.ref!r} is neither a ReadingType code nor declared in the document",
            xpath=f"{path}/ReadingType",
        ) from None


def _read_value(text: str, path: str) -> Decimal | None:
    return None if text.strip() == _NO_VALUE else parse_decimal(text, where=f"{path}/value")


def _read_qualities(
    qualities: schema.ReadingQualities | None, path: str, notes: _Notes
) -> list[model.ReadingQuality]:
    out = []
    for quality in qualities.reading_quality if qualities is not None else []:
        code = str(ReadingQualityCode(quality.system_id, quality.category, quality.sub_category))
        if quality.mrid != code:
            _lost(
                notes, f"{path}/ReadingQualities/ReadingQuality/mRID", quality.mrid, _NOT_IN_PIVOT
            )
        comment = None if quality.name == _describe_quality(code) else quality.name
        out.append(model.ReadingQuality(code, comment=comment))
    return out


def _check(
    notes: _Notes, path: str, mrid: str, parts: tuple[str, ...], name: str, label: str
) -> None:
    """Report an mRID or name the writer would not have derived (the pivot cannot keep it)."""
    if mrid != _derived_id(*parts):
        _lost(notes, f"{path}/mRID", mrid, _NOT_IN_PIVOT)
    if name != label:
        _lost(notes, f"{path}/name", name, _NOT_IN_PIVOT)


def _read_reading(
    reading: schema.Reading,
    owner: str,
    number: int,
    where: str,
    codes: Mapping[str, str],
    notes: _Notes,
) -> model.Reading:
    code = _code(reading.reading_type, codes, where)
    parts = ("Reading", owner, str(number))
    _check(notes, _READING, reading.mrid, parts, reading.name, _describe(code))
    return model.Reading(
        reading_type=code,
        value=_read_value(reading.value, where),
        time_stamp=reading.time_stamp,
        reading_qualities=_read_qualities(reading.reading_qualities, where, notes),
    )


def _read_block(
    block: schema.IntervalBlock,
    owner: str,
    number: int,
    where: str,
    codes: Mapping[str, str],
    notes: _Notes,
) -> model.IntervalBlock:
    code = _code(block.reading_type, codes, where)
    values = []
    intervals = block.interval_readings.interval_reading if block.interval_readings else []
    for index, interval in enumerate(intervals, start=1):
        at = f"{where}/IntervalReadings/IntervalReading[{index}]"
        parts = ("IntervalReading", owner, str(number), str(index))
        _check(notes, _INTERVAL, interval.mrid, parts, interval.name, _describe(code))
        values.append(
            model.IntervalReading(
                value=_read_value(interval.value, at),
                time_stamp=interval.time_stamp,
                reading_qualities=_read_qualities(interval.reading_qualities, at, notes),
            )
        )
    return model.IntervalBlock(reading_type=code, interval_readings=values)


def read_meter_reading(
    element: etree._Element,
    index: int = 1,
    codes: Mapping[str, str] | None = None,
    notes: EditionNotes | None = None,
) -> model.MeterReading:
    """The pivot of the ``index``-th ``MeterReading`` element (``codes``: declared mRID → code)."""
    codes = codes or {}
    path = f"{_MR}[{index}]"
    item = BINDING.read(_qualify(element), schema.MeterReading, path)
    meter = item.meter
    _check(notes, _MR, item.mrid, ("MeterReading", meter.mrid, str(index)), item.name, meter.name)
    names = [model.Name(meter.name)] if meter.name and meter.name != meter.mrid else []
    if meter.serial_number != meter.name:
        names.append(model.Name(meter.serial_number, SERIAL_NUMBER))
    blocks = item.interval_blocks
    stray = blocks.interval_readings if blocks is not None else None
    for interval in stray.interval_reading if stray is not None else []:
        why = "an interval reading outside any IntervalBlock has no ReadingType"
        _lost(notes, f"{_MR}/IntervalBlocks/IntervalReadings/IntervalReading", interval.value, why)
    status = meter.status
    return model.MeterReading(
        meter_mrid=None if meter.mrid == _derived_id("Meter", meter.name) else meter.mrid,
        meter_names=names,
        meter_status=model.Status(status.value, status.date_time, status.reason)
        if status is not None
        else None,
        usage_point_mrid=None
        if item.usage_point.mrid == _derived_id("UsagePoint", meter.mrid)
        else item.usage_point.mrid,
        readings=[
            _read_reading(
                reading, item.mrid, number, f"{path}/Readings/Reading[{number}]", codes, notes
            )
            for number, reading in enumerate(item.readings.reading if item.readings else [], 1)
        ],
        interval_blocks=[
            _read_block(
                block,
                item.mrid,
                number,
                f"{path}/IntervalBlocks/IntervalBlock[{number}]",
                codes,
                notes,
            )
            for number, block in enumerate(blocks.interval_block if blocks else [], start=1)
        ],
    )


def _code_from_fields(reading_type: schema.ReadingType, path: str) -> ReadingTypeCode:
    """The code a ReadingType whose mRID is not a code describes, from its first-edition fields."""
    try:
        flow, kind = reading_type.flow_direction.strip(), reading_type.measurement_kind.strip()
        unit = schema.UNIT_CODES.get(reading_type.unit)
        if unit is None:
            raise MappingError(f"unit {reading_type.unit.value!r} has no ReadingType unit code")
        return ReadingTypeCode(
            flow_direction=FlowDirectionKind.from_literal(flow)
            if flow
            else FlowDirectionKind.NOTAPPLICABLE,
            measurement_kind=MeasurementKind.from_literal(kind)
            if kind
            else schema.KIND_CODES.get(reading_type.kind, MeasurementKind.NOTAPPLICABLE),
            multiplier=schema.MULTIPLIER_CODES[reading_type.multiplier],
            unit=unit,
        )
    except MappingError as exc:
        raise MappingError(
            f"ReadingType {reading_type.mrid!r} is not a code nor describes one: {exc.reason}",
            xpath=path,
        ) from None


def read_reading_types(
    element: etree._Element | None, notes: EditionNotes | None = None
) -> tuple[list[model.ReadingType], dict[str, str]]:
    """The ReadingTypes a ``ReadingTypes`` element declares, and the code of each mRID."""
    if element is None:
        return [], {}
    declared = BINDING.read(_qualify(element), schema.ReadingTypes, "/MeterReadings/ReadingTypes")
    reading_types = []
    codes: dict[str, str] = {}
    for index, reading_type in enumerate(declared.reading_type, start=1):
        try:
            code = str(ReadingTypeCode.parse(reading_type.mrid))
        except MappingError:
            code = str(_code_from_fields(reading_type, f"{_RT}[{index}]"))
        codes[reading_type.mrid] = code
        name = None if reading_type.name == _describe(code) else reading_type.name
        reading_types.append(model.ReadingType(mrid=code, name=name))
    return reading_types, codes


def read_meter_readings(
    root: etree._Element, notes: EditionNotes | None = None
) -> model.MeterReadings:
    """The pivot of a first-edition ``MeterReadings`` element (namespaced or unqualified)."""
    if root.tag == "MeterReadings":
        root = _qualify(copy.deepcopy(root))
    if root.tag != f"{{{NAMESPACE}}}MeterReadings":
        raise MessageFormatError(
            f"expected MeterReadings in {NAMESPACE!r}, got {root.tag!r}", xpath="/MeterReadings"
        )
    reading_types, codes = read_reading_types(root.find(f"{{{NAMESPACE}}}ReadingTypes"), notes)
    elements = root.iterchildren(f"{{{NAMESPACE}}}MeterReading")
    return model.MeterReadings(
        meter_readings=[
            read_meter_reading(element, index, codes, notes)
            for index, element in enumerate(elements, start=1)
        ],
        reading_types=reading_types,
    )


_UNQUALIFIED = register_payload(
    PayloadCodec(
        noun="MeterReadings",
        edition=Edition.CIM2009,
        tag="MeterReadings",
        read=read_meter_readings,
        write=build_meter_readings,
        official_schema="iec61968-9-2009/MeterReadings.xsd",
        write_noted=build_meter_readings,
        read_noted=read_meter_readings,
    )
)
CODEC = register_payload(replace(_UNQUALIFIED, tag=f"{{{NAMESPACE}}}MeterReadings"))
"""The 2009 MeterReadings payload in the registry (its unqualified root is found as well)."""
