"""The MultiSpeak 4.1 ``MultiSpeakMsgHeader`` SOAP header: every attribute, read and written.

The attribute list is one declarative table (``HEADER_ATTRIBUTES``) used by reader, writer and
the mapping documentation alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import Enum

from lxml import etree

from mspcim import ns
from mspcim.exceptions import MessageFormatError
from mspcim.xsdtypes import format_datetime, parse_datetime

__all__ = ["HEADER_ATTRIBUTES", "MultiSpeakMsgHeader", "build_header", "read_header"]

RELEASE_VERSION: dict[str, int] = {"major_version": 4, "minor_version": 1, "build": 6, "branch": 0}
"""MajorVersion, MinorVersion, Build, Branch of the MultiSpeak release mspcim implements."""

BUILD_DESCRIPTORS = frozenset({"PR", "RC", "Branch", "Release", "Other", "Unknown"})
MESSAGE_CONTEXTS = frozenset({"Production", "Testing", "Development", "Study", "Training", "Other"})
CS_UNITS = frozenset({"feet", "meters", "USSurveyFeet", "other"})


class AttributeKind(Enum):
    """How an attribute's text is typed."""

    TEXT = "string"
    INTEGER = "integer"
    DATETIME = "dateTime"


def _attr(name: str, kind: AttributeKind = AttributeKind.TEXT) -> dict[str, object]:
    return {"xml": f"@{name}", "attribute": name, "kind": kind}


@dataclass(slots=True)
class MultiSpeakMsgHeader:
    """MultiSpeak 4.1 message header (all attributes optional except BuildString)."""

    major_version: int | None = field(
        default=None, metadata=_attr("MajorVersion", AttributeKind.INTEGER)
    )
    minor_version: int | None = field(
        default=None, metadata=_attr("MinorVersion", AttributeKind.INTEGER)
    )
    build: int | None = field(default=None, metadata=_attr("Build", AttributeKind.INTEGER))
    branch: int | None = field(default=None, metadata=_attr("Branch", AttributeKind.INTEGER))
    build_string: str = field(default="Release", metadata=_attr("BuildString"))
    user_id: str | None = field(default=None, metadata=_attr("UserID"))
    pwd: str | None = field(default=None, metadata=_attr("Pwd"))
    app_name: str | None = field(default=None, metadata=_attr("AppName"))
    app_version: str | None = field(default=None, metadata=_attr("AppVersion"))
    company: str | None = field(default=None, metadata=_attr("Company"))
    default_currency_code: str | None = field(default=None, metadata=_attr("DefaultCurrencyCode"))
    cs_units: str | None = field(default=None, metadata=_attr("CSUnits"))
    coordinate_system_name: str | None = field(default=None, metadata=_attr("CoordinateSystemName"))
    coordinate_system_authority: str | None = field(
        default=None, metadata=_attr("CoordinateSystemAuthority")
    )
    coordinate_system_authority_code: str | None = field(
        default=None, metadata=_attr("CoordinateSystemAuthorityCode")
    )
    datum: str | None = field(default=None, metadata=_attr("Datum"))
    session_id: str | None = field(default=None, metadata=_attr("SessionID"))
    previous_session_id: str | None = field(default=None, metadata=_attr("PreviousSessionID"))
    objects_remaining: int | None = field(
        default=None, metadata=_attr("ObjectsRemaining", AttributeKind.INTEGER)
    )
    last_sent: str | None = field(default=None, metadata=_attr("LastSent"))
    registration_id: str | None = field(default=None, metadata=_attr("RegistrationID"))
    message_id: str | None = field(default=None, metadata=_attr("MessageID"))
    time_stamp: datetime | None = field(
        default=None, metadata=_attr("TimeStamp", AttributeKind.DATETIME)
    )
    context: str | None = field(default=None, metadata=_attr("Context"))
    audit_id: str | None = field(default=None, metadata=_attr("AuditID"))
    audit_password: str | None = field(default=None, metadata=_attr("AuditPassword"))
    other_attributes: dict[str, str] = field(default_factory=dict, metadata={"xml": "@*"})
    """Attributes allowed by ``anyAttribute`` (Clark-notation names)."""

    def stamped(self) -> MultiSpeakMsgHeader:
        """The header, given the release mspcim speaks (4.1.6.0) where it names no version.

        For headers the gateway sends: a translated header keeps the caller's version, one that
        names none states the version of the message actually written.
        """
        for name, value in RELEASE_VERSION.items():
            if getattr(self, name) is None:
                setattr(self, name, value)
        return self

    @property
    def version(self) -> str:
        """Dotted MultiSpeak version, e.g. ``4.1.6``."""
        parts = (self.major_version, self.minor_version, self.build)
        return ".".join(str(part) for part in parts if part is not None)


HEADER_ATTRIBUTES: tuple[tuple[str, str, AttributeKind], ...] = tuple(
    (f.name, str(f.metadata["attribute"]), f.metadata["kind"])
    for f in fields(MultiSpeakMsgHeader)
    if "attribute" in f.metadata
)
"""(python field, XML attribute, kind) for every declared attribute, in schema order."""

_BY_ATTRIBUTE = {attribute: (name, kind) for name, attribute, kind in HEADER_ATTRIBUTES}
_ENUMERATED = {
    "BuildString": BUILD_DESCRIPTORS,
    "Context": MESSAGE_CONTEXTS,
    "CSUnits": CS_UNITS,
}


def read_header(element: etree._Element) -> MultiSpeakMsgHeader:
    """Read a ``MultiSpeakMsgHeader`` element; bad integers or dates raise MessageFormatError."""
    values: dict[str, object] = {name: None for name, _, _ in HEADER_ATTRIBUTES}
    values["build_string"] = "Unknown"
    other: dict[str, str] = {}
    for attribute, text in element.attrib.items():
        key = str(attribute)
        if key not in _BY_ATTRIBUTE:
            other[key] = str(text)
            continue
        name, kind = _BY_ATTRIBUTE[key]
        where = f"/Envelope/Header/MultiSpeakMsgHeader/@{key}"
        values[name] = _parse(str(text), kind, where)
    return MultiSpeakMsgHeader(**values, other_attributes=other)  # type: ignore[arg-type]


def _parse(text: str, kind: AttributeKind, where: str) -> object:
    if kind is AttributeKind.INTEGER:
        try:
            return int(text.strip())
        except ValueError:
            raise MessageFormatError(f"not an integer: {text!r}", xpath=where) from None
    if kind is AttributeKind.DATETIME:
        try:
            return parse_datetime(text)
        except Exception:
            raise MessageFormatError(f"not an xs:dateTime: {text!r}", xpath=where) from None
    return text


def build_header(header: MultiSpeakMsgHeader) -> etree._Element:
    """The ``MultiSpeakMsgHeader`` element; enumerated attributes outside their lists are dropped.

    Callers that need to know what was dropped use the header mapping's gap report instead.
    """
    element = etree.Element(ns.qname(ns.MSP41, "MultiSpeakMsgHeader"), nsmap={None: ns.MSP41})  # type: ignore[dict-item]
    for name, attribute, kind in HEADER_ATTRIBUTES:
        value = getattr(header, name)
        if value is None:
            continue
        text = format_datetime(value) if kind is AttributeKind.DATETIME else str(value)
        allowed = _ENUMERATED.get(attribute)
        if allowed is not None and text not in allowed:
            if attribute == "BuildString":
                text = "Unknown"
            else:
                continue
        element.set(attribute, text)
    for attribute, text in header.other_attributes.items():
        if ns.namespace_of(attribute):
            element.set(attribute, text)
    return element
