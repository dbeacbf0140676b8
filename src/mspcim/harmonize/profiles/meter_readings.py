"""Profile 8.17 MeterReadings: MultiSpeak 4.1 ``meterReading`` ⇄ CIM ``MeterReading``.

Two tables, one per level: ``READING_VALUE`` (readingValue ⇄ Reading) nested inside
``METER_READING`` (meterReading ⇄ MeterReading). The ReadingType transformation lives in
``reading_type_codec``, the quality one in ``reading_status_codec``, the meter identity here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mspcim.cim.model import MeterReading, MeterReadings, Name, Reading, ReadingType
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.exceptions import MappingError
from mspcim.harmonize import carriers as _carriers  # noqa: F401  (registers the carriers)
from mspcim.harmonize import reading_status_codec as _status  # noqa: F401  (registers codecs)
from mspcim.harmonize import reading_type_codec as _reading_type  # noqa: F401
from mspcim.harmonize.carriers import NAME_TYPE_AUTHORITY, carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.rules import Correlate, Gap, Nest, Side, Table, Transform
from mspcim.multispeak.v41.meter_reading import SERVICE_TYPES, MeterID, ReadingValue
from mspcim.multispeak.v41.meter_reading import MeterReading as MspMeterReading

__all__ = ["METER_READING", "READING_VALUE", "to_cim", "to_msp"]

METER_ID_NAME_TYPES = {
    "value": "meterID",
    "meter_no": "meterNo",
    "service_type": "serviceType",
    "utility": "utility",
}
"""meterID text and attributes ⇄ the NameType of the Meter name that carries each."""


def _meter_identity_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter_id: MeterID | None = values["meter_id"]
    if meter_id is None:
        return {}
    names = [
        Name(name=text, name_type=name_type, authority=NAME_TYPE_AUTHORITY)
        for attribute, name_type in METER_ID_NAME_TYPES.items()
        if (text := getattr(meter_id, attribute))
    ]
    return {"meter_mrid": meter_id.object_id, "meter_names": names}


def _meter_identity_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["meter_names"] or []
    mrid: str | None = values["meter_mrid"]
    found: dict[str, str] = {}
    for name in names:
        for attribute, name_type in METER_ID_NAME_TYPES.items():
            if name.name_type == name_type and attribute not in found:
                ctx.consume(name)
                if attribute == "service_type" and name.name not in SERVICE_TYPES:
                    ctx.gap(
                        "meter_names",
                        name.name,
                        "not a MultiSpeak serviceType: meterID/@serviceType left out",
                    )
                    continue
                found[attribute] = name.name
    if "value" not in found:
        untyped = next((name for name in names if name.name_type in (None, "")), None)
        if untyped is not None:
            found["value"] = untyped.name
            ctx.consume(untyped)
        elif mrid:
            found["value"] = mrid
        else:
            return {}
    return {"meter_id": MeterID(object_id=mrid, **found)}


field_codec(
    "meter_identity",
    _meter_identity_to_cim,
    _meter_identity_to_msp,
    "meterID text, @meterNo, @serviceType, @utility ⇄ Meter/Names (by NameType); "
    "meterID/@objectID ⇄ Meter/mRID",
)


def interval_blocks_as_reading_values(
    reading_value: Callable[[], Table], pending: str
) -> Callable[[Mapping[str, Any], TranslationContext], dict[str, Any]]:
    """A codec direction writing every IntervalReading as a readingValue with its timeStamp.

    ``reading_value`` names the edition's readingValue table (looked up when translating);
    ``pending`` is the reason a PendingCalculation is reported.
    """

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        reading_values: list[Any] = []
        for block_index, block in enumerate(values["interval_blocks"] or [], start=1):
            if block.pending_calculation is not None:
                ctx.gap(
                    f"IntervalBlocks[{block_index}]/PendingCalculation",
                    block.pending_calculation.reading_type or block.reading_type,
                    pending,
                )
            for index, interval in enumerate(block.interval_readings, start=1):
                reading = Reading(
                    reading_type=block.reading_type,
                    value=interval.value,
                    time_stamp=interval.time_stamp,
                    reading_qualities=interval.reading_qualities,
                )
                where = f"{ctx.path}/IntervalBlocks[{block_index}]/IntervalReadings[{index}]"
                reading_values.append(ctx.nested(reading_value(), reading, where))
        if reading_values:
            ctx.gap(
                "interval_blocks",
                f"{len(reading_values)} interval readings",
                "interval readings delivered as readingValues (one per interval, with timeStamp)",
                lost=False,
            )
        return {"reading_values": reading_values}

    return to_msp


_interval_blocks_to_msp = interval_blocks_as_reading_values(
    lambda: READING_VALUE,
    "MultiSpeak 4.1 readingValues carry values as recorded: the pending "
    "conversion is not applied and not carried",
)


field_codec(
    "interval_blocks",
    lambda values, ctx: {},
    _interval_blocks_to_msp,
    "IntervalBlocks/IntervalReadings → one readingValue per interval (timeStamp + code)",
)

_NO_READING_NAME = "61968-9:2013 Reading has no name"
_VENDOR_EXTENSION = "vendor extensionsItem with no CIM counterpart"


READING_VALUE: Table = Table(
    name="MeterReadings",
    clause="8.17",
    msp_class=ReadingValue,
    cim_class=Reading,
    msp_objects=("readingValue",),
    rules=(
        Correlate("value", "value", codec="decimal_text"),
        Correlate("time_stamp", "time_stamp"),
        Transform(
            (
                "units",
                "reading_type",
                "measurement_period",
                "rate_period",
                "reading_type_code",
                "field_name",
            ),
            ("reading_type",),
            "reading_type",
            "ReadingType code built from units and the reading description, or taken as given",
        ),
        Transform(
            ("reading_status_code",),
            ("reading_qualities",),
            "reading_status",
            "readingStatusCode ⇄ ReadingQuality",
        ),
        Gap(Side.MSP, "name", _NO_READING_NAME),
        carried_cim("reason", "Reading.reason"),
        carried_cim("reported_date_time", "Reading.reportedDateTime", "datetime"),
        carried_cim("source", "Reading.source"),
        carried_cim("time_period_start", "Reading.timePeriod.start", "datetime"),
        carried_cim("time_period_end", "Reading.timePeriod.end", "datetime"),
        Gap(Side.MSP, "extensions_list", _VENDOR_EXTENSION),
    ),
)

METER_READING = Table(
    name="MeterReadings",
    clause="8.17",
    msp_class=MspMeterReading,
    cim_class=MeterReading,
    msp_objects=(
        "MR_Server: GetLatestReadingByMeterID, InitiateMeterReadingsByMeterID",
        "CB_Server/MDM_Server: ReadingChangedNotification",
        "meterReading",
    ),
    rules=(
        Transform(("meter_id",), ("meter_mrid", "meter_names"), "meter_identity", "meter identity"),
        Nest("reading_values", "readings", READING_VALUE, msp_item="readingValue"),
        Transform((), ("interval_blocks",), "interval_blocks", "interval data as readingValues"),
        Gap(Side.MSP, "device_id", "no Meter attribute for the AMR device", "MeterNames:deviceID"),
        Gap(Side.MSP, "object_id", "61968-9:2013 MeterReading has no mRID"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "utility", "no CIM counterpart on MeterReading"),
        Gap(Side.MSP, "comments", "MeterReading has no comment"),
        Gap(Side.MSP, "object_name", "MeterReading has no name"),
        Gap(Side.MSP, "extensions_list", _VENDOR_EXTENSION),
        carried_cim("usage_point_mrid", "UsagePoint.mRID"),
        carried_cim("values_interval_start", "MeterReading.valuesInterval.start", "datetime"),
        carried_cim("values_interval_end", "MeterReading.valuesInterval.end", "datetime"),
        carried_cim("is_coincident_trigger", "MeterReading.isCoincidentTrigger", "boolean"),
        Gap(Side.CIM, "meter_status", "meterReading has no meter status"),
        Gap(Side.CIM, "usage_point_names", "meterReading has no service point names"),
        Gap(Side.CIM, "meter_names", "Meter name of a type MultiSpeak has no attribute for"),
    ),
)


def _described(code: str) -> str | None:
    """The generated description of ``code`` (such a name is not a MultiSpeak fieldName)."""
    try:
        return ReadingTypeCode.parse(code).describe()
    except MappingError:
        return None


def to_cim(
    readings: Iterable[MspMeterReading], report: GapReport | None = None, path: str = ""
) -> MeterReadings:
    """MultiSpeak meterReadings as one CIM MeterReadings document (ReadingTypes declared)."""
    shared = TranslationState(
        report=report if report is not None else GapReport(), profile="MeterReadings"
    )
    meter_readings = [
        translate(METER_READING, reading, Direction.TO_CIM, shared, f"{path}/meterReading[{index}]")
        for index, reading in enumerate(readings, start=1)
    ]
    names: dict[str, str] = shared.state.get("reading_type_names", {})
    return MeterReadings(
        meter_readings=meter_readings,
        reading_types=[ReadingType(mrid=code, name=name) for code, name in names.items()],
    )


def to_msp(
    document: MeterReadings, report: GapReport | None = None, path: str = "/MeterReadings"
) -> list[MspMeterReading]:
    """A CIM MeterReadings document as MultiSpeak meterReadings (fieldName from Names)."""
    shared = TranslationState(
        report=report if report is not None else GapReport(), profile="MeterReadings"
    )
    shared.state["reading_type_names"] = {
        reading_type.mrid: reading_type.name
        for reading_type in document.reading_types
        if reading_type.name and reading_type.name != _described(reading_type.mrid)
    }
    return [
        translate(METER_READING, reading, Direction.TO_MSP, shared, f"{path}/MeterReading[{index}]")
        for index, reading in enumerate(document.meter_readings, start=1)
    ]
