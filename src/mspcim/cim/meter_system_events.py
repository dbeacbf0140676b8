"""The MeterSystemEvents profile of IEC 61968-9: events the metering system logged about meters.

No public XSD exists for this profile in either edition: the project declares it (the role of
IEC TS 61968-14 Annex D) after the CIM ``EndDeviceEvent`` class as the 2013 EndDeviceEvents
profile spells it — creation time, issuer, user, reason, severity, the EndDeviceEventType by its
4-part code, details as name/value pairs, the asset it concerns and its names. The 2009
declaration uses the first edition's ``EndDeviceAsset`` for the asset. Both XSDs are emitted by
``Binding.xsd`` from these dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from lxml import etree

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.identified_object import IdentifiedObject, Name, Status
from mspcim.cim.payloads import Edition, PayloadCodec, register_payload
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "NOUN",
    "Asset",
    "EndDeviceEvent",
    "EndDeviceEventDetail",
    "EndDeviceEventTypeRef",
    "MeterSystemEvents",
    "declared_schema",
]

NOUN: Final = "MeterSystemEvents"


@dataclass(slots=True, kw_only=True)
class Asset(IdentifiedObject):
    """Asset (the meter or other end device) an event concerns."""


@dataclass(slots=True, kw_only=True)
class EndDeviceEventDetail:
    """EndDeviceEventDetail: one name/value pair further describing the event."""

    name: str = field(metadata=xml("name"))
    value: str | None = field(default=None, metadata=xml("value"))


@dataclass(slots=True, kw_only=True)
class EndDeviceEventTypeRef:
    """Reference to the EndDeviceEventType; ``ref`` is the 4-part code ``type.domain.sub.event``."""

    ref: str = field(metadata=xml("@ref"))


@dataclass(slots=True, kw_only=True)
class EndDeviceEvent:
    """EndDeviceEvent: one event logged by the metering system."""

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


@dataclass(slots=True, kw_only=True)
class MeterSystemEvents:
    """The MeterSystemEvents document: logged events."""

    end_device_events: list[EndDeviceEvent] = field(
        default_factory=list, metadata=xml("EndDeviceEvent")
    )


BINDING_2013: Final = Binding(ns.CIM_2011_PROFILE.format(profile=NOUN), "m")
"""IEC 61968-9:2013 (2011 namespace), as the project declares it."""

RENAMES_2009: Final = {"Assets": "EndDeviceAsset"}
"""First-edition names for the 2013 ones."""

BINDING_2009: Final = Binding(ns.CIM_2009_PROFILE.format(profile=NOUN), "m", RENAMES_2009)
"""IEC 61968-9:2009, as the project declares it."""


def declared_schema(binding: Binding) -> etree._Element:
    """The XSD of the MeterSystemEvents profile as the project declares it for ``binding``."""
    edition = "2009" if binding is BINDING_2009 else "2013"
    return binding.xsd(
        MeterSystemEvents, NOUN, f"IEC 61968-9:{edition} {NOUN}, as declared by mspcim"
    )


def _codec(binding: Binding, edition: Edition) -> PayloadCodec:
    tag = f"{{{binding.namespace}}}{NOUN}"

    def read(element: etree._Element) -> MeterSystemEvents:
        if element.tag != tag:
            raise MessageFormatError(
                f"expected {NOUN} in {binding.namespace!r}, got {element.tag!r}", xpath=f"/{NOUN}"
            )
        return binding.read(element, MeterSystemEvents)

    def write(document: Any) -> etree._Element:
        return binding.write(document, NOUN)

    return register_payload(
        PayloadCodec(
            NOUN, edition, tag, read, write, declared_schema=lambda: declared_schema(binding)
        )
    )


CODEC_2013: Final = _codec(BINDING_2013, Edition.CIM2013)
"""The 2013 MeterSystemEvents payload in the registry (declared schema)."""

CODEC_2009: Final = _codec(BINDING_2009, Edition.CIM2009)
"""The 2009 MeterSystemEvents payload in the registry (declared schema)."""
