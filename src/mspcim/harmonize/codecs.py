"""Named value codecs and carriers, the registries the mapping engine looks rules up in.

A *codec* converts between the two sides and must be invertible where the data allows. A
*value codec* converts one value; a *field codec* converts a group of fields (a Transform). A
*carrier* is a list-valued field that can hold values that have no counterpart (Header Property,
Names, extensionsList) so that they survive a round trip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from mspcim.xsdtypes import format_datetime, format_decimal, parse_datetime, parse_decimal

__all__ = [
    "CARRIERS",
    "FIELD_CODECS",
    "TEXT_CODECS",
    "VALUE_CODECS",
    "Carrier",
    "FieldCodec",
    "TranslationContext",
    "ValueCodec",
    "field_codec",
    "value_codec",
]


class TranslationContext(Protocol):
    """What a field codec may consult or record while translating (see ``engine``)."""

    @property
    def path(self) -> str:
        """Path of the object being translated."""

    @property
    def state(self) -> dict[str, Any]:
        """Document-level state shared by all codecs of one translation."""

    def gap(self, field: str, value: object, reason: str, *, lost: bool = True) -> None:
        """Report a value the codec could not carry over."""

    def consume(self, item: object) -> None:
        """Mark a carrier list item as used by this codec."""

    def nested(self, table: Any, item: Any, path: str) -> Any:
        """Translate ``item`` with another table, same direction and gap report."""


@dataclass(frozen=True, slots=True)
class ValueCodec:
    """A 1:1 value conversion (used by Correlate)."""

    name: str
    to_cim: Callable[[Any], Any]
    to_msp: Callable[[Any], Any]
    description: str = ""


FieldFunction = Callable[[Mapping[str, Any], TranslationContext], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class FieldCodec:
    """A many-to-many conversion (used by Transform): source fields in, target fields out."""

    name: str
    to_cim: FieldFunction
    to_msp: FieldFunction
    description: str = ""


VALUE_CODECS: dict[str, ValueCodec] = {}
FIELD_CODECS: dict[str, FieldCodec] = {}


def value_codec(
    name: str, to_cim: Callable[[Any], Any], to_msp: Callable[[Any], Any], description: str = ""
) -> ValueCodec:
    """Register and return a value codec."""
    codec = ValueCodec(name, to_cim, to_msp, description)
    VALUE_CODECS[name] = codec
    return codec


def field_codec(
    name: str, to_cim: FieldFunction, to_msp: FieldFunction, description: str = ""
) -> FieldCodec:
    """Register and return a field codec."""
    codec = FieldCodec(name, to_cim, to_msp, description)
    FIELD_CODECS[name] = codec
    return codec


def _same(value: Any) -> Any:
    return value


value_codec("identity", _same, _same, "same value on both sides")
value_codec(
    "decimal_text",
    lambda text: parse_decimal(text),
    lambda number: format_decimal(number),
    "MultiSpeak text number ⇄ CIM float, exact (Decimal, never a binary float)",
)


# --- text codecs: how a carrier writes a typed value as text and reads it back


@dataclass(frozen=True, slots=True)
class TextCodec:
    """How a typed value is written into a carrier and read back."""

    xsd_type: str
    dump: Callable[[Any], str]
    load: Callable[[str], Any]


TEXT_CODECS: dict[str, TextCodec] = {
    "text": TextCodec("string", str, str),
    "integer": TextCodec("integer", str, int),
    "decimal": TextCodec("decimal", lambda d: format_decimal(d), parse_decimal),
    "datetime": TextCodec(
        "dateTime",
        lambda d: format_datetime(d) if isinstance(d, datetime) else str(d),
        parse_datetime,
    ),
    "boolean": TextCodec("boolean", lambda b: "true" if b else "false", lambda t: t == "true"),
}


# --- carriers


@dataclass(frozen=True, slots=True)
class Carrier:
    """A list field able to hold keyed values of another standard.

    ``make(key, text, xsd_type)`` builds one list item; ``key_of(item)`` and ``text_of(item)``
    read one back. ``describe(key)`` says where the value went, for the gap report.
    """

    name: str
    field: str
    make: Callable[[str, str, str], Any]
    key_of: Callable[[Any], str | None]
    text_of: Callable[[Any], str | None]
    describe: Callable[[str], str]


CARRIERS: dict[str, Carrier] = {}


def register_carrier(carrier: Carrier) -> Carrier:
    """Register a carrier by name."""
    CARRIERS[carrier.name] = carrier
    return carrier


def decimal_or_none(value: object) -> Decimal | None:
    """Decimal of ``value`` or None (helper for codecs)."""
    if value is None:
        return None
    return value if isinstance(value, Decimal) else parse_decimal(str(value))
