"""The schema of IEC 61968-9:2009 MeterReadings, declared as dataclasses, and its code tables.

The official first-edition schema has no targetNamespace; these dataclasses mirror its complex
types field by field (order = the schema's sequences, hence ``kw_only``) and ``BINDING`` reads and
writes them in the project's namespace ``http://iec.ch/TC57/2009/MeterReadings#``. The tables
``KINDS``, ``MULTIPLIERS`` and ``UNITS`` say which fields of the 18-field ReadingType code the
edition's ``kind``, ``multiplier`` and ``unit`` enumerations can express.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.reading_type_kinds import MeasurementKind, UnitMultiplier, UnitSymbol
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING",
    "KINDS",
    "KIND_CODES",
    "MULTIPLIERS",
    "MULTIPLIER_CODES",
    "NAMESPACE",
    "UNITS",
    "UNITS_WITHOUT_CODE",
    "UNIT_CODES",
    "IntervalBlock",
    "IntervalBlocks",
    "IntervalReading",
    "IntervalReadings",
    "Meter",
    "MeterReading",
    "MeterReadings",
    "Multiplier",
    "Reading",
    "ReadingKind",
    "ReadingQualities",
    "ReadingQuality",
    "ReadingType",
    "ReadingTypeRef",
    "ReadingTypes",
    "Readings",
    "Status",
    "Unit",
    "UsagePoint",
]

NAMESPACE = ns.METER_READINGS_2009

# --- the first edition's enumerations and their tables


class ReadingKind(StrEnum):
    """The first edition's ``kind`` of a ReadingType."""

    CURRENT = "current"
    CURRENT_ANGLE = "currentAngle"
    DATE = "date"
    DEMAND = "demand"
    ENERGY = "energy"
    OTHER = "other"
    PHASE_ANGLE = "phaseAngle"
    POWER = "power"
    POWER_FACTOR = "powerFactor"
    PRESSURE = "pressure"
    TIME = "time"
    VOLTAGE = "voltage"
    VOLTAGE_ANGLE = "voltageAngle"
    VOLUME = "volume"


class Multiplier(StrEnum):
    """The first edition's unit ``multiplier``."""

    GIGA = "G"
    MEGA = "M"
    TERA = "T"
    CENTI = "c"
    DECI = "d"
    KILO = "k"
    MILLI = "m"
    MICRO = "micro"
    NANO = "n"
    NONE = "none"
    PICO = "p"


class Unit(StrEnum):
    """The first edition's ``unit`` (degrees Celsius spelt as that schema spells it)."""

    A = "A"
    F = "F"
    H = "H"
    HZ = "Hz"
    PER_HZ = "Hz-1"
    J = "J"
    J_PER_S = "J/s"
    N = "N"
    PA = "Pa"
    S = "S"
    V = "V"
    V_PER_VAR = "V/VAr"
    VA = "VA"
    VAH = "VAh"
    VAR = "VAr"
    VARH = "VArh"
    W = "W"
    W_PER_HZ = "W/Hz"
    W_PER_S = "W/s"
    WH = "Wh"
    DEG = "deg"
    G = "g"
    HOUR = "h"
    KG_PER_J = "kg/J"
    M = "m"
    M2 = "m2"
    M3 = "m3"
    MIN = "min"
    NONE = "none"
    OHM = "ohm"
    RAD = "rad"
    SECOND = "s"
    PER_SECOND = "s-1"
    DEGREES_CELSIUS = "\u00c2\u00baC"
    """The schema lists ``ºC`` mis-encoded (UTF-8 read as Latin-1); valid documents must match."""


KINDS: Final[dict[MeasurementKind, ReadingKind]] = {
    MeasurementKind.CURRENT: ReadingKind.CURRENT,
    MeasurementKind.CURRENTANGLE: ReadingKind.CURRENT_ANGLE,
    MeasurementKind.DATE: ReadingKind.DATE,
    MeasurementKind.DEMAND: ReadingKind.DEMAND,
    MeasurementKind.ENERGY: ReadingKind.ENERGY,
    MeasurementKind.POWER: ReadingKind.POWER,
    MeasurementKind.POWERFACTOR: ReadingKind.POWER_FACTOR,
    MeasurementKind.RMSVOLTAGE: ReadingKind.VOLTAGE,
    MeasurementKind.VOLTAGEANGLE: ReadingKind.VOLTAGE_ANGLE,
    MeasurementKind.VOLUME: ReadingKind.VOLUME,
}
"""Measurement kinds (code field 7) with a first-edition ``kind``; every other one is ``other``
(``measurementKind`` keeps its literal, the mRID the whole code)."""

