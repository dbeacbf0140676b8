"""Every mapping of IEC TS 61968-14 the project implements: tables and message translations.

Importing this module registers each profile's message routes (``routes``) and payload codecs
(``mspcim.cim.catalogue``). ``PROFILES`` lists the declared tables for ``mspcim mappings``.
Add one import and one entry per profile here.
"""

from __future__ import annotations

from dataclasses import dataclass

from mspcim.cim import catalogue as _cim_catalogue  # noqa: F401  (registers payload codecs)
from mspcim.harmonize import meter_reading_messages as _meter_reading_messages  # noqa: F401
from mspcim.harmonize.header import HEADER_TABLE
from mspcim.harmonize.profiles.meter_readings import METER_READING, READING_VALUE
from mspcim.harmonize.reply import ERROR_OBJECT
from mspcim.harmonize.rules import Table

__all__ = ["PROFILES", "Profile", "profile"]


@dataclass(frozen=True, slots=True)
class Profile:
    """One mapping of the standard: its clause, its tables, and where it lives."""

    name: str
    clause: str
    tables: tuple[Table, ...]
    noun: str | None = None
    """The CIM noun of the profile's messages, when it travels in its own messages."""


PROFILES: tuple[Profile, ...] = (
    Profile("MessageHeader", "6.2", (HEADER_TABLE, ERROR_OBJECT)),
    Profile("MeterReadings", "8.17", (METER_READING, READING_VALUE), noun="MeterReadings"),
)
"""Profiles in clause order of IEC TS 61968-14."""


def profile(name: str) -> Profile:
    """The profile called ``name`` (case-insensitive); KeyError lists the known ones."""
    for item in PROFILES:
        if item.name.lower() == name.lower():
            return item
    raise KeyError(f"unknown profile {name!r}; known: {', '.join(p.name for p in PROFILES)}")
