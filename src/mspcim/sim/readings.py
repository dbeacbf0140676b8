"""Realistic meter readings for the simulated head-end: pure functions of a meter, a time, a Random.

Each simulated meter reads three values, as a residential AMI meter answering an on-demand read:

* its kWh energy register, which grows monotonically with time: a base derived from the meter id
  plus the integral, since ``EPOCH``, of a daily load curve whose average and swing also derive
  from the meter id (so two reads of one meter at later times never go backwards, with no state);
* its maximum kW demand, drawn around the meter's peak load;
* its RMS voltage, drawn around ``NOMINAL_VOLTAGE`` within ``VOLTAGE_TOLERANCE``.

Nothing here reads a clock or a global random generator: give the same meter, time and seeded
``random.Random`` and the same readings come out.
"""

from __future__ import annotations

import hashlib
import math
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Final

from mspcim.cim.model import MeterReading, MeterReadings, Name, Reading
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_kinds import (
    AccumulationKind,
    AggregateKind,
    CommodityKind,
    FlowDirectionKind,
    MeasurementKind,
    UnitMultiplier,
    UnitSymbol,
)

__all__ = [
    "DEMAND_KW",
    "ENERGY_KWH",
    "EPOCH",
    "METER_NAME_TYPE",
    "NOMINAL_VOLTAGE",
    "VOLTAGE_RMS",
    "VOLTAGE_TOLERANCE",
    "LoadProfile",
    "demand_kw",
    "energy_register_kwh",
    "load_profile",
    "meter_mrid",
    "simulate_meter_reading",
    "simulate_meter_readings",
    "voltage_v",
]

_ELECTRICITY = CommodityKind.ELECTRICITY_SECONDARY_METERED

ENERGY_KWH: Final = ReadingTypeCode(
    accumulation=AccumulationKind.BULKQUANTITY,
    flow_direction=FlowDirectionKind.FORWARD,
    commodity=_ELECTRICITY,
    measurement_kind=MeasurementKind.ENERGY,
    multiplier=UnitMultiplier.KILO,
    unit=UnitSymbol.WATTHOUR,
)
"""Forward energy register in kWh: ``0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0``."""

DEMAND_KW: Final = ReadingTypeCode(
    aggregate=AggregateKind.MAXIMUM,
    flow_direction=FlowDirectionKind.FORWARD,
    commodity=_ELECTRICITY,
    measurement_kind=MeasurementKind.DEMAND,
    multiplier=UnitMultiplier.KILO,
    unit=UnitSymbol.WATT,
)
"""Maximum forward demand in kW: ``0.8.0.0.1.1.8.0.0.0.0.0.0.0.0.3.38.0``."""

VOLTAGE_RMS: Final = ReadingTypeCode(
    commodity=_ELECTRICITY,
    measurement_kind=MeasurementKind.RMSVOLTAGE,
    unit=UnitSymbol.VOLT,
)
"""RMS voltage in V: ``0.0.0.0.0.1.54.0.0.0.0.0.0.0.0.0.29.0``."""

EPOCH: Final = datetime(2015, 1, 1, tzinfo=UTC)
"""When every simulated meter was installed; registers count consumption from here."""

NOMINAL_VOLTAGE: Final = Decimal(240)
"""Nominal service voltage in V (North American residential split phase)."""

VOLTAGE_TOLERANCE: Final = Decimal("0.03")
"""Largest relative deviation of a simulated voltage from nominal (ANSI C84.1 range A is 5 %)."""

METER_NAME_TYPE: Final = "meterID"
"""``NameType`` of the meter name: the MultiSpeak meterID."""

_NAME_AUTHORITY: Final = "MultiSpeak"
_MRID_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "urn:mspcim:sim:meter")
_KWH: Final = Decimal("0.001")
_KW: Final = Decimal("0.001")
_VOLT: Final = Decimal("0.1")
_HOURS_PER_DAY: Final = 24.0
_PEAK_HOUR: Final = 18.0
"""UTC hour of the daily load peak."""


