"""The 18-field ReadingType code: parsing, printing, describing, and refusing garbage."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mspcim import reply_codes
from mspcim.cim.reading_type import FIELD_NAMES, ReadingTypeCode
from mspcim.cim.reading_type_kinds import (
    AccumulationKind,
    AggregateKind,
    CommodityKind,
    Currency,
    FlowDirectionKind,
    MacroPeriodKind,
    MeasurementKind,
    MeasuringPeriodKind,
    PhaseCode,
    UnitMultiplier,
    UnitSymbol,
)
from mspcim.exceptions import MappingError

KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"


def test_field_names_are_the_18_fields_in_code_order() -> None:
    assert FIELD_NAMES == (
        "macro_period", "aggregate", "measuring_period", "accumulation", "flow_direction",
        "commodity", "measurement_kind", "interharmonic_numerator", "interharmonic_denominator",
        "argument_numerator", "argument_denominator", "tou", "cpp", "consumption_tier", "phases",
        "multiplier", "unit", "currency",
    )  # fmt: skip


def test_the_well_known_kwh_code() -> None:
    code = ReadingTypeCode.parse(KWH)
    assert code.accumulation is AccumulationKind.BULKQUANTITY
    assert code.flow_direction is FlowDirectionKind.FORWARD
    assert code.commodity is CommodityKind.ELECTRICITY_SECONDARY_METERED
    assert code.measurement_kind is MeasurementKind.ENERGY
    assert code.multiplier is UnitMultiplier.KILO
    assert code.unit is UnitSymbol.WATTHOUR
    assert code.macro_period is MacroPeriodKind.NOTAPPLICABLE
    assert code.phases is PhaseCode.NOTAPPLICABLE
    assert code.currency is Currency.NONE
    assert code.tou == 0
    assert code == ReadingTypeCode(
        accumulation=AccumulationKind.BULKQUANTITY,
        flow_direction=FlowDirectionKind.FORWARD,
        commodity=CommodityKind.ELECTRICITY_SECONDARY_METERED,
        measurement_kind=MeasurementKind.ENERGY,
        multiplier=UnitMultiplier.KILO,
        unit=UnitSymbol.WATTHOUR,
    )
    assert str(code) == KWH
    assert code.text == KWH
    assert code.unit_text == "kWh"
    assert code.describe() == "bulkQuantity forward electricitySecondaryMetered energy kWh"


def test_an_interval_demand_code_with_tou_phases_and_negative_multiplier() -> None:
    text = "11.8.2.4.19.2.8.0.0.0.0.2.1.3.129.-3.38.0"
    code = ReadingTypeCode.parse(text)
    assert code.macro_period is MacroPeriodKind.DAILY
    assert code.aggregate is AggregateKind.MAXIMUM
    assert code.measuring_period is MeasuringPeriodKind.MINUTE15
    assert code.accumulation is AccumulationKind.DELTADATA
    assert code.flow_direction is FlowDirectionKind.REVERSE
    assert code.commodity is CommodityKind.ELECTRICITY_PRIMARY_METERED
    assert code.measurement_kind is MeasurementKind.DEMAND
    assert (code.tou, code.cpp, code.consumption_tier) == (2, 1, 3)
    assert code.phases is PhaseCode.PHASEAN
    assert code.multiplier is UnitMultiplier.MILLI
    assert code.unit is UnitSymbol.WATT
    assert str(code) == text
    assert code.describe() == (
        "daily maximum fifteenMinute deltaData reverse electricityPrimaryMetered demand "
        "tou 2 cpp 1 tier 3 phases AN mW"
    )


def test_describe_of_harmonics_money_and_empty_codes() -> None:
    harmonic = ReadingTypeCode(
        measurement_kind=MeasurementKind.RMSVOLTAGE,
        interharmonic_numerator=5,
        interharmonic_denominator=1,
        argument_numerator=120,
        argument_denominator=360,
        unit=UnitSymbol.VOLT,
    )
    assert harmonic.describe() == "voltage interharmonic 5/1 argument 120/360 V"
    money = ReadingTypeCode(
        measurement_kind=MeasurementKind.CURRENCY, unit=UnitSymbol.MONEY, currency=Currency.EUR
    )
    assert money.describe() == "currency money EUR"
    assert money.text == "0.0.0.0.0.0.3.0.0.0.0.0.0.0.0.0.80.978"
    percent = ReadingTypeCode(multiplier=UnitMultiplier.CENTI)
    assert percent.describe() == "10^-2"
    assert ReadingTypeCode().describe() == "none"
    assert ReadingTypeCode().text == ".".join(["0"] * 18)


def test_surrounding_whitespace_is_ignored() -> None:
    assert ReadingTypeCode.parse(f"  {KWH}\n") == ReadingTypeCode.parse(KWH)


def test_parsing_is_cached() -> None:
    assert ReadingTypeCode.parse(KWH) is ReadingTypeCode.parse(KWH)


def test_replace_returns_a_changed_copy_and_accepts_integer_codes() -> None:
    code = ReadingTypeCode.parse(KWH)
    mega = code.replace(multiplier=UnitMultiplier.MEGA)
    assert mega.text == "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.6.72.0"
    assert code.multiplier is UnitMultiplier.KILO
    varh = code.replace(unit=73, tou=1)
    assert varh.unit is UnitSymbol.VOLTAMPEREREACTIVEHOUR
    assert varh.unit_text == "kVArh"
    assert varh.tou == 1


def test_codes_are_frozen_and_hashable() -> None:
    code = ReadingTypeCode.parse(KWH)
    with pytest.raises(dataclasses.FrozenInstanceError):
        code.tou = 2  # type: ignore[misc]
    assert {code: "kWh"}[ReadingTypeCode.parse(KWH)] == "kWh"


def test_constructor_turns_integer_codes_into_members() -> None:
    code = ReadingTypeCode(unit=72, multiplier=3)  # type: ignore[arg-type]
    assert code.unit is UnitSymbol.WATTHOUR
    assert code.multiplier is UnitMultiplier.KILO


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.999.0", "unit", 999),
        ("0.0.0.5.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "accumulation", 5),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.4.72.0", "multiplier", 4),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.1", "currency", 1),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.3.3.72.0", "phases", 3),
        ("0.0.0.1.1.1.999.0.0.0.0.0.0.0.0.3.72.0", "measurement_kind", 999),
        ("9.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "macro_period", 9),
    ],
)
def test_unknown_enum_values_are_refused_naming_field_and_value(
    text: str, field: str, value: int
) -> None:
    with pytest.raises(MappingError) as caught:
        ReadingTypeCode.parse(text)
    assert str(caught.value) == f"ReadingType code field {field!r} has unknown value {value}"
    assert caught.value.code == reply_codes.UNTRANSLATABLE


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72", 17),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0.0", 19),
        ("", 1),
        ("kWh", 1),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3,72,0", 16),
    ],
)
def test_wrong_field_counts_are_refused(text: str, count: int) -> None:
    with pytest.raises(MappingError, match=rf"has {count} fields; 18 dot-separated integers"):
        ReadingTypeCode.parse(text)


@pytest.mark.parametrize(
    ("text", "field", "part"),
    [
        ("0.0.0.x.1.1.12.0.0.0.0.0.0.0.0.3.72.0", "accumulation", "x"),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.", "currency", ""),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.+3.72.0", "multiplier", "+3"),
        ("0.0.0.1.1.1.12.0.0.0.0.-1.0.0.0.3.72.0", "tou", "-1"),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3. 72.0", "unit", " 72"),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.7².0", "unit", "7²"),
        ("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.--3.72.0", "multiplier", "--3"),
    ],
)
def test_non_integer_fields_are_refused(text: str, field: str, part: str) -> None:
    with pytest.raises(MappingError) as caught:
        ReadingTypeCode.parse(text)
    assert str(caught.value) == (
        f"ReadingType code field {field!r} is not a decimal integer: {part!r}"
    )


def test_constructor_refuses_unknown_codes_negative_counts_and_wrong_enums() -> None:
    with pytest.raises(MappingError, match=r"field 'unit' has unknown value 999"):
        ReadingTypeCode(unit=999)  # type: ignore[arg-type]
    with pytest.raises(MappingError, match=r"field 'tou' must not be negative, got -1"):
        ReadingTypeCode(tou=-1)
    with pytest.raises(MappingError, match=r"field 'cpp' must be an integer, got '1'"):
        ReadingTypeCode(cpp="1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"'unit' takes a UnitSymbol, not a MeasurementKind"):
        ReadingTypeCode(unit=MeasurementKind.ENERGY)  # type: ignore[arg-type]


small_counts = st.integers(min_value=0, max_value=10_000)

reading_type_codes = st.builds(
    ReadingTypeCode,
    macro_period=st.sampled_from(MacroPeriodKind),
    aggregate=st.sampled_from(AggregateKind),
    measuring_period=st.sampled_from(MeasuringPeriodKind),
    accumulation=st.sampled_from(AccumulationKind),
    flow_direction=st.sampled_from(FlowDirectionKind),
    commodity=st.sampled_from(CommodityKind),
    measurement_kind=st.sampled_from(MeasurementKind),
    interharmonic_numerator=small_counts,
    interharmonic_denominator=small_counts,
    argument_numerator=small_counts,
    argument_denominator=small_counts,
    tou=small_counts,
    cpp=small_counts,
    consumption_tier=small_counts,
    phases=st.sampled_from(PhaseCode),
    multiplier=st.sampled_from(UnitMultiplier),
    unit=st.sampled_from(UnitSymbol),
    currency=st.sampled_from(Currency),
)


@given(reading_type_codes)
def test_parse_of_str_gives_the_code_back(code: ReadingTypeCode) -> None:
    text = str(code)
    assert ReadingTypeCode.parse(text) == code
    assert len(text.split(".")) == 18
    assert ReadingTypeCode.parse(text).text == text


@given(reading_type_codes)
def test_describe_names_the_unit_and_every_set_coded_field(code: ReadingTypeCode) -> None:
    words = code.describe()
    if code.measurement_kind is not MeasurementKind.NOTAPPLICABLE:
        assert code.measurement_kind.literal in words
    if code.unit is not UnitSymbol.NOTAPPLICABLE:
        assert words.endswith(code.unit_text) or code.currency.literal in words
