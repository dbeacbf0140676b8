"""MultiSpeak 4.1 ``uom`` literals and the ReadingType fields they stand for, as one declared table.

Each row of ``UNIT_MAPPINGS`` pairs one MultiSpeak ``uom`` value with the IEC 61968-9 unit symbol,
power-of-ten multiplier, measurement kind, natural commodity and natural accumulation of that unit
(``note`` says when the pairing is approximate). Every other ``uom`` value is listed in
``UNMAPPED_UOMS`` with the reason it has no CIM counterpart; together they cover the 183 values of
the MultiSpeak 4.1 ``uom`` enumeration exactly.

The reverse direction (a ReadingType's unit and multiplier to a ``uom``) is decided by the table
too: where several rows match a lookup, the row with the highest ``preference`` wins, and a tie
at the top is refused when this module is imported, so no answer depends on row order.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Final, TypeVar

from mspcim.cim.reading_type_kinds import (
    AccumulationKind,
    CommodityKind,
    Currency,
    MeasurementKind,
    UnitMultiplier,
    UnitSymbol,
)
from mspcim.exceptions import MappingError

__all__ = [
    "UNIT_MAPPINGS",
    "UNMAPPED_UOMS",
    "UnitMapping",
    "unit_mapping_for_uom",
    "uom_for",
]


@dataclass(frozen=True, slots=True)
class UnitMapping:
    """One MultiSpeak ``uom`` value and the ReadingType fields it translates to."""

    uom: str
    """The exact MultiSpeak 4.1 literal, e.g. ``kWh`` or ``cubic feet corrected``."""
    unit: UnitSymbol
    multiplier: UnitMultiplier
    measurement_kind: MeasurementKind
    commodity: CommodityKind
    """The commodity the unit naturally measures; ``NOTAPPLICABLE`` when the unit is neutral."""
    accumulation: AccumulationKind
    """Registers and volumes ``BULKQUANTITY``, rates ``INSTANTANEOUS``, counters ``SUMMATION``."""
    currency: Currency = Currency.NONE
    preference: int = 0
    """Rank among rows the reverse lookup finds together; the highest wins, ties are refused."""
    note: str = ""
    """Why the mapping is approximate; empty when it is exact."""


_U = UnitSymbol
_M = UnitMultiplier
_K = MeasurementKind
_A = AccumulationKind
_C = CommodityKind
_ELECTRIC = CommodityKind.ELECTRICITY_SECONDARY_METERED
_GAS = CommodityKind.NATURALGAS
_WATER = CommodityKind.POTABLEWATER
_NONE = CommodityKind.NOTAPPLICABLE
_BULK = AccumulationKind.BULKQUANTITY
_NOW = AccumulationKind.INSTANTANEOUS
_COUNT = AccumulationKind.SUMMATION
_NO_ACC = AccumulationKind.NOTAPPLICABLE

_RMS_VOLTS = "plain volts carried as the 61968-9 voltage kind, which is rms"
_RMS_AMPS = "rms is implied: the 61968-9 current kind does not say rms"
_THD_PERCENT = "percent expressed as a centi ratio (1 % = 1 c)"
_THD_COUNT = "voltage and current THD-excess counts share the THD kind"
_EXCURSION = "high and low excursion counts share the voltage-excursion kind"
_PPM = "parts per million taken by mass, as micro grams per gram"

# The table keeps one row per uom on one or two lines, so the formatter is kept off it.
# fmt: off
UNIT_MAPPINGS: Final[tuple[UnitMapping, ...]] = (
    # electric energy registers
    UnitMapping("microWh", _U.WATTHOUR, _M.MICRO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("mWh", _U.WATTHOUR, _M.MILLI, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("Wh", _U.WATTHOUR, _M.ZERO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("kWh", _U.WATTHOUR, _M.KILO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("MWh", _U.WATTHOUR, _M.MEGA, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("GWh", _U.WATTHOUR, _M.GIGA, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("microVARh", _U.VOLTAMPEREREACTIVEHOUR, _M.MICRO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("mVARh", _U.VOLTAMPEREREACTIVEHOUR, _M.MILLI, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("VARh", _U.VOLTAMPEREREACTIVEHOUR, _M.ZERO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("kVARh", _U.VOLTAMPEREREACTIVEHOUR, _M.KILO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("MVARh", _U.VOLTAMPEREREACTIVEHOUR, _M.MEGA, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("GVARh", _U.VOLTAMPEREREACTIVEHOUR, _M.GIGA, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("microVAh", _U.VOLTAMPEREHOUR, _M.MICRO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("mVAh", _U.VOLTAMPEREHOUR, _M.MILLI, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("VAh", _U.VOLTAMPEREHOUR, _M.ZERO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("kVAh", _U.VOLTAMPEREHOUR, _M.KILO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("MVAh", _U.VOLTAMPEREHOUR, _M.MEGA, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("GVAh", _U.VOLTAMPEREHOUR, _M.GIGA, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("microQh", _U.QUANTITYENERGY, _M.MICRO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("mQh", _U.QUANTITYENERGY, _M.MILLI, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("Qh", _U.QUANTITYENERGY, _M.ZERO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("kQh", _U.QUANTITYENERGY, _M.KILO, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("MQh", _U.QUANTITYENERGY, _M.MEGA, _K.ENERGY, _ELECTRIC, _BULK),
    UnitMapping("GQh", _U.QUANTITYENERGY, _M.GIGA, _K.ENERGY, _ELECTRIC, _BULK),
    # electric power
    UnitMapping("microW", _U.WATT, _M.MICRO, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("mW", _U.WATT, _M.MILLI, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("W", _U.WATT, _M.ZERO, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("kW", _U.WATT, _M.KILO, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("MW", _U.WATT, _M.MEGA, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("GW", _U.WATT, _M.GIGA, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("microVAR", _U.VOLTAMPEREREACTIVE, _M.MICRO, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("mVAR", _U.VOLTAMPEREREACTIVE, _M.MILLI, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("VAR", _U.VOLTAMPEREREACTIVE, _M.ZERO, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("kVAR", _U.VOLTAMPEREREACTIVE, _M.KILO, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("MVAR", _U.VOLTAMPEREREACTIVE, _M.MEGA, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("GVAR", _U.VOLTAMPEREREACTIVE, _M.GIGA, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("microVA", _U.VOLTAMPERE, _M.MICRO, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("mVA", _U.VOLTAMPERE, _M.MILLI, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("VA", _U.VOLTAMPERE, _M.ZERO, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("kVA", _U.VOLTAMPERE, _M.KILO, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("MVA", _U.VOLTAMPERE, _M.MEGA, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("GVA", _U.VOLTAMPERE, _M.GIGA, _K.POWER, _ELECTRIC, _NOW),
    UnitMapping("microQ", _U.QUANTITYPOWER, _M.MICRO, _K.QUANTITYPOWER, _ELECTRIC, _NOW),
    UnitMapping("mQ", _U.QUANTITYPOWER, _M.MILLI, _K.QUANTITYPOWER, _ELECTRIC, _NOW),
    UnitMapping("Q", _U.QUANTITYPOWER, _M.ZERO, _K.QUANTITYPOWER, _ELECTRIC, _NOW),
    UnitMapping("kQ", _U.QUANTITYPOWER, _M.KILO, _K.QUANTITYPOWER, _ELECTRIC, _NOW),
    UnitMapping("MQ", _U.QUANTITYPOWER, _M.MEGA, _K.QUANTITYPOWER, _ELECTRIC, _NOW),
    UnitMapping("GQ", _U.QUANTITYPOWER, _M.GIGA, _K.QUANTITYPOWER, _ELECTRIC, _NOW),
    # voltage and current; the rms literal is preferred for voltage, the plain one for current
    UnitMapping("microV RMS", _U.VOLT, _M.MICRO, _K.RMSVOLTAGE, _ELECTRIC, _NOW, preference=1),
    UnitMapping("mV RMS", _U.VOLT, _M.MILLI, _K.RMSVOLTAGE, _ELECTRIC, _NOW, preference=1),
    UnitMapping("V RMS", _U.VOLT, _M.ZERO, _K.RMSVOLTAGE, _ELECTRIC, _NOW, preference=1),
    UnitMapping("kV RMS", _U.VOLT, _M.KILO, _K.RMSVOLTAGE, _ELECTRIC, _NOW, preference=1),
    UnitMapping("MV RMS", _U.VOLT, _M.MEGA, _K.RMSVOLTAGE, _ELECTRIC, _NOW, preference=1),
    UnitMapping("microV", _U.VOLT, _M.MICRO, _K.RMSVOLTAGE, _ELECTRIC, _NOW, note=_RMS_VOLTS),
    UnitMapping("mV", _U.VOLT, _M.MILLI, _K.RMSVOLTAGE, _ELECTRIC, _NOW, note=_RMS_VOLTS),
    UnitMapping("V", _U.VOLT, _M.ZERO, _K.RMSVOLTAGE, _ELECTRIC, _NOW, note=_RMS_VOLTS),
    UnitMapping("kV", _U.VOLT, _M.KILO, _K.RMSVOLTAGE, _ELECTRIC, _NOW, note=_RMS_VOLTS),
    UnitMapping("MV", _U.VOLT, _M.MEGA, _K.RMSVOLTAGE, _ELECTRIC, _NOW, note=_RMS_VOLTS),
    UnitMapping("microVsquared RMS", _U.VOLTSQUARED, _M.MICRO, _K.RMSVOLTAGE, _ELECTRIC, _NOW),
    UnitMapping("mVsquared RMS", _U.VOLTSQUARED, _M.MILLI, _K.RMSVOLTAGE, _ELECTRIC, _NOW),
    UnitMapping("Vsquared RMS", _U.VOLTSQUARED, _M.ZERO, _K.RMSVOLTAGE, _ELECTRIC, _NOW),
    UnitMapping("kVsquared RMS", _U.VOLTSQUARED, _M.KILO, _K.RMSVOLTAGE, _ELECTRIC, _NOW),
    UnitMapping("MVsquared RMS", _U.VOLTSQUARED, _M.MEGA, _K.RMSVOLTAGE, _ELECTRIC, _NOW),
    UnitMapping("microAmps", _U.AMPERE, _M.MICRO, _K.CURRENT, _ELECTRIC, _NOW, preference=1),
    UnitMapping("mAmps", _U.AMPERE, _M.MILLI, _K.CURRENT, _ELECTRIC, _NOW, preference=1),
    UnitMapping("Amps", _U.AMPERE, _M.ZERO, _K.CURRENT, _ELECTRIC, _NOW, preference=1),
    UnitMapping("kAmps", _U.AMPERE, _M.KILO, _K.CURRENT, _ELECTRIC, _NOW, preference=1),
    UnitMapping("Mamps", _U.AMPERE, _M.MEGA, _K.CURRENT, _ELECTRIC, _NOW, preference=1),
    UnitMapping("microAmps RMS", _U.AMPERE, _M.MICRO, _K.CURRENT, _ELECTRIC, _NOW, note=_RMS_AMPS),
    UnitMapping("mAmps RMS", _U.AMPERE, _M.MILLI, _K.CURRENT, _ELECTRIC, _NOW, note=_RMS_AMPS),
    UnitMapping("Amps RMS", _U.AMPERE, _M.ZERO, _K.CURRENT, _ELECTRIC, _NOW, note=_RMS_AMPS),
    UnitMapping("kAmps RMS", _U.AMPERE, _M.KILO, _K.CURRENT, _ELECTRIC, _NOW, note=_RMS_AMPS),
    UnitMapping("Mamps RMS", _U.AMPERE, _M.MEGA, _K.CURRENT, _ELECTRIC, _NOW, note=_RMS_AMPS),
    UnitMapping("microAmps squared RMS", _U.AMPERESQUARED, _M.MICRO, _K.CURRENT, _ELECTRIC, _NOW),
    UnitMapping("mAmps squared RMS", _U.AMPERESQUARED, _M.MILLI, _K.CURRENT, _ELECTRIC, _NOW),
    UnitMapping("Amps squared RMS", _U.AMPERESQUARED, _M.ZERO, _K.CURRENT, _ELECTRIC, _NOW),
    UnitMapping("kAmps squared RMS", _U.AMPERESQUARED, _M.KILO, _K.CURRENT, _ELECTRIC, _NOW),
    UnitMapping("Mamps squared RMS", _U.AMPERESQUARED, _M.MEGA, _K.CURRENT, _ELECTRIC, _NOW),
    # power quality
    UnitMapping(
        "T.H.D. Voltage", _U.VOLTPERVOLT, _M.CENTI, _K.TOTALHARMONICDISTORTION, _ELECTRIC, _NOW,
        note=_THD_PERCENT,
    ),
    UnitMapping(
        "T.H.D. Current", _U.AMPEREPERAMPERE, _M.CENTI, _K.TOTALHARMONICDISTORTION, _ELECTRIC, _NOW,
        note=_THD_PERCENT,
    ),
    UnitMapping(
        "Voltage phase angle", _U.DEGREES, _M.ZERO, _K.VOLTAGEANGLE, _ELECTRIC, _NOW,
        preference=1, note="angle taken in degrees",
    ),
    UnitMapping(
        "Current phase angle", _U.DEGREES, _M.ZERO, _K.CURRENTANGLE, _ELECTRIC, _NOW,
        note="angle taken in degrees",
    ),
    UnitMapping("Power factor", _U.POWERFACTOR, _M.ZERO, _K.POWERFACTOR, _ELECTRIC, _NOW),
    UnitMapping("Frequency", _U.HERTZ, _M.ZERO, _K.FREQUENCY, _ELECTRIC, _NOW),
    # time, date, generic counters and inputs
    UnitMapping(
        "Time", _U.SECOND, _M.ZERO, _K.NOTAPPLICABLE, _NONE, _NO_ACC,
        note="taken as a duration in seconds",
    ),
    UnitMapping(
        "Date", _U.TIMESTAMP, _M.ZERO, _K.DATE, _NONE, _NO_ACC,
        note="a date carried as a time stamp",
    ),
    UnitMapping("Date time", _U.TIMESTAMP, _M.ZERO, _K.DATE, _NONE, _NO_ACC, preference=1),
    UnitMapping(
        "Minutes on battery", _U.MINUTE, _M.ZERO, _K.BATTERYCARRYOVER, _NONE, _COUNT,
        note="time on battery carried as the battery carry-over kind",
    ),
    UnitMapping("Counter", _U.COUNT, _M.ZERO, _K.NOTAPPLICABLE, _NONE, _COUNT, preference=2),
    UnitMapping(
        "Nbr of pulse", _U.COUNT, _M.ZERO, _K.NOTAPPLICABLE, _NONE, _COUNT,
        note="a pulse count; the quantity per pulse is not carried",
    ),
    UnitMapping(
        "Sense input", _U.BOOLEAN, _M.ZERO, _K.NOTAPPLICABLE, _NONE, _NOW,
        note="a digital input carried as a status value",
    ),
    # event counters
    UnitMapping("Nbr of sag", _U.COUNT, _M.ZERO, _K.SAG, _ELECTRIC, _COUNT),
    UnitMapping("Nbr of swells", _U.COUNT, _M.ZERO, _K.SWELL, _ELECTRIC, _COUNT),
    UnitMapping("Nbr of power outage", _U.COUNT, _M.ZERO, _K.POWEROUTAGE, _ELECTRIC, _COUNT),
    UnitMapping(
        "Nbr of excursion low", _U.COUNT, _M.ZERO, _K.VOLTAGEEXCURSION, _ELECTRIC, _COUNT,
        note=_EXCURSION,
    ),
    UnitMapping(
        "Nbr of excursion high", _U.COUNT, _M.ZERO, _K.VOLTAGEEXCURSION, _ELECTRIC, _COUNT,
        preference=1, note=_EXCURSION,
    ),
    UnitMapping(
        "Nbr of voltage unbalance", _U.COUNT, _M.ZERO, _K.VOLTAGEIMBALANCE, _ELECTRIC, _COUNT
    ),
    UnitMapping(
        "Nbr of V T.H.D. excess", _U.COUNT, _M.ZERO, _K.TOTALHARMONICDISTORTION, _ELECTRIC,
        _COUNT, preference=1, note=_THD_COUNT,
    ),
    UnitMapping(
        "Nbr of amps T.H.D. excess", _U.COUNT, _M.ZERO, _K.TOTALHARMONICDISTORTION, _ELECTRIC,
        _COUNT, note=_THD_COUNT,
    ),
    UnitMapping("Nbr of demand resets", _U.COUNT, _M.ZERO, _K.DEMANDRESET, _ELECTRIC, _COUNT),
    UnitMapping("Nbr of times programmed", _U.COUNT, _M.ZERO, _K.PROGRAMMED, _NONE, _COUNT),
    UnitMapping("Nbr of inversion", _U.COUNT, _M.ZERO, _K.INVERSIONTAMPER, _NONE, _COUNT),
    UnitMapping("Nbr of removal", _U.COUNT, _M.ZERO, _K.REMOVALTAMPER, _NONE, _COUNT),
    UnitMapping("Nbr of reprogramming", _U.COUNT, _M.ZERO, _K.REPROGRAMMINGTAMPER, _NONE, _COUNT),
    UnitMapping("Nbr of power loss", _U.COUNT, _M.ZERO, _K.POWERLOSSTAMPER, _NONE, _COUNT),
    UnitMapping(
        "Nbr of reverse rotation", _U.COUNT, _M.ZERO, _K.REVERSEROTATIONTAMPER, _NONE, _COUNT
    ),
    UnitMapping("Nbr of physical tamper", _U.COUNT, _M.ZERO, _K.PHYSICALTAMPER, _NONE, _COUNT),
    UnitMapping("Nbr of encoder tamper", _U.COUNT, _M.ZERO, _K.ENCODERTAMPER, _NONE, _COUNT),
    UnitMapping("Nbr of watchdog", _U.COUNT, _M.ZERO, _K.WATCHDOGTIMEOUT, _NONE, _COUNT),
    # gas volumes and flows, corrected (compensated) or not
    UnitMapping(
        "cubic meters uncorrected", _U.CUBICMETERUNCOMPENSATED, _M.ZERO, _K.VOLUME, _GAS, _BULK
    ),
    UnitMapping(
        "cubic meters corrected", _U.CUBICMETERCOMPENSATED, _M.ZERO, _K.VOLUME, _GAS, _BULK
    ),
    UnitMapping(
        "cubic feet uncorrected", _U.CUBICFEETUNCOMPENSATED, _M.ZERO, _K.VOLUME, _GAS, _BULK
    ),
    UnitMapping("cubic feet corrected", _U.CUBICFEETCOMPENSATED, _M.ZERO, _K.VOLUME, _GAS, _BULK),
    UnitMapping(
        "cubic meters per Hr uncorrected", _U.CUBICMETERPERHOURUNCOMPENSATED, _M.ZERO,
        _K.VOLUMETRICFLOW, _GAS, _NOW,
    ),
    UnitMapping(
        "cubic meters per Hr corrected", _U.CUBICMETERPERHOURCOMPENSATED, _M.ZERO,
        _K.VOLUMETRICFLOW, _GAS, _NOW,
    ),
    UnitMapping(
        "cubic feet per Hr uncorrected", _U.CUBICFEETUNCOMPENSATEDPERHOUR, _M.ZERO,
        _K.VOLUMETRICFLOW, _GAS, _NOW,
    ),
    UnitMapping(
        "cubic feet per Hr corrected", _U.CUBICFEETCOMPENSATEDPERHOUR, _M.ZERO,
        _K.VOLUMETRICFLOW, _GAS, _NOW,
    ),
    UnitMapping("ccf", _U.CUBICFEET, _M.HECTO, _K.VOLUME, _GAS, _BULK),
    UnitMapping("ccf per Hr", _U.CUBICFEETPERHOUR, _M.HECTO, _K.VOLUMETRICFLOW, _GAS, _NOW),
    # heat content
    UnitMapping("microJoules", _U.JOULE, _M.MICRO, _K.ENERGY, _GAS, _BULK),
    UnitMapping("mJoules", _U.JOULE, _M.MILLI, _K.ENERGY, _GAS, _BULK),
    UnitMapping("Joules", _U.JOULE, _M.ZERO, _K.ENERGY, _GAS, _BULK),
    UnitMapping("kJoules", _U.JOULE, _M.KILO, _K.ENERGY, _GAS, _BULK),
    UnitMapping("MJoules", _U.JOULE, _M.MEGA, _K.ENERGY, _GAS, _BULK),
    UnitMapping("Therm", _U.THERM, _M.ZERO, _K.ENERGY, _GAS, _BULK),
    # temperature and pressure
    UnitMapping("deg C", _U.DEGREESCELSIUS, _M.ZERO, _K.TEMPERATURE, _NONE, _NOW),
    UnitMapping("deg F", _U.DEGREESFAHRENHEIT, _M.ZERO, _K.TEMPERATURE, _NONE, _NOW),
    UnitMapping("deg K", _U.KELVIN, _M.ZERO, _K.TEMPERATURE, _NONE, _NOW),
    UnitMapping(
        "Static pascal", _U.PASCALABSOLUTE, _M.ZERO, _K.NOTAPPLICABLE, _GAS, _NOW,
        note="static line pressure taken as absolute pressure",
    ),
    UnitMapping(
        "Differential pascal", _U.PASCALGAUGE, _M.ZERO, _K.NOTAPPLICABLE, _GAS, _NOW,
        note="differential pressure carried as gauge (relative) pressure",
    ),
    UnitMapping(
        "Static pound per square inch", _U.POUNDPERSQUAREINCHABSOLUTE, _M.ZERO, _K.NOTAPPLICABLE,
        _GAS, _NOW, note="static line pressure taken as absolute pressure",
    ),
    UnitMapping(
        "Differential pound per square inch", _U.POUNDPERSQUAREINCHGAUGE, _M.ZERO,
        _K.NOTAPPLICABLE, _GAS, _NOW,
        note="differential pressure carried as gauge (relative) pressure",
    ),
    UnitMapping("Bar", _U.BAR, _M.ZERO, _K.NOTAPPLICABLE, _NONE, _NOW),
    UnitMapping(
        "Meter HG column", _U.MMMERCURY, _M.KILO, _K.NOTAPPLICABLE, _NONE, _NOW,
        note="metres of mercury written as kilo millimetres of mercury",
    ),
    # ratios and concentrations
    UnitMapping(
        "percent", _U.NOTAPPLICABLE, _M.CENTI, _K.NOTAPPLICABLE, _NONE, _NO_ACC, preference=1,
        note="a dimensionless ratio in hundredths; what it measures is not carried",
    ),
    UnitMapping(
        "percent relative humidity", _U.NOTAPPLICABLE, _M.CENTI, _K.RELATIVEHUMIDITY, _NONE, _NOW,
        note="percent as a dimensionless ratio in hundredths",
    ),
    UnitMapping("PPM odorant", _U.GPERG, _M.MICRO, _K.NOTAPPLICABLE, _GAS, _NOW, note=_PPM),
    UnitMapping(
        "PPM chlorine", _U.GPERG, _M.MICRO, _K.NOTAPPLICABLE, _WATER, _NOW, preference=1,
        note=_PPM,
    ),
    UnitMapping("PPM lead", _U.GPERG, _M.MICRO, _K.NOTAPPLICABLE, _C.LEAD, _NOW, note=_PPM),
    UnitMapping("PPM SO2", _U.GPERG, _M.MICRO, _K.NOTAPPLICABLE, _C.SO2, _NOW, note=_PPM),
    # water volumes and flows
    UnitMapping("cubic meter", _U.CUBICMETER, _M.ZERO, _K.VOLUME, _WATER, _BULK),
    UnitMapping(
        "cubic meter per Hr", _U.CUBICMETERPERHOUR, _M.ZERO, _K.VOLUMETRICFLOW, _WATER, _NOW
    ),
    UnitMapping("cubic feet", _U.CUBICFEET, _M.ZERO, _K.VOLUME, _WATER, _BULK),
    UnitMapping(
        "cubic feet per Hr", _U.CUBICFEETPERHOUR, _M.ZERO, _K.VOLUMETRICFLOW, _WATER, _NOW
    ),
    UnitMapping("US gl", _U.USGALLON, _M.ZERO, _K.VOLUME, _WATER, _BULK),
    UnitMapping("US gl per Hr", _U.USGALLONPERHOUR, _M.ZERO, _K.VOLUMETRICFLOW, _WATER, _NOW),
    UnitMapping("IMP gl", _U.IMPERIALGALLON, _M.ZERO, _K.VOLUME, _WATER, _BULK),
    UnitMapping(
        "IMP gl per Hr", _U.IMPERIALGALLONPERHOUR, _M.ZERO, _K.VOLUMETRICFLOW, _WATER, _NOW
    ),
    UnitMapping("liters", _U.LITRE, _M.ZERO, _K.VOLUME, _WATER, _BULK),
    # money
    UnitMapping(
        "Dollar", _U.MONEY, _M.ZERO, _K.CURRENCY, _NONE, _NO_ACC, currency=Currency.USD,
        note="taken as US dollars",
    ),
    # distance and speed
    UnitMapping("inches", _U.INCH, _M.ZERO, _K.DISTANCE, _NONE, _NOW),
    UnitMapping("ft", _U.FOOT, _M.ZERO, _K.DISTANCE, _NONE, _NOW),
    UnitMapping("micro m", _U.METER, _M.MICRO, _K.DISTANCE, _NONE, _NOW),
    UnitMapping("mm", _U.METER, _M.MILLI, _K.DISTANCE, _NONE, _NOW),
    UnitMapping("cm", _U.METER, _M.CENTI, _K.DISTANCE, _NONE, _NOW),
    UnitMapping("dm", _U.METER, _M.DECI, _K.DISTANCE, _NONE, _NOW),
    UnitMapping("m", _U.METER, _M.ZERO, _K.DISTANCE, _NONE, _NOW),
    UnitMapping("km", _U.METER, _M.KILO, _K.DISTANCE, _NONE, _NOW),
    UnitMapping("m per second", _U.METERPERSECOND, _M.ZERO, _K.NOTAPPLICABLE, _NONE, _NOW),
    UnitMapping("km per second", _U.METERPERSECOND, _M.KILO, _K.NOTAPPLICABLE, _NONE, _NOW),
)
# fmt: on
"""Every MultiSpeak 4.1 ``uom`` value that has a ReadingType counterpart."""

_NO_UNIT = "no IEC 61968-9 unit symbol"
_JOULES_PER_HOUR = (
    "energy per hour: no IEC 61968-9 unit, and J/h is not a power-of-ten multiple of W"
)

UNMAPPED_UOMS: Final[dict[str, str]] = {
    "Acre ft": f"acre-foot: {_NO_UNIT}, nor a power-of-ten multiple of one",
    "atmospheres": f"standard atmosphere: {_NO_UNIT}; 101 325 Pa is not a power-of-ten multiple",
    "Corrosion": "corrosion: no IEC 61968-9 unit or measurement kind",
    "feet per second": f"feet per second: {_NO_UNIT}",
    "ft of water": f"feet of water column: {_NO_UNIT}",
    "Gram square cm": f"grams per square centimetre: {_NO_UNIT}",
    "Inches H2O column": f"inches of water column: {_NO_UNIT}",
    "inches of water": f"inches of water column: {_NO_UNIT}",
    "Inches HG column": f"inches of mercury: {_NO_UNIT}",
    "Interval timer": "a device timer with no defined unit or IEC 61968-9 measurement kind",
    "Ionization": "ionization: no IEC 61968-9 unit or measurement kind",
    "Joules per Hr": _JOULES_PER_HOUR,
    "kJoules per Hr": _JOULES_PER_HOUR,
    "MJoules per Hr": _JOULES_PER_HOUR,
    "mJoules per Hr": _JOULES_PER_HOUR,
    "microJoules per Hr": _JOULES_PER_HOUR,
    "km per hour": f"km/h: {_NO_UNIT}, nor a power-of-ten multiple of m/s",
    "mph": f"miles per hour: {_NO_UNIT}",
    "Normal voltage period": "time within normal voltage: no IEC 61968-9 measurement kind",
    "PH factor": "pH: no IEC 61968-9 unit or measurement kind",
    "pounds per square foot": f"pounds per square foot: {_NO_UNIT}",
    "Therm per Hr": "therms per hour: no IEC 61968-9 unit (Btu/h would need a 10^5 multiplier)",
    "turbidity": "turbidity: no IEC 61968-9 unit or measurement kind",
}
"""Every MultiSpeak 4.1 ``uom`` value without a ReadingType counterpart, with the reason."""


_Key = TypeVar("_Key", bound=Hashable)


def _by_uom(rows: tuple[UnitMapping, ...]) -> dict[str, UnitMapping]:
    """Index the rows by ``uom``, refusing a literal declared twice or also declared unmapped."""
    index: dict[str, UnitMapping] = {}
    for row in rows:
        if row.uom in index or row.uom in UNMAPPED_UOMS:
            raise ValueError(f"MultiSpeak uom {row.uom!r} is declared more than once")
        index[row.uom] = row
    return index


def _reverse(key: Callable[[UnitMapping], _Key]) -> dict[_Key, UnitMapping]:
    """Index the rows by ``key``; where rows share a key, the single top-``preference`` row wins."""
    groups: dict[_Key, list[UnitMapping]] = {}
    for row in UNIT_MAPPINGS:
        groups.setdefault(key(row), []).append(row)
    index: dict[_Key, UnitMapping] = {}
    for group_key, rows in groups.items():
        best = max(row.preference for row in rows)
        top = [row for row in rows if row.preference == best]
        if len(top) > 1:
            raise ValueError(
                f"uom rows {[row.uom for row in top]} tie for {group_key}; raise one's preference"
            )
        index[group_key] = top[0]
    return index


_BY_UOM: Final = _by_uom(UNIT_MAPPINGS)
_BY_KIND_AND_COMMODITY: Final = _reverse(
    lambda row: (row.unit, row.multiplier, row.measurement_kind, row.commodity)
)
_BY_KIND: Final = _reverse(lambda row: (row.unit, row.multiplier, row.measurement_kind))
_BY_UNIT: Final = _reverse(lambda row: (row.unit, row.multiplier))


def unit_mapping_for_uom(uom: str) -> UnitMapping:
    """The ReadingType fields for a MultiSpeak ``uom`` literal (exact, case-sensitive match).

    Raises ``MappingError`` for a value that is not a mapped MultiSpeak unit; for a known value
    without a CIM counterpart the message gives the reason.
    """
    text = uom.strip()
    row = _BY_UOM.get(text)
    if row is not None:
        return row
    reason = UNMAPPED_UOMS.get(text)
    if reason is not None:
        raise MappingError(f"unknown MultiSpeak units {uom!r} (no CIM counterpart: {reason})")
    raise MappingError(f"unknown MultiSpeak units {uom!r}")


def uom_for(
    unit: UnitSymbol,
    multiplier: UnitMultiplier,
    measurement_kind: MeasurementKind | None = None,
    commodity: CommodityKind | None = None,
) -> str | None:
    """The MultiSpeak ``uom`` literal for a ReadingType's unit and multiplier, or ``None``.

    The measurement kind, then the commodity, narrow the choice when given; when no row matches
    them, the preferred row for the unit and multiplier alone is returned.
    """
    row: UnitMapping | None = None
    if measurement_kind is not None:
        if commodity is not None:
            row = _BY_KIND_AND_COMMODITY.get((unit, multiplier, measurement_kind, commodity))
        if row is None:
            row = _BY_KIND.get((unit, multiplier, measurement_kind))
    if row is None:
        row = _BY_UNIT.get((unit, multiplier))
    return None if row is None else row.uom
