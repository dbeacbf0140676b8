"""The MeterReadings profile of IEC 61968-9:2013 (namespace ``http://iec.ch/TC57/2011/MeterReadings#``).

Reads and writes the pivot (``cim.model``). ReadingTypes are written once per code, with every
field of the code spelled out as CIM literals and the code itself as mRID; on reading, a
ReadingType whose mRID is not a code (a vendor UUID, say) is resolved from its fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from lxml import etree

from mspcim import ns
from mspcim.cim.model import (
    IntervalBlock,
    IntervalReading,
    MeterReading,
    MeterReadings,
    Name,
    PendingCalculation,
    Reading,
    ReadingQuality,
    ReadingType,
    Status,
)
from mspcim.cim.payloads import Edition, PayloadCodec, register_payload
from mspcim.cim.reading_quality import ReadingQualityCode
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_fields import code_from_literals, literal_fields
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.xsdtypes import (
    format_boolean,
    format_datetime,
    format_decimal,
    parse_boolean,
    parse_datetime,
    parse_decimal,
)

__all__ = ["CODEC", "NAMESPACE", "build_meter_readings", "read_meter_readings"]

NAMESPACE = ns.METER_READINGS_2011
_FLOAT_MAX = Decimal("3.4028235e38")


def _q(local: str) -> str:
    return f"{{{NAMESPACE}}}{local}"


# --- writing


def _sub(parent: etree._Element, local: str, text: str | None) -> None:
    if text is not None:
        etree.SubElement(parent, _q(local)).text = text


def _float_text(value: Decimal, where: str) -> str:
    if abs(value) > _FLOAT_MAX:
        raise MappingError(f"value {value} is outside the range of xs:float", xpath=where)
    return format_decimal(value)


def _build_names(parent: etree._Element, names: Iterable[Name], *, with_authority: bool) -> None:
    for name in names:
        element = etree.SubElement(parent, _q("Names"))
        _sub(element, "name", name.name)
        if name.name_type is None:
            continue
        name_type = etree.SubElement(element, _q("NameType"))
        _sub(name_type, "name", name.name_type)
        if with_authority:
            authority = etree.SubElement(name_type, _q("NameTypeAuthority"))
            _sub(authority, "name", name.authority or "")


def _build_qualities(parent: etree._Element, qualities: Iterable[ReadingQuality]) -> None:
    for quality in qualities:
        element = etree.SubElement(parent, _q("ReadingQualities"))
        _sub(element, "comment", quality.comment)
        _sub(element, "source", quality.source)
        if quality.time_stamp is not None:
            _sub(element, "timeStamp", format_datetime(quality.time_stamp))
        etree.SubElement(element, _q("ReadingQualityType")).set("ref", quality.reading_quality_type)


def _build_interval(parent: etree._Element, local: str, start: object, end: object) -> None:
    if start is None and end is None:
        return
    element = etree.SubElement(parent, _q(local))
    for name, value in (("end", end), ("start", start)):
        if value is not None:
            _sub(element, name, format_datetime(value))  # type: ignore[arg-type]


def _build_reading(parent: etree._Element, reading: Reading, where: str) -> None:
    element = etree.SubElement(parent, _q("Readings"))
    _sub(element, "reason", reading.reason)
    if reading.reported_date_time is not None:
        _sub(element, "reportedDateTime", format_datetime(reading.reported_date_time))
    _sub(element, "source", reading.source)
    if reading.time_stamp is not None:
        _sub(element, "timeStamp", format_datetime(reading.time_stamp))
    if reading.value is not None:
        _sub(element, "value", _float_text(reading.value, f"{where}/value"))
    _build_qualities(element, reading.reading_qualities)
    etree.SubElement(element, _q("ReadingType")).set("ref", reading.reading_type)
    _build_interval(element, "timePeriod", reading.time_period_start, reading.time_period_end)


def _build_interval_block(parent: etree._Element, block: IntervalBlock, where: str) -> None:
    element = etree.SubElement(parent, _q("IntervalBlocks"))
    for index, interval in enumerate(block.interval_readings, start=1):
        reading = etree.SubElement(element, _q("IntervalReadings"))
        if interval.time_stamp is not None:
            _sub(reading, "timeStamp", format_datetime(interval.time_stamp))
        if interval.value is not None:
            _sub(
                reading, "value", _float_text(interval.value, f"{where}/IntervalReadings[{index}]")
            )
        _build_qualities(reading, interval.reading_qualities)
    calculation = block.pending_calculation
    if calculation is not None:
        pending = etree.SubElement(element, _q("PendingCalculation"))
        if calculation.multiply_before_add is not None:
            _sub(pending, "multiplyBeforeAdd", format_boolean(calculation.multiply_before_add))
        for local, number in (
            ("offset", calculation.offset),
            ("scalarDenominator", calculation.scalar_denominator),
        ):
            _sub(pending, local, None if number is None else str(number))
        if calculation.scalar_float is not None:
            _sub(pending, "scalarFloat", _float_text(calculation.scalar_float, where))
        if calculation.scalar_numerator is not None:
            _sub(pending, "scalarNumerator", str(calculation.scalar_numerator))
        etree.SubElement(pending, _q("ReadingType")).set(
            "ref", calculation.reading_type or block.reading_type
        )
    etree.SubElement(element, _q("ReadingType")).set("ref", block.reading_type)


def _build_meter_reading(parent: etree._Element, reading: MeterReading, where: str) -> None:
    element = etree.SubElement(parent, _q("MeterReading"))
    if reading.is_coincident_trigger is not None:
        _sub(element, "isCoincidentTrigger", format_boolean(reading.is_coincident_trigger))
    for index, block in enumerate(reading.interval_blocks, start=1):
        _build_interval_block(element, block, f"{where}/IntervalBlocks[{index}]")
    if reading.meter_mrid is not None or reading.meter_names or reading.meter_status is not None:
        meter = etree.SubElement(element, _q("Meter"))
        _sub(meter, "mRID", reading.meter_mrid)
        _build_names(meter, reading.meter_names, with_authority=True)
        if reading.meter_status is not None:
            status = etree.SubElement(meter, _q("status"))
            _build_status(status, reading.meter_status)
    for index, value in enumerate(reading.readings, start=1):
        _build_reading(element, value, f"{where}/Readings[{index}]")
    if reading.usage_point_mrid is not None or reading.usage_point_names:
        usage_point = etree.SubElement(element, _q("UsagePoint"))
        _sub(usage_point, "mRID", reading.usage_point_mrid)
        _build_names(usage_point, reading.usage_point_names, with_authority=False)
    _build_interval(
        element, "valuesInterval", reading.values_interval_start, reading.values_interval_end
    )


def _build_status(element: etree._Element, status: Status) -> None:
    if status.date_time is not None:
        _sub(element, "dateTime", format_datetime(status.date_time))
    _sub(element, "reason", status.reason)
    _sub(element, "remark", status.remark)
    _sub(element, "value", status.value)


def _build_reading_type(parent: etree._Element, reading_type: ReadingType) -> None:
    code = ReadingTypeCode.parse(reading_type.mrid)
    element = etree.SubElement(parent, _q("ReadingType"))
    _sub(element, "mRID", reading_type.mrid)
    for local, text in literal_fields(code):
        if local in ("argument", "interharmonic"):
            continue
        _sub(element, local, text)
    for local, numerator, denominator in (
        ("argument", code.argument_numerator, code.argument_denominator),
        ("interharmonic", code.interharmonic_numerator, code.interharmonic_denominator),
    ):
        if numerator or denominator:
            rational = etree.SubElement(element, _q(local))
            _sub(rational, "denominator", str(denominator))
            _sub(rational, "numerator", str(numerator))
    names = etree.SubElement(element, _q("Names"))
    _sub(names, "name", reading_type.name or code.describe())


def _build_quality_type(parent: etree._Element, mrid: str) -> None:
    code = ReadingQualityCode.parse(mrid)
    element = etree.SubElement(parent, _q("ReadingQualityType"))
    _sub(element, "mRID", mrid)
    _sub(element, "category", str(code.category))
    _sub(element, "subCategory", str(code.index))
    _sub(element, "systemId", str(code.system))
    names = etree.SubElement(element, _q("Names"))
    _sub(names, "name", code.describe())


def build_meter_readings(document: MeterReadings) -> etree._Element:
    """The ``MeterReadings`` element of ``document``; every referenced code is declared once."""
    root = etree.Element(_q("MeterReadings"), nsmap={"m": NAMESPACE})
    for index, reading in enumerate(document.meter_readings, start=1):
        _build_meter_reading(root, reading, f"/MeterReadings/MeterReading[{index}]")
    for mrid in _referenced_quality_types(document):
        _build_quality_type(root, mrid)
    declared = {reading_type.mrid: reading_type for reading_type in document.reading_types}
    for mrid in _referenced_reading_types(document):
        _build_reading_type(root, declared.get(mrid) or ReadingType(mrid=mrid))
    return root


def _referenced_reading_types(document: MeterReadings) -> list[str]:
    seen: dict[str, None] = {reading_type.mrid: None for reading_type in document.reading_types}
    for reading in document.meter_readings:
        for value in reading.readings:
            seen.setdefault(value.reading_type, None)
        for block in reading.interval_blocks:
            seen.setdefault(block.reading_type, None)
    return list(seen)


def _referenced_quality_types(document: MeterReadings) -> list[str]:
    seen: dict[str, None] = {}
    for reading in document.meter_readings:
        for value in reading.readings:
            for quality in value.reading_qualities:
                seen.setdefault(quality.reading_quality_type, None)
        for block in reading.interval_blocks:
            for interval in block.interval_readings:
                for quality in interval.reading_qualities:
                    seen.setdefault(quality.reading_quality_type, None)
    return list(seen)


# --- reading

_Index = dict[str, list[etree._Element]]
_PREFIX = "{" + NAMESPACE + "}"


def _index(element: etree._Element | None) -> _Index:
    """Children of ``element`` in the profile namespace, grouped by local name, in one pass."""
    found: _Index = {}
    if element is None:
        return found
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag.startswith(_PREFIX):
            found.setdefault(tag[len(_PREFIX) :], []).append(child)
    return found


def _first(index: _Index, local: str) -> etree._Element | None:
    children = index.get(local)
    return children[0] if children else None


def _text(index: _Index, local: str) -> str | None:
    child = _first(index, local)
    return None if child is None else (child.text or "").strip()


def _datetime(index: _Index, local: str, where: str) -> datetime | None:
    text = _text(index, local)
    return parse_datetime(text, where=f"{where}/{local}") if text else None


def _read_names(index: _Index) -> list[Name]:
    names = []
    for name in index.get("Names", ()):
        parts = _index(name)
        name_type = _index(_first(parts, "NameType"))
        authority = _index(_first(name_type, "NameTypeAuthority"))
        names.append(
            Name(
                name=_text(parts, "name") or "",
                name_type=_text(name_type, "name") if name_type else None,
                authority=_text(authority, "name") if authority else None,
            )
        )
    return names


def _read_qualities(index: _Index, where: str) -> list[ReadingQuality]:
    qualities = []
    for number, quality in enumerate(index.get("ReadingQualities", ()), start=1):
        parts = _index(quality)
        ref = _first(parts, "ReadingQualityType")
        path = f"{where}/ReadingQualities[{number}]"
        if ref is None or not ref.get("ref"):
            raise MessageFormatError(
                "ReadingQuality has no ReadingQualityType ref", xpath=f"{path}/ReadingQualityType"
            )
        qualities.append(
            ReadingQuality(
                reading_quality_type=str(ref.get("ref")),
                comment=_text(parts, "comment"),
                source=_text(parts, "source"),
                time_stamp=_datetime(parts, "timeStamp", path),
            )
        )
    return qualities


def _value(index: _Index, where: str) -> Decimal | None:
    text = _text(index, "value")
    return parse_decimal(text, where=f"{where}/value") if text else None


def _ref(index: _Index, where: str, codes: dict[str, str]) -> str:
    ref_element = _first(index, "ReadingType")
    ref = ref_element.get("ref") if ref_element is not None else None
    if not ref:
        raise MessageFormatError("reading has no ReadingType ref", xpath=f"{where}/ReadingType")
    if ref in codes:
        return codes[ref]
    try:
        return str(ReadingTypeCode.parse(ref))
    except MappingError:
        raise MappingError(
            f"ReadingType {ref!r} is neither a ReadingType code nor declared in the document",
            xpath=f"{where}/ReadingType",
        ) from None


def _read_reading(element: etree._Element, where: str, codes: dict[str, str]) -> Reading:
    parts = _index(element)
    period = _index(_first(parts, "timePeriod"))
    return Reading(
        reading_type=_ref(parts, where, codes),
        value=_value(parts, where),
        time_stamp=_datetime(parts, "timeStamp", where),
        reading_qualities=_read_qualities(parts, where),
        reason=_text(parts, "reason"),
        reported_date_time=_datetime(parts, "reportedDateTime", where),
        source=_text(parts, "source"),
        time_period_start=_datetime(period, "start", f"{where}/timePeriod"),
        time_period_end=_datetime(period, "end", f"{where}/timePeriod"),
    )


def _read_block(element: etree._Element, where: str, codes: dict[str, str]) -> IntervalBlock:
    parts = _index(element)
    readings = []
    for number, item in enumerate(parts.get("IntervalReadings", ()), start=1):
        path = f"{where}/IntervalReadings[{number}]"
        fields = _index(item)
        readings.append(
            IntervalReading(
                value=_value(fields, path),
                time_stamp=_datetime(fields, "timeStamp", path),
                reading_qualities=_read_qualities(fields, path),
            )
        )
    return IntervalBlock(
        reading_type=_ref(parts, where, codes),
        interval_readings=readings,
        pending_calculation=_read_pending(_first(parts, "PendingCalculation"), where, codes),
    )


def _read_pending(
    element: etree._Element | None, where: str, codes: dict[str, str]
) -> PendingCalculation | None:
    if element is None:
        return None
    path = f"{where}/PendingCalculation"
    parts = _index(element)
    integers: dict[str, int] = {}
    for local in ("offset", "scalarDenominator", "scalarNumerator"):
        text = _text(parts, local)
        if text:
            try:
                integers[local] = int(text)
            except ValueError:
                raise MappingError(f"not an integer: {text!r}", xpath=f"{path}/{local}") from None
    before = _text(parts, "multiplyBeforeAdd")
    scalar = _text(parts, "scalarFloat")
    return PendingCalculation(
        multiply_before_add=parse_boolean(before, where=f"{path}/multiplyBeforeAdd")
        if before
        else None,
        offset=integers.get("offset"),
        scalar_denominator=integers.get("scalarDenominator"),
        scalar_float=parse_decimal(scalar, where=f"{path}/scalarFloat") if scalar else None,
        scalar_numerator=integers.get("scalarNumerator"),
        reading_type=_ref(parts, path, codes) if _first(parts, "ReadingType") is not None else None,
    )


def _read_meter_reading(element: etree._Element, where: str, codes: dict[str, str]) -> MeterReading:
    parts = _index(element)
    meter = _index(_first(parts, "Meter"))
    usage_point = _index(_first(parts, "UsagePoint"))
    interval = _index(_first(parts, "valuesInterval"))
    status_element = _first(meter, "status")
    status = _index(status_element)
    trigger = _text(parts, "isCoincidentTrigger")
    return MeterReading(
        meter_mrid=_text(meter, "mRID"),
        meter_names=_read_names(meter),
        meter_status=Status(
            value=_text(status, "value") or "",
            date_time=_datetime(status, "dateTime", f"{where}/Meter/status"),
            reason=_text(status, "reason"),
            remark=_text(status, "remark"),
        )
        if status_element is not None
        else None,
        usage_point_mrid=_text(usage_point, "mRID"),
        usage_point_names=_read_names(usage_point),
        readings=[
            _read_reading(item, f"{where}/Readings[{number}]", codes)
            for number, item in enumerate(parts.get("Readings", ()), start=1)
        ],
        interval_blocks=[
            _read_block(item, f"{where}/IntervalBlocks[{number}]", codes)
            for number, item in enumerate(parts.get("IntervalBlocks", ()), start=1)
        ],
        values_interval_start=_datetime(interval, "start", f"{where}/valuesInterval"),
        values_interval_end=_datetime(interval, "end", f"{where}/valuesInterval"),
        is_coincident_trigger=parse_boolean(trigger, where=f"{where}/isCoincidentTrigger")
        if trigger
        else None,
    )


def _read_reading_types(root: etree._Element) -> tuple[list[ReadingType], dict[str, str]]:
    """Declared ReadingTypes and a map from each declared mRID to its 18-field code."""
    reading_types = []
    codes: dict[str, str] = {}
    for index, element in enumerate(root.iterchildren(_q("ReadingType")), start=1):
        parts = _index(element)
        mrid = _text(parts, "mRID") or ""
        names = _first(parts, "Names")
        name = _text(_index(names), "name") if names is not None else None
        try:
            code = str(ReadingTypeCode.parse(mrid))
        except MappingError:
            fields = {
                f"{ns.local_name(child.tag)}/{ns.local_name(part.tag)}"
                if part is not child
                else ns.local_name(child.tag): (part.text or "").strip()
                for child in element
                if isinstance(child.tag, str)
                for part in (list(child) or [child])
                if isinstance(part.tag, str)
            }
            code = str(code_from_literals(fields, where=f"/MeterReadings/ReadingType[{index}]"))
        codes[mrid] = code
        reading_types.append(ReadingType(mrid=code, name=name))
    return reading_types, codes


def read_meter_readings(root: etree._Element) -> MeterReadings:
    """The pivot of a ``MeterReadings`` element of the 2013 edition."""
    if root.tag != _q("MeterReadings"):
        raise MessageFormatError(
            f"expected MeterReadings in {NAMESPACE!r}, got {root.tag!r}", xpath="/MeterReadings"
        )
    reading_types, codes = _read_reading_types(root)
    return MeterReadings(
        meter_readings=[
            _read_meter_reading(element, f"/MeterReadings/MeterReading[{index}]", codes)
            for index, element in enumerate(root.iterchildren(_q("MeterReading")), start=1)
        ],
        reading_types=reading_types,
    )


CODEC = register_payload(
    PayloadCodec(
        noun="MeterReadings",
        edition=Edition.CIM2013,
        tag=f"{{{NAMESPACE}}}MeterReadings",
        read=read_meter_readings,
        write=build_meter_readings,
        official_schema="iec61968-9-2011/MeterReadings.xsd",
    )
)
"""The 2013 MeterReadings payload in the registry."""
