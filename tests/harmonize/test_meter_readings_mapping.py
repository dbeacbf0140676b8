"""Profile 8.17 MeterReadings: meterReading/readingValue ⇄ MeterReading/Reading, both ways."""

from __future__ import annotations

import string
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.meter_readings_2013 import build_meter_readings, read_meter_readings
from mspcim.cim.model import (
    IntervalBlock,
    IntervalReading,
    MeterReadings,
    Name,
    Reading,
    ReadingQuality,
    ReadingType,
    Status,
)
from mspcim.cim.model import MeterReading as CimMeterReading
from mspcim.cim.reading_quality import QualityCategory, QualitySystem
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_kinds import (
    AccumulationKind,
    AggregateKind,
    CommodityKind,
    FlowDirectionKind,
    MacroPeriodKind,
    MeasurementKind,
    MeasuringPeriodKind,
    PhaseCode,
    UnitMultiplier,
    UnitSymbol,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles.meter_readings import to_cim, to_msp
from mspcim.harmonize.reading_status_codec import STATUS_WORDS
from mspcim.harmonize.reading_type_codec import MEASUREMENT_PERIODS, READING_TYPE_WORDS
from mspcim.harmonize.units import UNIT_MAPPINGS, uom_for
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import (
    ExtensionsItem,
    MeterID,
    MeterReading,
    ReadingStatusCode,
    ReadingValue,
)
from mspcim.multispeak.v41.meter_reading import (
    ReadingTypeCode as MspReadingTypeCode,
)
from mspcim.multispeak.v41.operations import (
    ReadingChangedNotification,
    build_reading_changed_notification,
    read_reading_changed_notification,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.xsdtypes import format_datetime

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
KWH = "0.0.0.1.0.1.12.0.0.0.0.0.0.0.0.3.72.0"
KWH_FORWARD = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
RV1 = "/meterReading[1]/readingValues/readingValue[1]"

ROUND_TRIP_UOMS = sorted(
    row.uom
    for row in UNIT_MAPPINGS
    if uom_for(row.unit, row.multiplier, row.measurement_kind, row.commodity) == row.uom
)
"""The uoms that win the reverse lookup for their own unit, multiplier, kind and commodity."""
DEMAND_UOMS = frozenset(
    row.uom
    for row in UNIT_MAPPINGS
    if row.uom in ROUND_TRIP_UOMS
    and uom_for(row.unit, row.multiplier, MeasurementKind.DEMAND, row.commodity) == row.uom
)
"""Of those, the ones still found when 'Demand' replaces the measurement kind."""
WORD_FOR_CODE = {code: word for word, code in reversed(STATUS_WORDS.items())}
"""The first status word listed for each quality code (what comes back without a comment)."""


def reading(*values: ReadingValue, meter: str = "10001", **kwargs: Any) -> MeterReading:
    return MeterReading(meter_id=MeterID(meter), reading_values=list(values), **kwargs)


def one_reading(value: ReadingValue, report: GapReport | None = None) -> Reading:
    document = to_cim([reading(value)], report)
    (meter_reading,) = document.meter_readings
    (result,) = meter_reading.readings
    return result


def code_of(value: ReadingValue) -> ReadingTypeCode:
    return ReadingTypeCode.parse(one_reading(value).reading_type)


def soap_notification(reads: list[MeterReading]) -> etree._Element:
    call = ReadingChangedNotification(changed_meter_reads=reads, transaction_id="TX-1")
    header = MultiSpeakMsgHeader(app_name="mspcim", message_id="M-1", time_stamp=T0)
    return build_envelope(
        SoapVersion.SOAP11, [build_reading_changed_notification(call)], [build_header(header)]
    )


def reparse(element: etree._Element) -> etree._Element:
    return xmlsafe.parse(etree.tostring(element))


# --- units and the reading description → ReadingType code


def test_kwh_register_becomes_the_bulk_energy_code() -> None:
    code = code_of(ReadingValue(value="12345.67", units="kWh", time_stamp=T0))
    assert str(code) == KWH
    assert code.accumulation is AccumulationKind.BULKQUANTITY
    assert code.flow_direction is FlowDirectionKind.NOTAPPLICABLE
    assert code.commodity is CommodityKind.ELECTRICITY_SECONDARY_METERED
    assert code.measurement_kind is MeasurementKind.ENERGY
    assert code.multiplier is UnitMultiplier.KILO
    assert code.unit is UnitSymbol.WATTHOUR
    assert code.tou == 0 and code.aggregate is AggregateKind.NOTAPPLICABLE


@pytest.mark.parametrize(
    ("units", "unit", "multiplier", "kind"),
    [
        ("Wh", UnitSymbol.WATTHOUR, UnitMultiplier.ZERO, MeasurementKind.ENERGY),
        ("MWh", UnitSymbol.WATTHOUR, UnitMultiplier.MEGA, MeasurementKind.ENERGY),
        ("kVARh", UnitSymbol.VOLTAMPEREREACTIVEHOUR, UnitMultiplier.KILO, MeasurementKind.ENERGY),
        ("kW", UnitSymbol.WATT, UnitMultiplier.KILO, MeasurementKind.POWER),
        ("V RMS", UnitSymbol.VOLT, UnitMultiplier.ZERO, MeasurementKind.RMSVOLTAGE),
    ],
)
def test_units_set_unit_multiplier_and_kind(
    units: str, unit: UnitSymbol, multiplier: UnitMultiplier, kind: MeasurementKind
) -> None:
    code = code_of(ReadingValue(value="1", units=units))
    assert (code.unit, code.multiplier, code.measurement_kind) == (unit, multiplier, kind)


def test_demand_word_sets_demand_kind_and_maximum() -> None:
    code = code_of(ReadingValue(value="8.25", units="kW", reading_type="Demand"))
    assert code.measurement_kind is MeasurementKind.DEMAND
    assert code.aggregate is AggregateKind.MAXIMUM
    assert (code.unit, code.multiplier) == (UnitSymbol.WATT, UnitMultiplier.KILO)
    assert str(code) == "0.8.0.12.0.1.8.0.0.0.0.0.0.0.0.3.38.0"


@pytest.mark.parametrize("word", sorted(READING_TYPE_WORDS))
def test_every_reading_type_word_round_trips(word: str) -> None:
    value = ReadingValue(value="1", units="kW", reading_type=word)
    fields = READING_TYPE_WORDS[word]
    code = code_of(value)
    assert all(getattr(code, name) == setting for name, setting in fields.items())
    (back,) = to_msp(to_cim([reading(value)]))[0].reading_values
    assert (back.reading_type, back.units) == (word, "kW")


@pytest.mark.parametrize(
    ("period", "macro", "measuring"),
    [
        ("Current", MacroPeriodKind.NOTAPPLICABLE, MeasuringPeriodKind.PRESENT),
        ("Previous", MacroPeriodKind.NOTAPPLICABLE, MeasuringPeriodKind.PREVIOUS),
        ("Previous Season", MacroPeriodKind.SEASONAL, MeasuringPeriodKind.PREVIOUS),
    ],
)
def test_measurement_period(
    period: str, macro: MacroPeriodKind, measuring: MeasuringPeriodKind
) -> None:
    value = ReadingValue(value="1", units="kWh", measurement_period=period)
    code = code_of(value)
    assert (code.macro_period, code.measuring_period) == (macro, measuring)
    (back,) = to_msp(to_cim([reading(value)]))[0].reading_values
    assert back.measurement_period == period


@pytest.mark.parametrize(
    ("rate", "tou", "back"),
    [("A", 1, "A"), ("B", 2, "B"), ("Z", 26, "Z"), ("c", 3, "C"), ("3", 3, "C"), ("27", 27, "27")],
)
def test_rate_period_is_the_tou_number(rate: str, tou: int, back: str) -> None:
    value = ReadingValue(value="1", units="kWh", rate_period=rate)
    assert code_of(value).tou == tou
    (returned,) = to_msp(to_cim([reading(value)]))[0].reading_values
    assert returned.rate_period == back


def test_unreadable_words_are_reported_lost_and_left_out_of_the_code() -> None:
    report = GapReport()
    value = ReadingValue(
        value="1", units="kWh", reading_type="Peak", measurement_period="Last", rate_period="AA"
    )
    assert one_reading(value, report).reading_type == KWH
    assert [(e.path, e.value, e.kind) for e in report] == [
        (f"{RV1}/readingType", "Peak", GapKind.LOST),
        (f"{RV1}/measurementPeriod", "Last", GapKind.LOST),
        (f"{RV1}/ratePeriod", "AA", GapKind.LOST),
    ]
    assert report.entries[2].reason == "ratePeriod is neither a letter A-Z nor a number"


def test_given_reading_type_code_is_taken_as_is() -> None:
    value = ReadingValue(
        value="1",
        units="kWh",
        reading_type="Demand",
        reading_type_code=MspReadingTypeCode(value=KWH_FORWARD),
    )
    assert one_reading(value).reading_type == KWH_FORWARD


def test_reading_type_code_attributes_alone_build_the_code() -> None:
    value = ReadingValue(
        value="1",
        reading_type_code=MspReadingTypeCode(
            accumulation_behavior="1",
            flow_direction="1",
            uom_category="1",
            measurement_category="12",
            units_multiplier="3",
            displayable_uom="72",
        ),
    )
    assert one_reading(value).reading_type == KWH_FORWARD


def test_reading_type_code_written_back_with_its_fields_as_attributes() -> None:
    value = ReadingValue(value="1", units="kW", reading_type="Demand", rate_period="A")
    (back,) = to_msp(to_cim([reading(value)]))[0].reading_values
    assert back.reading_type_code == MspReadingTypeCode(
        value="0.8.0.12.0.1.8.0.0.0.0.1.0.0.0.3.38.0",
        data_qualifier="8",
        accumulation_behavior="12",
        uom_category="1",
        measurement_category="8",
        units_multiplier="3",
        displayable_uom="38",
    )


def test_bad_reading_type_code_attribute_is_a_mapping_error_at_the_reading_value() -> None:
    value = ReadingValue(value="1", reading_type_code=MspReadingTypeCode(displayable_uom="Wh"))
    with pytest.raises(MappingError) as caught:
        to_cim([reading(ReadingValue(value="2", units="kWh"), value)])
    assert caught.value.xpath == "/meterReading[1]/readingValues/readingValue[2]/units"
    assert "displayableUOM" in caught.value.reason or "displayable_uom" in caught.value.reason


def test_unknown_units_are_a_mapping_error_naming_the_reading_value() -> None:
    good = ReadingValue(value="1", units="kWh")
    bad = ReadingValue(value="1", units="furlongs per fortnight")
    with pytest.raises(MappingError) as caught:
        to_cim(
            [reading(good), reading(good, bad, meter="10002")],
            path="/ReadingChangedNotification/changedMeterReads",
        )
    assert caught.value.xpath == (
        "/ReadingChangedNotification/changedMeterReads/meterReading[2]"
        "/readingValues/readingValue[2]/units"
    )
    assert caught.value.reason == "unknown MultiSpeak units 'furlongs per fortnight'"


def test_unmapped_uom_error_gives_the_reason() -> None:
    with pytest.raises(MappingError) as caught:
        to_cim([reading(ReadingValue(value="7", units="turbidity"))])
    assert caught.value.xpath == f"{RV1}/units"
    assert "no CIM counterpart" in caught.value.reason


def test_neither_units_nor_code_is_a_mapping_error() -> None:
    with pytest.raises(MappingError) as caught:
        to_cim([reading(ReadingValue(value="7"))])
    assert caught.value.xpath == f"{RV1}/units"


@pytest.mark.parametrize("text", ["twelve", "1,5", "NaN", "Infinity", ""])
def test_non_numeric_value_is_a_mapping_error_naming_the_value(text: str) -> None:
    with pytest.raises(MappingError) as caught:
        to_cim(
            [reading(ReadingValue(value="1", units="kWh"), ReadingValue(value=text, units="kWh"))]
        )
    assert caught.value.xpath == "/meterReading[1]/readingValues/readingValue[2]/value"


def test_value_is_an_exact_decimal_both_ways() -> None:
    result = one_reading(ReadingValue(value="0.10", units="kWh"))
    assert result.value == Decimal("0.10")
    assert str(result.value) == "0.10"
    (back,) = to_msp(MeterReadings([CimMeterReading(readings=[result], meter_mrid="G")]))
    assert back.reading_values[0].value == "0.10"


# --- reading status ⇄ reading quality


def test_status_code_attributes_are_the_quality_code_and_text_its_comment() -> None:
    value = ReadingValue(
        value="1",
        units="kWh",
        reading_status_code=ReadingStatusCode("Estimated by MDM", "3", "8", "0"),
    )
    assert one_reading(value).reading_qualities == [
        ReadingQuality("3.8.0", comment="Estimated by MDM")
    ]
    (back,) = to_msp(to_cim([reading(value)]))[0].reading_values
    assert back.reading_status_code == ReadingStatusCode("Estimated by MDM", "3", "8", "0")


def test_missing_status_parts_are_zero() -> None:
    value = ReadingValue(
        value="1", units="kWh", reading_status_code=ReadingStatusCode(None, "2", None, "7")
    )
    assert one_reading(value).reading_qualities == [ReadingQuality("2.0.7")]


@pytest.mark.parametrize(("word", "code"), sorted(STATUS_WORDS.items()))
def test_status_words(word: str, code: str) -> None:
    value = ReadingValue(value="1", units="kWh", reading_status_code=ReadingStatusCode(word))
    assert one_reading(value).reading_qualities == [ReadingQuality(code, comment=word)]
    (back,) = to_msp(to_cim([reading(value)]))[0].reading_values
    system, category, index = code.split(".")
    assert back.reading_status_code == ReadingStatusCode(word, system, category, index)


def test_unknown_status_word_is_reported_lost() -> None:
    report = GapReport()
    value = ReadingValue(value="1", units="kWh", reading_status_code=ReadingStatusCode("Shiny"))
    assert one_reading(value, report).reading_qualities == []
    (entry,) = report
    assert (entry.path, entry.value, entry.kind) == (
        f"{RV1}/readingStatusCode",
        "Shiny",
        GapKind.LOST,
    )


def test_unknown_quality_category_is_a_mapping_error() -> None:
    value = ReadingValue(
        value="1", units="kWh", reading_status_code=ReadingStatusCode("x", "1", "99", "0")
    )
    with pytest.raises(MappingError) as caught:
        to_cim([reading(value)])
    assert caught.value.xpath == f"{RV1}/readingStatusCode"
    assert caught.value.reason.startswith("readingStatusCode: ")


def test_quality_without_comment_gets_the_status_word() -> None:
    document = MeterReadings(
        [
            CimMeterReading(
                meter_names=[Name("10001", "meterID", "MultiSpeak")],
                readings=[Reading(KWH, Decimal(1), T0, [ReadingQuality("3.8.0")])],
            )
        ]
    )
    (back,) = to_msp(document)[0].reading_values
    assert back.reading_status_code == ReadingStatusCode("Estimated", "3", "8", "0")


def test_further_qualities_are_reported_lost() -> None:
    document = MeterReadings(
        [
            CimMeterReading(
                meter_names=[Name("10001", "meterID", "MultiSpeak")],
                readings=[
                    Reading(
                        KWH,
                        Decimal(1),
                        T0,
                        [ReadingQuality("3.8.0", comment="est"), ReadingQuality("1.3.1")],
                    )
                ],
            )
        ]
    )
    report = GapReport()
    (back,) = to_msp(document, report)[0].reading_values
    assert back.reading_status_code == ReadingStatusCode("est", "3", "8", "0")
    (entry,) = report
    assert entry.path == "/MeterReadings/MeterReading[1]/Readings[1]/ReadingQualities"
    assert (entry.value, entry.kind) == ("1.3.1", GapKind.LOST)


def test_quality_source_and_time_are_not_dropped_silently() -> None:
    quality = ReadingQuality("3.8.0", comment="est", source="MDM-1", time_stamp=T0)
    document = MeterReadings(
        [
            CimMeterReading(
                meter_names=[Name("10001", "meterID", "MultiSpeak")],
                readings=[Reading(KWH, Decimal(1), T0, [quality])],
            )
        ]
    )
    report = GapReport()
    to_msp(document, report)
    assert {entry.value for entry in report} >= {"MDM-1", format_datetime(T0)}


# --- fieldName ⇄ ReadingType Names


def test_field_name_names_the_reading_type_and_comes_back() -> None:
    value = ReadingValue(value="1", units="kWh", field_name="Total energy")
    document = to_cim([reading(value)])
    assert document.reading_types == [ReadingType(mrid=KWH, name="Total energy")]
    element = build_meter_readings(document)
    assert element.findtext(".//{*}ReadingType/{*}Names/{*}name") == "Total energy"
    (back,) = to_msp(read_meter_readings(element))[0].reading_values
    assert back.field_name == "Total energy"


def test_reading_type_code_name_is_used_when_there_is_no_field_name() -> None:
    value = ReadingValue(
        value="1", reading_type_code=MspReadingTypeCode(value=KWH_FORWARD, name="Fwd kWh")
    )
    assert to_cim([reading(value)]).reading_types == [ReadingType(KWH_FORWARD, "Fwd kWh")]


def test_second_field_name_for_the_same_code_is_reported_lost() -> None:
    report = GapReport()
    document = to_cim(
        [
            reading(
                ReadingValue(value="1", units="kWh", field_name="Energy"),
                ReadingValue(value="2", units="kWh", field_name="kWh total"),
            )
        ],
        report,
    )
    assert document.reading_types == [ReadingType(KWH, "Energy")]
    (entry,) = report
    assert entry.path == "/meterReading[1]/readingValues/readingValue[2]/fieldName"
    assert (entry.value, entry.kind) == ("kWh total", GapKind.LOST)


def test_generated_reading_type_description_is_not_a_field_name() -> None:
    document = to_cim([reading(ReadingValue(value="1", units="kWh"))])
    assert document.reading_types == []
    parsed = read_meter_readings(build_meter_readings(document))
    assert parsed.reading_types[0].name == ReadingTypeCode.parse(KWH).describe()
    (back,) = to_msp(parsed)[0].reading_values
    assert back.field_name is None


# --- meter identity


def test_meter_id_text_and_attributes_become_mrid_and_names() -> None:
    meter_id = MeterID("10001", meter_no="M-10001", service_type="Electric", object_id="G-1")
    meter_id.utility = "REC"
    document = to_cim([MeterReading(meter_id=meter_id, device_id="AMR-7")])
    (result,) = document.meter_readings
    assert result.meter_mrid == "G-1"
    assert result.meter_names == [
        Name("10001", "meterID", "MultiSpeak"),
        Name("M-10001", "meterNo", "MultiSpeak"),
        Name("Electric", "serviceType", "MultiSpeak"),
        Name("REC", "utility", "MultiSpeak"),
        Name("AMR-7", "deviceID", "MultiSpeak"),
    ]
    (back,) = to_msp(document)
    assert back.meter_id == meter_id
    assert back.device_id == "AMR-7"


def test_device_id_is_reported_carried_in_meter_names() -> None:
    report = GapReport()
    to_cim([reading(device_id="AMR-7")], report)
    (entry,) = report
    assert entry.path == "/meterReading[1]/deviceID"
    assert (entry.value, entry.kind) == ("AMR-7", GapKind.CARRIED)
    assert entry.carried_in == "Meter/Names[NameType/name='deviceID']"


def test_untyped_meter_name_is_the_meter_id() -> None:
    document = MeterReadings([CimMeterReading(meter_mrid="G-9", meter_names=[Name("10009")])])
    (back,) = to_msp(document)
    assert back.meter_id == MeterID("10009", object_id="G-9")


def test_meter_known_only_by_mrid_uses_it_as_meter_id() -> None:
    (back,) = to_msp(MeterReadings([CimMeterReading(meter_mrid="G-9")]))
    assert back.meter_id == MeterID("G-9", object_id="G-9")


def test_meter_names_of_other_types_and_status_are_reported_lost() -> None:
    document = MeterReadings(
        [
            CimMeterReading(
                meter_names=[
                    Name("10001", "meterID", "MultiSpeak"),
                    Name("X-1", "assetTag", "HES"),
                ],
                meter_status=Status("installed"),
                usage_point_names=[Name("SP-1")],
            )
        ]
    )
    report = GapReport()
    (back,) = to_msp(document, report)
    assert back.meter_id == MeterID("10001")
    assert sorted((e.path, e.value, e.kind) for e in report) == [
        ("/MeterReadings/MeterReading[1]/Meter/Names[2]", "assetTag=X-1", GapKind.LOST),
        ("/MeterReadings/MeterReading[1]/Meter/status", str(Status("installed")), GapKind.LOST),
        (
            "/MeterReadings/MeterReading[1]/UsagePoint/Names",
            str([Name("SP-1")]),
            GapKind.LOST,
        ),
    ]


def test_multispeak_only_fields_are_reported_lost() -> None:
    report = GapReport()
    value = ReadingValue(
        value="1",
        units="kWh",
        name="register 1",
        extensions_list=[ExtensionsItem("vendorFlag", "Y", "string")],
    )
    read = reading(
        value,
        object_id="MR-1",
        verb="New",
        replace_id="R-1",
        utility="REC",
        comments="read on demand",
        object_name="reading 1",
        extensions_list=[ExtensionsItem("batch", "42", "integer")],
    )
    to_cim([read], report)
    assert sorted((e.path, e.value) for e in report) == [
        ("/meterReading[1]/@objectID", "MR-1"),
        ("/meterReading[1]/@replaceID", "R-1"),
        ("/meterReading[1]/@utility", "REC"),
        ("/meterReading[1]/@verb", "New"),
        ("/meterReading[1]/comments", "read on demand"),
        ("/meterReading[1]/extensionsList[1]", "batch=42"),
        ("/meterReading[1]/objectName", "reading 1"),
        (f"{RV1}/extensionsList[1]", "vendorFlag=Y"),
        (f"{RV1}/name", "register 1"),
    ]
    assert {entry.kind for entry in report} == {GapKind.LOST}


# --- CIM-only values carried in extensionsList


def test_cim_only_reading_fields_travel_in_extensions_and_come_back(assert_schema_valid) -> None:
    source = CimMeterReading(
        meter_names=[Name("10001", "meterID", "MultiSpeak")],
        usage_point_mrid="SP-42",
        values_interval_start=datetime(2026, 4, 1, tzinfo=UTC),
        values_interval_end=T0,
        is_coincident_trigger=False,
        readings=[
            Reading(
                KWH,
                Decimal("12.5"),
                T0,
                reason="inquiry",
                reported_date_time=datetime(2026, 5, 1, 12, 0, 2, tzinfo=UTC),
                source="HES-1",
                time_period_start=datetime(2026, 4, 1, tzinfo=UTC),
                time_period_end=T0,
            )
        ],
    )
    document = MeterReadings([source])
    assert_schema_valid(build_meter_readings(document))
    report = GapReport()
    (read,) = to_msp(document, report)
    (value,) = read.reading_values
    assert [(i.ext_name, i.ext_value, i.ext_type) for i in value.extensions_list] == [
        ("CIM.Reading.reason", "inquiry", "string"),
        ("CIM.Reading.reportedDateTime", "2026-05-01T12:00:02Z", "dateTime"),
        ("CIM.Reading.source", "HES-1", "string"),
        ("CIM.Reading.timePeriod.start", "2026-04-01T00:00:00Z", "dateTime"),
        ("CIM.Reading.timePeriod.end", "2026-05-01T12:00:00Z", "dateTime"),
    ]
    assert [(i.ext_name, i.ext_value) for i in read.extensions_list] == [
        ("CIM.UsagePoint.mRID", "SP-42"),
        ("CIM.MeterReading.valuesInterval.start", "2026-04-01T00:00:00Z"),
        ("CIM.MeterReading.valuesInterval.end", "2026-05-01T12:00:00Z"),
        ("CIM.MeterReading.isCoincidentTrigger", "false"),
    ]
    carried = {entry.path: entry for entry in report}
    assert {entry.kind for entry in report} == {GapKind.CARRIED}
    reason = carried["/MeterReadings/MeterReading[1]/Readings[1]/reason"]
    assert reason.value == "inquiry"
    assert reason.carried_in == "extensionsList/extensionsItem[extName='CIM.Reading.reason']"
    assert carried["/MeterReadings/MeterReading[1]/UsagePoint/mRID"].value == "SP-42"
    envelope = soap_notification([read])
    assert_schema_valid(envelope)
    again = read_reading_changed_notification(read_envelope(reparse(envelope)).first_body)
    back_report = GapReport()
    returned = to_cim(again.changed_meter_reads, back_report)
    assert list(back_report) == [], "carried extensions are taken back, not reported"
    assert returned.meter_readings == [source]


def test_unreadable_carried_date_is_a_mapping_error() -> None:
    value = ReadingValue(
        value="1",
        units="kWh",
        extensions_list=[ExtensionsItem("CIM.Reading.reportedDateTime", "yesterday", "dateTime")],
    )
    with pytest.raises(MappingError) as caught:
        to_cim([reading(value)])
    assert caught.value.xpath is not None
    assert caught.value.xpath.startswith(f"{RV1}/")
    assert "yesterday" in caught.value.reason


# --- interval data


def test_interval_blocks_are_delivered_as_reading_values(assert_schema_valid) -> None:
    code = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
    document = MeterReadings(
        [
            CimMeterReading(
                meter_names=[Name("10001", "meterID", "MultiSpeak")],
                readings=[Reading(KWH_FORWARD, Decimal("12345.67"), T0)],
                interval_blocks=[
                    IntervalBlock(
                        code,
                        [
                            IntervalReading(
                                Decimal("0.412"), datetime(2026, 5, 1, 11, 30, tzinfo=UTC)
                            ),
                            IntervalReading(
                                Decimal("0.398"),
                                datetime(2026, 5, 1, 11, 45, tzinfo=UTC),
                                [ReadingQuality("3.8.0")],
                            ),
                        ],
                    )
                ],
            )
        ]
    )
    assert_schema_valid(build_meter_readings(document))
    report = GapReport()
    (read,) = to_msp(document, report)
    assert [(v.value, v.time_stamp, v.reading_type_code.value) for v in read.reading_values] == [  # type: ignore[union-attr]
        ("12345.67", T0, KWH_FORWARD),
        ("0.412", datetime(2026, 5, 1, 11, 30, tzinfo=UTC), code),
        ("0.398", datetime(2026, 5, 1, 11, 45, tzinfo=UTC), code),
    ]
    assert read.reading_values[2].reading_status_code == ReadingStatusCode(
        "Estimated", "3", "8", "0"
    )
    assert {v.units for v in read.reading_values} == {"kWh"}
    (entry,) = report
    assert entry.path == "/MeterReadings/MeterReading[1]/IntervalBlocks"
    assert (entry.value, entry.kind) == ("2 interval readings", GapKind.CHANGED)
    assert_schema_valid(soap_notification([read]))


def test_code_without_multispeak_uom_travels_in_reading_type_code() -> None:
    grams = str(
        ReadingTypeCode(unit=UnitSymbol.GRAM, measurement_kind=MeasurementKind.NOTAPPLICABLE)
    )
    document = MeterReadings(
        [
            CimMeterReading(
                meter_names=[Name("10001", "meterID", "MultiSpeak")],
                readings=[Reading(grams, Decimal(3))],
            )
        ]
    )
    report = GapReport()
    (value,) = to_msp(document, report)[0].reading_values
    assert value.units is None
    assert value.reading_type_code is not None and value.reading_type_code.value == grams
    (entry,) = report
    assert entry.kind is GapKind.CHANGED
    assert entry.path == "/MeterReadings/MeterReading[1]/Readings[1]/ReadingType/@ref"
    assert entry.value == grams
    returned = to_cim(to_msp(document))
    assert returned.meter_readings[0].readings[0].reading_type == grams


def test_demand_word_does_not_silently_change_units() -> None:
    value = ReadingValue(value="12", units="Current phase angle", reading_type="Demand")
    report = GapReport()
    (back,) = to_msp(to_cim([reading(value)], report), report)[0].reading_values
    assert back.units == "Current phase angle" or len(report) > 0


# --- round-trip properties

_IDENT = st.text(
    alphabet=string.ascii_letters + string.digits + "-_.:/ ", min_size=1, max_size=16
).filter(lambda text: text == text.strip())
_WORDS = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")),
    min_size=1,
    max_size=20,
).filter(lambda text: text == text.strip())
_DATETIMES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
_SERVICE_TYPES = ["Electric", "Gas", "Water", "Propane", "Other"]


@st.composite
def decimal_texts(draw: st.DrawFn) -> str:
    """Canonical decimal text: optional sign, no leading zeros, up to 6 fraction digits."""
    sign = draw(st.sampled_from(["", "-"]))
    whole = draw(st.integers(min_value=0, max_value=10**12))
    digits = draw(st.integers(min_value=0, max_value=6))
    fraction = draw(st.text(alphabet=string.digits, min_size=digits, max_size=digits))
    return f"{sign}{whole}" + (f".{fraction}" if fraction else "")


_QUALITY_PARTS = st.tuples(
    st.sampled_from([int(member) for member in QualitySystem]),
    st.sampled_from([int(member) for member in QualityCategory]),
    st.integers(min_value=0, max_value=300),
)


@st.composite
def reading_values(draw: st.DrawFn) -> ReadingValue:
    units = draw(st.sampled_from(ROUND_TRIP_UOMS))
    words = (
        sorted(READING_TYPE_WORDS)
        if units in DEMAND_UOMS
        else sorted(set(READING_TYPE_WORDS) - {"Demand"})
    )
    status = None
    if draw(st.booleans()):
        system, category, index = draw(_QUALITY_PARTS)
        status = ReadingStatusCode(draw(st.none() | _WORDS), str(system), str(category), str(index))
    return ReadingValue(
        value=draw(st.none() | decimal_texts()),
        units=units,
        rate_period=draw(st.none() | st.sampled_from(string.ascii_uppercase)),
        reading_type=draw(st.none() | st.sampled_from(words)),
        field_name=draw(st.none() | _WORDS),
        measurement_period=draw(st.none() | st.sampled_from(sorted(MEASUREMENT_PERIODS))),
        time_stamp=draw(st.none() | _DATETIMES),
        reading_status_code=status,
    )


@st.composite
def multispeak_readings(draw: st.DrawFn) -> list[MeterReading]:
    reads = draw(
        st.lists(
            st.builds(
                MeterReading,
                meter_id=st.builds(
                    MeterID,
                    value=_IDENT,
                    meter_no=st.none() | _IDENT,
                    service_type=st.none() | st.sampled_from(_SERVICE_TYPES),
                    object_id=st.none() | _IDENT,
                    utility=st.none() | _IDENT,
                ),
                device_id=st.none() | _IDENT,
                reading_values=st.lists(reading_values(), max_size=4),
            ),
            min_size=1,
            max_size=3,
        )
    )
    # one fieldName per reading description in a message (CIM names the ReadingType once)
    names: dict[tuple[Any, ...], str | None] = {}
    for read in reads:
        for value in read.reading_values:
            key = (value.units, value.reading_type, value.measurement_period, value.rate_period)
            value.field_name = names.setdefault(key, value.field_name)
    return reads


def _expected_status(given: ReadingStatusCode | None) -> ReadingStatusCode | None:
    if given is None:
        return None
    parts = (given.originating_system_id, given.code_category, given.code_index)
    return ReadingStatusCode(given.value or WORD_FOR_CODE.get(".".join(parts)), *parts)  # type: ignore[arg-type]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reads=multispeak_readings())
def test_multispeak_to_cim_to_multispeak_keeps_every_correlated_field(
    assert_schema_valid, reads: list[MeterReading]
) -> None:
    original = soap_notification(reads)
    assert_schema_valid(original)
    sent = read_reading_changed_notification(read_envelope(reparse(original)).first_body)
    report = GapReport()
    document = to_cim(sent.changed_meter_reads, report)
    payload = reparse(build_meter_readings(document))
    assert_schema_valid(payload)
    back_report = GapReport()
    back = to_msp(read_meter_readings(payload), back_report)
    returned = soap_notification(back)
    assert_schema_valid(returned)
    back = read_reading_changed_notification(read_envelope(reparse(returned)).first_body)
    back_reads = back.changed_meter_reads

    assert [(e.path, e.value, e.kind) for e in report] == [
        (f"/meterReading[{index}]/deviceID", read.device_id, GapKind.CARRIED)
        for index, read in enumerate(reads, start=1)
        if read.device_id
    ]
    assert list(back_report) == []
    assert len(back_reads) == len(reads)
    for read, back_read, cim_read in zip(reads, back_reads, document.meter_readings, strict=True):
        assert back_read.meter_id == read.meter_id
        assert back_read.device_id == read.device_id
        assert len(back_read.reading_values) == len(read.reading_values)
        pairs = zip(read.reading_values, back_read.reading_values, cim_read.readings, strict=True)
        for value, returned_value, cim_reading in pairs:
            assert returned_value.value == value.value
            assert cim_reading.value == (Decimal(value.value) if value.value else None)
            assert returned_value.time_stamp == value.time_stamp
            assert returned_value.units == value.units
            assert returned_value.reading_type == value.reading_type
            assert returned_value.measurement_period == value.measurement_period
            assert returned_value.rate_period == value.rate_period
            assert returned_value.field_name == value.field_name
            assert returned_value.reading_status_code == _expected_status(value.reading_status_code)
            assert returned_value.reading_type_code is not None
            assert returned_value.reading_type_code.value == cim_reading.reading_type
            code = ReadingTypeCode.parse(cim_reading.reading_type)
            assert code.tou == (ord(value.rate_period) - 64 if value.rate_period else 0)


_ROWS = [row for row in UNIT_MAPPINGS if row.uom in ROUND_TRIP_UOMS]


@st.composite
def reading_type_codes(draw: st.DrawFn) -> str:
    row = draw(st.sampled_from(_ROWS))
    return str(
        ReadingTypeCode(
            macro_period=draw(st.sampled_from(list(MacroPeriodKind))),
            aggregate=draw(st.sampled_from(list(AggregateKind))),
            measuring_period=draw(st.sampled_from(list(MeasuringPeriodKind))),
            accumulation=row.accumulation,
            flow_direction=draw(st.sampled_from(list(FlowDirectionKind))),
            commodity=row.commodity,
            measurement_kind=row.measurement_kind,
            tou=draw(st.integers(min_value=0, max_value=30)),
            phases=draw(st.sampled_from(list(PhaseCode))),
            multiplier=row.multiplier,
            unit=row.unit,
            currency=row.currency,
        )
    )


_REASONS = ["billing", "demandReset", "inquiry", "installation", "moveIn", "other"]


@st.composite
def cim_readings(draw: st.DrawFn) -> Reading:
    qualities = []
    if draw(st.booleans()):
        system, category, index = draw(_QUALITY_PARTS)
        qualities = [ReadingQuality(f"{system}.{category}.{index}", draw(st.none() | _WORDS))]
    return Reading(
        reading_type=draw(reading_type_codes()),
        value=draw(st.none() | decimal_texts().map(Decimal)),
        time_stamp=draw(st.none() | _DATETIMES),
        reading_qualities=qualities,
        reason=draw(st.none() | st.sampled_from(_REASONS)),
        reported_date_time=draw(st.none() | _DATETIMES),
        source=draw(st.none() | _WORDS),
        time_period_start=draw(st.none() | _DATETIMES),
        time_period_end=draw(st.none() | _DATETIMES),
    )


@st.composite
def cim_documents(draw: st.DrawFn) -> MeterReadings:
    meter_readings = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        names = [Name(draw(_IDENT), "meterID", "MultiSpeak")]
        for name_type in ("meterNo", "serviceType", "utility", "deviceID"):
            if draw(st.booleans()):
                text = draw(
                    st.sampled_from(_SERVICE_TYPES) if name_type == "serviceType" else _IDENT
                )
                names.append(Name(text, name_type, "MultiSpeak"))
        meter_readings.append(
            CimMeterReading(
                meter_mrid=draw(st.none() | _IDENT),
                meter_names=names,
                usage_point_mrid=draw(st.none() | _IDENT),
                readings=draw(st.lists(cim_readings(), max_size=4)),
                values_interval_start=draw(st.none() | _DATETIMES),
                values_interval_end=draw(st.none() | _DATETIMES),
                is_coincident_trigger=draw(st.none() | st.booleans()),
            )
        )
    codes = sorted({r.reading_type for m in meter_readings for r in m.readings})
    reading_types = [
        ReadingType(code, name) for code in codes if (name := draw(st.none() | _WORDS))
    ]
    return MeterReadings(meter_readings, reading_types)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=cim_documents())