MULTIPLIERS: Final[dict[UnitMultiplier, Multiplier]] = {
    UnitMultiplier.PICO: Multiplier.PICO,
    UnitMultiplier.NANO: Multiplier.NANO,
    UnitMultiplier.MICRO: Multiplier.MICRO,
    UnitMultiplier.MILLI: Multiplier.MILLI,
    UnitMultiplier.CENTI: Multiplier.CENTI,
    UnitMultiplier.DECI: Multiplier.DECI,
    UnitMultiplier.ZERO: Multiplier.NONE,
    UnitMultiplier.KILO: Multiplier.KILO,
    UnitMultiplier.MEGA: Multiplier.MEGA,
    UnitMultiplier.GIGA: Multiplier.GIGA,
    UnitMultiplier.TERA: Multiplier.TERA,
}
"""Code multipliers (field 16) the first edition can write; the others are written ``none``."""

UNITS: Final[dict[UnitSymbol, Unit]] = {
    UnitSymbol.AMPERE: Unit.A,
    UnitSymbol.FARAD: Unit.F,
    UnitSymbol.HENRY: Unit.H,
    UnitSymbol.HERTZ: Unit.HZ,
    UnitSymbol.JOULE: Unit.J,
    UnitSymbol.NEWTON: Unit.N,
    UnitSymbol.PASCAL: Unit.PA,
    UnitSymbol.SIEMENS: Unit.S,
    UnitSymbol.VOLT: Unit.V,
    UnitSymbol.VOLTAMPERE: Unit.VA,
    UnitSymbol.VOLTAMPEREHOUR: Unit.VAH,
    UnitSymbol.VOLTAMPEREREACTIVE: Unit.VAR,
    UnitSymbol.VOLTAMPEREREACTIVEHOUR: Unit.VARH,
    UnitSymbol.WATT: Unit.W,
    UnitSymbol.WATTPERSECOND: Unit.W_PER_S,
    UnitSymbol.WATTHOUR: Unit.WH,
    UnitSymbol.DEGREES: Unit.DEG,
    UnitSymbol.GRAM: Unit.G,
    UnitSymbol.HOUR: Unit.HOUR,
    UnitSymbol.METER: Unit.M,
    UnitSymbol.SQUAREMETER: Unit.M2,
    UnitSymbol.CUBICMETER: Unit.M3,
    UnitSymbol.MINUTE: Unit.MIN,
    UnitSymbol.NOTAPPLICABLE: Unit.NONE,
    UnitSymbol.OHM: Unit.OHM,
    UnitSymbol.RADIAN: Unit.RAD,
    UnitSymbol.SECOND: Unit.SECOND,
    UnitSymbol.DEGREESCELSIUS: Unit.DEGREES_CELSIUS,
}
"""Code units (field 17) the first edition can write; the others are written ``none``."""

UNITS_WITHOUT_CODE: Final[dict[Unit, UnitSymbol | None]] = {
    Unit.J_PER_S: UnitSymbol.WATT,
    Unit.PER_SECOND: UnitSymbol.HERTZ,
    Unit.PER_HZ: None,
    Unit.V_PER_VAR: None,
    Unit.W_PER_HZ: None,
    Unit.KG_PER_J: None,
}
"""First-edition units outside ``UNITS``: read as the same quantity's code, or not at all (None)."""

UNIT_CODES: Final[dict[Unit, UnitSymbol]] = {
    # first-edition unit → code unit, for ReadingTypes whose mRID is not a code
    **{unit: symbol for symbol, unit in UNITS.items()},
    **{unit: symbol for unit, symbol in UNITS_WITHOUT_CODE.items() if symbol is not None},
}
MULTIPLIER_CODES: Final[dict[Multiplier, UnitMultiplier]] = {
    literal: code for code, literal in MULTIPLIERS.items()
}
KIND_CODES: Final[dict[ReadingKind, MeasurementKind]] = {
    literal: code for code, literal in KINDS.items()
}


# --- the schema, as dataclasses


@dataclass(slots=True, kw_only=True)
class ReadingTypeRef:
    """ReadingTypeRef: a reference to a ReadingType by its mRID."""

    ref: str | None = field(default=None, metadata=xml("@ref"))


@dataclass(slots=True, kw_only=True)
class ReadingQuality:
    """ReadingQuality: the quality code spelled out as systemId, category and subCategory."""

    mrid: str = field(metadata=xml("mRID"))
    name: str = field(metadata=xml("name"))
    system_id: int = field(metadata=xml("systemId"))
    category: int = field(metadata=xml("category"))
    sub_category: int = field(metadata=xml("subCategory"))


@dataclass(slots=True, kw_only=True)
class ReadingQualities:
    """ReadingQualities: the qualities of one reading."""

    reading_quality: list[ReadingQuality] = field(
        default_factory=list, metadata=xml("ReadingQuality")
    )


