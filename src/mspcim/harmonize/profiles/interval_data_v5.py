"""Interval data of profile 9 MeterReadings: MultiSpeak 5.0 ``intervalData`` ⇄ CIM IntervalBlocks.

One table, ``INTERVAL_BLOCK`` (``intervalBlock`` ⇄ ``MeterReading``): each channel's delimited
values become an IntervalBlock of the channel's ReadingType code (v5 gives the code itself, so
no description is needed), an interval's status flags its ReadingQualities (the 4.1 table
``INTERVAL_STATUS``), the end readings register Readings. Back, every MeterReading becomes one
block of its own profile (``P<n>``): one channel per IntervalBlock, the interval length from the
codes' measuringPeriod (``MEASURING_PERIODS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from mspcim.cim.model import (
    IntervalBlock,
    IntervalReading,
    MeterReading,
    MeterReadings,
    Reading,
    ReadingType,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize import interval_data_codecs as codes
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import meter_readings_v5 as _readings  # noqa: F401  (codecs)
from mspcim.harmonize.profiles.interval_data import meter_reading_gaps
from mspcim.harmonize.rules import Gap, Side, Table, Transform
from mspcim.multispeak.v50 import interval_data as msp
from mspcim.xsdtypes import format_decimal, parse_decimal

__all__ = ["INTERVAL_BLOCK", "PROFILE", "interval_data_to_cim", "interval_data_to_msp"]

PROFILE: Final = "MeterReadings"


_SECONDS: Final = {"Milliseconds": 0.001, "Seconds": 1, "Minutes": 60, "Hours": 3600}


def _length(profile: msp.IntervalProfile) -> timedelta:
    """A profile's ``intervalLength`` (``Minutes`` when it names no units)."""
    seconds = _SECONDS.get(profile.interval_length.units or "Minutes")
    if seconds is None or profile.interval_length.value <= 0:
        raise MappingError(f"profile {profile.profile_id!r} has no usable intervalLength")
    return timedelta(seconds=float(profile.interval_length.value) * seconds)


def _profile_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    profile_id, start = values["profile_id"], values["interval_start"]
    data: msp.DataBlock = values["d_b"]
    profile: msp.IntervalProfile | None = ctx.state["profiles"].get(profile_id)
    if profile is None:
        raise MappingError(f"the block's profile {profile_id!r} is not among intervalData/profiles")
    length = _length(profile)
    channel_codes: dict[int, str] = {}
    for channel in profile.channels:
        code = codes.as_code(channel.reading_type_code.value)
        if code is None:
            raise MappingError(
                f"channel {channel.index} of profile {profile_id!r} has no ReadingType code"
            )
        channel_codes[channel.index] = code
        codes.name_reading_type(code, channel.reading_type_code.name, ctx, "profile_id")
        for label, text in (("fieldDescription", channel.field_description), ("units", None)):
            if text:
                ctx.gap("profile_id", text, f"channel {label}: the ReadingType code says it")
    if data.c_s:
        ctx.gap("d_b", data.c_s, "dB/cS has no CIM counterpart")
    delimiter, status = ctx.state["delimiters"]
    blocks = []
    for number, channel_data in enumerate(data.chs, start=1):
        code = channel_codes.get(channel_data.idx)
        if code is None:
            raise MappingError(f"dB channel {channel_data.idx} is not a channel of {profile_id!r}")
        readings = []
        for slot, entry in enumerate(channel_data.d.split(delimiter), start=1):
            text, *flags = entry.split(status) if status else [entry]
            if text.strip():
                where = f"{ctx.path}/dB/chs/ch[{number}]/d"
                readings.append(
                    IntervalReading(
                        value=parse_decimal(text, where=where),
                        time_stamp=start + slot * length,
                        reading_qualities=codes.qualities_of(flags, ctx, "d_b"),
                    )
                )
        blocks.append(IntervalBlock(code, readings))
    registers = []
    for end in values["end_readings"] or []:
        code = channel_codes.get(end.channel_index)
        if code is None:
            raise MappingError(f"endReading channel {end.channel_index} is not in the profile")
        registers.append(Reading(codes.register_code(code), end.reading, end.reading_date))
    return {"interval_blocks": blocks, "readings": registers}


