"""Profile 8.17 MeterReadings, interval data: MultiSpeak 4.1 ``intervalData`` ⇄ CIM IntervalBlocks.

Two tables: ``INTERVAL_BLOCK`` (an ``intervalBlock`` of one meter ⇄ a MeterReading: one
IntervalBlock per channel, values at ``intervalStart`` + n × ``intervalLength``, and register
Readings from ``endReadingList``) and ``PENDING_CALCULATION`` (the CIM IntervalBlock's pending
conversion, for which MultiSpeak 4.1 interval data has no multiplier or offset: every field is a
gap). The codes of channels and the status flags are in ``interval_data_codecs``; the rows of a
``formattedBlock`` in ``profiles.formatted_block``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Final

from mspcim.cim.model import (
    IntervalBlock,
    IntervalReading,
    MeterReading,
    MeterReadings,
    PendingCalculation,
    Reading,
    ReadingType,
)
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.exceptions import MappingError
from mspcim.harmonize import interval_data_codecs as codes
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.rules import Gap, Side, Table, Transform
from mspcim.multispeak.v41 import interval_data as msp
from mspcim.xsdtypes import format_decimal, parse_decimal

__all__ = [
    "INTERVAL_BLOCK",
    "PENDING_CALCULATION",
    "PROFILE",
    "PendingCalculation",
    "interval_data_from_cim",
    "interval_data_to_cim",
    "meter_reading_gaps",
    "pending_calculation_gaps",
    "reading_types_of",
    "shared_state",
]

PROFILE: Final = "MeterReadings (interval data)"


def _load_profile_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    profile_id, start = values["profile_id"], values["interval_start"]
    data: msp.DataBlock | None = values["d_b"]
    ends: msp.ArrayOfEndReading | None = values["end_reading_list"]
    channels = data.chs.ch if data is not None and data.chs is not None else []
    end_readings = ends.end_reading if ends is not None else []
    if not channels and not end_readings:
        return {}
    profile = ctx.state["interval_profiles"].get(profile_id)
    if profile is None:
        raise MappingError(f"the block's profile {profile_id!r} is not among intervalData/profiles")
    length = codes.length_of(profile)
    declared = {item.index: item for item in (profile.channels.channel if profile.channels else [])}
    channel_codes: dict[int | None, str] = {}
    for index, item in declared.items():
        where = f"profile[@profileID='{profile_id}']/channels/channel[index={index}]"
        channel_codes[index], name = codes.code_of(
            item.field_name, item.field_description, item.units, length, ctx
        )
        codes.name_reading_type(channel_codes[index], name, ctx, "profile_id")
        if item.field_description and codes.as_code(item.field_description) is None:
            why = f"{where}/fieldDescription: a ReadingType has no description"
            ctx.gap("profile_id", item.field_description, why)
    if data is not None and data.c_s:
        ctx.gap("d_b", data.c_s, "dB/cS has no CIM counterpart")
    delimiter, status = ctx.state["interval_delimiters"]
    blocks = []
    for number, channel in enumerate(channels, start=1):
        if channel.idx not in channel_codes:
            raise MappingError(
                f"dB channel {channel.idx} is not a channel of profile {profile_id!r}"
            )
        if (start is None or length is None) and (channel.d or "").strip(delimiter + " "):
            raise MappingError(
                "interval values need intervalStart and the profile's intervalLength",
                xpath=f"{ctx.path}/dB/chs/ch[{number}]",
            )
        readings = []
        for slot, entry in enumerate((channel.d or "").split(delimiter), start=1):
            text, *flags = entry.split(status) if status else [entry]
            if not text.strip() or start is None or length is None:
                continue
            where = f"dB/chs/ch[{number}]/d"
            readings.append(
                IntervalReading(
                    value=parse_decimal(text, where=f"{ctx.path}/{where}"),
                    time_stamp=start + slot * length,
                    reading_qualities=codes.qualities_of(flags, ctx, "d_b"),
                )
            )
        blocks.append(IntervalBlock(channel_codes[channel.idx], readings))
    registers = []
    for end in end_readings:
        if end.channel_index not in channel_codes:
            raise MappingError(
                f"endReading channel {end.channel_index} is not a channel of the profile"
            )
        registers.append(
            Reading(
                codes.register_code(channel_codes[end.channel_index]), end.reading, end.reading_date
            )
        )
    return {"interval_blocks": blocks, "readings": registers}


@dataclass(slots=True)
class _Grid:
    """Interval channels of one length on one time grid (CIM → MultiSpeak)."""

    length: timedelta | None
    channels: list[msp.IntervalChannel] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)
    """Register code → channel index."""


def _channel(grid: _Grid, code: str, ctx: TranslationContext) -> int:
    units, name, description = codes.describe_for_msp(code, grid.length, ctx, describable=True)
    index = len(grid.channels) + 1
    grid.channels.append(
        msp.IntervalChannel(
            index=index, field_name=name, field_description=description, units=units
        )
    )
    grid.codes.setdefault(codes.register_code(code), index)
    return index


def _load_profile_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    blocks: list[IntervalBlock] = values["interval_blocks"] or []
    readings: list[Reading] = values["readings"] or []
    if not blocks and not readings:
        return {}
    grid = _Grid(ctx.state.get("view_length"))
    times = [r.time_stamp for b in blocks for r in b.interval_readings if r.time_stamp is not None]
    start = min(times) - grid.length if times and grid.length else None
    data = []
    for block in blocks:
        index = _channel(grid, block.reading_type, ctx)
        cells: dict[int, str] = {}
        for interval in block.interval_readings:
            slot = _slot(interval.time_stamp, start, grid.length)
            if slot is None or slot in cells or interval.value is None:
                ctx.gap(
                    "interval_blocks",
                    interval.time_stamp or "",
                    "no interval slot for this reading",
                )
                continue
            flags = codes.flags_of(interval.reading_qualities, ctx)
            cells[slot] = codes.STATUS_DELIMITER.join([format_decimal(interval.value), *flags])
        last = max(cells, default=0)
        data.append(
            msp.Channel(
                idx=index,
                d=codes.INTERVAL_DELIMITER.join(cells.get(s, "") for s in range(1, last + 1)),
            )
        )
    ends = []
    for reading in readings:
        found = grid.codes.get(reading.reading_type)
        index = found if found is not None else _channel(grid, reading.reading_type, ctx)
        if found is None and codes.register_code(reading.reading_type) != reading.reading_type:
            why = "an end reading is read back as a register"
            ctx.gap("readings", reading.reading_type, why, lost=False)
        for label, value in (
            ("ReadingQualities", reading.reading_qualities),
            ("source", reading.source),
            ("reason", reading.reason),
        ):
            if value:
                ctx.gap("readings", value, f"endReading has no {label}")
        ends.append(
            msp.EndReading(
                channel_index=index, reading=reading.value, reading_date=reading.time_stamp
            )
        )
    profiles: dict[tuple[object, ...], msp.IntervalProfile] = ctx.state.setdefault(
        "profiles_out", {}
    )
    key = (grid.length, *((c.field_name, c.field_description, c.units) for c in grid.channels))
    profile = profiles.setdefault(
        key,
        msp.IntervalProfile(
            profile_id=f"P{len(profiles) + 1}",
            interval_length=codes.duration_of(grid.length) if grid.length else None,
            channels=msp.ArrayOfIntervalChannel(channel=grid.channels),
        ),
    )
    return {
        "profile_id": profile.profile_id,
        "interval_start": start,
        "d_b": msp.DataBlock(chs=msp.ArrayOfCH(ch=data)) if data else None,
        "end_reading_list": msp.ArrayOfEndReading(end_reading=ends) if ends else None,
    }


def _slot(time: datetime | None, start: datetime | None, length: timedelta | None) -> int | None:
    if time is None or start is None or length is None:
        return None
    slot, rest = divmod(time - start, length)
    return slot if not rest and slot > 0 else None


field_codec(
    "load_profile",
    _load_profile_to_cim,
    _load_profile_to_msp,
    "profile channels, intervalStart, dB/chs/ch/d and endReadingList ⇄ one IntervalBlock per "
    "channel (values at intervalStart + n × intervalLength) and register Readings",
)


def meter_reading_gaps(what: str) -> tuple[Gap, ...]:
    """The gaps of the CIM MeterReading fields a MultiSpeak interval object (``what``) lacks."""
    return (
        Gap(Side.CIM, "meter_status", f"{what} has no meter status"),
        Gap(Side.CIM, "usage_point_mrid", f"{what} names the meter only"),
        Gap(Side.CIM, "usage_point_names", f"{what} names the meter only"),
        Gap(Side.CIM, "values_interval_start", f"{what} has no values interval"),
        Gap(Side.CIM, "values_interval_end", f"{what} has no values interval"),
        Gap(Side.CIM, "is_coincident_trigger", f"{what} has no coincident trigger"),
        Gap(Side.CIM, "meter_names", "a Meter name of a type meterID has no attribute for"),
    )


INTERVAL_BLOCK = Table(
    name=PROFILE,
    clause="8.17",
    msp_class=msp.IntervalBlock,
    cim_class=MeterReading,
    msp_objects=(
        "CB/MDM/NOT/EA_Server: IntervalDataNotification",
        "MR/MDM_Server: GetLPReadingsByMeterIDIntervalData, "
        "GetReadingsByMeterIDListAndFieldNameIntervalData",
        "intervalData/blocks/block",
    ),
    rules=(
        Transform(("meter_id",), ("meter_mrid", "meter_names"), "interval_meter_identity", "meter"),
        Transform(
            ("profile_id", "interval_start", "d_b", "end_reading_list"),
            ("interval_blocks", "readings"),
            "load_profile",
            "channels and intervals ⇄ IntervalBlocks; end readings ⇄ register Readings",
        ),
        Gap(Side.MSP, "log_time", "no CIM counterpart for when the block was logged"),
        *meter_reading_gaps("an intervalBlock"),
    ),
)

PENDING_CALCULATION = Table(
    name=PROFILE,
    clause="8.17",
    msp_class=msp.IntervalChannel,
    cim_class=PendingCalculation,
    msp_objects=("intervalData/profiles/profile/channels/channel",),
    rules=tuple(
        Gap(
            Side.CIM,
            name,
            f"MultiSpeak 4.1 interval data has no {what}: values go as recorded, "
            "in the IntervalBlock's own ReadingType",
        )
        for name, what in (
            ("multiply_before_add", "order of scaling and offset"),
            ("offset", "offset"),
            ("scalar_denominator", "scalar"),
            ("scalar_float", "scalar"),
            ("scalar_numerator", "scalar"),
            ("reading_type", "converted ReadingType"),
        )
    ),
)
"""Every field a gap: neither ``intervalData`` nor ``formattedBlock`` has a multiplier or offset."""


# --- whole documents


def shared_state(
    report: GapReport | None, reading_types: list[ReadingType] | None = None
) -> TranslationState:
    """The translation state of a document: its gap report and the ReadingType names known."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    if reading_types is not None:
        shared.state["reading_type_names"] = {
            reading_type.mrid: reading_type.name
            for reading_type in reading_types
            if reading_type.name
            and reading_type.name != ReadingTypeCode.parse(reading_type.mrid).describe()
        }
    return shared


