"""Interval data over MultiSpeak 5.0: intervalData ⇄ CIM IntervalBlocks, value by value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.cim.model import (
    IntervalBlock,
    IntervalReading,
    MeterReading,
    MeterReadings,
    Name,
    Reading,
    ReadingQuality,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize import meter_reading_v5_messages as messages
from mspcim.harmonize.editions import write_payload
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.meter_reading_messages import cim_readings
from mspcim.harmonize.profiles import interval_data_v5 as profile
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.header import Caller, RequestHeader
from mspcim.multispeak.v50.identity import MeterID, Release
from mspcim.multispeak.v50.interval_data import (
    ChannelData,
    ChannelReadingTypeCode,
    DataBlock,
    Duration,
    EndReading,
    GetLatestMeterReadingsByMeterIDsIntervalData,
    IntervalChannel,
    IntervalData,
    IntervalDataNotification,
    IntervalProfile,
)
from mspcim.multispeak.v50.interval_data import (
    IntervalBlock as MspBlock,
)

T0 = datetime(2026, 5, 1, 0, 0, tzinfo=UTC)
GUID = "6f1c2d3e-1111-4222-8333-944445555666"
KWH_15 = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
KWH_BULK = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
VOLTS_15 = "0.0.2.0.0.1.54.0.0.0.0.0.0.0.0.0.29.0"
STEP = timedelta(minutes=15)


def v5_data() -> IntervalData:
    return IntervalData(
        profiles=[
            IntervalProfile(
                profile_id="LP1",
                interval_length=Duration(value=Decimal(15), units="Minutes"),
                channels=[
                    IntervalChannel(
                        index=1,
                        reading_type_code=ChannelReadingTypeCode(value=KWH_15, name="kWh 15"),
                    ),
                    IntervalChannel(
                        index=2, reading_type_code=ChannelReadingTypeCode(value=VOLTS_15)
                    ),
                ],
            )
        ],
        blocks=[
            MspBlock(
                profile_id="LP1",
                meter_id=MeterID(object_guid=GUID, meter_name="M-1"),
                interval_start=T0,
                end_readings=[
                    EndReading(
                        channel_index=1, reading=Decimal("1002.5"), reading_date=T0 + 4 * STEP
                    )
                ],
                d_b=DataBlock(
                    chs=[
                        ChannelData(idx=1, d="1.5,2.0:invalid,,0.5"),
                        ChannelData(idx=2, d="240.1,239.8,240.0,241.2"),
                    ]
                ),
            )
        ],
    )


def header() -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="MDM", company="REC"), message_id="ID-1", time_stamp=T0
    )


def options(release: Release = Release.V507) -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW", release=release)


def reparsed(element: etree._Element) -> etree._Element:
    return xmlsafe.parse(etree.tostring(element))


def test_interval_data_becomes_interval_blocks_value_by_value() -> None:
    document = profile.interval_data_to_cim(v5_data())
    (reading,) = document.meter_readings
    assert reading.meter_mrid == GUID
    energy, volts = reading.interval_blocks
    assert energy.reading_type == KWH_15
    assert [(r.value, r.time_stamp) for r in energy.interval_readings] == [
        (Decimal("1.5"), T0 + STEP),
        (Decimal("2.0"), T0 + 2 * STEP),
        (Decimal("0.5"), T0 + 4 * STEP),
    ]
    assert energy.interval_readings[1].reading_qualities == [ReadingQuality("1.5.258")]
    assert [r.value for r in volts.interval_readings][-1] == Decimal("241.2")
    assert reading.readings == [Reading(KWH_BULK, Decimal("1002.5"), T0 + 4 * STEP)]
    assert [(t.mrid, t.name) for t in document.reading_types] == [(KWH_15, "kWh 15")]


@pytest.mark.parametrize("release", list(Release))
def test_notification_becomes_created_meter_readings(
    assert_schema_valid: Any, release: Release
) -> None:
    call = IntervalDataNotification(interval_data=[v5_data()], transaction_id="TX-LP")
    body = reparsed(msp_binding.write(call, "IntervalDataNotification", release=release))
    assert_schema_valid(body, release=release.value)
    message = find_msp50_route("IntervalDataNotification")(body, header(), GapReport(), options())
    assert_schema_valid(build_message(message))
    assert message.kind is MessageKind.EVENT
    assert message.header is not None and message.header.correlation_id == "TX-LP"
    readings = cim_readings(read_message(build_message(message)))
    (reading,) = readings.document.meter_readings
    assert [b.reading_type for b in reading.interval_blocks] == [KWH_15, VOLTS_15]


def cim_document(values: list[Decimal | None]) -> MeterReadings:
    return MeterReadings(
        meter_readings=[
            MeterReading(
                meter_mrid=GUID,
                meter_names=[Name("M-1", "meterID", "MultiSpeak")],
                interval_blocks=[
                    IntervalBlock(
                        KWH_15,
                        [
                            IntervalReading(value, T0 + slot * STEP)
                            for slot, value in enumerate(values, start=1)
                            if value is not None
                        ],
                    )
                ],
                readings=[Reading(KWH_BULK, Decimal("77.5"), T0 + len(values) * STEP)],
            )
        ]
    )


@pytest.mark.parametrize("release", list(Release))
def test_cim_interval_blocks_become_a_valid_notification(
    assert_schema_valid: Any, release: Release
) -> None:
    document = cim_document([Decimal("1.25"), None, Decimal("3")])
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "MeterReadings", timestamp=T0, correlation_id="C-9"),
        payload=[write_payload("MeterReadings", Edition.CIM2013, document, GapReport())],
    )
    body, _ = messages.interval_data_notification(message, GapReport(), options(release))
    assert_schema_valid(reparsed(body), release=release.value)
    call = msp_binding.read(reparsed(body), IntervalDataNotification)
    assert call.transaction_id == "C-9"
    (data,) = call.interval_data
    (block,) = data.blocks
    assert (block.interval_start, block.d_b.chs[0].d) == (T0, "1.25,,3")
    assert data.profiles[0].interval_length == Duration(value=Decimal(15), units="Minutes")
    assert block.end_readings == [
        EndReading(channel_index=1, reading=Decimal("77.5"), reading_date=T0 + 3 * STEP)
    ]


def test_blocks_of_different_lengths_in_one_meter_reading_are_refused() -> None:
    document = cim_document([Decimal(1)])
    document.meter_readings[0].interval_blocks.append(
        IntervalBlock(KWH_15.replace("0.0.2.", "0.0.7.", 1), [IntervalReading(Decimal(1), T0)])
    )
    with pytest.raises(MappingError):
        profile.interval_data_to_msp(document)


def test_get_latest_interval_data_is_a_get_with_the_time_range() -> None:
    call = GetLatestMeterReadingsByMeterIDsIntervalData(
        meter_ids=[MeterID(object_guid=GUID)], start_date=T0, end_date=T0 + timedelta(days=1)
    )
    body = reparsed(msp_binding.write(call, "GetLatestMeterReadingsByMeterIDsIntervalData"))
    message = find_msp50_route("GetLatestMeterReadingsByMeterIDsIntervalData")(
        body, header(), GapReport(), options()
    )
    assert message.request is not None
    assert (message.request.start_time, message.request.end_time) == (T0, T0 + timedelta(days=1))
    assert [i.value for i in message.request.ids] == [GUID]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.none() | st.decimals(places=2, min_value=0, max_value=10_000, allow_nan=False),
        min_size=1,
        max_size=12,
    ).filter(lambda values: values[0] is not None)
)
def test_cim_to_v5_to_cim_keeps_intervals(values: list[Decimal | None]) -> None:
    document = cim_document(values)
    report = GapReport()
    data = profile.interval_data_to_msp(document, report)
    read = msp_binding.read(reparsed(msp_binding.write(data, "intervalData")), IntervalData)
    assert profile.interval_data_to_cim(read, report).meter_readings == document.meter_readings


def test_a_load_profile_event_is_routed_as_interval_data_and_readings_are_not() -> None:
    profile_event = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "MeterReadings", timestamp=T0),
        payload=[
            write_payload("MeterReadings", Edition.CIM2013, cim_document([Decimal(1)]), GapReport())
        ],
    )
    body, _ = find_cim_route50("MeterReadings", MessageKind.EVENT)(
        profile_event, GapReport(), options()
    )
    assert etree.QName(body).localname == "IntervalDataNotification"
    registers = cim_document([Decimal(1)])
    registers.meter_readings[0].interval_blocks = []
    register_event = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "MeterReadings", timestamp=T0),
        payload=[write_payload("MeterReadings", Edition.CIM2013, registers, GapReport())],
    )
    body, _ = find_cim_route50("MeterReadings", MessageKind.EVENT)(
        register_event, GapReport(), options()
    )
    assert etree.QName(body).localname == "MeterReadingsNotification"
