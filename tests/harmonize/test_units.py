"""MultiSpeak 4.1 ``uom`` ⇄ ReadingType unit fields: the declared table and its two lookups."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from mspcim import reply_codes
from mspcim.cim.reading_type_kinds import (
    AccumulationKind,
    CommodityKind,
    Currency,
    MeasurementKind,
    UnitMultiplier,
    UnitSymbol,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize.units import (
    UNIT_MAPPINGS,
    UNMAPPED_UOMS,
    UnitMapping,
    unit_mapping_for_uom,
    uom_for,
)

ELECTRIC = CommodityKind.ELECTRICITY_SECONDARY_METERED
U, M, K, C, A = UnitSymbol, UnitMultiplier, MeasurementKind, CommodityKind, AccumulationKind
BULK, NOW, COUNT = A.BULKQUANTITY, A.INSTANTANEOUS, A.SUMMATION
GAS, WATER, NONE = C.NATURALGAS, C.POTABLEWATER, C.NOTAPPLICABLE


def official_uoms() -> set[str]:
    """The ``uom`` enumeration of the official MultiSpeak 4.1.6 MR_Server WSDL; skips if absent."""
    configured = os.environ.get("MSPCIM_SCHEMAS")
    root = (
        Path(configured)
        if configured
        else Path(__file__).resolve().parents[2].parent / "shared" / "schemas"
    )
    wsdl = root / "multispeak-4.1.6" / "MR_Server.wsdl"
    if not wsdl.is_file():
        pytest.skip(f"MultiSpeak 4.1 schemas not found at {wsdl} (set MSPCIM_SCHEMAS)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.parse(str(wsdl), parser)
    values = tree.xpath(
        "//*[local-name()='simpleType' and @name='uom']//*[local-name()='enumeration']/@value"
    )
    assert isinstance(values, list)
    return {str(value) for value in values}


def test_table_and_unmapped_list_cover_exactly_the_official_uom_values() -> None:
    official = official_uoms()
    assert len(official) == 183
    mapped = {row.uom for row in UNIT_MAPPINGS}
    assert mapped.isdisjoint(UNMAPPED_UOMS)
    assert mapped | set(UNMAPPED_UOMS) == official


def test_counts_and_uniqueness() -> None:
    uoms = [row.uom for row in UNIT_MAPPINGS]
    assert len(uoms) == len(set(uoms)) == 160
    assert len(UNMAPPED_UOMS) == 23
    assert all(reason for reason in UNMAPPED_UOMS.values())


@pytest.mark.parametrize(
    ("uom", "unit", "multiplier", "kind", "commodity", "accumulation"),
    [
        ("kWh", U.WATTHOUR, M.KILO, K.ENERGY, ELECTRIC, BULK),
        ("microWh", U.WATTHOUR, M.MICRO, K.ENERGY, ELECTRIC, BULK),
        ("GVARh", U.VOLTAMPEREREACTIVEHOUR, M.GIGA, K.ENERGY, ELECTRIC, BULK),
        ("kW", U.WATT, M.KILO, K.POWER, ELECTRIC, NOW),
        ("mVA", U.VOLTAMPERE, M.MILLI, K.POWER, ELECTRIC, NOW),
        ("MQ", U.QUANTITYPOWER, M.MEGA, K.QUANTITYPOWER, ELECTRIC, NOW),
        ("V RMS", U.VOLT, M.ZERO, K.RMSVOLTAGE, ELECTRIC, NOW),
        ("kV", U.VOLT, M.KILO, K.RMSVOLTAGE, ELECTRIC, NOW),
        ("Vsquared RMS", U.VOLTSQUARED, M.ZERO, K.RMSVOLTAGE, ELECTRIC, NOW),
        ("Mamps", U.AMPERE, M.MEGA, K.CURRENT, ELECTRIC, NOW),
        ("mAmps", U.AMPERE, M.MILLI, K.CURRENT, ELECTRIC, NOW),
        ("Amps squared RMS", U.AMPERESQUARED, M.ZERO, K.CURRENT, ELECTRIC, NOW),
        ("Power factor", U.POWERFACTOR, M.ZERO, K.POWERFACTOR, ELECTRIC, NOW),
        ("Frequency", U.HERTZ, M.ZERO, K.FREQUENCY, ELECTRIC, NOW),
        ("T.H.D. Voltage", U.VOLTPERVOLT, M.CENTI, K.TOTALHARMONICDISTORTION, ELECTRIC, NOW),
        ("Nbr of power outage", U.COUNT, M.ZERO, K.POWEROUTAGE, ELECTRIC, COUNT),
        ("Nbr of demand resets", U.COUNT, M.ZERO, K.DEMANDRESET, ELECTRIC, COUNT),
        ("Nbr of reverse rotation", U.COUNT, M.ZERO, K.REVERSEROTATIONTAMPER, NONE, COUNT),
        ("Nbr of sag", U.COUNT, M.ZERO, K.SAG, ELECTRIC, COUNT),
        ("Therm", U.THERM, M.ZERO, K.ENERGY, GAS, BULK),
        ("ccf", U.CUBICFEET, M.HECTO, K.VOLUME, GAS, BULK),
        ("cubic feet corrected", U.CUBICFEETCOMPENSATED, M.ZERO, K.VOLUME, GAS, BULK),
        ("cubic meters uncorrected", U.CUBICMETERUNCOMPENSATED, M.ZERO, K.VOLUME, GAS, BULK),
        ("cubic meters per Hr corrected", U.CUBICMETERPERHOURCOMPENSATED, M.ZERO,
         K.VOLUMETRICFLOW, GAS, NOW),
        ("cubic meter", U.CUBICMETER, M.ZERO, K.VOLUME, WATER, BULK),
        ("US gl", U.USGALLON, M.ZERO, K.VOLUME, WATER, BULK),
        ("IMP gl per Hr", U.IMPERIALGALLONPERHOUR, M.ZERO, K.VOLUMETRICFLOW, WATER, NOW),
        ("liters", U.LITRE, M.ZERO, K.VOLUME, WATER, BULK),
        ("deg F", U.DEGREESFAHRENHEIT, M.ZERO, K.TEMPERATURE, NONE, NOW),
        ("deg C", U.DEGREESCELSIUS, M.ZERO, K.TEMPERATURE, NONE, NOW),
        ("km", U.METER, M.KILO, K.DISTANCE, NONE, NOW),
        ("micro m", U.METER, M.MICRO, K.DISTANCE, NONE, NOW),
        ("Date time", U.TIMESTAMP, M.ZERO, K.DATE, NONE, A.NOTAPPLICABLE),
    ],
)  # fmt: skip
def test_mapped_values(
    uom: str,
    unit: UnitSymbol,
    multiplier: UnitMultiplier,
    kind: MeasurementKind,
    commodity: CommodityKind,
    accumulation: AccumulationKind,
) -> None:
    row = unit_mapping_for_uom(uom)
    assert (row.uom, row.unit, row.multiplier) == (uom, unit, multiplier)
    assert row.measurement_kind is kind
    assert row.commodity is commodity
    assert row.accumulation is accumulation
    assert row.currency is Currency.NONE


def test_dollar_is_money_in_us_dollars() -> None:
    row = unit_mapping_for_uom("Dollar")
    assert row.unit is U.MONEY
    assert row.measurement_kind is K.CURRENCY
    assert row.currency is Currency.USD
    assert [r.uom for r in UNIT_MAPPINGS if r.currency is not Currency.NONE] == ["Dollar"]


def test_approximate_rows_say_why() -> None:
    assert "rms" in unit_mapping_for_uom("V").note
    assert unit_mapping_for_uom("V RMS").note == ""
    assert unit_mapping_for_uom("kWh").note == ""
    assert "absolute" in unit_mapping_for_uom("Static pascal").note


def test_unknown_uom_is_refused_with_a_list_free_message() -> None:
    with pytest.raises(MappingError) as caught:
        unit_mapping_for_uom("xyz")
    assert str(caught.value) == "unknown MultiSpeak units 'xyz'"
    assert caught.value.code == reply_codes.UNTRANSLATABLE


def test_uom_lookup_is_case_sensitive() -> None:
    assert unit_mapping_for_uom("mV").multiplier is M.MILLI
    assert unit_mapping_for_uom("MV").multiplier is M.MEGA
    with pytest.raises(MappingError, match=r"unknown MultiSpeak units 'KWH'"):
        unit_mapping_for_uom("KWH")


def test_surrounding_whitespace_is_ignored() -> None:
    assert unit_mapping_for_uom(" kWh\n").uom == "kWh"


@pytest.mark.parametrize("uom", sorted(UNMAPPED_UOMS))
def test_unmapped_uoms_are_refused_with_their_reason(uom: str) -> None:
    with pytest.raises(MappingError) as caught:
        unit_mapping_for_uom(uom)
    message = str(caught.value)
    assert message.startswith(f"unknown MultiSpeak units {uom!r} (no CIM counterpart: ")
    assert UNMAPPED_UOMS[uom] in message


@pytest.mark.parametrize(
    ("unit", "multiplier", "kind", "commodity", "expected"),
    [
        (U.WATTHOUR, M.KILO, None, None, "kWh"),
        (U.WATTHOUR, M.KILO, K.ENERGY, ELECTRIC, "kWh"),
        # a kind that no row has falls back to the unit and multiplier
        (U.WATT, M.KILO, K.DEMAND, ELECTRIC, "kW"),
        (U.VOLT, M.ZERO, None, None, "V RMS"),
        (U.VOLT, M.KILO, K.VOLTAGE, None, "kV RMS"),
        (U.AMPERE, M.ZERO, K.CURRENT, ELECTRIC, "Amps"),
        (U.COUNT, M.ZERO, None, None, "Counter"),
        (U.COUNT, M.ZERO, K.POWEROUTAGE, None, "Nbr of power outage"),
        (U.COUNT, M.ZERO, K.VOLTAGEEXCURSION, ELECTRIC, "Nbr of excursion high"),
        (U.COUNT, M.ZERO, K.ENERGY, None, "Counter"),
        (U.CUBICMETER, M.ZERO, K.VOLUME, GAS, "cubic meter"),
        (U.CUBICMETERCOMPENSATED, M.ZERO, None, None, "cubic meters corrected"),
        (U.CUBICFEET, M.HECTO, None, None, "ccf"),
        (U.CUBICFEET, M.ZERO, None, None, "cubic feet"),
        (U.GPERG, M.MICRO, K.NOTAPPLICABLE, C.LEAD, "PPM lead"),
        (U.GPERG, M.MICRO, K.NOTAPPLICABLE, GAS, "PPM odorant"),
        (U.GPERG, M.MICRO, None, None, "PPM chlorine"),
        (U.NOTAPPLICABLE, M.CENTI, None, None, "percent"),
        (U.NOTAPPLICABLE, M.CENTI, K.RELATIVEHUMIDITY, None, "percent relative humidity"),
        (U.MONEY, M.ZERO, K.CURRENCY, None, "Dollar"),
        (U.TIMESTAMP, M.ZERO, K.DATE, None, "Date time"),
        (U.DEGREES, M.ZERO, K.CURRENTANGLE, ELECTRIC, "Current phase angle"),
        # no MultiSpeak literal for these
        (U.WATTHOUR, M.HECTO, None, None, None),
        (U.NOTAPPLICABLE, M.ZERO, None, None, None),
        (U.ROTATIONSPERSECOND, M.ZERO, K.FREQUENCY, None, None),
    ],
)  # fmt: skip
def test_uom_for_picks_the_declared_literal(
    unit: UnitSymbol,
    multiplier: UnitMultiplier,
    kind: MeasurementKind | None,
    commodity: CommodityKind | None,
    expected: str | None,
) -> None:
    assert uom_for(unit, multiplier, kind, commodity) == expected


def test_every_shared_unit_and_multiplier_has_one_top_preference() -> None:
    groups: dict[tuple[UnitSymbol, UnitMultiplier], list[UnitMapping]] = defaultdict(list)
    for row in UNIT_MAPPINGS:
        groups[(row.unit, row.multiplier)].append(row)
    for (unit, multiplier), rows in groups.items():
        best = max(row.preference for row in rows)
        winners = [row.uom for row in rows if row.preference == best]
        assert winners == [uom_for(unit, multiplier)], (unit, multiplier, winners)


@pytest.mark.parametrize("row", UNIT_MAPPINGS, ids=lambda row: row.uom)
def test_every_row_round_trips_through_the_reverse_lookup(row: UnitMapping) -> None:
    uom = uom_for(row.unit, row.multiplier, row.measurement_kind, row.commodity)
    assert uom is not None
    back = unit_mapping_for_uom(uom)
    assert (back.unit, back.multiplier, back.measurement_kind, back.commodity) == (
        row.unit,
        row.multiplier,
        row.measurement_kind,
        row.commodity,
    )


@given(st.sampled_from(UNIT_MAPPINGS), st.booleans(), st.booleans())
def test_reverse_lookup_keeps_unit_multiplier_and_kind(
    row: UnitMapping, give_kind: bool, give_commodity: bool
) -> None:
    kind = row.measurement_kind if give_kind else None
    commodity = row.commodity if give_commodity else None
    uom = uom_for(row.unit, row.multiplier, kind, commodity)
    assert uom is not None
    back = unit_mapping_for_uom(uom)
    assert (back.unit, back.multiplier) == (row.unit, row.multiplier)
    if give_kind:
        assert back.measurement_kind is row.measurement_kind
