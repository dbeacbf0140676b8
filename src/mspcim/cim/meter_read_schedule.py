"""The MeterReadSchedule profile of IEC 61968-9: when which meters are to be read.

The pivot mirrors ``iec61968-9-2011/MeterReadSchedule.xsd`` element for element, so the 2013
``Binding`` writes documents that validate against the official schema. The 2009 edition is
declared by the project (no public schema): the same classes in the 2009 namespace with the
first edition's names (``EndDeviceAsset``, ``ServiceDeliveryPoint``), its XSD emitted by
``Binding.xsd``.

The profile gives the schedule itself no identity; values a MultiSpeak schedule has and the
profile has no element for travel in the message (``properties``, written as Header/Property by
the message translations, never in the document).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Final

from lxml import etree

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.identified_object import DateTimeInterval, IdentifiedObject, Name
from mspcim.cim.message import MessageProperty
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "NOUN",
    "CustomerAccount",
    "CustomerAgreement",
    "EndDevice",
    "EndDeviceGroup",
    "MeterReadSchedule",
    "ReadingType",
    "TimePoint",
    "TimeSchedule",
    "UsagePoint",
    "UsagePointGroup",
]

NOUN: Final = "MeterReadSchedule"
_SECONDS = {"xsd": "xs:float"}
"""CIM ``Seconds`` is an xs:float; values stay exact Decimals in the pivot."""


def _seconds(name: str) -> dict[str, str]:
    return {"xml": name, **_SECONDS}


@dataclass(slots=True, kw_only=True)
class CustomerAccount(IdentifiedObject):
    """CustomerAccount whose meters the schedule reads."""


@dataclass(slots=True, kw_only=True)
class CustomerAgreement(IdentifiedObject):
    """CustomerAgreement whose meters the schedule reads."""


@dataclass(slots=True, kw_only=True)
class EndDevice:
    """EndDevice (a meter) to be read; the profile requires its mRID."""

    mrid: str = field(metadata=xml("mRID"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class EndDeviceGroup(IdentifiedObject):
    """EndDeviceGroup: a group of meters to be read."""


@dataclass(slots=True, kw_only=True)
class ReadingType(IdentifiedObject):
    """ReadingType to be read (its mRID is the 18-field code)."""


@dataclass(slots=True, kw_only=True)
class UsagePoint(IdentifiedObject):
    """UsagePoint whose meters the schedule reads."""


@dataclass(slots=True, kw_only=True)
class UsagePointGroup(IdentifiedObject):
    """UsagePointGroup whose meters the schedule reads."""


@dataclass(slots=True, kw_only=True)
class TimePoint:
    """TimePoint: one reading time, absolute or relative to the schedule's start."""

    date_time: datetime | None = field(default=None, metadata=xml("dateTime"))
    relative_time_interval: Decimal | None = field(
        default=None, metadata=_seconds("relativeTimeInterval")
    )
    sequence_number: int | None = field(default=None, metadata=xml("sequenceNumber"))
    window: DateTimeInterval | None = field(default=None, metadata=xml("window"))


@dataclass(slots=True, kw_only=True)
class TimeSchedule:
    """TimeSchedule: when reads happen (interval, recurrence, offset, explicit time points)."""

    disabled: bool | None = field(default=None, metadata=xml("disabled"))
    offset: Decimal | None = field(default=None, metadata=_seconds("offset"))
    recurrence_pattern: str | None = field(default=None, metadata=xml("recurrencePattern"))
    recurrence_period: Decimal | None = field(default=None, metadata=_seconds("recurrencePeriod"))
    schedule_interval: DateTimeInterval = field(
        default_factory=DateTimeInterval, metadata=xml("scheduleInterval")
    )
    time_points: list[TimePoint] = field(default_factory=list, metadata=xml("TimePoints"))


@dataclass(slots=True, kw_only=True)
class MeterReadSchedule:
    """The MeterReadSchedule document: a schedule and everything it reads."""

    customer_accounts: list[CustomerAccount] = field(
        default_factory=list, metadata=xml("CustomerAccount")
    )
    customer_agreements: list[CustomerAgreement] = field(
        default_factory=list, metadata=xml("CustomerAgreement")
    )
    end_devices: list[EndDevice] = field(default_factory=list, metadata=xml("EndDevice"))
    end_device_groups: list[EndDeviceGroup] = field(
        default_factory=list, metadata=xml("EndDeviceGroup")
    )
    reading_types: list[ReadingType] = field(default_factory=list, metadata=xml("ReadingType"))
    time_schedules: list[TimeSchedule] = field(default_factory=list, metadata=xml("TimeSchedule"))
    usage_points: list[UsagePoint] = field(default_factory=list, metadata=xml("UsagePoint"))
    usage_point_groups: list[UsagePointGroup] = field(
        default_factory=list, metadata=xml("UsagePointGroup")
    )
    properties: list[MessageProperty] = field(default_factory=list)
    """Values with no element in the profile; they travel as the message's Header/Property."""


BINDING_2013 = Binding(ns.CIM_2011_PROFILE.format(profile=NOUN), "m")
"""IEC 61968-9:2013 (2011 namespace), the official schema's names."""

RENAMES_2009: Final = {"EndDevice": "EndDeviceAsset", "UsagePoint": "ServiceDeliveryPoint"}
"""First-edition class names for the 2013 ones."""

BINDING_2009 = Binding(ns.CIM_2009_PROFILE.format(profile=NOUN), "m", RENAMES_2009)
"""IEC 61968-9:2009, as the project declares it."""


def declared_schema_2009() -> etree._Element:
    """The XSD of the 2009 MeterReadSchedule profile as the project declares it."""
    return BINDING_2009.xsd(
        MeterReadSchedule, NOUN, "IEC 61968-9:2009 MeterReadSchedule, as declared by mspcim"
    )


CODEC_2013 = register_bound_payload(
    NOUN,
    Edition.CIM2013,
    BINDING_2013,
    MeterReadSchedule,
    official_schema="iec61968-9-2011/MeterReadSchedule.xsd",
)
"""The 2013 MeterReadSchedule payload in the registry (official schema)."""

CODEC_2009 = register_bound_payload(
    NOUN,
    Edition.CIM2009,
    BINDING_2009,
    MeterReadSchedule,
    declared_schema=declared_schema_2009,
)
"""The 2009 MeterReadSchedule payload in the registry (declared schema)."""
