"""CIM ``IdentifiedObject`` and the small classes every 61968-9 profile repeats, bindable.

``Names`` (Name, NameType, NameTypeAuthority), ``Status`` and ``DateTimeInterval`` appear in the
2013 profile schemas with the same structure each time; declared once here, in the schemas'
element order, so ``Binding`` writes them valid wherever a profile uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mspcim.fieldmeta import xml

__all__ = [
    "DateTimeInterval",
    "IdentifiedObject",
    "Name",
    "NameType",
    "NameTypeAuthority",
    "Status",
    "first_name",
]


@dataclass(slots=True, kw_only=True)
class NameTypeAuthority:
    """NameTypeAuthority: who issues names of a NameType (here ``MultiSpeak`` for its ids)."""

    description: str | None = field(default=None, metadata=xml("description"))
    name: str = field(metadata=xml("name"))


@dataclass(slots=True, kw_only=True)
class NameType:
    """NameType: what kind of name a Name is (``meterID``, ``meterGroupID`` …)."""

    description: str | None = field(default=None, metadata=xml("description"))
    name: str = field(metadata=xml("name"))
    name_type_authority: NameTypeAuthority | None = field(
        default=None, metadata=xml("NameTypeAuthority")
    )


@dataclass(slots=True, kw_only=True)
class Name:
    """Name: one of the identifiers an object has in some system."""

    name: str = field(metadata=xml("name"))
    name_type: NameType | None = field(default=None, metadata=xml("NameType"))

    @classmethod
    def typed(cls, name: str, name_type: str, authority: str | None = None) -> Name:
        """A Name of ``name_type`` (issued by ``authority`` when given)."""
        issuer = NameTypeAuthority(name=authority) if authority is not None else None
        return cls(name=name, name_type=NameType(name=name_type, name_type_authority=issuer))

    @property
    def type_name(self) -> str | None:
        """The NameType's name, if any."""
        return self.name_type.name if self.name_type is not None else None


@dataclass(slots=True, kw_only=True)
class IdentifiedObject:
    """IdentifiedObject: an mRID and names (the form most profile references take)."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class Status:
    """Status: a value, when it was set, why, and a remark."""

    date_time: datetime | None = field(default=None, metadata=xml("dateTime"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    remark: str | None = field(default=None, metadata=xml("remark"))
    value: str = field(metadata=xml("value"))


@dataclass(slots=True, kw_only=True)
class DateTimeInterval:
    """DateTimeInterval: a period of time (``end`` before ``start``, as the schemas order them)."""

    end: datetime | None = field(default=None, metadata=xml("end"))
    start: datetime | None = field(default=None, metadata=xml("start"))


def first_name(names: list[Name], name_type: str | None) -> Name | None:
    """The first of ``names`` of ``name_type`` (``None``: the first without a type)."""
    for name in names:
        if name.type_name == name_type:
            return name
    return None