@dataclass(frozen=True, slots=True)
class LoadProfile:
    """A meter's consumption habits, fixed by its id: register start, average load, daily swing."""

    base_kwh: float
    """Register value at ``EPOCH``."""
    average_kw: float
    """Mean load over a day."""
    swing_kw: float
    """Amplitude of the daily load curve; always below ``average_kw`` so load stays positive."""

    @property
    def peak_kw(self) -> float:
        """Highest load of the daily curve."""
        return self.average_kw + self.swing_kw


def _unit_fractions(meter_id: str, count: int) -> list[float]:
    """``count`` numbers in [0, 1) derived from the meter id alone (stable across runs)."""
    digest = hashlib.sha256(meter_id.encode("utf-8")).digest()
    return [int.from_bytes(digest[4 * i : 4 * i + 4], "big") / 2**32 for i in range(count)]


def load_profile(meter_id: str) -> LoadProfile:
    """The load profile of ``meter_id``: 1 000-50 000 kWh at install, 0.4-1.6 kW on average."""
    base, average, swing = _unit_fractions(meter_id, 3)
    average_kw = 0.4 + 1.2 * average
    return LoadProfile(
        base_kwh=1_000 + 49_000 * base,
        average_kw=average_kw,
        swing_kw=average_kw * (0.3 + 0.5 * swing),
    )


def meter_mrid(meter_id: str) -> str:
    """The meter's mRID: a UUID version 5 of its id, the same wherever it is computed."""
    return str(uuid.uuid5(_MRID_NAMESPACE, meter_id))


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def energy_register_kwh(meter_id: str, at: datetime) -> Decimal:
    """The kWh register at ``at`` (naive times are UTC); never decreases as ``at`` grows.

    The load follows ``average + swing * sin(2π (h - peak + 6) / 24)`` with ``h`` hours since
    ``EPOCH``; the register is its closed-form integral, so no state is kept between reads.
    """
    profile = load_profile(meter_id)
    hours = max(0.0, (_utc(at) - EPOCH).total_seconds() / 3600)
    omega = 2 * math.pi / _HOURS_PER_DAY
    phase = _PEAK_HOUR - _HOURS_PER_DAY / 4
    swing_energy = (profile.swing_kw / omega) * (
        math.cos(omega * (0.0 - phase)) - math.cos(omega * (hours - phase))
    )
    value = profile.base_kwh + profile.average_kw * hours + swing_energy
    return Decimal(f"{value:.3f}").quantize(_KWH)


def demand_kw(meter_id: str, rng: random.Random) -> Decimal:
    """A maximum demand in kW: the meter's peak load times 1.2-2.5 (appliances coinciding)."""
    peak = load_profile(meter_id).peak_kw * rng.uniform(1.2, 2.5)
    return Decimal(f"{peak:.3f}").quantize(_KW)


def voltage_v(rng: random.Random) -> Decimal:
    """An RMS voltage around nominal, kept within ``VOLTAGE_TOLERANCE``, to 0.1 V."""
    nominal = float(NOMINAL_VOLTAGE)
    spread = nominal * float(VOLTAGE_TOLERANCE)
    value = min(nominal + spread, max(nominal - spread, rng.gauss(nominal, spread / 2.5)))
    return Decimal(f"{value:.1f}").quantize(_VOLT)


def simulate_meter_reading(meter_id: str, at: datetime, rng: random.Random) -> MeterReading:
    """The readings of ``meter_id`` at ``at``: kWh register, kW maximum demand and RMS voltage."""
    return MeterReading(
        meter_mrid=meter_mrid(meter_id),
        meter_names=[Name(name=meter_id, name_type=METER_NAME_TYPE, authority=_NAME_AUTHORITY)],
        readings=[
            Reading(ENERGY_KWH.text, energy_register_kwh(meter_id, at), at),
            Reading(DEMAND_KW.text, demand_kw(meter_id, rng), at),
            Reading(VOLTAGE_RMS.text, voltage_v(rng), at),
        ],
    )


def simulate_meter_readings(
    meter_ids: Iterable[str], at: datetime, rng: random.Random
) -> MeterReadings:
    """A MeterReadings document holding one MeterReading per meter, in the order given."""
    return MeterReadings(
        meter_readings=[simulate_meter_reading(meter_id, at, rng) for meter_id in meter_ids]
    )
