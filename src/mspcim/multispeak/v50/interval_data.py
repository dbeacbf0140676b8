"""MultiSpeak 5.0 ``intervalData`` (load profiles) and the operations that carry it.

The structure is 4.1's (profiles of channels, blocks of delimited channel data ``dB/chs/ch/d``),
with one difference that matters: a v5 channel names its quantity by ``readingTypeCode`` — the
CIM ReadingType code itself — where 4.1 gave units and a field name. Bound with the v5 binder;
``NOT_Server: IntervalDataNotification`` and ``MR_Server:
GetLatestMeterReadingsByMeterIDsIntervalData`` (request and response) are declared here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Final

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.identity import MeterID, MspExtensible
from mspcim.multispeak.v50.msp_binding import xml_list

__all__ = [
    "MR_SERVER",
    "NOT_SERVER",
    "ChannelData",
    "ChannelReadingTypeCode",
    "DataBlock",
    "Duration",
    "EndReading",
    "GetLatestMeterReadingsByMeterIDsIntervalData",
    "GetLatestMeterReadingsByMeterIDsIntervalDataResponse",
    "IntervalBlock",
    "IntervalChannel",
    "IntervalData",
    "IntervalDataNotification",
    "IntervalProfile",
    "LatestResponse",
]

MR_SERVER: Final = ns.MSP50_WSDL.format(endpoint="MR_Server")
NOT_SERVER: Final = ns.MSP50_WSDL.format(endpoint="NOT_Server")


def _attribute(name: str) -> dict[str, str]:
    return xml(f"@{name}")


@dataclass(slots=True, kw_only=True)
class ChannelReadingTypeCode:
    """``readingTypeCode`` of a channel: the code as text, its fields repeated as attributes."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    value: str = field(metadata=xml("."))
    name: str | None = field(default=None, metadata=_attribute("name"))
    macro_period: str | None = field(default=None, metadata=_attribute("macroPeriod"))
    aggregate: str | None = field(default=None, metadata=_attribute("aggregate"))
    measuring_period: str | None = field(default=None, metadata=_attribute("measuringPeriod"))
    accumulation: str | None = field(default=None, metadata=_attribute("accumulation"))
    flow_direction: str | None = field(default=None, metadata=_attribute("flowDirection"))
    commodity: str | None = field(default=None, metadata=_attribute("commodity"))
    measurement_kind: str | None = field(default=None, metadata=_attribute("measurementKind"))
    tou: str | None = field(default=None, metadata=_attribute("tou"))
    phases: str | None = field(default=None, metadata=_attribute("phases"))
    multiplier: str | None = field(default=None, metadata=_attribute("multiplier"))
    unit: str | None = field(default=None, metadata=_attribute("unit"))
    field_name: str | None = field(default=None, metadata=_attribute("fieldName"))


@dataclass(slots=True, kw_only=True)
class Duration:
    """``duration``: a number of ``timeUnits``."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    value: Decimal = field(metadata={"xml": ".", "xsd": "xs:float"})
    units: str | None = field(default=None, metadata=xml("@units"))


@dataclass(slots=True, kw_only=True)
class IntervalChannel(MspExtensible):
    """``intervalChannel``: one channel of a profile, named by its ReadingType code."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    index: int = field(metadata=xml("index"))
    reading_type_code: ChannelReadingTypeCode = field(metadata=xml("readingTypeCode"))
    field_description: str | None = field(default=None, metadata=xml("fieldDescription"))
    units: str | None = field(default=None, metadata=xml("units"))


@dataclass(slots=True, kw_only=True)
class IntervalProfile:
    """``intervalProfile``: the interval length and the channels of a load profile."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    name: str | None = field(default=None, metadata=xml("name"))
    interval_length: Duration = field(metadata=xml("intervalLength"))
    channels: list[IntervalChannel] = field(
        default_factory=list, metadata=xml_list("channels", "channel")
    )
    profile_id: str | None = field(default=None, metadata=xml("@profileID"))


@dataclass(slots=True, kw_only=True)
class EndReading:
    """``endReading``: a channel's register at the end of the block."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    channel_index: int | None = field(default=None, metadata=xml("channelIndex"))
    reading: Decimal = field(metadata={"xml": "reading", "xsd": "xs:float"})
    reading_date: datetime = field(metadata=xml("readingDate"))


@dataclass(slots=True, kw_only=True)
class ChannelData:
    """``ch``: one channel's intervals, delimited text (``value[status…]`` per interval)."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    idx: int = field(metadata=xml("idx"))
    d: str = field(default="", metadata=xml("d"))


@dataclass(slots=True, kw_only=True)
class DataBlock:
    """``dB``: the channels' data of a block, and a checksum."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    chs: list[ChannelData] = field(default_factory=list, metadata=xml_list("chs", "ch"))
    c_s: str | None = field(default=None, metadata=xml("cS"))


@dataclass(slots=True, kw_only=True)
class IntervalBlock:
    """``intervalBlock``: one meter's intervals from ``intervalStart``, by profile."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    profile_id: str | None = field(default=None, metadata=xml("profileID"))
    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    end_readings: list[EndReading] = field(
        default_factory=list, metadata=xml_list("endReadings", "endReading")
    )
    log_time: datetime | None = field(default=None, metadata=xml("logTime"))
    interval_start: datetime = field(metadata=xml("intervalStart"))
    d_b: DataBlock = field(metadata=xml("dB"))


@dataclass(slots=True, kw_only=True)
class IntervalData:
    """``intervalData``: delimiters, profiles and blocks."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    status_delimiter: str = field(default=":", metadata=xml("statusDelimiter"))
    interval_delimiter: str = field(default=",", metadata=xml("intervalDelimiter"))
    comment: str | None = field(default=None, metadata=xml("comment"))
    profiles: list[IntervalProfile] = field(
        default_factory=list, metadata=xml_list("profiles", "profile")
    )
    blocks: list[IntervalBlock] = field(default_factory=list, metadata=xml_list("blocks", "block"))


@dataclass(slots=True, kw_only=True)
class IntervalDataNotification:
    """``NOT_Server: IntervalDataNotification``."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    interval_data: list[IntervalData] = field(
        default_factory=list,
        metadata=xml_list("ArrayOfIntervalData", "intervalData", ns.MSP50_ARRAYS),
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class GetLatestMeterReadingsByMeterIDsIntervalData:
    """``MR_Server: GetLatestMeterReadingsByMeterIDsIntervalData``: these meters' load profile."""

    NAMESPACE: ClassVar[str] = MR_SERVER
    meter_ids: list[MeterID] = field(
        default_factory=list, metadata=xml_list("ArrayOfMeterID", "meterID", ns.MSP50_ARRAYS)
    )
    start_date: datetime | None = field(default=None, metadata=xml("startDate"))
    end_date: datetime | None = field(default=None, metadata=xml("endDate"))
    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetLatestMeterReadingsByMeterIDsIntervalDataResponse:
    """The response: an ``ArrayOfIntervalData``."""

    NAMESPACE: ClassVar[str] = MR_SERVER
    interval_data: list[IntervalData] = field(
        default_factory=list,
        metadata=xml_list("ArrayOfIntervalData", "intervalData", ns.MSP50_ARRAYS),
    )


LatestResponse = GetLatestMeterReadingsByMeterIDsIntervalDataResponse
"""Short name of the interval-data response."""
