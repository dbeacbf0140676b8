"""Profile 8.17 interval data: intervalData and formattedBlock ⇄ IntervalBlocks, both ways."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.cim.message import Error as CimError
from mspcim.cim.meter_readings_2009 import read_meter_readings as read_2009
from mspcim.cim.meter_readings_2013 import build_meter_readings, read_meter_readings
from mspcim.cim.model import (
    IntervalBlock,
    IntervalReading,
    MeterReading,
    MeterReadings,
    Name,
    Reading,
    ReadingQuality,
    ReadingType,
    Status,
)
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.interval_data_codecs import INTERVAL_STATUS
from mspcim.harmonize.interval_data_messages import (
    FIELD_NAME_OPTION,
    INTERVAL_BODIES,
    read_pending_calculations,
    to_interval_body,
)
from mspcim.harmonize.profiles import formatted_block
from mspcim.harmonize.profiles.interval_data import (
    PendingCalculation,
    interval_data_from_cim,
    interval_data_to_cim,
)
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41 import interval_data as msp
from mspcim.soap import SoapVersion, build_envelope, read_envelope

T0 = datetime(2026, 5, 1, tzinfo=UTC)
Q = timedelta(minutes=15)
KWH_15 = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
KWH_15_PLAIN = "0.0.2.4.0.1.12.0.0.0.0.0.0.0.0.3.72.0"
KVARH_15_PLAIN = "0.0.2.4.0.1.12.0.0.0.0.0.0.0.0.3.73.0"
KWH_PLAIN = "0.0.0.1.0.1.12.0.0.0.0.0.0.0.0.3.72.0"
KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
KVARH_60 = "0.0.7.4.1.1.12.0.0.0.0.0.0.0.0.3.73.0"
VOLTS = "0.0.0.12.0.1.54.0.0.0.0.0.0.0.0.0.29.0"
METER = [Name("M1", "meterID", "MultiSpeak"), Name("Electric", "serviceType", "MultiSpeak")]


def meter_id(value: str = "M1", **attributes: str) -> msp.IntervalMeterID:
    return msp.IntervalMeterID(value=value, **attributes)


def interval_data(*blocks: msp.IntervalBlock, **changes: object) -> msp.IntervalData:
    profile = msp.IntervalProfile(
        profile_id="LP1",
        interval_length=msp.Duration(value=Decimal(15), units="Minutes"),
        channels=msp.ArrayOfIntervalChannel(
            channel=[
                msp.IntervalChannel(index=1, field_name="kWh", units="kWh"),
                msp.IntervalChannel(index=2, field_name="kVARh", units="kVARh"),
            ]
        ),
    )
    values: dict[str, object] = {
        "status_delimiter": ":",
        "interval_delimiter": ",",
        "profiles": msp.ArrayOfIntervalProfile(profile=[profile]),
        "blocks": msp.ArrayOfIntervalBlock(block=list(blocks)),
    }
    values.update(changes)
    return msp.IntervalData(**values)  # type: ignore[arg-type]


def block(
    d1: str = "1.5,2.5:testData,,3", d2: str = "0.1,0.2", **changes: object
) -> msp.IntervalBlock:
    values: dict[str, object] = {
        "profile_id": "LP1",
        "meter_id": meter_id(service_type="Electric"),
        "interval_start": T0,
        "d_b": msp.DataBlock(
            chs=msp.ArrayOfCH(ch=[msp.Channel(idx=1, d=d1), msp.Channel(idx=2, d=d2)])
        ),
        "end_reading_list": msp.ArrayOfEndReading(
            end_reading=[
                msp.EndReading(channel_index=1, reading=Decimal("100.5"), reading_date=T0 + 4 * Q)
            ]
        ),
    }
    values.update(changes)
    return msp.IntervalBlock(**values)  # type: ignore[arg-type]


def soap(body: etree._Element) -> etree._Element:
    header = build_header(MultiSpeakMsgHeader(app_name="MDM", message_id="MSG-1", time_stamp=T0))
    return build_envelope(SoapVersion.SOAP11, [body], [header])


# --- intervalData → CIM


def test_interval_data_becomes_interval_blocks_per_channel() -> None:
    report = GapReport()
    document = interval_data_to_cim(interval_data(block()), report)
    (reading,) = document.meter_readings
    assert reading.meter_names == METER
    energy, reactive = reading.interval_blocks
    assert energy.reading_type == KWH_15_PLAIN
    assert reactive.reading_type == KVARH_15_PLAIN
    assert [(i.value, i.time_stamp) for i in energy.interval_readings] == [
        (Decimal("1.5"), T0 + Q),
        (Decimal("2.5"), T0 + 2 * Q),
        (Decimal("3"), T0 + 4 * Q),
    ]
    assert [q.reading_quality_type for q in energy.interval_readings[1].reading_qualities] == [
        "1.4.5"
    ]
    assert [(i.value, i.time_stamp) for i in reactive.interval_readings] == [
        (Decimal("0.1"), T0 + Q),
        (Decimal("0.2"), T0 + 2 * Q),
    ]
    assert reading.readings == [Reading(KWH_PLAIN, Decimal("100.5"), T0 + 4 * Q)]
    assert document.reading_types == [
        ReadingType(KWH_15_PLAIN, "kWh"),
        ReadingType(KVARH_15_PLAIN, "kVARh"),
    ]
    assert list(report) == []


def test_what_interval_data_has_and_cim_has_not_is_reported() -> None:
    report = GapReport()
    data = interval_data(
        block(d1="1:testData:shortInterval", log_time=T0, d_b=None),
        comment="nightly",
    )
    data.blocks.block[0].d_b = msp.DataBlock(
        chs=msp.ArrayOfCH(ch=[msp.Channel(idx=1, d="1:testData:shortInterval")]), c_s="A1F3"
    )  # type: ignore[union-attr]
    data.profiles.profile[0].name = "15 minute LP"  # type: ignore[union-attr]
    data.profiles.profile[0].channels.channel[0].field_description = "delivered energy"  # type: ignore[union-attr]
    interval_data_to_cim(data, report, "/IntervalDataNotification/intervalReads")
    found = {(entry.path, entry.value, entry.kind) for entry in report}
    where = "/IntervalDataNotification/intervalReads"
    assert found == {
        (f"{where}/comment", "nightly", GapKind.LOST),
        (f"{where}/profiles/profile[1]/name", "15 minute LP", GapKind.LOST),
        (f"{where}/blocks/block[1]/profileID", "delivered energy", GapKind.LOST),
        (f"{where}/blocks/block[1]/dB", "A1F3", GapKind.LOST),
        (f"{where}/blocks/block[1]/dB", "shortInterval", GapKind.LOST),
        (f"{where}/blocks/block[1]/logTime", "2026-05-01T00:00:00Z", GapKind.LOST),
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            interval_data(block(profile_id="LP9")),
            "profile 'LP9' is not among intervalData/profiles",
        ),
        (
            interval_data(
                block(d_b=msp.DataBlock(chs=msp.ArrayOfCH(ch=[msp.Channel(idx=7, d="1")])))
            ),
            "dB channel 7",
        ),
        (interval_data(block(d1="1,lots")), "not a number: 'lots'"),
        (interval_data(block(interval_start=None)), "need intervalStart"),
        (
            interval_data(
                block(),
                profiles=msp.ArrayOfIntervalProfile(
                    profile=[
                        msp.IntervalProfile(
                            profile_id="LP1",
                            interval_length=msp.Duration(value=Decimal(1), units="Months"),
                        )
                    ]
                ),
            ),
            "not a usable interval",
        ),
    ],
)
def test_bad_interval_data_is_refused_with_a_reason(data: msp.IntervalData, message: str) -> None:
    with pytest.raises(MappingError, match=message) as caught:
        interval_data_to_cim(data)
    assert caught.value.xpath is not None and caught.value.xpath.startswith(
        "/intervalData/blocks/block[1]"
    )


def test_each_status_flag_is_a_declared_quality() -> None:
    flags = ":".join(INTERVAL_STATUS)
    document = interval_data_to_cim(interval_data(block(d1=f"7:{flags}", d2="")))
    interval = document.meter_readings[0].interval_blocks[0].interval_readings[0]
    assert [q.reading_quality_type for q in interval.reading_qualities] == list(
        INTERVAL_STATUS.values()
    )


# --- CIM → intervalData


def cim_reading(**changes: object) -> MeterReading:
    values: dict[str, object] = {
        "meter_names": list(METER),
        "interval_blocks": [
            IntervalBlock(
                KWH_15,
                [
                    IntervalReading(Decimal("0.25"), T0 + Q),
                    IntervalReading(
                        Decimal("0.5"),
                        T0 + 3 * Q,
                        [ReadingQuality("1.4.2")],
                    ),
                ],
            )
        ],
        "readings": [Reading(KWH, Decimal("1234.5"), T0 + 3 * Q)],
    }
    values.update(changes)
    return MeterReading(**values)  # type: ignore[arg-type]


def test_interval_blocks_become_a_profile_and_a_block() -> None:
    report = GapReport()
    data = interval_data_from_cim(
        MeterReadings([cim_reading()], [ReadingType(KWH_15, "Delivered kWh")]), report
    )
    (profile,) = data.profiles.profile  # type: ignore[union-attr]
    assert profile.interval_length == msp.Duration(value=Decimal(15), units="Minutes")
    (channel,) = profile.channels.channel  # type: ignore[union-attr]
    assert (channel.index, channel.field_name, channel.units) == (1, "Delivered kWh", "kWh")
    assert channel.field_description == KWH_15  # uom + length alone would give the plain code
    (item,) = data.blocks.block  # type: ignore[union-attr]
    assert item.profile_id == profile.profile_id
    assert item.meter_id == meter_id(service_type="Electric")
    assert item.interval_start == T0
    assert item.d_b.chs.ch == [msp.Channel(idx=1, d="0.25,,0.5:partialInterval")]  # type: ignore[union-attr]
    assert item.end_reading_list.end_reading == [  # type: ignore[union-attr]
        msp.EndReading(channel_index=1, reading=Decimal("1234.5"), reading_date=T0 + 3 * Q)
    ]
    assert list(report) == []
    back = interval_data_to_cim(data)
    assert back.meter_readings == [cim_reading()]
    assert back.reading_types == [ReadingType(KWH_15, "Delivered kWh")]


def test_cim_values_intervalData_cannot_hold_are_reported() -> None:
    report = GapReport()
    reading = cim_reading(
        usage_point_mrid="SP-1",
        meter_status=Status("on"),
        interval_blocks=[
            IntervalBlock(
                KWH_15,
                [
                    IntervalReading(
                        Decimal(1),
                        T0 + Q,
                        [ReadingQuality("3.8.0", comment="estimated"), ReadingQuality("1.0.0")],
                    )
                ],
            )
        ],
        readings=[Reading(VOLTS, Decimal(240), T0, source="HES")],
    )
    interval_data_from_cim(MeterReadings([reading]), report)
    found = {(entry.path, entry.value, entry.kind) for entry in report}
    where = "/MeterReadings/MeterReading[1]"
    assert (f"{where}/UsagePoint/mRID", "SP-1", GapKind.LOST) in found
    assert (
        f"{where}/Meter/status",
        "Status(value='on', date_time=None, reason=None, remark=None)",
        GapKind.LOST,
    ) in found
    assert (f"{where}/IntervalBlocks", "3.8.0", GapKind.LOST) in found
    assert (f"{where}/IntervalBlocks", "1.0.0", GapKind.CHANGED) in found
    assert (f"{where}/IntervalBlocks", "estimated", GapKind.LOST) in found
    assert (f"{where}/Readings", "HES", GapKind.LOST) in found


def test_two_interval_lengths_make_two_profiles_and_two_blocks() -> None:
    reading = cim_reading(
        readings=[],
        interval_blocks=[
            IntervalBlock(KWH_15, [IntervalReading(Decimal(1), T0 + Q)]),
            IntervalBlock(KVARH_60, [IntervalReading(Decimal(2), T0 + 4 * Q)]),
        ],
    )
    data = interval_data_from_cim(MeterReadings([reading]))
    lengths = [p.interval_length for p in data.profiles.profile]  # type: ignore[union-attr]
    assert lengths == [
        msp.Duration(value=Decimal(15), units="Minutes"),
        msp.Duration(value=Decimal(1), units="Hours"),
    ]
    assert [b.profile_id for b in data.blocks.block] == ["P1", "P2"]  # type: ignore[union-attr]
    assert [b.d_b.chs.ch[0].d for b in data.blocks.block] == ["1", "2"]  # type: ignore[union-attr]


def test_a_block_without_a_length_is_refused() -> None:
    reading = cim_reading(interval_blocks=[IntervalBlock(KWH, [IntervalReading(Decimal(1), T0)])])
    with pytest.raises(MappingError, match="neither a measuringPeriod") as caught:
        interval_data_from_cim(MeterReadings([reading]))
    assert caught.value.xpath == "/MeterReadings/MeterReading[1]/IntervalBlocks[1]"


def test_length_from_the_spacing_when_the_code_has_none() -> None:
    blocks = [
        IntervalBlock(
            KWH_PLAIN.replace("0.0.0.1", "0.0.0.4"),
            [IntervalReading(Decimal(i), T0 + i * Q) for i in (1, 2, 4)],
        )
    ]
    data = interval_data_from_cim(MeterReadings([cim_reading(interval_blocks=blocks, readings=[])]))
    assert data.profiles.profile[0].interval_length == msp.Duration(
        value=Decimal(15), units="Minutes"
    )  # type: ignore[union-attr]
    assert data.blocks.block[0].d_b.chs.ch[0].d == "1,2,,4"  # type: ignore[union-attr]
    assert interval_data_to_cim(data).meter_readings[0].interval_blocks == blocks


# --- formattedBlock


def formatted(*rows: str, **changes: object) -> msp.FormattedBlock:
    columns = [
        ("meterID", None),
        ("serviceType", None),
        ("readingDate", None),
        ("kWh", "kWh"),
        ("V", "V"),
    ]
    values: dict[str, object] = {
        "separator": ",",
        "content_noun_type": "meterReading",
        "val_syntax": msp.ArrayOfSyntaxItem(
            syntax_item=[
                msp.SyntaxItem(field_name=n, position=p, uom=u) for p, (n, u) in enumerate(columns)
            ]
        ),
        "value_list": msp.ArrayOfVal(val=list(rows)),
    }
    values.update(changes)
    return msp.FormattedBlock(**values)  # type: ignore[arg-type]


ROWS = (
    "M1,Electric,2026-05-01T00:00:00Z,1.5,240",
    "M1,Electric,2026-05-01T00:15:00Z,1.6,",
    "M2,,2026-05-01T00:00:00Z,7,241",
)


def test_formatted_block_rows_become_readings_per_meter() -> None:
    report = GapReport()
    document = formatted_block.to_cim(formatted(*ROWS), report)
    first, second = document.meter_readings
    assert first.meter_names == METER
    assert second.meter_names == [Name("M2", "meterID", "MultiSpeak")]
    assert [(r.reading_type, r.value, r.time_stamp) for r in first.readings] == [
        (KWH_PLAIN, Decimal("1.5"), T0),
        (KWH_PLAIN, Decimal("1.6"), T0 + Q),
        (VOLTS, Decimal(240), T0),
    ]
    assert [(r.reading_type, r.value) for r in second.readings] == [
        (KWH_PLAIN, Decimal(7)),
        (VOLTS, Decimal(241)),
    ]
    assert document.reading_types == [ReadingType(KWH_PLAIN, "kWh"), ReadingType(VOLTS, "V")]
    assert list(report) == []


def test_load_profile_rows_are_intervals_over_the_rows_spacing() -> None:
    document = formatted_block.to_cim(formatted(*ROWS), load_profile=True)
    energy = document.meter_readings[0].interval_blocks[0]
    assert energy.reading_type == KWH_15_PLAIN
    assert [(i.value, i.time_stamp) for i in energy.interval_readings] == [
        (Decimal("1.5"), T0),
        (Decimal("1.6"), T0 + Q),
    ]
    assert document.meter_readings[1].interval_blocks[0].reading_type == KWH_15_PLAIN


def test_formatted_block_gaps_and_errors() -> None:
    report = GapReport()
    block = formatted(*ROWS, comment="from MDM", content_id="C-1")
    block.val_syntax.syntax_item.append(msp.SyntaxItem(field_name="note", position=5))  # type: ignore[union-attr]
    block.value_list.val = [row + ",x" for row in ROWS]  # type: ignore[union-attr]
    formatted_block.to_cim(block, report)
    assert {(e.path, e.value) for e in report} == {
        ("/formattedBlock/comment", "from MDM"),
        ("/formattedBlock/contentID", "C-1"),
        ("/formattedBlock/valSyntax/syntaxItem[6]", "note"),
    }
    with pytest.raises(MappingError, match="row has 4 cells for 5 columns") as caught:
        formatted_block.to_cim(formatted("M1,E,2026-05-01T00:00:00Z,1"))
    assert caught.value.xpath == "/formattedBlock/valueList/val[1]"
    with pytest.raises(MessageFormatError, match="needs a readingDate"):
        formatted_block.to_cim(formatted("M1,Electric,,1,2"))


def test_cim_readings_become_rows_and_columns() -> None:
    document = MeterReadings(
        [
            cim_reading(
                readings=[Reading(KWH, Decimal("1.5"), T0), Reading(VOLTS, Decimal(240), T0)],
                interval_blocks=[],
            ),
            MeterReading(
                meter_names=[Name("M,2", "meterID", "MultiSpeak")],
                readings=[Reading(KWH, Decimal(7), T0 + Q)],
            ),
        ],
        [ReadingType(VOLTS, "Voltage")],
    )
    report = GapReport()
    block = formatted_block.to_msp(document, report)
    assert block.separator == ";"  # a meter number holds a comma
    assert [(s.field_name, s.position, s.uom) for s in block.val_syntax.syntax_item] == [  # type: ignore[union-attr]
        ("meterID", 0, None),
        ("serviceType", 1, None),
        ("readingDate", 2, None),
        (KWH, 3, "kWh"),
        ("Voltage", 4, "V RMS"),
    ]
    assert block.value_list.val == [  # type: ignore[union-attr]
        "M1;Electric;2026-05-01T00:00:00Z;1.5;240",
        "M,2;;2026-05-01T00:15:00Z;7;",
    ]
    assert list(report) == []
    back = formatted_block.to_cim(block)
    assert [r.readings for r in back.meter_readings] == [
        r.readings for r in document.meter_readings
    ]


def test_a_column_keeps_the_code_when_its_name_would_lose_it() -> None:
    document = MeterReadings(
        [cim_reading(readings=[Reading(KWH, Decimal(1), T0)], interval_blocks=[])],
        [ReadingType(KWH, "PosKWh")],
    )
    report = GapReport()
    block = formatted_block.to_msp(document, report)
    assert block.val_syntax.syntax_item[-1].field_name == KWH  # type: ignore[union-attr]
    (entry,) = report.of_kind(GapKind.CHANGED)
    assert (entry.value, entry.reason) == (
        "PosKWh",
        f"a column names its code {KWH}, not its ReadingType name",
    )


# --- PendingCalculation: no MultiSpeak multiplier, every field a gap


def payload_with_pending_calculation() -> etree._Element:
    document = MeterReadings([cim_reading(readings=[])])
    root = build_meter_readings(document)
    q = f"{{{ns.METER_READINGS_2011}}}"
    blocks = root.find(f"{q}MeterReading/{q}IntervalBlocks")
    assert blocks is not None
    pending = etree.Element(f"{q}PendingCalculation")
    for local, text in (
        ("multiplyBeforeAdd", "true"),
        ("offset", "2"),
        ("scalarDenominator", "1000"),
        ("scalarNumerator", "3"),
    ):
        etree.SubElement(pending, f"{q}{local}").text = text
    etree.SubElement(pending, f"{q}ReadingType").set("ref", KWH)
    blocks.find(f"{q}ReadingType").addprevious(pending)  # type: ignore[union-attr]
    return root


def test_pending_calculation_is_read_from_a_valid_2013_payload(assert_schema_valid) -> None:
    root = payload_with_pending_calculation()
    assert_schema_valid(root)
    assert read_pending_calculations(root) == [
        (
            "/MeterReadings/MeterReading[1]/IntervalBlocks[1]/PendingCalculation",
            PendingCalculation(True, 2, 1000, None, 3, KWH),
        )
    ]


def test_pending_calculation_fields_are_reported_lost_on_the_way_to_multispeak() -> None:
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "MeterReadings"),
        payload=[payload_with_pending_calculation()],
    )
    report = GapReport()
    to_interval_body(message, "IntervalDataNotification", report)
    where = "/MeterReadings/MeterReading[1]/IntervalBlocks[1]/PendingCalculation"
    assert {(e.path, e.value) for e in report if e.path.startswith(where)} == {
        (f"{where}/multiplyBeforeAdd", "true"),
        (f"{where}/offset", "2"),
        (f"{where}/scalarDenominator", "1000"),
        (f"{where}/scalarNumerator", "3"),
        (f"{where}/ReadingType/@ref", KWH),
    }
    assert all(
        e.kind is GapKind.LOST and "no " in e.reason for e in report if e.path.startswith(where)
    )


def test_translator_reports_a_pending_calculation() -> None:
    result = translate_document(payload_with_pending_calculation(), "msp41")
    assert any("PendingCalculation" in entry.path for entry in result.gaps)


# --- whole messages through the translator and to_interval_body


def test_formatted_block_notification_to_cim_event(assert_schema_valid) -> None:
    call = msp.FormattedBlockNotification(
        changed_meter_reads=formatted(*ROWS), transaction_id="TX-9", error_string="partial"
    )
    envelope = soap(msp.build_body("FormattedBlockNotification", call))
    assert_schema_valid(envelope)
    result = translate_document(envelope, "cim", new_id=lambda: "GW-1")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.kind is MessageKind.EVENT
    assert (message.header.verb, message.header.correlation_id, message.header.message_id) == (
        Verb.CREATED,
        "TX-9",
        "MSG-1",
    )  # type: ignore[union-attr]
    document = read_meter_readings(message.payload[0])
    assert [len(r.readings) for r in document.meter_readings] == [3, 2]
    assert ("/FormattedBlockNotification/errorString", "partial") in {
        (e.path, e.value) for e in result.gaps.lost
    }


def test_interval_data_notification_to_the_first_edition(assert_schema_valid) -> None:
    call = msp.IntervalDataNotification(
        interval_reads=interval_data(block()), transaction_id="TX-3"
    )
    envelope = soap(msp.build_body("IntervalDataNotification", call))
    assert_schema_valid(envelope)
    result = translate_document(envelope, "cim2009")
    assert_schema_valid(result.document, edition="2009")
    document = read_2009(result.document.find(f".//{{{ns.METER_READINGS_2009}}}MeterReadings"))
    assert [len(b.interval_readings) for b in document.meter_readings[0].interval_blocks] == [3, 2]
    changed = {entry.path for entry in result.gaps.of_kind(GapKind.CHANGED)}
    assert "/MeterReadings/MeterReading/mRID" in changed
    assert (
        "/MeterReadings/MeterReading/IntervalBlocks/IntervalBlock/IntervalReadings/IntervalReading/mRID"
        in changed
    )


@pytest.mark.parametrize("form", list(EnvelopeForm))
@pytest.mark.parametrize(
    ("name", "call"),
    [
        (
            "GetLPReadingsByMeterIDFormattedBlock",
            msp.GetLPReadingsByMeterID(
                meter_id=meter_id(meter_no="77"),
                profile_start_date=T0,
                profile_end_date=T0 + 96 * Q,
                last_received="L-1",
            ),
        ),
        (
            "GetLPReadingsByMeterIDIntervalData",
            msp.GetLPReadingsByMeterID(
                meter_id=meter_id(), profile_start_date=T0, profile_end_date=T0 + 96 * Q
            ),
        ),
        (
            "GetReadingsByMeterIDListAndFieldNameIntervalData",
            msp.GetReadingsByMeterIDListAndFieldName(
                meter_ids=msp.ArrayOfMeterID(meter_id=[meter_id(), meter_id("M2")]),
                start_date=T0,
                end_date=T0 + 96 * Q,
                field_name=msp.ArrayOfString(string=["kWh", "kVARh"]),
            ),
        ),
    ],
)
def test_load_profile_requests_become_get_requests(
    assert_schema_valid, name: str, call: object, form: EnvelopeForm
) -> None:
    envelope = soap(msp.build_body(name, call))
    assert_schema_valid(envelope)
    result = translate_document(envelope, "cim", form=form)
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert (message.kind, message.header.verb, message.header.async_reply_flag) == (
        MessageKind.REQUEST,
        Verb.GET,
        False,
    )  # type: ignore[union-attr]
    assert (message.request.start_time, message.request.end_time) == (T0, T0 + 96 * Q)  # type: ignore[union-attr]
    ids = [i.value for i in message.request.ids]  # type: ignore[union-attr]
    assert ids == (["M1", "M2"] if "List" in name else ["M1"])
    gaps = {
        (e.path, e.value, e.kind)
        for e in result.gaps
        if not e.path.startswith("/MultiSpeakMsgHeader")
    }
    if name == "GetLPReadingsByMeterIDFormattedBlock":
        assert gaps == {
            (f"/{name}/meterID[.='M1']/@meter_no", "77", GapKind.LOST),
            (f"/{name}/lastReceived", "L-1", GapKind.LOST),
        }
    if "List" in name and form is EnvelopeForm.IEC61968_100:
        assert [(o.name, o.value) for o in message.request.options] == [
            (FIELD_NAME_OPTION, "kWh"),
            (FIELD_NAME_OPTION, "kVARh"),
        ]  # type: ignore[union-attr]
        assert {kind for _, _, kind in gaps} == {GapKind.CARRIED}


@pytest.mark.parametrize(
    "operation", [*msp.FORMATTED_BLOCK_OPERATIONS, *msp.INTERVAL_DATA_OPERATIONS]
)
def test_load_profile_responses_become_replies(assert_schema_valid, operation: str) -> None:
    if operation in msp.FORMATTED_BLOCK_OPERATIONS:
        result: msp.ArrayOfFormattedBlock | msp.ArrayOfIntervalData = msp.ArrayOfFormattedBlock(
            formatted_block=[formatted(*ROWS)]
        )
    else:
        result = msp.ArrayOfIntervalData(interval_data=[interval_data(block())])
    envelope = soap(msp.build_response(operation, result))
    assert_schema_valid(envelope)
    translated = translate_document(envelope, "cim")
    assert_schema_valid(translated.document)
    message = read_message(translated.document)
    assert (message.kind, message.reply.result) == (MessageKind.RESPONSE, ReplyResult.OK)  # type: ignore[union-attr]
    document = read_meter_readings(message.payload[0])
    assert all(reading.interval_blocks for reading in document.meter_readings)


def cim_event(**reply: object) -> Message:
    document = MeterReadings([cim_reading()], [ReadingType(KWH_15, "Delivered kWh")])
    return Message(
        MessageKind.RESPONSE if reply else MessageKind.EVENT,
        Header(
            Verb.REPLY if reply else Verb.CREATED,
            "MeterReadings",
            message_id="E-1",
            correlation_id="TX-5",
        ),
        reply=Reply(**reply) if reply else None,  # type: ignore[arg-type]
        payload=[build_meter_readings(document)],
    )


@pytest.mark.parametrize("body", sorted(INTERVAL_BODIES))
def test_cim_readings_become_each_interval_body(assert_schema_valid, body: str) -> None:
    failed = Reply(ReplyResult.PARTIAL, [CimError("2.4", reason="no answer", id=ObjectID("M9"))])
    message = cim_event(result=failed.result, errors=failed.errors)
    report = GapReport()
    element, header = to_interval_body(read_message(build_message(message)), body, report)
    assert ns.local_name(element.tag) == body
    assert header.message_id == "E-1"
    envelope = soap(element)
    assert_schema_valid(envelope)
    parsed = read_envelope(xmlsafe.parse(etree.tostring(envelope))).first_body
    if body == "FormattedBlockNotification":
        call = msp.read_body(parsed, msp.FormattedBlockNotification)
        assert (call.transaction_id, call.error_string) == ("TX-5", "M9: no answer")
        rows = formatted_block.to_cim(call.changed_meter_reads)  # type: ignore[arg-type]
        assert [i.value for i in rows.meter_readings[0].interval_blocks[0].interval_readings] == [
            Decimal("0.25"),
            Decimal("0.5"),
        ]
    elif body == "IntervalDataNotification":
        call2 = msp.read_body(parsed, msp.IntervalDataNotification)
        assert call2.transaction_id == "TX-5"
        assert interval_data_to_cim(call2.interval_reads).meter_readings == [cim_reading()]  # type: ignore[arg-type]
    else:
        assert ("/Reply/Error[ID='M9']", "no answer") in {(e.path, e.value) for e in report.lost}
        assert msp.read_response(parsed)


def test_an_unknown_body_is_refused() -> None:
    with pytest.raises(ValueError, match="not an interval-data body"):
        to_interval_body(cim_event(), "ReadingChangedNotification")


def test_first_edition_payload_to_interval_data_reports_what_it_cannot_keep() -> None:
    event = translate_document(build_message(cim_event()), "cim2009").document
    report = GapReport()
    element, _ = to_interval_body(read_message(event), "IntervalDataNotification", report)
    call = msp.read_body(element, msp.IntervalDataNotification)
    values = (
        interval_data_to_cim(call.interval_reads)
        .meter_readings[0]
        .interval_blocks[0]
        .interval_readings
    )  # type: ignore[arg-type]
    assert [v.value for v in values] == [Decimal("0.25"), Decimal("0.5")]


# --- round trips (hypothesis)

_INTERVAL_CODES = st.sampled_from(
    [KWH_15, KVARH_15_PLAIN, "0.0.2.4.19.1.12.0.0.0.0.0.0.0.0.3.72.0"]
)
_FLAGS = st.lists(st.sampled_from(sorted(INTERVAL_STATUS.values())), unique=True, max_size=3)
_VALUES = st.decimals(
    min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False
)
_METERS = st.text(alphabet="ABCDEFGH0123456789-", min_size=1, max_size=8)


@st.composite
def interval_blocks(draw: st.DrawFn) -> list[IntervalBlock]:
    codes = draw(st.lists(_INTERVAL_CODES, unique=True, min_size=1, max_size=3))
    blocks = []
    for code in codes:
        slots = sorted(draw(st.sets(st.integers(1, 40), max_size=8)))
        blocks.append(
            IntervalBlock(
                code,
                [
                    IntervalReading(
                        draw(_VALUES), T0 + slot * Q, [ReadingQuality(c) for c in draw(_FLAGS)]
                    )
                    for slot in slots
                ],
            )
        )
    return blocks


@st.composite
def cim_documents(draw: st.DrawFn) -> MeterReadings:
    readings = []
    for meter in draw(st.lists(_METERS, unique=True, min_size=1, max_size=3)):
        blocks = draw(interval_blocks())
        registers = [
            Reading(code, draw(st.none() | _VALUES), T0 + draw(st.integers(0, 40)) * Q)
            for code in draw(
                st.lists(st.sampled_from([KWH, KWH_PLAIN, VOLTS]), unique=True, max_size=2)
            )
        ]
        readings.append(
            MeterReading(
                meter_names=[Name(meter, "meterID", "MultiSpeak")],
                interval_blocks=blocks,
                readings=registers,
            )
        )
    named = draw(st.lists(st.sampled_from([KWH_15, KVARH_15_PLAIN, KWH]), unique=True, max_size=2))
    return MeterReadings(readings, [ReadingType(code, f"name of {code}") for code in named])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cim_documents())
def test_cim_to_interval_data_to_cim_property(document: MeterReadings) -> None:
    report = GapReport()
    data = interval_data_from_cim(document, report)
    assert [e for e in report if e.kind is not GapKind.CHANGED] == []
    element = msp.build_body(
        "IntervalDataNotification", msp.IntervalDataNotification(interval_reads=data)
    )
    parsed = msp.read_body(xmlsafe.parse(etree.tostring(element)), msp.IntervalDataNotification)
    back = interval_data_to_cim(parsed.interval_reads)  # type: ignore[arg-type]
    assert back.meter_readings == document.meter_readings
    names = {t.mrid: t.name for t in document.reading_types}
    used = {b.reading_type for r in document.meter_readings for b in r.interval_blocks}
    back_names = {t.mrid: t.name for t in back.reading_types}
    assert {c: n for c, n in back_names.items() if c in used} == {
        c: n for c, n in names.items() if c in used
    }
    assert all(names.get(code) == name for code, name in back_names.items())


@st.composite
def multispeak_interval_data(draw: st.DrawFn) -> msp.IntervalData:
    channels = draw(
        st.lists(st.sampled_from(["kWh", "kVARh", "kW", "V"]), unique=True, min_size=1, max_size=3)
    )
    profile = msp.IntervalProfile(
        profile_id="LP",
        interval_length=msp.Duration(
            value=Decimal(draw(st.sampled_from([5, 15, 30]))), units="Minutes"
        ),
        channels=msp.ArrayOfIntervalChannel(
            channel=[
                msp.IntervalChannel(index=i, field_name=u, units=u)
                for i, u in enumerate(channels, 1)
            ]
        ),
    )
    blocks = []
    for meter in draw(st.lists(_METERS, unique=True, min_size=1, max_size=3)):
        data = []
        for index in range(1, len(channels) + 1):
            cells = draw(
                st.lists(
                    st.none()
                    | st.tuples(
                        _VALUES,
                        st.lists(st.sampled_from(sorted(INTERVAL_STATUS)), unique=True, max_size=2),
                    ),
                    max_size=10,
                )
            )
            while cells and cells[-1] is None:
                cells.pop()
            text = ",".join("" if c is None else ":".join([str(c[0]), *c[1]]) for c in cells)
            data.append(msp.Channel(idx=index, d=text))
        blocks.append(
            msp.IntervalBlock(
                profile_id="LP",
                meter_id=meter_id(meter),
                interval_start=T0,
                d_b=msp.DataBlock(chs=msp.ArrayOfCH(ch=data)),
            )
        )
    return msp.IntervalData(
        status_delimiter=":",
        interval_delimiter=",",
        profiles=msp.ArrayOfIntervalProfile(profile=[profile]),
        blocks=msp.ArrayOfIntervalBlock(block=blocks),
    )


def _cells(data: msp.IntervalData) -> list[list[str]]:
    out = []
    for item in data.blocks.block:  # type: ignore[union-attr]
        for channel in item.d_b.chs.ch:  # type: ignore[union-attr]
            entries = (channel.d or "").split(",")
            out.append(
                [
                    ":".join([str(Decimal(e.split(":")[0])), *sorted(e.split(":")[1:])])
                    if e
                    else ""
                    for e in entries
                ]
            )
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(multispeak_interval_data())
def test_interval_data_to_cim_to_interval_data_property(data: msp.IntervalData) -> None:
    report = GapReport()
    document = interval_data_to_cim(data, report)
    assert list(report) == []
    again = interval_data_from_cim(document)
    assert [_trim(c) for c in _cells(again)] == [_trim(c) for c in _cells(data)]
    assert [b.meter_id for b in again.blocks.block] == [b.meter_id for b in data.blocks.block]  # type: ignore[union-attr]
    (profile,) = again.profiles.profile  # type: ignore[union-attr]
    assert profile.interval_length == data.profiles.profile[0].interval_length  # type: ignore[union-attr]
    assert [(c.field_name, c.units) for c in profile.channels.channel] == [  # type: ignore[union-attr]
        (c.field_name, "V RMS" if c.units == "V" else c.units)
        for c in data.profiles.profile[0].channels.channel  # type: ignore[union-attr]
    ]


def _trim(cells: list[str]) -> list[str]:
    """Cells without the leading empty intervals (the start moves to the first value)."""
    return list(itertools.dropwhile(lambda cell: cell == "", cells))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cim_documents())
def test_cim_to_formatted_block_to_cim_property(document: MeterReadings) -> None:
    block = formatted_block.to_msp(document)
    element = msp.build_body(
        "FormattedBlockNotification", msp.FormattedBlockNotification(changed_meter_reads=block)
    )
    parsed = msp.read_body(xmlsafe.parse(etree.tostring(element)), msp.FormattedBlockNotification)
    back = formatted_block.to_cim(parsed.changed_meter_reads)  # type: ignore[arg-type]

    def cells(doc: MeterReadings) -> set[tuple[str, str, datetime, Decimal | None]]:
        found = set()
        for reading in doc.meter_readings:
            meter = reading.meter_names[0].name
            found |= {
                (meter, r.reading_type, r.time_stamp, r.value)
                for r in reading.readings
                if r.value is not None
            }  # type: ignore[misc]
            found |= {
                (meter, b.reading_type, i.time_stamp, i.value)
                for b in reading.interval_blocks
                for i in b.interval_readings
            }  # type: ignore[misc]
        return found

    assert cells(back) == cells(document)
