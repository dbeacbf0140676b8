"""The shared base of the IEC 61968-9 code enumerations: an integer code plus its CIM literal.

Every field of a ReadingType code, a ReadingQualityType code and the ISO 4217 currency is an
``IntEnum`` whose member value is the numeric code, whose member name is the upper-case name of
the code system, and whose ``literal`` is the camelCase name the CIM UML (and so CIM XML) uses.
Members are declared as ``NAME = code, "literal"``.
"""

from __future__ import annotations

from enum import IntEnum
from functools import cache
from typing import Self, cast

from mspcim.exceptions import MappingError

__all__ = ["CodedEnum"]


class CodedEnum(IntEnum):
    """An IntEnum whose members also carry ``literal``, their CIM name, for XML and descriptions."""

    literal: str
    """The CIM UML literal of the member, e.g. ``bulkQuantity`` or ``Wh``."""

    _value_: int

    def __new__(cls, value: int, literal: str = "") -> Self:
        """Build a member from its numeric code and CIM literal."""
        member = int.__new__(cls, value)
        member._value_ = value
        member.literal = literal
        return member

    @classmethod
    def from_literal(cls, text: str) -> Self:
        """Find a member by CIM literal (exact case), else by member name (any case).

        Raises ``MappingError`` when neither matches, so unknown CIM text is never guessed at.
        """
        by_literal, by_name = _indexes(cls)
        member = by_literal.get(text)
        if member is None:
            member = by_name.get(text.upper())
        if member is None:
            raise MappingError(f"unknown {cls.__name__} literal {text!r}")
        return cast(Self, member)

    @classmethod
    def from_code(cls, code: int) -> Self:
        """Find a member by numeric code, raising ``MappingError`` for a code it does not know."""
        try:
            return cls(code)
        except ValueError:
            raise MappingError(f"unknown {cls.__name__} code {code}") from None


@cache
def _indexes(cls: type[CodedEnum]) -> tuple[dict[str, CodedEnum], dict[str, CodedEnum]]:
    """Build once per enumeration the literal index and the upper-case name index (aliases too)."""
    by_literal = {member.literal: member for member in cls}
    by_name = {name.upper(): member for name, member in cls.__members__.items()}
    return by_literal, by_name
