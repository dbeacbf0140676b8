"""The 18-field ReadingType code of IEC 61968-9 Annex C, parsed into and printed from a dataclass.

A ReadingType code is 18 dot-separated decimal integers::

    macroPeriod.aggregate.measuringPeriod.accumulation.flowDirection.commodity.measurementKind.
    interharmonicNumerator.interharmonicDenominator.argumentNumerator.argumentDenominator.
    tou.cpp.consumptionTier.phases.multiplier.unit.currency

e.g. ``0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0`` is a forward, bulk register of secondary-metered
electric energy in kWh. Parsing is strict (every coded field must hold a known code) and cached,
because bulk meter-reading messages repeat the same few codes thousands of times.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, Final

from mspcim.cim.coded_enum import CodedEnum
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

__all__ = ["FIELD_NAMES", "ReadingTypeCode"]

_ENUM_FIELDS: Final[dict[str, type[CodedEnum]]] = {
    "macro_period": MacroPeriodKind,
    "aggregate": AggregateKind,
    "measuring_period": MeasuringPeriodKind,
    "accumulation": AccumulationKind,
    "flow_direction": FlowDirectionKind,
    "commodity": CommodityKind,
    "measurement_kind": MeasurementKind,
    "phases": PhaseCode,
    "multiplier": UnitMultiplier,
    "unit": UnitSymbol,
    "currency": Currency,
}


@dataclass(frozen=True, slots=True)
class ReadingTypeCode:
    """One ReadingType code: 18 fields, coded ones as enums, the rest as non-negative ints.

    Integers given for coded fields are converted to their enum (``MappingError`` when unknown),
    so ``ReadingTypeCode(unit=72)`` equals ``ReadingTypeCode(unit=UnitSymbol.WATTHOUR)``.
    """

    macro_period: MacroPeriodKind = MacroPeriodKind.NOTAPPLICABLE
    aggregate: AggregateKind = AggregateKind.NOTAPPLICABLE
    measuring_period: MeasuringPeriodKind = MeasuringPeriodKind.NOTAPPLICABLE
    accumulation: AccumulationKind = AccumulationKind.NOTAPPLICABLE
    flow_direction: FlowDirectionKind = FlowDirectionKind.NOTAPPLICABLE
    commodity: CommodityKind = CommodityKind.NOTAPPLICABLE
    measurement_kind: MeasurementKind = MeasurementKind.NOTAPPLICABLE
    interharmonic_numerator: int = 0
    interharmonic_denominator: int = 0
    argument_numerator: int = 0
    argument_denominator: int = 0
    tou: int = 0
    cpp: int = 0
    consumption_tier: int = 0
    phases: PhaseCode = PhaseCode.NOTAPPLICABLE
    multiplier: UnitMultiplier = UnitMultiplier.ZERO
    unit: UnitSymbol = UnitSymbol.NOTAPPLICABLE
    currency: Currency = Currency.NONE

    def __post_init__(self) -> None:
        """Turn integer codes into enum members and refuse unknown codes or negative counts."""
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            enum_type = _ENUM_FIELDS.get(field.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise MappingError(
                    f"ReadingType code field {field.name!r} must be an integer, got {value!r}"
                )
            if enum_type is None:
                if value < 0:
                    raise MappingError(
                        f"ReadingType code field {field.name!r} must not be negative, got {value}"
                    )
            elif type(value) is not enum_type:
                if isinstance(value, Enum):
                    raise TypeError(
                        f"ReadingType code field {field.name!r} takes a {enum_type.__name__}, "
                        f"not a {type(value).__name__}"
                    )
                object.__setattr__(self, field.name, _member(enum_type, field.name, value))

    @classmethod
    def parse(cls, text: str) -> ReadingTypeCode:
        """Parse the dotted 18-field form; ``MappingError`` names the first field at fault."""
        return _parse_cached(text.strip())

    @property
    def text(self) -> str:
        """The dotted 18-field form, e.g. ``0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0``."""
        return ".".join(str(int(getattr(self, name))) for name in FIELD_NAMES)

    def __str__(self) -> str:
        """The dotted 18-field form, as ``text``."""
        return self.text

    @property
    def unit_text(self) -> str:
        """The multiplier and unit as one symbol, e.g. ``kWh``; ``none`` when there is neither.

        A multiplier without a unit (a dimensionless ratio) is written as a power of ten,
        e.g. ``10^-2`` for percent.
        """
        if self.multiplier is UnitMultiplier.ZERO:
            return self.unit.literal
        if self.unit is UnitSymbol.NOTAPPLICABLE:
            return f"10^{int(self.multiplier)}"
        return f"{self.multiplier.literal}{self.unit.literal}"

    def describe(self) -> str:
        """A human label from the CIM literals of the fields that are set.

        E.g. ``bulkQuantity forward electricitySecondaryMetered energy kWh``; ``none`` when no
        field is set. Used in documentation, gap reports and the demo.
        """
        words = [
            member.literal
            for member in (
                self.macro_period,
                self.aggregate,
                self.measuring_period,
                self.accumulation,
                self.flow_direction,
                self.commodity,
                self.measurement_kind,
            )
            if member != 0
        ]
        if self.interharmonic_numerator or self.interharmonic_denominator:
            words.append(
                f"interharmonic {self.interharmonic_numerator}/{self.interharmonic_denominator}"
            )
        if self.argument_numerator or self.argument_denominator:
            words.append(f"argument {self.argument_numerator}/{self.argument_denominator}")
        for label, number in (
            ("tou", self.tou),
            ("cpp", self.cpp),
            ("tier", self.consumption_tier),
        ):
            if number:
                words.append(f"{label} {number}")
        if self.phases is not PhaseCode.NOTAPPLICABLE:
            words.append(f"phases {self.phases.literal}")
        if self.unit is not UnitSymbol.NOTAPPLICABLE or self.multiplier is not UnitMultiplier.ZERO:
            words.append(self.unit_text)
        if self.currency is not Currency.NONE:
            words.append(self.currency.literal)
        return " ".join(words) or "none"

    def replace(self, **changes: Any) -> ReadingTypeCode:
        """A copy with some fields changed (ints are accepted for coded fields)."""
        return dataclasses.replace(self, **changes)


FIELD_NAMES: Final[tuple[str, ...]] = tuple(f.name for f in dataclasses.fields(ReadingTypeCode))
"""The 18 field names in code order."""


def _member(enum_type: type[CodedEnum], field_name: str, code: int) -> CodedEnum:
    """The member of ``enum_type`` for ``code``, or a ``MappingError`` naming the field."""
    try:
        return enum_type(code)
    except ValueError:
        raise MappingError(
            f"ReadingType code field {field_name!r} has unknown value {code}"
        ) from None


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> ReadingTypeCode:
    """Parse a stripped dotted code; cached because the same codes recur in bulk messages."""
    parts = text.split(".")
    if len(parts) != len(FIELD_NAMES):
        raise MappingError(
            f"ReadingType code {text!r} has {len(parts)} fields; "
            f"{len(FIELD_NAMES)} dot-separated integers are required"
        )
    values: dict[str, Any] = {}
    for name, part in zip(FIELD_NAMES, parts, strict=True):
        digits = part[1:] if name == "multiplier" and part.startswith("-") else part
        if not (digits.isascii() and digits.isdigit()):
            raise MappingError(
                f"ReadingType code field {name!r} is not a decimal integer: {part!r}"
            )
        values[name] = int(part)
    return ReadingTypeCode(**values)
