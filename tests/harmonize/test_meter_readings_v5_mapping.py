"""Profile 9 MeterReadings: MultiSpeak 5.0 meterReading ⇄ CIM MeterReading, value by value."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.meter_readings_2013 import build_meter_readings, read_meter_readings
from mspcim.cim.model import MeterReading as CimMeterReading
from mspcim.cim.model import MeterReadings, Name, Reading, ReadingQuality, ReadingType
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import meter_readings as meter_readings_41
from mspcim.harmonize.profiles import meter_readings_v5 as profile
from mspcim.multispeak.v41.meter_reading import MeterID as MeterID41
from mspcim.multispeak.v41.meter_reading import MeterReading as MeterReading41
from mspcim.multispeak.v41.meter_reading import ReadingStatusCode
from mspcim.multispeak.v41.meter_reading import ReadingTypeCode as ReadingTypeCode41
from mspcim.multispeak.v41.meter_reading import ReadingValue as ReadingValue41
from mspcim.multispeak.v50.identity import MeterID, Release
from mspcim.multispeak.v50.meter_reading import (
    MeterReading,
    MeterReadingsNotification,
    ReadingQualityCode,
    ReadingTypeCode,
    ReadingValue,
    build_readings_notification,
    read_readings_notification,
)

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
GUID = "6f1c2d3e-1111-4222-8333-944445555666"
KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
KW_MAX = "0.8.0.12.0.1.8.0.0.0.0.0.0.0.0.3.38.0"
KWH_TOU_A = "0.0.0.1.1.1.12.0.0.0.0.1.0.0.0.3.72.0"
CODES = (KWH, KW_MAX, KWH_TOU_A)
CODE_NAMES = {KWH: "PosKWh register", KW_MAX: "Max demand", KWH_TOU_A: "TOU A energy"}


def attributes_of(code: str) -> dict[str, str]:
    """The nonzero code fields as readingTypeCode attributes (what the writer puts there)."""
    names = [attribute for _, attribute in profile.READING_TYPE_CODE_ATTRIBUTES]
    return {name: part for name, part in zip(names, code.split("."), strict=True) if part != "0"}


def kwh(value: str = "12.5", **kwargs: Any) -> ReadingValue:
    return ReadingValue(
        value=value,
        time_stamp=T0,
        reading_type_code=ReadingTypeCode(value=KWH, **kwargs),
    )


def meter_reading(*values: ReadingValue, **kwargs: Any) -> MeterReading:
    meter = kwargs.pop("meter_id", MeterID(object_guid=GUID, meter_name="M-1"))
    return MeterReading(meter_id=meter, reading_values=list(values), **kwargs)


def notification_element(reads: list[MeterReading], release: Release) -> etree._Element:
    body = build_readings_notification(MeterReadingsNotification(reads, "TX-1"), release)
    return xmlsafe.parse(etree.tostring(body))


# --- MultiSpeak 5.0 → CIM


def test_meter_reading_becomes_cim_values_one_by_one() -> None:
    report = GapReport()
    source = meter_reading(
        kwh("1234.500", name="Energy register"),
        ReadingValue(
            value="7.25",
            time_stamp=T0,
            reading_type_code=ReadingTypeCode(value=KW_MAX),
            reading_quality_code=ReadingQualityCode(
                value="Estimated", originating_system_id="3", code_category="8", code_index="0"
            ),
        ),
        meter_id=MeterID(
            object_guid=GUID, meter_name="M-1", service_type="Electric", utility="REC"
        ),
        device_id="AMR-9",
    )
    document = profile.to_cim([source], report)
    (cim,) = document.meter_readings
    assert cim.meter_mrid == GUID
    assert {(name.name_type, name.name) for name in cim.meter_names} == {
        ("meterID", "M-1"),
        ("serviceType", "Electric"),
        ("utility", "REC"),
        ("deviceID", "AMR-9"),
    }
    energy, demand = cim.readings
    assert (energy.reading_type, energy.value, energy.time_stamp) == (KWH, Decimal("1234.500"), T0)
    assert (demand.reading_type, demand.value) == (KW_MAX, Decimal("7.25"))
    assert demand.reading_qualities == [ReadingQuality("3.8.0", comment="Estimated")]
    assert document.reading_types == [ReadingType(mrid=KWH, name="Energy register")]
    (device,) = report.entries
    assert (device.path, device.kind) == ("/meterReading[1]/deviceID", GapKind.CARRIED)


def test_reading_type_code_reference_is_resolved_and_reported_changed() -> None:
    element = notification_element([meter_reading(kwh())], Release.V507)
    reading = element[0][0]
    ns_msp = "http://www.multispeak.org/V5.0"
    items = etree.Element(f"{{{ns_msp}}}readingTypeCodeItems")
    item = etree.SubElement(items, f"{{{ns_msp}}}readingTypeCodeItem")
    etree.SubElement(item, f"{{{ns_msp}}}readingTypeCode").text = KW_MAX
    etree.SubElement(item, f"{{{ns_msp}}}readingTypeCodeRef").text = "r1"
    reading.find(f"{{{ns_msp}}}meterID").addnext(items)
    option = reading.find(f".//{{{ns_msp}}}readingTypeCodeOption")
    option.clear()
    etree.SubElement(option, f"{{{ns_msp}}}readingTypeCodeRef").text = "r1"
    call = read_readings_notification(element)
    report = GapReport()
    (cim,) = profile.to_cim(call.meter_readings, report).meter_readings
    assert cim.readings[0].reading_type == KW_MAX
    changed = {(entry.value, entry.kind) for entry in report.entries}
    assert ("r1", GapKind.CHANGED) in changed
    assert (f"r1={KW_MAX}", GapKind.CHANGED) in changed


def test_unknown_reference_is_a_format_error_at_the_reading_value() -> None:
    element = notification_element([meter_reading(kwh())], Release.V507)
    option = element.find(".//{http://www.multispeak.org/V5.0}readingTypeCodeOption")
    option.clear()
    etree.SubElement(option, "{http://www.multispeak.org/V5.0}readingTypeCodeRef").text = "nope"
    with pytest.raises(MessageFormatError) as caught:
        read_readings_notification(element)
    assert caught.value.xpath == (
        "/MeterReadingsNotification/ArrayOfMeterReading/meterReading[1]"
        "/readingValues/readingValue[1]/readingTypeCodeOption/readingTypeCodeRef"
    )


def test_code_attributes_alone_build_the_code() -> None:
    value = ReadingValue(
        value="1",
        time_stamp=T0,
        reading_type_code=ReadingTypeCode(value="", fields=attributes_of(KW_MAX)),
    )
    (cim,) = profile.to_cim([meter_reading(value)]).meter_readings
    assert cim.readings[0].reading_type == KW_MAX


def test_attribute_disagreeing_with_the_code_text_is_reported_and_the_text_wins() -> None:
    report = GapReport()
    value = kwh(fields={"unit": "38"})
    (cim,) = profile.to_cim([meter_reading(value)], report).meter_readings
    assert cim.readings[0].reading_type == KWH
    (entry,) = report.entries
    assert (entry.value, entry.kind) == ("@unit=38", GapKind.LOST)


def test_field_name_attributes_are_reported_lost() -> None:
    report = GapReport()
    profile.to_cim([meter_reading(kwh(field_name="PosKWh", other_field_name="kWh fwd"))], report)
    assert [entry.value for entry in report.entries] == [
        "@fieldName=PosKWh",
        "@otherFieldName=kWh fwd",
    ]
    assert {entry.kind for entry in report.entries} == {GapKind.LOST}


def test_bad_code_and_bad_value_are_mapping_errors_naming_the_reading_value() -> None:
    with pytest.raises(MappingError) as caught:
        profile.to_cim([meter_reading(kwh(), ReadingValue(value="x", time_stamp=T0))])
    assert caught.value.xpath == "/meterReading[1]/readingValues/readingValue[2]/value"
    broken = ReadingValue(value="1", time_stamp=T0, reading_type_code=ReadingTypeCode(value="1.2"))
    with pytest.raises(MappingError) as caught:
        profile.to_cim([meter_reading(broken)])
    assert caught.value.xpath is not None
    assert caught.value.xpath.startswith("/meterReading[1]/readingValues/readingValue[1]")


# --- CIM → MultiSpeak 5.0


def cim_document(mrid: str | None = GUID, **names: str) -> MeterReadings:
    return MeterReadings(
        meter_readings=[
            CimMeterReading(
                meter_mrid=mrid,
                meter_names=[
                    Name(value, name_type, "MultiSpeak") for name_type, value in names.items()
                ],
                readings=[
                    Reading(KWH, Decimal("42.000"), T0, [ReadingQuality("3.0.1", comment="ok")]),
                    Reading(KW_MAX, Decimal("3.5"), T0, reason="on demand"),
                ],
            )
        ],
        reading_types=[ReadingType(KWH, "Energy register")],
    )


@pytest.mark.parametrize("release", list(Release))
def test_cim_readings_become_schema_valid_v5_in_both_releases(
    assert_schema_valid: Any, release: Release
) -> None:
    report = GapReport()
    reads = profile.to_msp(cim_document(meterID="M-1", serviceType="Electric"), report)
    element = notification_element(reads, release)
    assert_schema_valid(element, release=release.value)
    meter = element.find(".//{http://www.multispeak.org/V5.0}meterID")
    if release is Release.V507:
        assert (meter.text, meter.get("objectGUID")) == (GUID, None)
    else:
        assert (meter.text, meter.get("objectGUID")) == ("M-1", GUID)
    assert meter.get("meterName") == "M-1" and meter.get("serviceType") == "Electric"
    (read,) = read_readings_notification(element).meter_readings
    energy, demand = read.reading_values
    assert energy.value == "42.000" and energy.time_stamp == T0
    assert energy.reading_type_code == ReadingTypeCode(
        value=KWH, name="Energy register", fields=attributes_of(KWH)
    )
    assert energy.reading_quality_code == ReadingQualityCode("ok", "3", "0", "1")
    assert demand.extensions_list[0].ext_name == "CIM.Reading.reason"
    assert demand.extensions_list[0].ext_value == "on demand"
    assert [entry.kind for entry in report.entries] == [GapKind.CARRIED]


def test_meter_known_by_name_only_gets_a_derived_guid_that_reads_back_as_no_mrid() -> None:
    (read,) = profile.to_msp(cim_document(mrid=None, meterID="M-77"))
    assert read.meter_id == MeterID(object_guid=profile.derived_guid("M-77"), meter_name="M-77")
    assert uuid.UUID(read.meter_id.object_guid).version == 5
    (back,) = profile.to_cim([read]).meter_readings
    assert back.meter_mrid is None
    assert back.meter_names == [Name("M-77", "meterID", "MultiSpeak")]


def test_mrid_that_is_no_guid_becomes_the_meter_name_and_is_reported() -> None:
    report = GapReport()
    (read,) = profile.to_msp(cim_document(mrid="METER-1"), report)
    assert read.meter_id is not None
    assert read.meter_id.meter_name == "METER-1"
    assert read.meter_id.object_guid == profile.derived_guid("METER-1")
    assert ("METER-1", GapKind.CHANGED) in {(entry.value, entry.kind) for entry in report.entries}


def test_meter_with_neither_mrid_nor_name_is_a_mapping_error() -> None:
    with pytest.raises(MappingError):
        profile.to_msp(cim_document(mrid=None))


def test_cim_payload_built_from_v5_is_valid(assert_schema_valid: Any) -> None:
    document = profile.to_cim([meter_reading(kwh(name="Energy register"))])
    assert_schema_valid(build_meter_readings(document))


# --- round trips

guids = st.uuids(version=4).map(str)
meter_names = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
amounts = st.decimals(places=3, min_value=-10_000, max_value=1_000_000, allow_nan=False)
QUALITIES = (
    ("Estimated", "3", "8", "0"),
    ("Validated", "3", "0", "1"),
    ("Missing", "3", "5", "259"),
)


@st.composite
def v5_values(draw: st.DrawFn) -> ReadingValue:
    code = draw(st.sampled_from(CODES))
    quality = draw(st.none() | st.sampled_from(QUALITIES))
    return ReadingValue(
        value=str(draw(amounts)),
        time_stamp=draw(times),
        reading_type_code=ReadingTypeCode(
            value=code,
            name=CODE_NAMES[code] if draw(st.booleans()) else None,
            fields=attributes_of(code),
        ),
        reading_quality_code=ReadingQualityCode(*quality) if quality else None,
    )


@st.composite
def v5_readings(draw: st.DrawFn) -> MeterReading:
    service = draw(st.none() | st.sampled_from(["Electric", "Gas", "Water"]))
    return MeterReading(
        meter_id=MeterID(
            object_guid=draw(guids),
            meter_name=draw(st.none() | meter_names),
            service_type=service,
            utility=draw(st.none() | st.just("REC")),
        ),
        reading_values=draw(st.lists(v5_values(), min_size=1, max_size=4)),
        device_id=draw(st.none() | meter_names),
    )


def _consistent_names(reads: list[MeterReading]) -> list[MeterReading]:
    """One name per code in a message (a second, different name is reported, not kept)."""
    named = {
        value.reading_type_code.value
        for read in reads
        for value in read.reading_values
        if value.reading_type_code and value.reading_type_code.name
    }
    for read in reads:
        for value in read.reading_values:
            assert value.reading_type_code is not None
            code = value.reading_type_code.value
            value.reading_type_code.name = CODE_NAMES[code] if code in named else None
    return reads


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(v5_readings(), min_size=1, max_size=3).map(_consistent_names))
def test_v5_to_cim_to_v5_keeps_every_value(reads: list[MeterReading]) -> None:
    report = GapReport()
    document = profile.to_cim(reads, report)
    reparsed = read_meter_readings(xmlsafe.parse(etree.tostring(build_meter_readings(document))))
    assert profile.to_msp(reparsed, report) == reads
    assert {entry.kind for entry in report.entries} <= {GapKind.CARRIED}


@st.composite
def cim_readings(draw: st.DrawFn) -> CimMeterReading:
    mrid = draw(st.none() | guids)
    names = (
        [Name(draw(meter_names), "meterID", "MultiSpeak")]
        if (mrid is None or draw(st.booleans()))
        else []
    )
    if draw(st.booleans()):
        names.append(Name("Electric", "serviceType", "MultiSpeak"))
    readings = [
        Reading(
            reading_type=draw(st.sampled_from(CODES)),
            value=draw(amounts),
            time_stamp=draw(times),
            reading_qualities=[ReadingQuality(f"{q[1]}.{q[2]}.{q[3]}", comment=q[0])]
            if (q := draw(st.none() | st.sampled_from(QUALITIES)))
            else [],
            reason=draw(st.none() | st.just("billing")),
            reported_date_time=draw(st.none() | times),
        )
        for _ in range(draw(st.integers(min_value=1, max_value=4)))
    ]
    return CimMeterReading(meter_mrid=mrid, meter_names=names, readings=readings)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cim_readings(), min_size=1, max_size=3), st.booleans())
def test_cim_to_v5_to_cim_keeps_every_value(readings: list[CimMeterReading], named: bool) -> None:
    document = MeterReadings(
        meter_readings=readings,
        reading_types=[ReadingType(KWH, CODE_NAMES[KWH])] if named else [],
    )
    report = GapReport()
    reads = profile.to_msp(document, report)
    reparsed = read_readings_notification(notification_element(reads, Release.V507))
    back = profile.to_cim(reparsed.meter_readings, report)
    assert back.meter_readings == readings
    used = {reading.reading_type for meter in readings for reading in meter.readings}
    assert back.reading_types == (
        [ReadingType(KWH, CODE_NAMES[KWH])] if named and KWH in used else []
    )


@st.composite
def msp41_readings(draw: st.DrawFn) -> MeterReading41:
    values = [
        ReadingValue41(
            value=str(draw(amounts)),
            time_stamp=draw(times),
            reading_type_code=ReadingTypeCode41(value=code),
            reading_status_code=ReadingStatusCode(*quality) if quality else None,
        )
        for code, quality in draw(
            st.lists(
                st.tuples(st.sampled_from(CODES), st.none() | st.sampled_from(QUALITIES)),
                min_size=1,
                max_size=3,
            )
        )
    ]
    return MeterReading41(
        meter_id=MeterID41(
            draw(meter_names),
            meter_no=draw(st.none() | meter_names),
            service_type=draw(st.none() | st.sampled_from(["Electric", "Water"])),
            object_id=draw(st.none() | guids),
            utility=draw(st.none() | st.just("REC")),
        ),
        reading_values=values,
    )


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(msp41_readings(), min_size=1, max_size=3))
def test_msp41_to_msp50_to_msp41_keeps_meter_values_and_codes(reads: list[MeterReading41]) -> None:
    report = GapReport()
    v5 = profile.to_msp(meter_readings_41.to_cim(reads, report), report)
    back = meter_readings_41.to_msp(profile.to_cim(v5, report), report)
    for before, after in zip(reads, back, strict=True):
        assert after.meter_id == before.meter_id
        assert [(v.value, v.time_stamp) for v in after.reading_values] == [
            (v.value, v.time_stamp) for v in before.reading_values
        ]
        assert [v.reading_type_code.value for v in after.reading_values if v.reading_type_code] == [
            v.reading_type_code.value for v in before.reading_values if v.reading_type_code
        ]
        assert [v.reading_status_code for v in after.reading_values] == [
            v.reading_status_code for v in before.reading_values
        ]


def test_meter_no_of_4_1_travels_in_an_extensions_item_and_comes_back(
    assert_schema_valid: Any,
) -> None:
    report = GapReport()
    source = MeterReading41(
        meter_id=MeterID41("10001", meter_no="MN-1", object_id=GUID),
        reading_values=[
            ReadingValue41(value="1", time_stamp=T0, reading_type_code=ReadingTypeCode41(KWH))
        ],
    )
    (v5,) = profile.to_msp(meter_readings_41.to_cim([source], report), report)
    assert [(item.ext_name, item.ext_value) for item in v5.extensions_list] == [
        ("CIM.Meter.Names.meterNo", "MN-1")
    ]
    assert_schema_valid(notification_element([v5], Release.V507))
    (back,) = meter_readings_41.to_msp(profile.to_cim([v5], report), report)
    assert back.meter_id == source.meter_id
    assert ("MN-1", GapKind.CHANGED) in {(entry.value, entry.kind) for entry in report.entries}


def test_unbound_children_are_reported_lost_not_dropped() -> None:
    element = notification_element([meter_reading(kwh())], Release.V507)
    reading = element[0][0]
    etree.SubElement(reading, "{http://www.multispeak.org/V5.0}coincidentMeterReadingSet")
    call = read_readings_notification(element)
    report = GapReport()
    profile.to_cim(call.meter_readings, report)
    (entry,) = report.entries
    assert entry.kind is GapKind.LOST
    assert "coincidentMeterReadingSet" in entry.value


def test_meter_id_text_that_is_no_guid_is_kept_as_mrid_and_reported() -> None:
    report = GapReport()
    source = meter_reading(kwh(), meter_id=MeterID(object_guid="METER-17"))
    (cim,) = profile.to_cim([source], report).meter_readings
    assert cim.meter_mrid == "METER-17"
    assert [(entry.value, entry.kind) for entry in report.entries] == [
        ("METER-17", GapKind.CHANGED)
    ]
    (back,) = profile.to_msp(MeterReadings(meter_readings=[cim]))
    assert back.meter_id == MeterID(
        object_guid=profile.derived_guid("METER-17"), meter_name="METER-17"
    )
