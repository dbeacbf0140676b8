"""The IEC 61968-9 Annex C enumerations: codes, names and literals, checked against the CSVs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mspcim.cim.coded_enum import CodedEnum
from mspcim.cim.reading_quality import QualityCategory, QualitySystem
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

CODES_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "codes"

CSV_ENUMS: dict[str, type[CodedEnum]] = {
    "macroPeriod.csv": MacroPeriodKind,
    "aggregate.csv": AggregateKind,
    "measuringPeriod.csv": MeasuringPeriodKind,
    "accumulation.csv": AccumulationKind,
    "flowDirection.csv": FlowDirectionKind,
    "commodity.csv": CommodityKind,
    "measurementKind.csv": MeasurementKind,
    "phases.csv": PhaseCode,
    "multiplier.csv": UnitMultiplier,
    "unit.csv": UnitSymbol,
    "qualitySystem.csv": QualitySystem,
    "qualityCategory.csv": QualityCategory,
}

ALL_ENUMS: list[type[CodedEnum]] = [*CSV_ENUMS.values(), Currency]


def read_codes(file_name: str) -> list[tuple[int, str]]:
    """(code, upper-case name) rows of one code-system CSV; skips when the folder is absent."""
    path = CODES_DIR / file_name
    if not path.is_file():
        pytest.skip(f"code-system CSV not found: {path}")
    with path.open(newline="", encoding="utf-8") as handle:
        return [(int(row["code"]), row["literal"]) for row in csv.DictReader(handle)]


@pytest.mark.parametrize("file_name", sorted(CSV_ENUMS))
def test_every_csv_code_is_a_member_with_the_same_name_or_an_alias(file_name: str) -> None:
    enum_type = CSV_ENUMS[file_name]
    for code, name in read_codes(file_name):
        member = enum_type(code)
        assert int(member) == code
        # the member's own name, or a misspelling kept as an alias of it
        assert member.name == name or enum_type[name] is member, (file_name, code, name)


@pytest.mark.parametrize("file_name", sorted(CSV_ENUMS))
def test_enums_hold_no_code_outside_the_csv(file_name: str) -> None:
    enum_type = CSV_ENUMS[file_name]
    csv_codes = {code for code, _ in read_codes(file_name)}
    assert {int(member) for member in enum_type} == csv_codes


def test_aliases_are_exactly_the_documented_misspellings() -> None:
    aliases = {
        f"{enum_type.__name__}.{name}": member.name
        for enum_type in ALL_ENUMS
        for name, member in enum_type.__members__.items()
        if name != member.name
    }
    assert aliases == {
        "MacroPeriodKind.WEEKLYS": "WEEKLY",
        "AggregateKind.FIFTHMAXIMIMUM": "FIFTHMAXIMUM",
        "AccumulationKind.DELTADELTA": "DELTADATA",
        "FlowDirectionKind.Q1PLUQQ4": "Q1PLUSQ4",
        "MeasurementKind.MULITCASTADDRESS": "MULTICASTADDRESS",
        "UnitSymbol.VOLTPERHERZ": "VOLTPERHERTZ",
        "UnitSymbol.HERZPERSECOND": "HERTZPERSECOND",
        "UnitSymbol.CUBICFEETUNCOMPENSATEDPERHHOUR": "CUBICFEETUNCOMPENSATEDPERHOUR",
        "UnitSymbol.PASCALGUAGE": "PASCALGAUGE",
        "UnitSymbol.HERZPERHERZ": "HERTZPERHERTZ",
        "UnitSymbol.FLUIDDREAM": "FLUIDDRAM",
        "UnitSymbol.AVOIRDUPOISONCE": "AVOIRDUPOISOUNCE",
    }


@pytest.mark.parametrize("enum_type", ALL_ENUMS, ids=lambda e: e.__name__)
def test_literals_are_unique_and_non_empty(enum_type: type[CodedEnum]) -> None:
    literals = [member.literal for member in enum_type]
    assert all(literals)
    assert len(set(literals)) == len(literals)


@pytest.mark.parametrize("enum_type", ALL_ENUMS, ids=lambda e: e.__name__)
def test_from_literal_finds_every_member(enum_type: type[CodedEnum]) -> None:
    literals = {member.literal for member in enum_type}
    for member in enum_type:
        assert enum_type.from_literal(member.literal) is member
        if member.name.lower() not in literals:  # a literal always wins over a name
            assert enum_type.from_literal(member.name.lower()) is member


@pytest.mark.parametrize(
    ("member", "code", "literal"),
    [
        (AccumulationKind.BULKQUANTITY, 1, "bulkQuantity"),
        (AccumulationKind.DELTADATA, 4, "deltaData"),
        (AccumulationKind.CUMULATIVE, 3, "cumulative"),
        (AccumulationKind.SUMMATION, 9, "summation"),
        (AccumulationKind.INSTANTANEOUS, 12, "instantaneous"),
        (FlowDirectionKind.FORWARD, 1, "forward"),
        (FlowDirectionKind.REVERSE, 19, "reverse"),
        (FlowDirectionKind.NET, 4, "net"),
        (FlowDirectionKind.TOTAL, 20, "total"),
        (FlowDirectionKind.Q1PLUSQ2, 5, "q1plusQ2"),
        (FlowDirectionKind.Q1, 15, "quadrant1"),
        (CommodityKind.ELECTRICITY_SECONDARY_METERED, 1, "electricitySecondaryMetered"),
        (CommodityKind.ELECTRICITY_PRIMARY_METERED, 2, "electricityPrimaryMetered"),
        (CommodityKind.NATURALGAS, 7, "naturalGas"),
        (CommodityKind.POTABLEWATER, 9, "potableWater"),
        (MeasurementKind.ENERGY, 12, "energy"),
        (MeasurementKind.DEMAND, 8, "demand"),
        (MeasurementKind.POWER, 37, "power"),
        (MeasurementKind.CURRENT, 4, "current"),
        (MeasurementKind.RMSVOLTAGE, 54, "voltage"),
        (MeasurementKind.POWEROUTAGE, 136, "powerOutage"),
        (MacroPeriodKind.BILLINGPERIOD, 8, "billingPeriod"),
        (MacroPeriodKind.DAILY, 11, "daily"),
        (MacroPeriodKind.MONTHLY, 13, "monthly"),
        (MacroPeriodKind.SEASONAL, 22, "seasonal"),
        (MacroPeriodKind.WEEKLY, 24, "weekly"),
        (MacroPeriodKind.SPECIFIEDPERIOD, 32, "specifiedPeriod"),
        (MeasuringPeriodKind.MINUTE10, 1, "tenMinute"),
        (MeasuringPeriodKind.MINUTE15, 2, "fifteenMinute"),
        (MeasuringPeriodKind.HOUR24, 4, "twentyfourHour"),
        (MeasuringPeriodKind.MINUTE60, 7, "sixtyMinute"),
        (MeasuringPeriodKind.FIXEDBLOCK60MIN, 50, "fixedBlock60Min"),
        (MeasuringPeriodKind.PRESENT, 15, "present"),
        (AggregateKind.MAXIMUM, 8, "maximum"),
        (UnitMultiplier.KILO, 3, "k"),
        (UnitMultiplier.MILLI, -3, "m"),
        (UnitMultiplier.MICRO, -6, "micro"),
        (UnitMultiplier.ZERO, 0, "none"),
        (UnitMultiplier.DECA, 1, "da"),
        (UnitMultiplier.MEGA, 6, "M"),
        (UnitSymbol.WATTHOUR, 72, "Wh"),
        (UnitSymbol.WATT, 38, "W"),
        (UnitSymbol.VOLTAMPEREREACTIVEHOUR, 73, "VArh"),
        (UnitSymbol.VOLT, 29, "V"),
        (UnitSymbol.DEGREESCELSIUS, 23, "degC"),
        (UnitSymbol.CUBICMETERCOMPENSATED, 167, "m3Compensated"),
        (UnitSymbol.USGALLON, 128, "gal"),
        (UnitSymbol.THERM, 169, "therm"),
        (UnitSymbol.COUNT, 111, "count"),
        (UnitSymbol.WATTPERVOLTAMPERE, 153, "VPerVA"),
        (PhaseCode.PHASEABCN, 225, "ABCN"),
        (PhaseCode.PHASEABC, 224, "ABC"),
        (PhaseCode.PHASEA, 128, "A"),
        (PhaseCode.PHASEAN, 129, "AN"),
        (PhaseCode.PHASEAB, 132, "AB"),
        (PhaseCode.PHASECA, 40, "AC"),
        (PhaseCode.PHASES12N, 769, "s12N"),
        (PhaseCode.PHASES12, 768, "s12"),
        (PhaseCode.NOTAPPLICABLE, 0, "none"),
        (Currency.USD, 840, "USD"),
        (Currency.EUR, 978, "EUR"),
        (Currency.AUD, 36, "AUD"),
        (Currency.NONE, 0, "none"),
    ],
    ids=repr,
)
def test_code_and_literal_of_known_members(member: CodedEnum, code: int, literal: str) -> None:
    assert int(member) == code
    assert member.value == code
    assert member.literal == literal
    assert type(member).from_code(code) is member


def test_unit_multiplier_values_are_powers_of_ten() -> None:
    assert [int(m) for m in UnitMultiplier] == [
        -24, -21, -18, -15, -12, -9, -6, -3, -2, -1, 0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24
    ]  # fmt: skip


def test_currency_holds_the_common_iso_4217_codes() -> None:
    expected = {
        "USD": 840, "EUR": 978, "GBP": 826, "CAD": 124, "AUD": 36, "JPY": 392, "CHF": 756,
        "CNY": 156, "INR": 356, "MXN": 484, "BRL": 986, "ZAR": 710, "EGP": 818, "NZD": 554,
        "SEK": 752, "NOK": 578, "DKK": 208, "PLN": 985, "KRW": 410, "SGD": 702, "HKD": 344,
    }  # fmt: skip
    for alpha, code in expected.items():
        assert Currency.from_literal(alpha) is Currency(code)
        assert Currency[alpha].literal == alpha


def test_from_literal_is_case_sensitive_on_literals_then_falls_back_to_names() -> None:
    # "M" (mega) and "m" (milli) differ only by case
    assert UnitMultiplier.from_literal("M") is UnitMultiplier.MEGA
    assert UnitMultiplier.from_literal("m") is UnitMultiplier.MILLI
    # no literal matches, so the member name decides, in any case
    assert UnitMultiplier.from_literal("kilo") is UnitMultiplier.KILO
    assert MeasurementKind.from_literal("rmsVoltage") is MeasurementKind.RMSVOLTAGE
    # a literal wins over a member name: "rad" is the radian, not the unit named RAD (rad dose)
    assert UnitSymbol.from_literal("rad") is UnitSymbol.RADIAN
    assert UnitSymbol.from_literal("RAD") is UnitSymbol.RAD
    # a misspelt name kept as alias still resolves
    assert MacroPeriodKind.from_literal("weeklys") is MacroPeriodKind.WEEKLY


def test_from_literal_refuses_unknown_text() -> None:
    with pytest.raises(MappingError, match=r"unknown AccumulationKind literal 'bulk'"):
        AccumulationKind.from_literal("bulk")


def test_from_code_refuses_unknown_codes() -> None:
    with pytest.raises(MappingError, match=r"unknown UnitSymbol code 999"):
        UnitSymbol.from_code(999)


def test_members_behave_as_their_integer_code() -> None:
    assert UnitSymbol.WATTHOUR + 0 == 72
    assert f"{UnitMultiplier.KILO}" == "3"
    assert UnitMultiplier.MILLI < UnitMultiplier.ZERO < UnitMultiplier.KILO
