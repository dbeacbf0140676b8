"""Profile 8.18's timing: a MultiSpeak 4.1 ``schedule`` ⇄ a CIM ``TimeSchedule``.

``effectiveWindow`` is the TimeSchedule's ``scheduleInterval``, ``isEnabled`` its negated
``disabled``, durations of a fixed time unit are CIM ``Seconds`` (a period of Months or Years
becomes the ``recurrencePattern`` ``'<n> Months'``), and the explicit read times of both
MultiSpeak lists (``absoluteTimeSchedule`` and the CIM-like ``TimePoints``) are TimePoints.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from mspcim.cim.identified_object import DateTimeInterval
from mspcim.cim.meter_read_schedule import TimePoint, TimeSchedule
from mspcim.harmonize.codecs import TranslationContext, field_codec, value_codec
from mspcim.harmonize.rules import Correlate, Table, Transform
from mspcim.multispeak.v41.msp_binding import SECONDS_PER_UNIT, Duration, TimePeriod
from mspcim.multispeak.v41.reading_schedule import (
    CimTimePoint,
    Period,
    PeriodicSchedule,
    ReadingSchedule,
)
from mspcim.multispeak.v41.reading_schedule import TimePoint as MspTimePoint

__all__ = ["TIME_SCHEDULE", "duration_of", "seconds_of"]


def seconds_of(duration: Duration, ctx: TranslationContext, field: str) -> Decimal | None:
    """The seconds of a MultiSpeak duration; units of no fixed length are reported lost."""
    per_unit = SECONDS_PER_UNIT.get(duration.units or "Seconds")
    if per_unit is None:
        ctx.gap(field, f"{duration.value} {duration.units}", "CIM Seconds cannot hold that unit")
        return None
    return duration.value * per_unit


def duration_of(seconds: Decimal) -> Duration:
    """A MultiSpeak duration for CIM Seconds, in the largest unit that keeps it whole."""
    for units, per_unit in sorted(SECONDS_PER_UNIT.items(), key=lambda item: -item[1]):
        count = seconds / per_unit
        if count == count.to_integral_value() and count != 0:
            return Duration(value=count.quantize(Decimal(1)), units=units)
    return Duration(value=seconds, units="Seconds")


field_codec(
    "schedule_offset",
    lambda values, ctx: (
        {"offset": seconds_of(values["offset"], ctx, "offset")}
        if values["offset"] is not None
        else {}
    ),
    lambda values, ctx: (
        {"offset": duration_of(values["offset"])} if values["offset"] is not None else {}
    ),
    "offset duration (any fixed time unit) ⇄ offset in Seconds",
)


def _periodic_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    periodic: PeriodicSchedule | None = values["periodic_schedule"]
    if periodic is None or periodic.period is None:
        return {}
    period = periodic.period
    per_unit = SECONDS_PER_UNIT.get(period.time_units or "Seconds")
    if per_unit is None:
        return {"recurrence_pattern": f"{period.value} {period.time_units}"}
    return {"recurrence_period": period.value * per_unit}


def _periodic_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    seconds: Decimal | None = values["recurrence_period"]
    pattern: str | None = values["recurrence_pattern"]
    if seconds is not None:
        duration = duration_of(seconds)
        if duration.value != duration.value.to_integral_value():
            ctx.gap("recurrence_period", seconds, "period is a whole number of time units")
            return {}
        period = Period(value=int(duration.value), time_units=duration.units)
        if pattern is not None:
            ctx.gap("recurrence_pattern", pattern, "recurrencePeriod already gives the period")
        return {"periodic_schedule": PeriodicSchedule(period=period)}
    if pattern is not None:
        count, _, units = pattern.partition(" ")
        if count.isdigit() and units in ("Months", "Years"):
            return {
                "periodic_schedule": PeriodicSchedule(
                    period=Period(value=int(count), time_units=units)
                )
            }
        ctx.gap("recurrence_pattern", pattern, "no MultiSpeak period for this pattern")
    return {}


field_codec(
    "periodic_schedule",
    _periodic_to_cim,
    _periodic_to_msp,
    "periodicSchedule/period ⇄ recurrencePeriod (Seconds); Months and Years ⇄ recurrencePattern "
    "'<n> Months'",
)


def _interval(period: TimePeriod | None) -> DateTimeInterval | None:
    if period is None:
        return None
    return DateTimeInterval(start=period.start_time, end=period.end_time)


def _period(interval: DateTimeInterval | None) -> TimePeriod | None:
    if interval is None or (interval.start is None and interval.end is None):
        return None
    return TimePeriod(start_time=interval.start, end_time=interval.end)


value_codec(
    "time_period_interval",
    _interval,
    _period,
    "timePeriod startTime/endTime ⇄ DateTimeInterval start/end",
)
value_codec(
    "enabled_disabled",
    lambda enabled: not enabled,
    lambda disabled: not disabled,
    "isEnabled ⇄ not disabled",
)


def _time_points_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    points = [
        TimePoint(date_time=point.absolute_time, sequence_number=point.sequence_number)
        for point in values["absolute_time_schedule"]
    ]
    for index, point in enumerate(values["time_points"], start=1):
        relative = point.relative_time_interval
        if relative is None and point.window is None:
            ctx.gap(
                "time_points",
                f"TimePoints[{index}]",
                "a point with only a time is written back as absoluteTimeSchedule/timePoint",
                lost=False,
            )
        points.append(
            TimePoint(
                date_time=point.absolute_time,
                relative_time_interval=seconds_of(relative, ctx, "time_points")
                if relative is not None
                else None,
                sequence_number=point.sequence_number,
                window=_interval(point.window),
            )
        )
    return {"time_points": points}


def _time_points_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    absolute: list[MspTimePoint] = []
    cim_points: list[CimTimePoint] = []
    for point in values["time_points"]:
        if point.relative_time_interval is None and point.window is None:
            absolute.append(
                MspTimePoint(absolute_time=point.date_time, sequence_number=point.sequence_number)
            )
            continue
        cim_points.append(
            CimTimePoint(
                absolute_time=point.date_time,
                relative_time_interval=duration_of(point.relative_time_interval)
                if point.relative_time_interval is not None
                else None,
                sequence_number=point.sequence_number,
                window=_period(point.window),
            )
        )
    return {"absolute_time_schedule": absolute, "time_points": cim_points}


field_codec(
    "schedule_time_points",
    _time_points_to_cim,
    _time_points_to_msp,
    "absoluteTimeSchedule/timePoint and TimePoints ⇄ TimePoints (points with a relative time or "
    "window are TimePoints, the others timePoints)",
)

TIME_SCHEDULE = Table(
    name="MeterReadSchedule",
    clause="8.18",
    msp_class=ReadingSchedule,
    cim_class=TimeSchedule,
    msp_objects=("readingSchedule (schedule part)",),
    rules=(
        Correlate("effective_window", "schedule_interval", codec="time_period_interval"),
        Correlate("is_enabled", "disabled", codec="enabled_disabled"),
        Transform(("offset",), ("offset",), "schedule_offset", "offset in Seconds"),
        Transform(
            ("periodic_schedule",),
            ("recurrence_period", "recurrence_pattern"),
            "periodic_schedule",
            "period of a periodic schedule",
        ),
        Transform(
            ("absolute_time_schedule", "time_points"),
            ("time_points",),
            "schedule_time_points",
            "explicit read times",
        ),
    ),
)
