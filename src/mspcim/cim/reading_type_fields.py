"""A ReadingType code as the separate CIM XML elements of the 2013 ReadingType class.

The 2013 MeterReadings profile spells a ReadingType out field by field (``accumulation``,
``unit`` …) beside its mRID. ``literal_fields`` writes those elements from a code, and
``code_from_literals`` rebuilds the code from them (literals or numbers), for peers whose
ReadingType mRIDs are not codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from mspcim.cim.coded_enum import CodedEnum
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_kinds import (
    AccumulationKind,
    AggregateKind,
    CommodityKind,
    Currency,
    FlowDirectionKind,
    MacroPeriodKind,
    MeasurementKind,
    MeasuringPeriodKind,
    PhaseCode,
    UnitMultiplier,
    UnitSymbol,
)
from mspcim.exceptions import MappingError

__all__ = ["XML_FIELDS", "code_from_literals", "literal_fields"]

XML_FIELDS: Final[tuple[tuple[str, str, type[CodedEnum] | None], ...]] = (
    ("accumulation", "accumulation", AccumulationKind),
    ("aggregate", "aggregate", AggregateKind),
    ("commodity", "commodity", CommodityKind),
    ("consumptionTier", "consumption_tier", None),
    ("cpp", "cpp", None),
    ("currency", "currency", Currency),
    ("flowDirection", "flow_direction", FlowDirectionKind),
    ("macroPeriod", "macro_period", MacroPeriodKind),
    ("measurementKind", "measurement_kind", MeasurementKind),
    ("measuringPeriod", "measuring_period", MeasuringPeriodKind),
    ("multiplier", "multiplier", UnitMultiplier),
    ("phases", "phases", PhaseCode),
    ("tou", "tou", None),
    ("unit", "unit", UnitSymbol),
)
"""(XML element, code field, enum or None for plain integers), in the schema's element order."""

_RATIONALS: Final = (
    ("argument", "argument_numerator", "argument_denominator"),
    ("interharmonic", "interharmonic_numerator", "interharmonic_denominator"),
)


def literal_fields(code: ReadingTypeCode) -> list[tuple[str, str | None]]:
    """(element, text) for every ReadingType element; None where the field is not applicable."""
    out: list[tuple[str, str | None]] = []
    for element, attribute, enum_type in XML_FIELDS:
        value = getattr(code, attribute)
        if enum_type is None:
            out.append((element, str(value) if value else None))
        else:
            out.append((element, value.literal if value else None))
    return out


def code_from_literals(fields: Mapping[str, str], *, where: str | None = None) -> ReadingTypeCode:
    """The code described by ReadingType elements (CIM literals or numeric codes)."""
    values: dict[str, object] = {}
    for element, attribute, enum_type in XML_FIELDS:
        text = (fields.get(element) or "").strip()
        if not text:
            continue
        try:
            if enum_type is None:
                values[attribute] = int(text)
            elif text.lstrip("-").isdigit():
                values[attribute] = enum_type.from_code(int(text))
            else:
                values[attribute] = enum_type.from_literal(text)
        except (MappingError, ValueError) as exc:
            raise MappingError(
                f"ReadingType/{element} {text!r} is not understood ({exc})",
                xpath=f"{where}/{element}" if where else None,
            ) from None
    for element, numerator, denominator in _RATIONALS:
        for suffix, attribute in (("numerator", numerator), ("denominator", denominator)):
            text = (fields.get(f"{element}/{suffix}") or "").strip()
            if text.isdigit():
                values[attribute] = int(text)
    if not values:
        raise MappingError(
            "ReadingType has neither a code as mRID nor any field to build one from", xpath=where
        )
    return ReadingTypeCode(**values)  # type: ignore[arg-type]
