"""Profile 8.17 MeterReadings, formatted blocks: MultiSpeak 4.1 ``formattedBlock`` rows ⇄ CIM.

A formatted block is a table: ``valSyntax`` names the columns, each ``valueList/val`` is a row of
``separator``-delimited cells. Key columns name the meter (``METER_COLUMNS``) and the time of the
row (``readingDate``); every other column is one quantity, named by ``uom`` (or by a ReadingType
code as ``fieldName``). The table ``FORMATTED_METER_READING`` maps the rows of one meter
(``MeterRows``) to a MeterReading: a cell of a register column is a Reading, a cell of an interval
column (a code with a measuring period or delta accumulation; in a load-profile block any
column, over the rows' spacing) an IntervalReading at the row's time.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from mspcim.cim.model import IntervalBlock, IntervalReading, MeterReading, MeterReadings, Reading
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_kinds import AccumulationKind, MeasuringPeriodKind
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize import interval_data_codecs as codes
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles.interval_data import (
    PROFILE,
    meter_reading_gaps,
    reading_types_of,
    shared_state,
)
from mspcim.harmonize.rules import Table, Transform
from mspcim.multispeak.v41 import interval_data as msp
from mspcim.xsdtypes import format_datetime, format_decimal, parse_datetime, parse_decimal

__all__ = ["CONTENT_NOUN_TYPE", "FORMATTED_METER_READING", "SEPARATORS", "to_cim", "to_msp"]

CONTENT_NOUN_TYPE: Final = "meterReading"
"""``contentNounType`` of the blocks written: the rows are meter readings."""
SEPARATORS: Final = (",", ";", "|", "\t")
"""Separators tried in turn when writing; the first no cell contains is used."""


def _is_interval(code: str) -> bool:
    parsed = ReadingTypeCode.parse(code)
    return (
        parsed.measuring_period is not MeasuringPeriodKind.NOTAPPLICABLE
        or parsed.accumulation is AccumulationKind.DELTADATA
    )


def _spacing(times: list[datetime]) -> timedelta | None:
    ordered = sorted(set(times))
    return min((b - a for a, b in itertools.pairwise(ordered)), default=None)


def _rows_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    rows: list[tuple[datetime, dict[str, str]]] = values["rows"] or []
    columns: dict[str, msp.SyntaxItem] = values["columns"] or {}
    load_profile = bool(ctx.state.get("load_profile"))
    length: timedelta | None = ctx.state.get("interval_length")
    readings: list[Reading] = []
    blocks: dict[str, IntervalBlock] = {}
    for column, item in columns.items():
        code, name = codes.code_of(item.field_name, None, item.uom, length, ctx)
        if load_profile and length is None and codes.as_code(item.field_name) is None:
            code = str(codes.interval_code(ReadingTypeCode.parse(code), None))
        codes.name_reading_type(code, name, ctx, "columns")
        interval = load_profile or _is_interval(code)
        for time, cells in rows:
            text = cells.get(column, "")
            if not text.strip():
                continue
            value = parse_decimal(text, where=f"{ctx.path}/{column}")
            if interval:
                block = blocks.setdefault(code, IntervalBlock(code))
                block.interval_readings.append(IntervalReading(value=value, time_stamp=time))
            else:
                readings.append(Reading(code, value, time))
    return {"readings": readings, "interval_blocks": list(blocks.values())}


def _column(code: str, ctx: TranslationContext) -> str:
    """The ``fieldName`` of the column holding ``code`` (declared on first use)."""
    columns: dict[str, msp.SyntaxItem] = ctx.state.setdefault("columns_out", {})
    if code not in columns:
        load_profile = bool(ctx.state.get("load_profile"))
        length = codes.interval_length_of(code) if load_profile else None
        uom, name, _ = codes.describe_for_msp(code, length, ctx, describable=False)
        if any(item.field_name == name for item in columns.values()):
            name = code
        columns[code] = msp.SyntaxItem(field_name=name, uom=uom)
    return columns[code].field_name or code


def _rows_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    rows: dict[datetime, dict[str, str]] = {}
    cells = [(r.reading_type, r.time_stamp, r.value, r) for r in values["readings"] or []]
    for block in values["interval_blocks"] or []:
        cells += [(block.reading_type, i.time_stamp, i.value, i) for i in block.interval_readings]
    for code, time, value, reading in cells:
        column = _column(code, ctx)
        if time is None:
            ctx.gap("readings", value if value is not None else "", "a row needs a time")
            continue
        row = rows.setdefault(time, {})
        if column in row:
            ctx.gap("readings", value if value is not None else "", f"a second {column} at {time}")
            continue
        row[column] = format_decimal(value) if value is not None else ""
        if reading.reading_qualities:
            qualities = " ".join(q.reading_quality_type for q in reading.reading_qualities)
            ctx.gap("readings", qualities, "a formatted block has no reading qualities")
        for label in ("reason", "reported_date_time", "source", "time_period_start"):
            if getattr(reading, label, None) is not None:
                ctx.gap("readings", getattr(reading, label), f"a formatted block has no {label}")
    return {"rows": sorted(rows.items(), key=lambda row: row[0])}


field_codec(
    "formatted_rows",
    _rows_to_cim,
    _rows_to_msp,
    "cells of value columns (by uom or code) at a row's readingDate ⇄ Readings and IntervalBlocks",
)

FORMATTED_METER_READING = Table(
    name=PROFILE,
    clause="8.17",
    msp_class=msp.MeterRows,
    cim_class=MeterReading,
    msp_objects=(
        "CB/MDM/NOT/EA_Server: FormattedBlockNotification",
        "MR/MDM_Server: GetLPReadingsByMeterIDFormattedBlock",
        "formattedBlock/valueList/val",
    ),
    rules=(
        Transform(
            ("meter_id",),
            ("meter_mrid", "meter_names"),
            "interval_meter_identity",
            "key columns meterID, meterNo, serviceType, utility, objectID ⇄ Meter",
        ),
        Transform(
            ("rows", "columns"),
            ("readings", "interval_blocks"),
            "formatted_rows",
            "one row per meter and time, one column per ReadingType",
        ),
        *meter_reading_gaps("a formattedBlock row"),
    ),
)


# --- whole blocks


def _split(
    block: msp.FormattedBlock, path: str, report: GapReport
) -> list[tuple[int, msp.MeterRows]]:
    """The rows of ``block`` grouped by meter, each with the number of its first row."""
    separator = block.separator or SEPARATORS[0]
    items = list(block.val_syntax.syntax_item if block.val_syntax else [])
    order = sorted(
        range(len(items)), key=lambda n: (items[n].position is None, items[n].position or 0, n)
    )
    names = [items[n].field_name or "" for n in order]
    time_column = next((name for name in names if name in codes.TIME_COLUMNS), None)
    columns: dict[str, msp.SyntaxItem] = {}
    for n in order:
        item, name = items[n], items[n].field_name or ""
        if name in codes.METER_COLUMNS or name in codes.TIME_COLUMNS:
            continue
        if item.uom or codes.as_code(name):
            columns[name] = item
        else:
            why = "a column with neither uom nor a ReadingType code: its values are lost"
            report.add(
                f"{path}/valSyntax/syntaxItem[{n + 1}]", name, GapKind.LOST, why, profile=PROFILE
            )
    groups: dict[tuple[str, ...], tuple[int, msp.MeterRows]] = {}
    for number, line in enumerate(block.value_list.val if block.value_list else [], start=1):
        where = f"{path}/valueList/val[{number}]"
        cells = dict(zip(names, line.split(separator), strict=False))
        if len(line.split(separator)) != len(names):
            raise MappingError(
                f"row has {len(line.split(separator))} cells for {len(names)} columns", xpath=where
            )
        if time_column is None or not cells[time_column].strip():
            raise MessageFormatError("a row of meter readings needs a readingDate", xpath=where)
        time = parse_datetime(cells[time_column], where=where)
        key = tuple(cells.get(name, "") for name in codes.METER_COLUMNS)
        meter = None
        if key[0]:
            meter_no, service_type, utility, object_id = (part or None for part in key[1:])
            meter = msp.IntervalMeterID(
                value=key[0],
                meter_no=meter_no,
                service_type=service_type,
                utility=utility,
                object_id=object_id,
            )
        _, rows = groups.setdefault(key, (number, msp.MeterRows(meter_id=meter, columns=columns)))
        rows.rows.append((time, cells))
    return list(groups.values())


def to_cim(
    block: msp.FormattedBlock,
    report: GapReport | None = None,
    path: str = "/formattedBlock",
    *,
    load_profile: bool = False,
) -> MeterReadings:
    """A ``formattedBlock`` as a CIM MeterReadings document, one MeterReading per meter."""
    shared = shared_state(report)
    shared.state["load_profile"] = load_profile
    for local, value in (("contentID", block.content_id), ("comment", block.comment)):
        if value:
            why = "no CIM counterpart in a MeterReadings document"
            shared.report.add(f"{path}/{local}", value, GapKind.LOST, why, profile=PROFILE)
    groups = _split(block, path, shared.report)
    if load_profile:
        times = [time for _, rows in groups for time, _ in rows.rows]
        shared.state["interval_length"] = _spacing(times)
    readings = [
        translate(
            FORMATTED_METER_READING,
            rows,
            Direction.TO_CIM,
            shared,
            f"{path}/valueList/val[{number}]",
        )
        for number, rows in groups
    ]
    return MeterReadings(meter_readings=readings, reading_types=reading_types_of(shared))


def to_msp(
    document: MeterReadings,
    report: GapReport | None = None,
    path: str = "/MeterReadings",
    *,
    load_profile: bool = False,
) -> msp.FormattedBlock:
    """A CIM MeterReadings document as one ``formattedBlock`` (rows by meter, then time)."""
    shared = shared_state(report, document.reading_types)
    shared.state["load_profile"] = load_profile
    meters = [
        translate(
            FORMATTED_METER_READING,
            reading,
            Direction.TO_MSP,
            shared,
            f"{path}/MeterReading[{index}]",
        )
        for index, reading in enumerate(document.meter_readings, start=1)
    ]
    keys = ["meterID"] + [
        name
        for name, attribute in list(codes.METER_COLUMNS.items())[1:]
        if any(m.meter_id is not None and getattr(m.meter_id, attribute) for m in meters)
    ]
    values: dict[str, msp.SyntaxItem] = shared.state.get("columns_out", {})
    names = [*keys, codes.TIME_COLUMNS[0], *(item.field_name or "" for item in values.values())]
    lines = []
    for meter in meters:
        identity = [
            getattr(meter.meter_id, codes.METER_COLUMNS[key]) or "" if meter.meter_id else ""
            for key in keys
        ]
        for time, cells in meter.rows:
            lines.append(
                [
                    *identity,
                    format_datetime(time),
                    *(cells.get(name, "") for name in names[len(keys) + 1 :]),
                ]
            )
    separator = next(
        (s for s in SEPARATORS if not any(s in cell for line in lines for cell in line)), None
    )
    if separator is None:
        raise MappingError(
            "every separator a formatted block may use occurs in some cell", xpath=path
        )
    syntax = [msp.SyntaxItem(field_name=name, position=n) for n, name in enumerate(names)]
    for item, column in zip(syntax[len(keys) + 1 :], values.values(), strict=True):
        item.uom = column.uom
    return msp.FormattedBlock(
        separator=separator,
        content_noun_type=CONTENT_NOUN_TYPE,
        val_syntax=msp.ArrayOfSyntaxItem(syntax_item=syntax),
        value_list=msp.ArrayOfVal(val=[separator.join(line) for line in lines]) if lines else None,
    )