def reading_types_of(shared: TranslationState) -> list[ReadingType]:
    """The ReadingTypes named while translating to CIM (declared in the document)."""
    names: dict[str, str] = shared.state.get("reading_type_names", {})
    return [ReadingType(mrid=code, name=name) for code, name in names.items()]


def interval_data_to_cim(
    data: msp.IntervalData, report: GapReport | None = None, path: str = "/intervalData"
) -> MeterReadings:
    """An ``intervalData`` as a CIM MeterReadings document: one MeterReading per block."""
    shared = shared_state(report)
    profiles = data.profiles.profile if data.profiles is not None else []
    shared.state["interval_profiles"] = {profile.profile_id: profile for profile in profiles}
    shared.state["interval_delimiters"] = (
        data.interval_delimiter or codes.INTERVAL_DELIMITER,
        data.status_delimiter if data.status_delimiter is not None else codes.STATUS_DELIMITER,
    )
    if data.comment:
        shared.report.add(
            f"{path}/comment",
            data.comment,
            GapKind.LOST,
            "MeterReadings has no comment",
            profile=PROFILE,
        )
    for number, profile in enumerate(profiles, start=1):
        if profile.name:
            where = f"{path}/profiles/profile[{number}]/name"
            shared.report.add(
                where,
                profile.name,
                GapKind.LOST,
                "a load profile's name has no CIM counterpart",
                profile=PROFILE,
            )
    blocks = data.blocks.block if data.blocks is not None else []
    readings = [
        translate(INTERVAL_BLOCK, block, Direction.TO_CIM, shared, f"{path}/blocks/block[{number}]")
        for number, block in enumerate(blocks, start=1)
    ]
    return MeterReadings(meter_readings=readings, reading_types=reading_types_of(shared))


