"""Profile 8.16 MeterAssetReading: MultiSpeak ``meterReading`` ⇄ a meter and its readings."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from meter_strategies import CODES, KWH, ids, times, unordered_names
from typer.testing import CliRunner

from mspcim import xmlsafe
from mspcim.cim.end_device_assets import ReadingType, UsagePoint
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.cim.meter_asset_reading import (
    CODEC_2009,
    CODEC_2013,
    AssetReading,
    AssetReadingQuality,
    MeterAssetReading,
    MeterReading,
    ReadMeter,
)
from mspcim.cli import app
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import meter_asset_reading
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41.meter_reading import (
    ExtensionsItem,
    MeterID,
    ReadingStatusCode,
    ReadingValue,
)
from mspcim.multispeak.v41.meter_reading import MeterReading as MspMeterReading
from mspcim.multispeak.v41.operations import read_reading_changed_notification
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "meter_asset_reading"
READING_2009 = FIXTURE / "meter_asset_reading_2009.xml"
WHEN = datetime(2026, 3, 10, 14, 25, tzinfo=UTC)


def msp_reading() -> MspMeterReading:
    return MspMeterReading(
        meter_id=MeterID(value="40017721", object_id="g-1", utility="NWEC"),
        device_id="RF-5521078",
        object_id="read-1",
        reading_values=[
            ReadingValue(
                value="18235.25",
                units="kWh",
                field_name="Total kWh",
                time_stamp=WHEN,
                reading_status_code=ReadingStatusCode(
                    value="estimated", originating_system_id="1", code_category="4", code_index="9"
                ),
            )
        ],
        comments="final read",
    )


def test_a_meter_reading_becomes_a_meter_with_its_readings():
    report = GapReport()
    (meter,) = meter_asset_reading.to_cim([msp_reading()], report).meters
    assert meter.mrid == "g-1"
    assert {n.type_name: n.name for n in meter.end_device_names} == {
        "meterID": "40017721",
        "utility": "NWEC",
        "deviceID": "RF-5521078",
    }
    (reading_set,) = meter.meter_readings
    assert reading_set.mrid == "read-1"
    (reading,) = reading_set.readings
    assert (reading.value, reading.time_stamp) == (Decimal("18235.25"), WHEN)
    assert reading.reading_type.mrid == "0.0.0.1.0.1.12.0.0.0.0.0.0.0.0.3.72.0"
    assert [n.name for n in reading.reading_type.reading_type_names] == ["Total kWh"]
    assert [(q.reading_quality_type, q.comment) for q in reading.reading_qualities] == [
        ("1.4.9", "estimated")
    ]
    entries = {entry.path: entry for entry in report}
    assert entries["/meterReading[1]/deviceID"].kind is GapKind.CARRIED
    assert entries["/meterReading[1]/comments"].kind is GapKind.LOST


def test_a_2009_document_becomes_a_reading_changed_notification(assert_schema_valid):
    result = translate_document(xmlsafe.parse(READING_2009.read_bytes()), "msp41")
    assert_schema_valid(result.document)
    call = read_reading_changed_notification(read_envelope(result.document).first_body)
    (reading,) = call.changed_meter_reads
    assert reading.meter_id == MeterID(
        value="40017721", object_id="5d1f3c2a-8b7e-4c11-9a0e-2f6d1b7c9e01"
    )
    assert reading.object_id == "final-read-2026-03-10"
    total, demand = reading.reading_values
    assert (total.value, total.units, total.field_name) == ("18235.25", "kWh", "Total kWh")
    assert (demand.value, demand.units, demand.reading_type) == ("7.412", "kW", "Demand")
    assert demand.reading_status_code is not None
    assert demand.reading_status_code.value == "estimated"
    carried = {item.ext_name: item.ext_value for item in reading.extensions_list}
    assert carried["CIM.Meter.serialNumber"] == "IT-88120457"
    assert carried["CIM.UsagePoint.mRID"] == "7a2c9e1f-3b4d-4f6a-8e0c-1d2b3c4d5e6f"
    reason = {item.ext_name: item.ext_value for item in total.extensions_list}
    assert reason == {"CIM.Reading.reason": "removal"}
    assert [entry for entry in result.gaps if entry.kind is GapKind.LOST] == []


def test_the_correlation_id_becomes_the_transaction_id(assert_schema_valid, declared):
    document = meter_asset_reading.to_cim([msp_reading()])
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "MeterAssetReading", correlation_id="TX-44"),
        payload=[CODEC_2013.write(document)],
    )
    element = build_message(message)
    assert declared.validate(element) == []
    result = translate_document(element, "msp41")
    assert_schema_valid(result.document)
    call = read_reading_changed_notification(read_envelope(result.document).first_body)
    assert call.transaction_id == "TX-44"
    assert call.changed_meter_reads[0].meter_id == msp_reading().meter_id
    entry = next(e for e in result.gaps if e.path == "/Header/CorrelationID")
    assert entry.kind is GapKind.CARRIED


def test_service_point_names_and_extra_reading_sets_are_reported():
    meter = ReadMeter(
        mrid="g-1",
        meter_readings=[MeterReading(mrid="a"), MeterReading(mrid="b")],
        usage_point=UsagePoint(mrid="sp", service_point_names=[Name(name="SP 1")]),
    )
    report = GapReport()
    (reading,) = meter_asset_reading.to_msp(MeterAssetReading(meters=[meter]), report)
    assert reading.object_id == "a"
    lost = sorted(entry.value for entry in report.lost)
    assert lost == ["None=SP 1", "b"]


def test_mspcim_translate_on_the_fixture(assert_schema_valid):
    result = CliRunner().invoke(app, ["translate", str(READING_2009), "--to", "msp41"])
    assert result.exit_code == 0, result.stderr
    assert_schema_valid(xmlsafe.parse(result.stdout_bytes))
    assert "CIM 61968-9:2009 MeterAssetReading payload" in result.stderr


def test_the_fixture_is_valid_against_the_declared_profile(declared: SchemaSet):
    assert declared.validate(xmlsafe.parse(READING_2009.read_bytes()), edition="2009") == []


values = st.decimals(places=3, min_value=0, max_value=10**6, allow_nan=False)
readings = st.builds(
    AssetReading,
    value=values,
    time_stamp=times,
    reading_type=st.sampled_from(CODES).map(
        lambda code: ReadingType(
            mrid=code, reading_type_names=[Name(name="Total kWh")] if code == KWH else []
        )
    ),
    reading_qualities=st.lists(
        st.builds(AssetReadingQuality, reading_quality_type=st.sampled_from(["1.4.9", "1.5.257"])),
        max_size=1,
    ),
    source=st.none() | ids,
)
read_meters = st.builds(
    ReadMeter,
    mrid=ids,
    serial_number=st.none() | ids,
    end_device_names=st.builds(
        lambda meter_no: [Name.typed(meter_no, "meterID", "MultiSpeak")], ids
    ),
    meter_readings=st.builds(
        lambda items, mrid: [MeterReading(mrid=mrid, readings=items)],
        st.lists(readings, min_size=1, max_size=3),
        st.none() | ids,
    ),
    usage_point=st.none() | st.builds(UsagePoint, mrid=ids),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(read_meters, min_size=1, max_size=2), st.sampled_from([CODEC_2013, CODEC_2009]))
def test_cim_to_multispeak_to_cim_property(meters, codec):
    document = MeterAssetReading(meters=meters)
    report = GapReport()
    reads = meter_asset_reading.to_msp(document, report)
    assert report.lost == []
    back = codec.read(codec.write(meter_asset_reading.to_cim(reads)))
    assert unordered_names(back) == unordered_names(document)


@settings(max_examples=40, deadline=None)
@given(st.lists(read_meters, min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(meters):
    reads = meter_asset_reading.to_msp(MeterAssetReading(meters=meters))
    reads.append(
        MspMeterReading(
            meter_id=MeterID(value="M-9"),
            extensions_list=[ExtensionsItem("CIM.Meter.serialNumber", "S-9", "string")],
        )
    )
    report = GapReport()
    document = meter_asset_reading.to_cim(reads, report)
    assert report.lost == []
    assert meter_asset_reading.to_msp(document) == reads
