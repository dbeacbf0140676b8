"""Profile MeterAssetReading (IEC 61968-9:2009), as mspcim declares it: meters with their readings.

IEC TS 61968-14 clause 8.16. The first edition's MeterAssetReading gives a meter asset together
with the readings taken from it; the second edition has no such profile (readings travel in
MeterReadings, the meter in MeterConfig), so both editions use the noun ``MeterAssetReading``
and the namespaces ``http://iec.ch/TC57/2011/MeterAssetReading#`` and
``http://iec.ch/TC57/2009/MeterAssetReading#``. The 2009 declaration renames Meter to
MeterAsset and UsagePoint to ServiceDeliveryPoint (``end_device_assets.RENAMES_2009``).

A Reading refers to its ReadingType by the 18-field code (mRID) and declares the ReadingType's
name beside it; qualities are ReadingQualityType codes ``system.category.index``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.end_device_assets import RENAMES_2009, ReadingType, UsagePoint
from mspcim.cim.identified_object import DateTimeInterval, Name
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "NAMESPACE_2009",
    "NAMESPACE_2013",
    "NOUN",
    "AssetReading",
    "AssetReadingQuality",
    "MeterAssetReading",
    "MeterReading",
    "ReadMeter",
]

NOUN: Final = "MeterAssetReading"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


@dataclass(slots=True, kw_only=True)
class AssetReadingQuality:
    """ReadingQuality: one quality of a reading, by ReadingQualityType code."""

    reading_quality_type: str = field(metadata=xml("ReadingQualityType"))
    comment: str | None = field(default=None, metadata=xml("comment"))
    source: str | None = field(default=None, metadata=xml("source"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))


@dataclass(slots=True, kw_only=True)
class AssetReading:
    """Reading: one value of one ReadingType at one time."""

    reason: str | None = field(default=None, metadata=xml("reason"))
    reported_date_time: datetime | None = field(default=None, metadata=xml("reportedDateTime"))
    source: str | None = field(default=None, metadata=xml("source"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))
    value: Decimal | None = field(default=None, metadata={"xml": "value", "xsd": "xs:float"})
    reading_qualities: list[AssetReadingQuality] = field(
        default_factory=list, metadata=xml("ReadingQualities")
    )
    reading_type: ReadingType = field(metadata=xml("ReadingType"))
    time_period: DateTimeInterval | None = field(default=None, metadata=xml("timePeriod"))


@dataclass(slots=True, kw_only=True)
class MeterReading:
    """MeterReading: a set of readings taken from the meter."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    readings: list[AssetReading] = field(default_factory=list, metadata=xml("Readings"))


@dataclass(slots=True, kw_only=True)
class ReadMeter:
    """Meter (2009: MeterAsset): the meter the readings were taken from."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    serial_number: str | None = field(default=None, metadata=xml("serialNumber"))
    end_device_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    meter_readings: list[MeterReading] = field(default_factory=list, metadata=xml("MeterReadings"))
    usage_point: UsagePoint | None = field(default=None, metadata=xml("UsagePoint"))


@dataclass(slots=True, kw_only=True)
class MeterAssetReading:
    """The profile document: meters, each with its readings."""

    meters: list[ReadMeter] = field(default_factory=list, metadata=xml("Meter"))


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 namespace of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009, renames=RENAMES_2009)
"""The first edition of the declared profile: first-edition class names."""

_DECLARED = "IEC 61968-9:{} MeterAssetReading profile as declared by mspcim (IEC TS 61968-14 8.16)"

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, MeterAssetReading, _DECLARED.format(2013)
)
"""The MeterAssetReading payload in the 2011 namespace, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, MeterAssetReading, _DECLARED.format(2009)
)
"""The 2009 MeterAssetReading payload, with the XSD the project declares."""
