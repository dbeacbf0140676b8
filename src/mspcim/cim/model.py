"""The edition-neutral pivot: CIM classes of the IEC 61968-9 MeterReadings profile.

Every translation passes through these dataclasses. They name CIM classes and attributes
(snake_case) and hold values already decoded (``datetime``, ``Decimal``); edition-specific
readers and writers (2009, 2013) turn them into and out of XML. ``xml`` metadata on a field
gives the attribute's name in CIM XML, used by the gap report and the rendered mapping tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from mspcim.fieldmeta import xml


@dataclass(slots=True)
class Name:
    """CIM Name: one of the identifiers an object has in some system (``Names``)."""

    name: str = field(metadata=xml("name"))
    name_type: str | None = field(default=None, metadata=xml("NameType/name"))
    authority: str | None = field(default=None, metadata=xml("NameType/NameTypeAuthority/name"))


@dataclass(slots=True)
class Status:
    """CIM Status of an asset (Meter.status)."""

    value: str = field(metadata=xml("value"))
    date_time: datetime | None = field(default=None, metadata=xml("dateTime"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    remark: str | None = field(default=None, metadata=xml("remark"))


@dataclass(slots=True)
class ReadingQuality:
    """CIM ReadingQuality: a quality flag ``system.category.index`` attached to one reading."""

    reading_quality_type: str = field(metadata=xml("ReadingQualityType/@ref"))
    comment: str | None = field(default=None, metadata=xml("comment"))
    source: str | None = field(default=None, metadata=xml("source"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))


@dataclass(slots=True)
class Reading:
    """CIM Reading: one value of one ReadingType at one time."""

    reading_type: str = field(metadata=xml("ReadingType/@ref"))
    """The 18-field ReadingType code (its mRID)."""
    value: Decimal | None = field(default=None, metadata=xml("value"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))
    reading_qualities: list[ReadingQuality] = field(
        default_factory=list, metadata=xml("ReadingQualities")
    )
    reason: str | None = field(default=None, metadata=xml("reason"))
    reported_date_time: datetime | None = field(default=None, metadata=xml("reportedDateTime"))
    source: str | None = field(default=None, metadata=xml("source"))
    time_period_start: datetime | None = field(default=None, metadata=xml("timePeriod/start"))
    time_period_end: datetime | None = field(default=None, metadata=xml("timePeriod/end"))


@dataclass(slots=True)
class IntervalReading:
    """CIM IntervalReading: one value of an interval block."""

    value: Decimal | None = field(default=None, metadata=xml("value"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))
    reading_qualities: list[ReadingQuality] = field(
        default_factory=list, metadata=xml("ReadingQualities")
    )


@dataclass(slots=True)
class PendingCalculation:
    """CIM PendingCalculation: a conversion still to apply to every value of an IntervalBlock."""

    multiply_before_add: bool | None = field(default=None, metadata=xml("multiplyBeforeAdd"))
    offset: int | None = field(default=None, metadata=xml("offset"))
    scalar_denominator: int | None = field(default=None, metadata=xml("scalarDenominator"))
    scalar_float: Decimal | None = field(default=None, metadata=xml("scalarFloat"))
    scalar_numerator: int | None = field(default=None, metadata=xml("scalarNumerator"))
    reading_type: str | None = field(default=None, metadata=xml("ReadingType/@ref"))
    """The ReadingType the values have once converted."""


@dataclass(slots=True)
class IntervalBlock:
    """CIM IntervalBlock: interval readings sharing one ReadingType."""

    reading_type: str = field(metadata=xml("ReadingType/@ref"))
    interval_readings: list[IntervalReading] = field(
        default_factory=list, metadata=xml("IntervalReadings")
    )
    pending_calculation: PendingCalculation | None = field(
        default=None, metadata=xml("PendingCalculation")
    )


@dataclass(slots=True)
class MeterReading:
    """CIM MeterReading: the readings taken from one meter."""

    meter_mrid: str | None = field(default=None, metadata=xml("Meter/mRID"))
    meter_names: list[Name] = field(default_factory=list, metadata=xml("Meter/Names"))
    meter_status: Status | None = field(default=None, metadata=xml("Meter/status"))
    usage_point_mrid: str | None = field(default=None, metadata=xml("UsagePoint/mRID"))
    usage_point_names: list[Name] = field(default_factory=list, metadata=xml("UsagePoint/Names"))
    readings: list[Reading] = field(default_factory=list, metadata=xml("Readings"))
    interval_blocks: list[IntervalBlock] = field(
        default_factory=list, metadata=xml("IntervalBlocks")
    )
    values_interval_start: datetime | None = field(
        default=None, metadata=xml("valuesInterval/start")
    )
    values_interval_end: datetime | None = field(default=None, metadata=xml("valuesInterval/end"))
    is_coincident_trigger: bool | None = field(default=None, metadata=xml("isCoincidentTrigger"))

    def meter_name(self, name_type: str | None = None) -> str | None:
        """First Meter name of ``name_type`` (any type when None)."""
        for name in self.meter_names:
            if name_type is None or name.name_type == name_type:
                return name.name
        return None


@dataclass(slots=True)
class ReadingType:
    """CIM ReadingType: the meaning of a value; its mRID is the 18-field dotted code."""

    mrid: str = field(metadata=xml("mRID"))
    name: str | None = field(default=None, metadata=xml("Names/name"))


@dataclass(slots=True)
class MeterReadings:
    """The MeterReadings profile document: readings plus the ReadingTypes they refer to."""

    meter_readings: list[MeterReading] = field(default_factory=list, metadata=xml("MeterReading"))
    reading_types: list[ReadingType] = field(default_factory=list, metadata=xml("ReadingType"))

    def reading_type(self, mrid: str) -> ReadingType | None:
        """The ReadingType declared with ``mrid``, if any."""
        for reading_type in self.reading_types:
            if reading_type.mrid == mrid:
                return reading_type
        return None
