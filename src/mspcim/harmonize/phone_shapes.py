"""Whole phone numbers in their parts, by declared shapes: North American and E.164.

Some MultiSpeak systems write a whole number in ``telephoneNumber/localNumber``
(``"(608) 555-0142"``, ``"+44 20 7946 0958"``); CIM TelephoneNumber keeps country code, area
code and local number apart. ``PHONE_SHAPES`` declares the shapes the project splits, each a
pattern with the named groups ``country``, ``area`` and ``local``; the local number keeps the
digits and separators it was written with. ``looks_whole`` says when a local number that no
shape splits is nevertheless a whole number (a leading ``+`` or ten digits and more), so it is
reported rather than passed on silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["PHONE_SHAPES", "PhoneParts", "PhoneShape", "looks_whole", "split"]


@dataclass(frozen=True, slots=True)
class PhoneShape:
    """A declared way of writing a whole number, and the parts it gives."""

    name: str
    pattern: re.Pattern[str]


PHONE_SHAPES: Final = (
    PhoneShape(
        "North American Numbering Plan",
        re.compile(
            r"(?:\+?(?P<country>1)[ .-]?)?\(?(?P<area>[2-9]\d{2})\)?[ .-]?"
            r"(?P<local>[2-9]\d{2}[ .-]?\d{4})"
        ),
    ),
    PhoneShape(
        "E.164, grouped",
        re.compile(
            r"\+(?P<country>[1-9]\d{0,2})[ .-](?P<area>\d{1,5})[ .-](?P<local>\d+(?:[ .-]\d+)*)"
        ),
    ),
)
"""Shapes of whole numbers, tried in order: NANP (``(608) 555-0142``, ``+1 608-555-0142``),
then an international number grouped after its country code (``+44 20 7946 0958``)."""


@dataclass(frozen=True, slots=True)
class PhoneParts:
    """A whole number split: country code (if written), area code, local number, by shape."""

    country: str | None
    area: str
    local: str
    shape: str


def split(text: str) -> PhoneParts | None:
    """The parts of whole number ``text`` by the first shape that reads all of it, or None."""
    candidate = text.strip()
    for shape in PHONE_SHAPES:
        found = shape.pattern.fullmatch(candidate)
        if found is not None:
            return PhoneParts(found["country"], found["area"], found["local"], shape.name)
    return None


def looks_whole(text: str) -> bool:
    """True when ``text`` is more than a local number: a leading ``+`` or ten digits and more."""
    return text.strip().startswith("+") or sum(char.isdigit() for char in text) >= 10