def _spacing(block: IntervalBlock) -> timedelta | None:
    """The interval of a block whose code names none: the smallest step between its readings."""
    times = sorted(r.time_stamp for r in block.interval_readings if r.time_stamp is not None)
    steps = [later - earlier for earlier, later in itertools.pairwise(times)]
    return min((step for step in steps if step), default=None)


def _views(reading: MeterReading, path: str) -> list[tuple[timedelta | None, MeterReading]]:
    """``reading`` split by interval length (an intervalBlock has one profile, so one length).

    The length is the code's measuringPeriod, else the spacing of the readings. The first view
    keeps the register readings and the values that become gaps; the others only the meter.
    """
    groups: dict[timedelta | None, list[IntervalBlock]] = {}
    for number, block in enumerate(reading.interval_blocks, start=1):
        length = codes.interval_length_of(block.reading_type) or _spacing(block)
        if length is None and block.interval_readings:
            raise MappingError(
                f"IntervalBlock {block.reading_type} has neither a measuringPeriod nor two "
                "readings to tell its interval length by",
                xpath=f"{path}/IntervalBlocks[{number}]",
            )
        groups.setdefault(length, []).append(block)
    if not groups:
        return [(None, reading)]
    views: list[tuple[timedelta | None, MeterReading]] = []
    for length, blocks in groups.items():
        if not views:
            views.append((length, replace(reading, interval_blocks=blocks)))
        else:
            meter = MeterReading(reading.meter_mrid, reading.meter_names, interval_blocks=blocks)
            views.append((length, meter))
    return views


