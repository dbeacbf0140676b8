"""Simulated readings: the codes, realistic ranges, a register that never runs backwards."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mspcim.cim.meter_readings_2013 import build_meter_readings, read_meter_readings
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_kinds import AggregateKind, MeasurementKind, UnitSymbol
from mspcim.sim.readings import (
    DEMAND_KW,
    ENERGY_KWH,
    EPOCH,
    VOLTAGE_RMS,
    demand_kw,
    energy_register_kwh,
    load_profile,
    meter_mrid,
    simulate_meter_reading,
    simulate_meter_readings,
    voltage_v,
)

AT = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
LOW, HIGH = Decimal("232.8"), Decimal("247.2")
meter_ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=16)
times = st.datetimes(
    min_value=datetime(2015, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)


def decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return -exponent


def test_reading_type_codes_are_the_documented_ones() -> None:
    assert ENERGY_KWH.text == "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
    assert DEMAND_KW.text == "0.8.0.0.1.1.8.0.0.0.0.0.0.0.0.3.38.0"
    assert VOLTAGE_RMS.text == "0.0.0.0.0.1.54.0.0.0.0.0.0.0.0.0.29.0"
    assert DEMAND_KW.aggregate is AggregateKind.MAXIMUM
    assert DEMAND_KW.unit_text == "kW"
    assert VOLTAGE_RMS.measurement_kind is MeasurementKind.RMSVOLTAGE
    assert VOLTAGE_RMS.unit is UnitSymbol.VOLT
    for code in (ENERGY_KWH, DEMAND_KW, VOLTAGE_RMS):
        assert ReadingTypeCode.parse(code.text) == code


def test_meter_reading_names_the_meter_and_carries_three_readings() -> None:
    reading = simulate_meter_reading("MTR-1", AT, random.Random(7))
    assert reading.meter_name("meterID") == "MTR-1"
    assert reading.meter_names[0].authority == "MultiSpeak"
    assert reading.meter_mrid == meter_mrid("MTR-1")
    assert [r.reading_type for r in reading.readings] == [
        ENERGY_KWH.text,
        DEMAND_KW.text,
        VOLTAGE_RMS.text,
    ]
    assert all(r.time_stamp == AT for r in reading.readings)
    energy, demand, voltage = (r.value for r in reading.readings)
    assert energy is not None and demand is not None and voltage is not None
    assert energy == energy_register_kwh("MTR-1", AT)
    assert (decimals(energy), decimals(demand), decimals(voltage)) == (3, 3, 1)
    assert Decimal(1000) < energy < Decimal(1_000_000)
    assert Decimal(0) < demand < Decimal(20)
    assert LOW <= voltage <= HIGH


def test_mrid_is_a_stable_uuid5_distinct_per_meter() -> None:
    mrid = uuid.UUID(meter_mrid("MTR-1"))
    assert mrid.version == 5
    assert meter_mrid("MTR-1") == str(mrid)
    assert meter_mrid("MTR-2") != str(mrid)


def test_same_seed_and_time_give_the_same_readings() -> None:
    first = simulate_meter_readings(["A", "B", "C"], AT, random.Random(42))
    again = simulate_meter_readings(["A", "B", "C"], AT, random.Random(42))
    other = simulate_meter_readings(["A", "B", "C"], AT, random.Random(43))
    assert first == again
    assert first != other
    assert [mr.meter_name() for mr in first.meter_readings] == ["A", "B", "C"]


@given(meter_ids, times, st.integers(min_value=1, max_value=10**9))
def test_register_never_decreases(meter_id: str, at: datetime, seconds: int) -> None:
    later = at + timedelta(seconds=seconds)
    assert energy_register_kwh(meter_id, at) <= energy_register_kwh(meter_id, later)


def test_register_grows_by_about_the_average_load() -> None:
    profile = load_profile("MTR-1")
    day = energy_register_kwh("MTR-1", AT + timedelta(days=1)) - energy_register_kwh("MTR-1", AT)
    assert abs(float(day) - 24 * profile.average_kw) < 0.01
    assert energy_register_kwh("MTR-1", AT + timedelta(hours=1)) > energy_register_kwh("MTR-1", AT)


def test_evening_peak_uses_more_than_the_morning_trough() -> None:
    def used(hour: int) -> Decimal:
        start = datetime(2026, 5, 1, hour, 0, tzinfo=UTC) - timedelta(minutes=30)
        end = start + timedelta(hours=1)
        return energy_register_kwh("MTR-1", end) - energy_register_kwh("MTR-1", start)

    assert used(18) > used(12) > used(6)


def test_register_starts_at_the_base_and_naive_times_are_utc() -> None:
    base = energy_register_kwh("MTR-1", EPOCH)
    assert base == energy_register_kwh("MTR-1", EPOCH - timedelta(days=400))
    assert abs(float(base) - load_profile("MTR-1").base_kwh) < 0.001
    assert energy_register_kwh("MTR-1", AT.replace(tzinfo=None)) == energy_register_kwh("MTR-1", AT)


@given(st.integers(min_value=0, max_value=2**32))
def test_voltage_stays_within_three_percent(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(20):
        value = voltage_v(rng)
        assert LOW <= value <= HIGH
        assert decimals(value) == 1


@given(meter_ids, st.integers(min_value=0, max_value=2**32))
def test_demand_is_above_the_meter_peak_load(meter_id: str, seed: int) -> None:
    value = demand_kw(meter_id, random.Random(seed))
    peak = Decimal(str(load_profile(meter_id).peak_kw))
    assert peak * Decimal("1.19") <= value <= peak * Decimal("2.51")


def test_document_is_schema_valid_and_round_trips(assert_schema_valid) -> None:
    document = simulate_meter_readings(["MTR-1", "MTR-2"], AT, random.Random(1))
    element = build_meter_readings(document)
    assert_schema_valid(element)
    back = read_meter_readings(element)
    assert [mr.meter_name("meterID") for mr in back.meter_readings] == ["MTR-1", "MTR-2"]
    assert back.meter_readings[0].readings == document.meter_readings[0].readings
