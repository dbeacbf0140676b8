"""The vocabulary of a mapping table: correlations, transformations, gaps and nested tables.

A profile mapping of IEC TS 61968-14 is an ordered tuple of these rules. Field names are the
Python attribute names of the two sides' dataclasses; their XML names come from the fields'
``xml`` metadata, so the same declaration drives the engine and the rendered tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from mspcim.fieldmeta import xml_name

__all__ = ["Correlate", "Gap", "Nest", "Rule", "Side", "Table", "Transform", "xml_name"]


class Side(StrEnum):
    """The two standards."""

    MSP = "MultiSpeak"
    CIM = "CIM"

    @property
    def other(self) -> Side:
        """The opposite side."""
        return Side.CIM if self is Side.MSP else Side.MSP


@dataclass(frozen=True, slots=True)
class Correlate:
    """A 1:1 field correspondence, optionally through a named value codec."""

    msp: str
    cim: str
    codec: str = "identity"
    note: str = ""


@dataclass(frozen=True, slots=True)
class Transform:
    """Several fields on one side computed from several on the other, by a named codec."""

    msp: tuple[str, ...]
    cim: tuple[str, ...]
    codec: str
    note: str


@dataclass(frozen=True, slots=True)
class Gap:
    """A field of ``side`` with no counterpart; ``carried_in`` names a carrier and its key.

    ``carried_in`` has the form ``"<carrier>:<key>"`` (e.g. ``"Property:SessionID"``); without
    it the value is lost and reported as such. ``codec`` turns typed values into carrier text.
    """

    side: Side
    field: str
    reason: str
    carried_in: str | None = None
    codec: str = "text"
    secret: bool = False
    """A credential: reported without its value."""

    @property
    def carrier(self) -> tuple[str, str] | None:
        """(carrier name, key) when the value is carried."""
        if self.carried_in is None:
            return None
        name, _, key = self.carried_in.partition(":")
        return name, key


@dataclass(frozen=True, slots=True)
class Nest:
    """A list of child objects mapped item by item with another table."""

    msp: str
    cim: str
    table: Table
    msp_item: str = ""
    cim_item: str = ""


Rule = Correlate | Transform | Gap | Nest


@dataclass(frozen=True, slots=True)
class Table:
    """One profile's mapping between a MultiSpeak class and a CIM class."""

    name: str
    clause: str
    msp_class: type[Any]
    cim_class: type[Any]
    rules: tuple[Rule, ...]
    msp_objects: tuple[str, ...] = ()
    """MultiSpeak 4.1 operations and objects that carry this profile (documentation)."""

    def class_for(self, side: Side) -> type[Any]:
        """The dataclass of ``side``."""
        return self.msp_class if side is Side.MSP else self.cim_class
