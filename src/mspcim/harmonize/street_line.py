"""The street line of an address in its parts: number, prefix, name, type, suffix — both ways.

MultiSpeak 4.1 writes a street as free text (``address1``: ``"1200 N Main St"``); CIM
StreetDetail holds the parts (``number`` 1200, ``prefix`` N, ``name`` Main, ``type`` St). The
grammar is declared as data: a street number (``STREET_NUMBER``), an optional directional
prefix, the name, an optional street type (``STREET_TYPES``, the common USPS suffix
abbreviations and their words) and an optional directional suffix (``STREET_DIRECTIONS``).
``split`` reads a line by that grammar and gives ``None`` for a line it cannot read;
``join`` writes the parts with single spaces; ``reconcile`` takes the name out of a line whose
other parts are known. A split is invertible exactly when ``split(join(parts)) == parts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "STREET_DIRECTIONS",
    "STREET_NUMBER",
    "STREET_TYPES",
    "StreetLine",
    "join",
    "reconcile",
    "split",
]

STREET_NUMBER: Final = re.compile(r"\d+[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?")
"""A house number: digits, an optional letter, a range or fraction (``12B``, ``14-16``)."""

STREET_DIRECTIONS: Final = frozenset(
    {
        *("N", "S", "E", "W", "NE", "NW", "SE", "SW"),
        *("North", "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest"),
    }
)
"""Directional prefixes and suffixes of a street (``N Main St``, ``Main St SW``)."""

STREET_TYPES: Final = frozenset(
    {
        *("Aly", "Alley", "Ave", "Avenue", "Blvd", "Boulevard", "Cir", "Circle", "Ct", "Court"),
        *("Cv", "Cove", "Dr", "Drive", "Expy", "Expressway", "Hwy", "Highway", "Ln", "Lane"),
        *("Loop", "Pkwy", "Parkway", "Pike", "Pl", "Place", "Plz", "Plaza", "Rd", "Road"),
        *("Row", "Run", "Sq", "Square", "St", "Street", "Ter", "Terrace", "Trl", "Trail"),
        *("Way", "Xing", "Crossing"),
    }
)
"""Street types (USPS suffix abbreviations and the words they stand for)."""


@dataclass(frozen=True, slots=True)
class StreetLine:
    """The parts of a street line (None where a part is absent)."""

    number: str | None = None
    prefix: str | None = None
    name: str | None = None
    type: str | None = None
    suffix: str | None = None


def join(line: StreetLine) -> str:
    """The street line of ``line``'s parts, single-spaced, in reading order."""
    parts = (line.number, line.prefix, line.name, line.type, line.suffix)
    return " ".join(part for part in parts if part)


def split(text: str) -> StreetLine | None:
    """``text`` read as number, [prefix], name, [type], [suffix]; None when it does not read so.

    The line must be single-spaced and start with a street number; prefix, type and suffix
    are taken only when a name remains between them.
    """
    words = text.split(" ")
    if not text or any(not word for word in words) or not STREET_NUMBER.fullmatch(words[0]):
        return None
    number, rest = words[0], words[1:]
    suffix = street_type = prefix = None
    if len(rest) >= 2 and rest[-1] in STREET_DIRECTIONS:
        suffix, rest = rest[-1], rest[:-1]
    if len(rest) >= 2 and rest[-1] in STREET_TYPES:
        street_type, rest = rest[-1], rest[:-1]
    if len(rest) >= 2 and rest[0] in STREET_DIRECTIONS:
        prefix, rest = rest[0], rest[1:]
    if not rest:
        return None
    return StreetLine(number, prefix, " ".join(rest), street_type, suffix)


def reconcile(text: str, known: StreetLine) -> StreetLine | None:
    """``known``'s parts with the name ``text`` leaves between them; None when it does not fit.

    ``text`` must begin with the number and prefix and end with the type and suffix that
    ``known`` gives; what remains is the name (None when nothing remains).
    """
    rest = text
    for part in (known.number, known.prefix):
        if part:
            if rest == part:
                rest = ""
            elif rest.startswith(part + " "):
                rest = rest[len(part) + 1 :]
            else:
                return None
    for part in (known.suffix, known.type):
        if part:
            if rest == part:
                rest = ""
            elif rest.endswith(" " + part):
                rest = rest[: -len(part) - 1]
            else:
                return None
    return StreetLine(known.number, known.prefix, rest or None, known.type, known.suffix)