@dataclass(slots=True, kw_only=True)
class IntervalReading:
    """IntervalReading: one value of an interval block."""

    mrid: str = field(metadata=xml("mRID"))
    name: str = field(metadata=xml("name"))
    time_stamp: datetime = field(metadata=xml("timeStamp"))
    value: str = field(metadata={"xml": "value", "xsd": "xs:float"})
    reading_qualities: ReadingQualities | None = field(
        default=None, metadata=xml("ReadingQualities")
    )


@dataclass(slots=True, kw_only=True)
class IntervalReadings:
    """IntervalReadings: the values of one block."""

    interval_reading: list[IntervalReading] = field(
        default_factory=list, metadata=xml("IntervalReading")
    )


@dataclass(slots=True, kw_only=True)
class IntervalBlock:
    """IntervalBlock: interval readings of one ReadingType."""

    interval_readings: IntervalReadings | None = field(
        default=None, metadata=xml("IntervalReadings")
    )
    reading_type: ReadingTypeRef = field(metadata=xml("ReadingType"))


@dataclass(slots=True, kw_only=True)
class IntervalBlocks:
    """IntervalBlocks: the blocks of one MeterReading (and values of no block, which are lost)."""

    interval_block: list[IntervalBlock] = field(default_factory=list, metadata=xml("IntervalBlock"))
    interval_readings: IntervalReadings | None = field(
        default=None, metadata=xml("IntervalReadings")
    )


@dataclass(slots=True, kw_only=True)
class Reading:
    """Reading: one value of one ReadingType at one time."""

    mrid: str = field(metadata=xml("mRID"))
    name: str = field(metadata=xml("name"))
    time_stamp: datetime = field(metadata=xml("timeStamp"))
    value: str = field(metadata={"xml": "value", "xsd": "xs:float"})
    reading_qualities: ReadingQualities | None = field(
        default=None, metadata=xml("ReadingQualities")
    )
    reading_type: ReadingTypeRef = field(metadata=xml("ReadingType"))


@dataclass(slots=True, kw_only=True)
class Readings:
    """Readings: the register readings of one MeterReading."""

    reading: list[Reading] = field(default_factory=list, metadata=xml("Reading"))


@dataclass(slots=True, kw_only=True)
class Status:
    """Status of the meter."""

    date_time: datetime | None = field(default=None, metadata=xml("dateTime"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    value: str = field(metadata=xml("value"))


@dataclass(slots=True, kw_only=True)
class Meter:
    """Meter: the meter read (mRID, name and serialNumber are required)."""

    mrid: str = field(metadata=xml("mRID"))
    name: str = field(metadata=xml("name"))
    status: Status | None = field(default=None, metadata=xml("status"))
    serial_number: str = field(metadata=xml("serialNumber"))


@dataclass(slots=True, kw_only=True)
class UsagePoint:
    """UsagePoint: where the meter is installed (its mRID is required)."""

    mrid: str = field(metadata=xml("mRID"))


@dataclass(slots=True, kw_only=True)
class MeterReading:
    """MeterReading: the readings of one meter."""

    mrid: str = field(metadata=xml("mRID"))
    name: str = field(metadata=xml("name"))
    interval_blocks: IntervalBlocks | None = field(default=None, metadata=xml("IntervalBlocks"))
    readings: Readings | None = field(default=None, metadata=xml("Readings"))
    meter: Meter = field(metadata=xml("Meter"))
    usage_point: UsagePoint = field(metadata=xml("UsagePoint"))


@dataclass(slots=True, kw_only=True)
class ReadingType:
    """ReadingType: the code as mRID, and its first-edition description."""

    mrid: str = field(metadata=xml("mRID"))
    name: str = field(metadata=xml("name"))
    flow_direction: str = field(metadata=xml("flowDirection"))
    measurement_kind: str = field(metadata=xml("measurementKind"))
    kind: ReadingKind = field(metadata=xml("kind"))
    multiplier: Multiplier = field(metadata=xml("multiplier"))
    unit: Unit = field(metadata=xml("unit"))


@dataclass(slots=True, kw_only=True)
class ReadingTypes:
    """ReadingTypes: every ReadingType the document refers to."""

    reading_type: list[ReadingType] = field(default_factory=list, metadata=xml("ReadingType"))


@dataclass(slots=True, kw_only=True)
class MeterReadings:
    """MeterReadings: the first-edition profile document."""

    meter_reading: list[MeterReading] = field(default_factory=list, metadata=xml("MeterReading"))
    reading_types: ReadingTypes | None = field(default=None, metadata=xml("ReadingTypes"))


BINDING = Binding(NAMESPACE, prefix="m")
"""Reads, writes and describes the dataclasses above in the project's 2009 namespace."""