def _profile_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    blocks: list[IntervalBlock] = values["interval_blocks"] or []
    if not blocks:
        raise MappingError("the MeterReading has no IntervalBlocks for an intervalBlock")
    lengths = {codes.interval_length_of(block.reading_type) for block in blocks}
    if len(lengths) != 1 or None in lengths:
        raise MappingError("IntervalBlocks of one MeterReading need one interval length")
    (length,) = lengths
    assert length is not None
    times = sorted(r.time_stamp for b in blocks for r in b.interval_readings if r.time_stamp)
    if not times:
        raise MappingError("IntervalBlocks without timed readings")
    start = times[0] - length
    delimiter, status = ctx.state["delimiters"]
    profile_id = f"P{len(ctx.state['made']) + 1}"
    channels, data = [], []
    for index, block in enumerate(blocks, start=1):
        channels.append(
            msp.IntervalChannel(
                index=index,
                reading_type_code=msp.ChannelReadingTypeCode(
                    value=block.reading_type,
                    name=ctx.state.get("reading_type_names", {}).get(block.reading_type),
                ),
            )
        )
        slots: dict[int, str] = {}
        for reading in block.interval_readings:
            slot, rest = divmod((reading.time_stamp or start) - start, length)
            if rest or slot <= 0 or reading.value is None:
                ctx.gap("interval_blocks", reading.time_stamp or "", "off the interval grid")
                continue
            flags = codes.flags_of(reading.reading_qualities, ctx)
            slots[slot] = status.join([format_decimal(reading.value), *flags])
        text = delimiter.join(slots.get(slot, "") for slot in range(1, max(slots, default=0) + 1))
        data.append(msp.ChannelData(idx=index, d=text))
    by_register = {
        codes.register_code(channel.reading_type_code.value): c
        for c, channel in enumerate(channels, start=1)
    }
    ends = []
    for reading in values["readings"] or []:
        found = by_register.get(reading.reading_type)
        if found is None or reading.value is None or reading.time_stamp is None:
            ctx.gap("readings", reading.reading_type, "a register no channel of the block reads")
            continue
        ends.append(
            msp.EndReading(
                channel_index=found, reading=reading.value, reading_date=reading.time_stamp
            )
        )
    duration = codes.duration_of(length)
    ctx.state["made"].append(
        msp.IntervalProfile(
            interval_length=msp.Duration(value=duration.value, units=duration.units),
            channels=channels,
            profile_id=profile_id,
        )
    )
    return {
        "profile_id": profile_id,
        "interval_start": start,
        "d_b": msp.DataBlock(chs=data),
        "end_readings": ends,
    }


field_codec(
    "interval_profile_v5",
    _profile_to_cim,
    _profile_to_msp,
    "channels (by readingTypeCode) and delimited intervals ⇄ IntervalBlocks; end readings ⇄ "
    "register Readings; status flags ⇄ ReadingQualities by INTERVAL_STATUS",
)

INTERVAL_BLOCK = Table(
    name=PROFILE,
    clause="9",
    msp_class=msp.IntervalBlock,
    cim_class=MeterReading,
    msp_objects=(
        "NOT_Server: IntervalDataNotification",
        "MR_Server: GetLatestMeterReadingsByMeterIDsIntervalData",
        "intervalData/blocks/block",
    ),
    rules=(
        Transform(("meter_id",), ("meter_mrid", "meter_names"), "meter_identity_v5_block", "meter"),
        Transform(
            ("profile_id", "interval_start", "d_b", "end_readings"),
            ("interval_blocks", "readings"),
            "interval_profile_v5",
            "channels and intervals ⇄ IntervalBlocks; end readings ⇄ register Readings",
        ),
        Gap(Side.MSP, "log_time", "no CIM counterpart for when the block was logged"),
        *meter_reading_gaps("an intervalBlock"),
    ),
)


def interval_data_to_cim(
    data: msp.IntervalData, report: GapReport | None = None, path: str = "/intervalData"
) -> MeterReadings:
    """An ``intervalData`` as a CIM MeterReadings document: one MeterReading per block."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    shared.state["profiles"] = {profile.profile_id: profile for profile in data.profiles}
    shared.state["delimiters"] = (data.interval_delimiter, data.status_delimiter)
    if data.comment:
        shared.report.add(f"{path}/comment", data.comment, GapKind.LOST, "no CIM counterpart")
    readings = [
        translate(INTERVAL_BLOCK, block, Direction.TO_CIM, shared, f"{path}/blocks/block[{i}]")
        for i, block in enumerate(data.blocks, start=1)
    ]
    names: dict[str, str] = shared.state.get("reading_type_names", {})
    return MeterReadings(
        meter_readings=readings,
        reading_types=[ReadingType(mrid=code, name=name) for code, name in names.items()],
    )


def interval_data_to_msp(
    document: MeterReadings, report: GapReport | None = None, path: str = "/MeterReadings"
) -> msp.IntervalData:
    """A MeterReadings document of interval data as one ``intervalData`` (a profile per block)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    shared.state["delimiters"] = (",", ":")
    shared.state["made"] = []
    shared.state["reading_type_names"] = {
        reading_type.mrid: reading_type.name
        for reading_type in document.reading_types
        if reading_type.name
    }
    blocks = [
        translate(INTERVAL_BLOCK, reading, Direction.TO_MSP, shared, f"{path}/MeterReading[{i}]")
        for i, reading in enumerate(document.meter_readings, start=1)
    ]
    return msp.IntervalData(profiles=shared.state["made"], blocks=blocks)
