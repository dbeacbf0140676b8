"""Interval data codes: MultiSpeak 4.1 channels, columns and status flags ⇄ ReadingType and quality.

Declared data: ``INTERVAL_STATUS`` (interval status flags ⇄ ReadingQualityType),
``MEASURING_PERIODS`` (``intervalLength`` ⇄ ReadingType measuringPeriod) and ``METER_COLUMNS``
(formatted-block key columns ⇄ ``meterID``). A channel or column names its quantity by
``units``/``uom``; its ReadingType code is built from that (an interval channel's register unit
becomes a delta over the interval length). Where that would not give the CIM code back, the code
itself travels: as ``fieldName`` when the ReadingType has no name, else in a channel's
``fieldDescription``; a formatted-block column, which has no description, then names the code
and the ReadingType name is reported changed. Registers the ``interval_meter_identity`` codec.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any, Final

from mspcim.cim.model import ReadingQuality
from mspcim.cim.reading_quality import QualityCategory, ReadingQualityCode
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_kinds import AccumulationKind, MeasuringPeriodKind
from mspcim.exceptions import MappingError
from mspcim.harmonize.codecs import FIELD_CODECS, TranslationContext, field_codec
from mspcim.harmonize.profiles import meter_readings as _meter_readings  # noqa: F401
from mspcim.harmonize.reading_type_codec import code_for_reading_value
from mspcim.harmonize.units import uom_for
from mspcim.multispeak.v41 import interval_data as msp
from mspcim.multispeak.v41.meter_reading import MeterID

__all__ = [
    "INTERVAL_DELIMITER",
    "INTERVAL_STATUS",
    "MEASURING_PERIODS",
    "METER_COLUMNS",
    "STATUS_DELIMITER",
    "TIME_COLUMNS",
    "as_code",
    "code_of",
    "describe_for_msp",
    "duration_of",
    "flags_of",
    "interval_code",
    "interval_length_of",
    "length_of",
    "name_reading_type",
    "qualities_of",
    "register_code",
]

INTERVAL_STATUS: Final[dict[str, str]] = {
    "DSTinEffect": "1.4.16",
    "clockForward": "1.4.64",
    "clockBackward": "1.4.128",
    "overflow": "1.4.1",
    "partialInterval": "1.4.2",
    "longInterval": "1.4.3",
    "testData": "1.4.5",
    "invalid": "1.5.258",
    "manuallyEntered": "1.4.131",
    "manuallyModified": "1.7.0",
    "recorderStopped": "1.4.7",
    "configChanged": "1.4.6",
}
"""Interval status flags (the attributes of MultiSpeak's ``interval``) ⇄ ReadingQualityType: the
end device's data-collection judgements, ``invalid`` as suspect, ``manuallyModified`` as edited."""

_FLAGS: Final = {code: flag for flag, code in INTERVAL_STATUS.items()}

MEASURING_PERIODS: Final[dict[timedelta, MeasuringPeriodKind]] = {
    timedelta(minutes=1): MeasuringPeriodKind.MINUTE1,
    timedelta(minutes=2): MeasuringPeriodKind.MINUTE2,
    timedelta(minutes=3): MeasuringPeriodKind.MINUTE3,
    timedelta(minutes=5): MeasuringPeriodKind.MINUTE5,
    timedelta(minutes=10): MeasuringPeriodKind.MINUTE10,
    timedelta(minutes=12): MeasuringPeriodKind.MINUTE12,
    timedelta(minutes=15): MeasuringPeriodKind.MINUTE15,
    timedelta(minutes=20): MeasuringPeriodKind.MINUTE20,
    timedelta(minutes=30): MeasuringPeriodKind.MINUTE30,
    timedelta(hours=1): MeasuringPeriodKind.MINUTE60,
    timedelta(hours=2): MeasuringPeriodKind.HOUR2,
    timedelta(hours=3): MeasuringPeriodKind.HOUR3,
    timedelta(hours=4): MeasuringPeriodKind.HOUR4,
    timedelta(hours=6): MeasuringPeriodKind.HOUR6,
    timedelta(hours=12): MeasuringPeriodKind.HOUR12,
    timedelta(hours=24): MeasuringPeriodKind.HOUR24,
}
"""``intervalLength`` ⇄ the ReadingType measuringPeriod (code field 3) of interval values."""

_LENGTHS: Final = {period: length for length, period in MEASURING_PERIODS.items()}
_LENGTH_UNITS: Final = (("Hours", 3600), ("Minutes", 60), ("Seconds", 1))
_UNIT_SECONDS: Final = {
    "Milliseconds": Decimal("0.001"),
    **{u: Decimal(s) for u, s in _LENGTH_UNITS},
}

METER_COLUMNS: Final[dict[str, str]] = {
    "meterID": "value",
    "meterNo": "meter_no",
    "serviceType": "service_type",
    "utility": "utility",
    "objectID": "object_id",
}
"""Formatted-block key columns (``fieldName``) ⇄ the meterID text and attributes."""
TIME_COLUMNS: Final = ("readingDate", "timeStamp")
"""Formatted-block columns holding the time of a row (the first is written)."""
INTERVAL_DELIMITER: Final = ","
STATUS_DELIMITER: Final = ":"


# --- codes of channels and columns


def interval_length_of(code: str) -> timedelta | None:
    """The interval a ReadingType code's measuringPeriod stands for, if it is one of the table."""
    return _LENGTHS.get(ReadingTypeCode.parse(code).measuring_period)


def interval_code(base: ReadingTypeCode, length: timedelta | None) -> ReadingTypeCode:
    """An interval channel's code: a register unit becomes the delta over ``length``."""
    accumulation = base.accumulation
    if accumulation is AccumulationKind.BULKQUANTITY:
        accumulation = AccumulationKind.DELTADATA
    period = MEASURING_PERIODS.get(length, MeasuringPeriodKind.NOTAPPLICABLE) if length else None
    return base.replace(accumulation=accumulation, measuring_period=period or base.measuring_period)


def register_code(code: str) -> str:
    """The code of the register a channel's end readings read (a delta becomes the bulk)."""
    parsed = ReadingTypeCode.parse(code)
    accumulation = parsed.accumulation
    if accumulation is AccumulationKind.DELTADATA:
        accumulation = AccumulationKind.BULKQUANTITY
    return str(
        parsed.replace(
            accumulation=accumulation, measuring_period=MeasuringPeriodKind.NOTAPPLICABLE
        )
    )


def as_code(text: str | None) -> str | None:
    """``text`` as a ReadingType code if it is one (a fieldName may carry the code itself)."""
    try:
        return str(ReadingTypeCode.parse(text)) if text else None
    except MappingError:
        return None


def code_of(
    name: str | None,
    description: str | None,
    units: str | None,
    length: timedelta | None,
    ctx: TranslationContext,
) -> tuple[str, str | None]:
    """(code, ReadingType name) of a channel or column; ``length`` None for a register column."""
    if (code := as_code(name)) is not None:
        return code, None
    if (code := as_code(description)) is not None:
        return code, name
    if not units:
        raise MappingError(f"column {name!r} has neither units nor a ReadingType code")
    base = code_for_reading_value({"units": units}, ctx)
    return str(interval_code(base, length) if length is not None else base), name


def name_reading_type(code: str, name: str | None, ctx: TranslationContext, where: str) -> None:
    """Record ``name`` as the ReadingType's name (one name per code in a message)."""
    if not name:
        return
    names: dict[str, str] = ctx.state.setdefault("reading_type_names", {})
    known = names.setdefault(code, name)
    if known != name:
        ctx.gap(where, name, f"ReadingType {code} is already named {known!r} in this message")


def describe_for_msp(
    code: str, length: timedelta | None, ctx: TranslationContext, *, describable: bool
) -> tuple[str | None, str, str | None]:
    """(units, fieldName, fieldDescription-or-None) for a code; the code travels when needed."""
    parsed = ReadingTypeCode.parse(code)
    units = uom_for(parsed.unit, parsed.multiplier, parsed.measurement_kind, parsed.commodity)
    name = ctx.state.get("reading_type_names", {}).get(code)
    rebuilt = None
    if units is not None and name is not None:
        base = code_for_reading_value({"units": units}, ctx)
        rebuilt = str(interval_code(base, length) if length is not None else base)
    if units is None:
        why = "no MultiSpeak uom for this ReadingType: the code travels as the field name"
        ctx.gap("reading_type", code, why, lost=False)
    if name is None:
        return units, code, None
    if rebuilt == code:
        return units, name, None
    if describable:
        return units, name, code
    ctx.gap(
        "reading_type",
        name,
        f"a column names its code {code}, not its ReadingType name",
        lost=False,
    )
    return units, code, None


# --- interval status flags ⇄ qualities


def qualities_of(flags: list[str], ctx: TranslationContext, where: str) -> list[ReadingQuality]:
    """The ReadingQualities of an interval's status flags (unknown flags are reported lost)."""
    out = []
    for flag in flags:
        code = INTERVAL_STATUS.get(flag)
        if code is None:
            ctx.gap(where, flag, "interval status with no ReadingQualityType")
        else:
            out.append(ReadingQuality(code))
    return out


def flags_of(qualities: list[ReadingQuality], ctx: TranslationContext) -> list[str]:
    """The status flags of an interval's qualities; a *valid* quality needs none."""
    flags = []
    for quality in qualities:
        flag = _FLAGS.get(quality.reading_quality_type)
        code = ReadingQualityCode.parse(quality.reading_quality_type)
        if flag is not None:
            flags.append(flag)
        elif code.category == QualityCategory.VALID:
            why = "a valid reading is one without status flags"
            ctx.gap("interval_blocks", str(code), why, lost=False)
        else:
            ctx.gap("interval_blocks", str(code), "no interval status flag for this quality")
        for value in (quality.comment, quality.source, quality.time_stamp):
            if value is not None:
                ctx.gap("interval_blocks", value, "interval status flags hold no quality details")
    return flags


# --- intervalBlock ⇄ MeterReading


def _meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter: msp.IntervalMeterID | None = values["meter_id"]
    if meter is None:
        return {}
    given = MeterID(meter.value, meter.meter_no, meter.service_type, meter.object_id, meter.utility)
    return FIELD_CODECS["meter_identity"].to_cim({"meter_id": given}, ctx)


def _meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found = FIELD_CODECS["meter_identity"].to_msp(values, ctx).get("meter_id")
    if found is None:
        return {}
    return {
        "meter_id": msp.IntervalMeterID(
            value=found.value,
            meter_no=found.meter_no,
            service_type=found.service_type,
            object_id=found.object_id,
            utility=found.utility,
        )
    }


field_codec(
    "interval_meter_identity",
    _meter_to_cim,
    _meter_to_msp,
    "meterID text and attributes ⇄ Meter/Names and mRID (as meter_identity of 8.17)",
)


def length_of(profile: msp.IntervalProfile) -> timedelta | None:
    """A profile's ``intervalLength`` (``Minutes`` when it names no units), None when absent."""
    duration = profile.interval_length
    if duration is None:
        return None
    seconds = _UNIT_SECONDS.get(duration.units or "Minutes")
    if seconds is None or duration.value <= 0:
        raise MappingError(
            f"intervalLength {duration.value} {duration.units} is not a usable interval"
        )
    return timedelta(seconds=float(duration.value * seconds))


def duration_of(length: timedelta) -> msp.Duration:
    """``length`` as an ``intervalLength`` in the largest whole unit (hours, minutes, seconds)."""
    milliseconds = length // timedelta(milliseconds=1)
    for units, size in _LENGTH_UNITS:
        if milliseconds % (size * 1000) == 0:
            return msp.Duration(value=Decimal(milliseconds // (size * 1000)), units=units)
    return msp.Duration(value=Decimal(milliseconds), units="Milliseconds")
