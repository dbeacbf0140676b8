"""The MultiSpeak 5.0 mappings of IEC TS 61968-14 clause 9: tables and message translations.

Importing this module registers every v5 message translation (``routes50``) besides the 4.1
ones (``catalogue``). ``PROFILES_V5`` lists the declared v5 tables for ``mspcim mappings --msp
5.0``, in clause order. Add one import and one ``Profile`` entry per v5 profile here.
"""

from __future__ import annotations

from mspcim.harmonize import catalogue as _catalogue  # noqa: F401  (4.1 routes, payload codecs)
from mspcim.harmonize import meter_reading_v5_messages as _meter_readings  # noqa: F401
from mspcim.harmonize.catalogue import Profile
from mspcim.harmonize.header_v5 import HEADER_TABLE_V5
from mspcim.harmonize.profiles import meter_readings_v5
from mspcim.harmonize.reply_v5 import ERROR_OBJECT_V5

__all__ = ["PROFILES_V5", "Profile", "profile_v5"]


PROFILES_V5: tuple[Profile, ...] = (
    Profile("MessageHeader", "9 (Table 3)", (HEADER_TABLE_V5, ERROR_OBJECT_V5)),
    Profile(
        "MeterReadings",
        "9",
        (meter_readings_v5.METER_READING, meter_readings_v5.READING_VALUE),
        noun="MeterReadings",
    ),
)
"""The clause-9 profiles (MultiSpeak 5.0 ⇄ 61968-9:2013), in clause order."""


def profile_v5(name: str) -> Profile:
    """The v5 profile called ``name`` (case-insensitive); KeyError lists the known ones."""
    for item in PROFILES_V5:
        if item.name.lower() == name.lower():
            return item
    known = ", ".join(item.name for item in PROFILES_V5) or "none yet"
    raise KeyError(f"unknown MultiSpeak 5.0 profile {name!r}; known: {known}")