def interval_data_from_cim(
    document: MeterReadings, report: GapReport | None = None, path: str = "/MeterReadings"
) -> msp.IntervalData:
    """A CIM MeterReadings document as ``intervalData``: a block per meter and interval length."""
    shared = shared_state(report, document.reading_types)
    blocks = []
    for index, reading in enumerate(document.meter_readings, start=1):
        where = f"{path}/MeterReading[{index}]"
        for length, view in _views(reading, where):
            shared.state["view_length"] = length
            blocks.append(translate(INTERVAL_BLOCK, view, Direction.TO_MSP, shared, where))
    profiles = list(shared.state.get("profiles_out", {}).values())
    return msp.IntervalData(
        status_delimiter=codes.STATUS_DELIMITER,
        interval_delimiter=codes.INTERVAL_DELIMITER,
        profiles=msp.ArrayOfIntervalProfile(profile=profiles) if profiles else None,
        blocks=msp.ArrayOfIntervalBlock(block=blocks) if blocks else None,
    )


def pending_calculation_gaps(calculation: PendingCalculation, report: GapReport, path: str) -> None:
    """Report the fields of a PendingCalculation (every one a gap; see ``PENDING_CALCULATION``)."""
    shared = TranslationState(report=report, profile=PROFILE)
    translate(PENDING_CALCULATION, calculation, Direction.TO_MSP, shared, path)
