"""The 4-part EndDeviceEventType / EndDeviceControlType code of IEC 61968-9 Annex E.

A code is four dot-separated decimal integers ``type.domain.subDomain.eventOrAction``, e.g.
``3.31.0.68``: an electric meter (3), its RCD switch (31), no sub-domain (0), disconnected (68).
The same code system names events a device reports (``3.26.0.85`` power failed) and controls
sent to it (``3.31.0.23`` disconnect). Type, domain and sub-domain must be known codes; vendors
extend the eventOrAction list, so an unknown eventOrAction inside a known type and domain is kept
as its number (``describe()`` says "eventOrAction 999"). Parsing is cached: event streams repeat
the same few codes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any, Final

from mspcim.cim.coded_enum import CodedEnum
from mspcim.cim.end_device_event_type_kinds import (
    EndDeviceDomain,
    EndDeviceEventOrAction,
    EndDeviceSubDomain,
    EndDeviceType,
)
from mspcim.exceptions import MappingError

__all__ = [
    "FIELD_NAMES",
    "EndDeviceDomain",
    "EndDeviceEventOrAction",
    "EndDeviceEventTypeCode",
    "EndDeviceSubDomain",
    "EndDeviceType",
]

FIELD_NAMES: Final[tuple[str, ...]] = ("type", "domain", "subDomain", "eventOrAction")
"""The four fields in code order, as CIM names them (``EndDeviceEventType`` attributes)."""

_ENUMS: Final[dict[str, type[CodedEnum]]] = {
    "type": EndDeviceType,
    "domain": EndDeviceDomain,
    "sub_domain": EndDeviceSubDomain,
    "event_or_action": EndDeviceEventOrAction,
}
_CIM_NAMES: Final[dict[str, str]] = dict(zip(_ENUMS, FIELD_NAMES, strict=True))


@dataclass(frozen=True, slots=True)
class EndDeviceEventTypeCode:
    """One EndDeviceEventType (or EndDeviceControlType) code: four fields, enums where known.

    Integers are accepted for every field and turned into their enum member, so
    ``EndDeviceEventTypeCode(3, 31, 0, 68)`` equals the code built from members. An unknown
    type, domain or sub-domain is a ``MappingError``; an unknown eventOrAction stays an ``int``.
    """

    type: EndDeviceType
    domain: EndDeviceDomain
    sub_domain: EndDeviceSubDomain
    event_or_action: EndDeviceEventOrAction | int

    def __post_init__(self) -> None:
        """Turn integer codes into members; refuse unknown codes, negatives and non-integers."""
        for name, enum_type in _ENUMS.items():
            value = getattr(self, name)
            label = _CIM_NAMES[name]
            if isinstance(value, bool) or not isinstance(value, int):
                raise MappingError(
                    f"EndDeviceEventType code field {label!r} must be an integer, got {value!r}"
                )
            if type(value) is enum_type:
                continue
            if isinstance(value, Enum):
                raise TypeError(
                    f"EndDeviceEventType code field {label!r} takes a {enum_type.__name__}, "
                    f"not a {type(value).__name__}"
                )
            if value < 0:
                raise MappingError(
                    f"EndDeviceEventType code field {label!r} must not be negative, got {value}"
                )
            try:
                member: int = enum_type(value)
            except ValueError:
                if enum_type is not EndDeviceEventOrAction:
                    raise MappingError(
                        f"EndDeviceEventType code field {label!r} has unknown value {value}"
                    ) from None
                member = int(value)
            object.__setattr__(self, name, member)

    @classmethod
    def parse(cls, text: str) -> EndDeviceEventTypeCode:
        """Parse the dotted 4-field form; ``MappingError`` names the field at fault."""
        return _parse_cached(text.strip())

    @classmethod
    def from_literals(
        cls, type_: str, domain: str, sub_domain: str, event_or_action: str
    ) -> EndDeviceEventTypeCode:
        """Build a code from the four CIM strings (literals or numbers), as 2013 XML spells them.

        An eventOrAction given as a number need not be known; a literal must be.
        """
        texts = (type_, domain, sub_domain, event_or_action)
        values: list[int] = []
        for (name, enum_type), text in zip(_ENUMS.items(), texts, strict=True):
            stripped = text.strip()
            if stripped.isascii() and stripped.isdigit():
                values.append(int(stripped))
                continue
            try:
                values.append(enum_type.from_literal(stripped))
            except MappingError:
                raise MappingError(
                    f"EndDeviceEventType code field {_CIM_NAMES[name]!r} "
                    f"has unknown literal {text!r}"
                ) from None
        return cls(*values)  # type: ignore[arg-type]

    @property
    def text(self) -> str:
        """The dotted 4-field form, e.g. ``3.31.0.68``."""
        return (
            f"{int(self.type)}.{int(self.domain)}.{int(self.sub_domain)}."
            f"{int(self.event_or_action)}"
        )

    def __str__(self) -> str:
        """The dotted 4-field form, as ``text``."""
        return self.text

    @property
    def event_or_action_kind(self) -> EndDeviceEventOrAction | None:
        """The eventOrAction member, or None for a vendor's number the code system lacks."""
        value = self.event_or_action
        return value if isinstance(value, EndDeviceEventOrAction) else None

    @property
    def is_documented(self) -> bool:
        """Whether every field, eventOrAction included, is a code of the code system."""
        return self.event_or_action_kind is not None

    def literals(self) -> tuple[str, str, str, str]:
        """The four CIM strings: literals, and the number of an undocumented eventOrAction."""
        kind = self.event_or_action_kind
        return (
            self.type.literal,
            self.domain.literal,
            self.sub_domain.literal,
            kind.literal if kind is not None else str(self.event_or_action),
        )

    def describe(self) -> str:
        """A human label from the literals of the fields that are set.

        E.g. ``electricMeter rcdSwitch disconnected``; an undocumented eventOrAction reads
        ``eventOrAction 999``; ``none`` when no field is set.
        """
        words = [
            member.literal for member in (self.type, self.domain, self.sub_domain) if member != 0
        ]
        kind = self.event_or_action_kind
        if kind is None:
            words.append(f"eventOrAction {int(self.event_or_action)}")
        elif kind != 0:
            words.append(kind.literal)
        return " ".join(words) or "none"

    def replace(self, **changes: Any) -> EndDeviceEventTypeCode:
        """A copy with some fields changed (ints are accepted)."""
        return dataclasses.replace(self, **changes)


@lru_cache(maxsize=1024)
def _parse_cached(text: str) -> EndDeviceEventTypeCode:
    """Parse a stripped dotted code; cached because event streams repeat a few codes."""
    parts = text.split(".")
    if len(parts) != len(FIELD_NAMES):
        raise MappingError(
            f"EndDeviceEventType code {text!r} has {len(parts)} fields; "
            f"{len(FIELD_NAMES)} dot-separated integers (type.domain.subDomain.eventOrAction) "
            "are required"
        )
    values: list[int] = []
    for name, part in zip(FIELD_NAMES, parts, strict=True):
        if not (part.isascii() and part.isdigit()):
            raise MappingError(
                f"EndDeviceEventType code field {name!r} is not a decimal integer: {part!r}"
            )
        values.append(int(part))
    return EndDeviceEventTypeCode(*values)  # type: ignore[arg-type]
