"""MultiSpeak 4.1 ``readingSchedule`` and the MR_Server operations that manage schedules.

``EstablishReadingSchedules``, ``EnableReadingSchedules``, ``DisableReadingSchedule``,
``DeleteReadingSchedule``, ``GetReadingSchedules`` and ``GetReadingScheduleByID`` as in the
4.1.6 MR_Server WSDL; the dataclasses bind with ``msp_object`` (field order is schema order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.msp_binding import Duration, MeterID, MspObject, TimePeriod, xml_list

__all__ = [
    "CimTimePoint",
    "DeleteReadingSchedule",
    "DisableReadingSchedule",
    "EnableReadingSchedules",
    "EstablishReadingSchedules",
    "GetReadingScheduleByID",
    "GetReadingScheduleByIDResponse",
    "GetReadingSchedules",
    "GetReadingSchedulesResponse",
    "MspReadingType",
    "Period",
    "PeriodicSchedule",
    "ReadingSchedule",
    "ReadingTypeCode",
    "TimePoint",
]


@dataclass(slots=True, kw_only=True)
class TimePoint:
    """``timePoint`` of an ``absoluteTimeSchedule``: a read time and its order."""

    absolute_time: datetime | None = field(default=None, metadata=xml("absoluteTime"))
    sequence_number: int | None = field(default=None, metadata=xml("sequenceNumber"))


@dataclass(slots=True, kw_only=True)
class Period:
    """``period``: a whole number of ``timeUnits``."""

    value: int = field(metadata=xml("."))
    time_units: str | None = field(default=None, metadata=xml("@timeUnits"))


@dataclass(slots=True, kw_only=True)
class PeriodicSchedule:
    """``periodicSchedule``: reads from ``startTime`` every ``period``."""

    start_time: datetime | None = field(default=None, metadata=xml("startTime"))
    period: Period | None = field(default=None, metadata=xml("period"))


@dataclass(slots=True, kw_only=True)
class CimTimePoint:
    """``cimTimePoints``: the CIM TimePoint as MultiSpeak 4.1 spells it."""

    absolute_time: datetime | None = field(default=None, metadata=xml("absoluteTime"))
    relative_time_interval: Duration | None = field(
        default=None, metadata=xml("relativeTimeInterval")
    )
    sequence_number: int | None = field(default=None, metadata=xml("sequenceNumber"))
    window: TimePeriod | None = field(default=None, metadata=xml("window"))


@dataclass(slots=True, kw_only=True)
class ReadingTypeCode:
    """``readingTypeCode``: the CIM ReadingType code as text, with its description attributes."""

    value: str = field(metadata=xml("."))
    name: str | None = field(default=None, metadata=xml("@name"))


@dataclass(slots=True, kw_only=True)
class MspReadingType(MspObject):
    """``readingType``: a quantity to read, by code and description."""

    reading_type_code: ReadingTypeCode | None = field(default=None, metadata=xml("readingTypeCode"))
    measurement_type: str | None = field(default=None, metadata=xml("measurementType"))
    meas_type_category: str | None = field(default=None, metadata=xml("measTypeCategory"))
    units: str | None = field(default=None, metadata=xml("units"))
    forward_chronology: bool | None = field(default=None, metadata=xml("forwardChronology"))
    default_value_data_type: str | None = field(default=None, metadata=xml("defaultValueDataType"))
    default_quality: str | None = field(default=None, metadata=xml("defaultQuality"))
    dynamic_configuration: str | None = field(default=None, metadata=xml("dynamicConfiguration"))
    channel: int | None = field(default=None, metadata=xml("channel"))


@dataclass(slots=True, kw_only=True)
class ReadingSchedule(MspObject):
    """``readingSchedule``: when (schedule) which meters, groups and quantities are read."""

    purpose: str | None = field(default=None, metadata=xml("purpose"))
    maximum_run_time: Duration | None = field(default=None, metadata=xml("maximumRunTime"))
    effective_window: TimePeriod | None = field(default=None, metadata=xml("effectiveWindow"))
    is_enabled: bool | None = field(default=None, metadata=xml("isEnabled"))
    offset: Duration | None = field(default=None, metadata=xml("offset"))
    absolute_time_schedule: list[TimePoint] = field(
        default_factory=list, metadata=xml_list("absoluteTimeSchedule", "timePoint")
    )
    periodic_schedule: PeriodicSchedule | None = field(
        default=None, metadata=xml("periodicSchedule")
    )
    time_points: list[CimTimePoint] = field(default_factory=list, metadata=xml("TimePoints"))
    meter_list: list[MeterID] = field(
        default_factory=list, metadata=xml_list("meterList", "meterID")
    )
    meter_group_list: list[str] = field(
        default_factory=list, metadata=xml_list("meterGroupList", "meterGroupID")
    )
    configuration_group_list: list[str] = field(
        default_factory=list, metadata=xml_list("configurationGroupList", "configurationGroupID")
    )
    reading_type_list: list[MspReadingType] = field(
        default_factory=list, metadata=xml_list("readingTypeList", "readingType")
    )


@dataclass(slots=True, kw_only=True)
class EstablishReadingSchedules:
    """MR_Server ``EstablishReadingSchedules``: create schedules (answered by errorObjects)."""

    reading_schedules: list[ReadingSchedule] = field(
        default_factory=list, metadata=xml_list("readingSchedules", "readingSchedule")
    )


@dataclass(slots=True, kw_only=True)
class EnableReadingSchedules:
    """MR_Server ``EnableReadingSchedules``: turn schedules on, by id."""

    reading_schedule_ids: list[str] = field(
        default_factory=list, metadata=xml_list("readingScheduleID", "string")
    )


@dataclass(slots=True, kw_only=True)
class DisableReadingSchedule:
    """MR_Server ``DisableReadingSchedule``: turn one schedule off."""

    reading_schedule_id: str | None = field(default=None, metadata=xml("readingScheduleID"))


@dataclass(slots=True, kw_only=True)
class DeleteReadingSchedule:
    """MR_Server ``DeleteReadingSchedule``: remove one schedule."""

    reading_schedule_id: str | None = field(default=None, metadata=xml("readingScheduleID"))


@dataclass(slots=True, kw_only=True)
class GetReadingSchedules:
    """MR_Server ``GetReadingSchedules``: every schedule (paged by ``lastReceived``)."""

    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetReadingSchedulesResponse:
    """``GetReadingSchedulesResponse``: the schedules."""

    result: list[ReadingSchedule] = field(
        default_factory=list, metadata=xml_list("GetReadingSchedulesResult", "readingSchedule")
    )


@dataclass(slots=True, kw_only=True)
class GetReadingScheduleByID:
    """MR_Server ``GetReadingScheduleByID``: one schedule."""

    reading_schedule_id: str | None = field(default=None, metadata=xml("readingScheduleID"))


@dataclass(slots=True, kw_only=True)
class GetReadingScheduleByIDResponse:
    """``GetReadingScheduleByIDResponse``: the schedule, if found."""

    result: ReadingSchedule | None = field(
        default=None, metadata=xml("GetReadingScheduleByIDResult")
    )