def test_cim_to_multispeak_to_cim_keeps_codes_values_times_and_names(
    assert_schema_valid, document: MeterReadings
) -> None:
    payload = reparse(build_meter_readings(document))
    assert_schema_valid(payload)
    report = GapReport()
    reads = to_msp(read_meter_readings(payload), report)
    envelope = soap_notification(reads)
    assert_schema_valid(envelope)
    received = read_reading_changed_notification(read_envelope(reparse(envelope)).first_body)
    back_report = GapReport()
    back = to_cim(received.changed_meter_reads, back_report)
    returned = reparse(build_meter_readings(back))
    assert_schema_valid(returned)
    back = read_meter_readings(returned)

    assert {entry.kind for entry in report} <= {GapKind.CARRIED}
    assert [e for e in back_report if e.kind is not GapKind.CARRIED] == []
    assert len(back.meter_readings) == len(document.meter_readings)
    for original, result in zip(document.meter_readings, back.meter_readings, strict=True):
        assert result.meter_mrid == original.meter_mrid
        assert {n.name_type: n.name for n in result.meter_names} == {
            n.name_type: n.name for n in original.meter_names
        }
        assert {n.authority for n in result.meter_names} == {"MultiSpeak"}
        assert result.usage_point_mrid == original.usage_point_mrid
        assert result.values_interval_start == original.values_interval_start
        assert result.values_interval_end == original.values_interval_end
        assert result.is_coincident_trigger == original.is_coincident_trigger
        assert len(result.readings) == len(original.readings)
        for given_reading, got in zip(original.readings, result.readings, strict=True):
            assert got.reading_type == given_reading.reading_type
            assert got.value == given_reading.value
            assert got.time_stamp == given_reading.time_stamp
            assert [q.reading_quality_type for q in got.reading_qualities] == [
                q.reading_quality_type for q in given_reading.reading_qualities
            ]
            assert [q.comment for q in got.reading_qualities] == [
                q.comment or WORD_FOR_CODE.get(q.reading_quality_type)
                for q in given_reading.reading_qualities
            ]
            assert got.reason == given_reading.reason
            assert got.source == given_reading.source
            assert got.reported_date_time == given_reading.reported_date_time
            assert got.time_period_start == given_reading.time_period_start
            assert got.time_period_end == given_reading.time_period_end
    named = {rt.mrid: rt.name for rt in document.reading_types}
    assert {rt.mrid: rt.name for rt in back.reading_types if rt.mrid in named} == named
    for reading_type in back.reading_types:
        if reading_type.mrid not in named:
            assert reading_type.name == ReadingTypeCode.parse(reading_type.mrid).describe()
