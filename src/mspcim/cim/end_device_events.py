"""The EndDeviceEvents profile of IEC 61968-9: events reported by meters and other end devices.

The dataclasses mirror ``EndDeviceEvents.xsd`` of the 2013 edition (2011 namespace) field by
field and in schema order, so one ``Binding`` writes and reads the document: EndDeviceEvents holds
EndDeviceEvent elements (when, which device, which EndDeviceEventType code, details) and the
EndDeviceEventType declarations they refer to. The first edition (2009) has no public schema: the
project declares it from the same dataclasses in the 2009 namespace, with the first edition's
class names (``MeterAsset`` for the device, ``ServiceDeliveryPoint`` for the usage point), and its
payload codec carries the XSD that declaration emits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from lxml import etree

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.identified_object import IdentifiedObject, Name, NameType, NameTypeAuthority
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "NAMESPACE_2009",
    "NAMESPACE_2013",
    "NOUN",
    "Asset",
    "EndDeviceEvent",
    "EndDeviceEventDetail",
    "EndDeviceEventType",
    "EndDeviceEventTypeRef",
    "EndDeviceEvents",
    "Name",
    "NameType",
    "NameTypeAuthority",
    "Status",
    "UsagePoint",
    "declared_schema_2009",
    "read_2009",
    "read_2013",
    "write_2009",
    "write_2013",
]

NOUN: Final = "EndDeviceEvents"
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)

RENAMES_2009: Final[dict[str, str]] = {
    "Assets": "MeterAsset",
    "UsagePoint": "ServiceDeliveryPoint",
}
"""2013 element names → the first edition's: the device as MeterAsset, the usage point as SDP."""


@dataclass(slots=True, kw_only=True)
class Asset(IdentifiedObject):
    """The end device the event was created for (ActivityRecord.Assets)."""


@dataclass(slots=True, kw_only=True)
class EndDeviceEventDetail:
    """A name/value pair giving more information on an event (value with its unit, as text)."""

    name: str = field(metadata=xml("name"))
    value: str | None = field(default=None, metadata=xml("value"))


@dataclass(slots=True, kw_only=True)
class EndDeviceEventTypeRef:
    """Reference to an EndDeviceEventType: its code ``type.domain.subDomain.eventOrAction``."""

    ref: str | None = field(default=None, metadata=xml("@ref"))


@dataclass(slots=True, kw_only=True)
class Status:
    """Consequence of the event (ActivityRecord.status).

    Not the shared ``identified_object.Status``: this profile's schema makes ``value`` optional
    (``minOccurs="0"``) where the shared class, after the other profiles, requires it.
    """

    date_time: datetime | None = field(default=None, metadata=xml("dateTime"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    remark: str | None = field(default=None, metadata=xml("remark"))
    value: str | None = field(default=None, metadata=xml("value"))


@dataclass(slots=True, kw_only=True)
class UsagePoint(IdentifiedObject):
    """Usage point for which the event is reported."""


@dataclass(slots=True, kw_only=True)
class EndDeviceEvent:
    """One event detected by a device function of an end device."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    created_date_time: datetime = field(metadata=xml("createdDateTime"))
    issuer_id: str | None = field(default=None, metadata=xml("issuerID"))
    issuer_tracking_id: str | None = field(default=None, metadata=xml("issuerTrackingID"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    severity: str | None = field(default=None, metadata=xml("severity"))
    user_id: str | None = field(default=None, metadata=xml("userID"))
    assets: Asset | None = field(default=None, metadata=xml("Assets"))
    end_device_event_details: list[EndDeviceEventDetail] = field(
        default_factory=list, metadata=xml("EndDeviceEventDetails")
    )
    end_device_event_type: EndDeviceEventTypeRef = field(metadata=xml("EndDeviceEventType"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    status: Status | None = field(default=None, metadata=xml("status"))
    usage_point: UsagePoint | None = field(default=None, metadata=xml("UsagePoint"))

    @property
    def event_type(self) -> str | None:
        """The referenced EndDeviceEventType (its code, or the mRID of a declaration)."""
        return self.end_device_event_type.ref


@dataclass(slots=True, kw_only=True)
class EndDeviceEventType:
    """Declaration of an event type: its code as mRID, its four fields as CIM strings, a name."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    domain: str | None = field(default=None, metadata=xml("domain"))
    event_or_action: str | None = field(default=None, metadata=xml("eventOrAction"))
    sub_domain: str | None = field(default=None, metadata=xml("subDomain"))
    type: str | None = field(default=None, metadata=xml("type"))
    names: Name = field(metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class EndDeviceEvents:
    """The EndDeviceEvents profile document: events, and the event types they refer to."""

    end_device_events: list[EndDeviceEvent] = field(
        default_factory=list, metadata=xml("EndDeviceEvent")
    )
    end_device_event_types: list[EndDeviceEventType] = field(
        default_factory=list, metadata=xml("EndDeviceEventType")
    )

    def declared_type(self, mrid: str) -> EndDeviceEventType | None:
        """The EndDeviceEventType declared with ``mrid``, if any."""
        for declared in self.end_device_event_types:
            if declared.mrid == mrid:
                return declared
        return None


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition (namespace ``http://iec.ch/TC57/2011/EndDeviceEvents#``)."""
BINDING_2009: Final = Binding(NAMESPACE_2009, renames=RENAMES_2009)
"""The first edition as the project declares it (namespace ``…/2009/EndDeviceEvents#``)."""


def declared_schema_2009() -> etree._Element:
    """The XSD of the first-edition profile, as the project declares it (no public one exists)."""
    return BINDING_2009.xsd(
        EndDeviceEvents,
        NOUN,
        "IEC 61968-9:2009 EndDeviceEvents as declared by mspcim from its 2013 pivot "
        "(MeterAsset, ServiceDeliveryPoint); no public XSD of the first edition exists.",
    )


CODEC_2013: Final = register_bound_payload(
    NOUN,
    Edition.CIM2013,
    BINDING_2013,
    EndDeviceEvents,
    official_schema="iec61968-9-2011/EndDeviceEvents.xsd",
)
"""The 2013 EndDeviceEvents payload in the registry."""

CODEC_2009: Final = register_bound_payload(
    NOUN,
    Edition.CIM2009,
    BINDING_2009,
    EndDeviceEvents,
    declared_schema=declared_schema_2009,
)
"""The 2009 EndDeviceEvents payload in the registry (declared schema)."""


def read_2013(root: etree._Element) -> EndDeviceEvents:
    """The pivot of a 2013 ``EndDeviceEvents`` element."""
    document: EndDeviceEvents = CODEC_2013.read(root)
    return document


def write_2013(document: EndDeviceEvents) -> etree._Element:
    """The 2013 ``EndDeviceEvents`` element of ``document``."""
    return CODEC_2013.write(document)


def read_2009(root: etree._Element) -> EndDeviceEvents:
    """The pivot of a first-edition ``EndDeviceEvents`` element (as the project declares it)."""
    document: EndDeviceEvents = CODEC_2009.read(root)
    return document


def write_2009(document: EndDeviceEvents) -> etree._Element:
    """The first-edition ``EndDeviceEvents`` element of ``document``."""
    return CODEC_2009.write(document)
