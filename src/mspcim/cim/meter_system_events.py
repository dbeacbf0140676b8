"""The MeterSystemEvents profile of IEC 61968-9: events the metering system logged about meters.

No public XSD exists for this profile in either edition: the project declares it (the role of
IEC TS 61968-14 Annex D) after the CIM ``EndDeviceEvent`` class as the 2013 EndDeviceEvents
profile spells it — creation time, issuer, user, reason, severity, the EndDeviceEventType by its
4-part code, details as name/value pairs, the asset it concerns and its names. The 2009
declaration uses the first edition's ``EndDeviceAsset`` for the asset. Both XSDs are emitted by
``Binding.xsd`` from these dataclasses. Details are ``end_device_events.EndDeviceEventDetail``;
the event itself is declared here, without a UsagePoint and with the type ``ref`` and the
status ``value`` required, which that profile's schema leaves optional.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from lxml import etree

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.end_device_events import EndDeviceEventDetail
from mspcim.cim.identified_object import IdentifiedObject, Name, Status
from mspcim.cim.payloads import Edition, register_bound_payload
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
class EndDeviceEventTypeRef:
    """Reference to the EndDeviceEventType; ``ref`` is the 4-part code ``type.domain.sub.event``.

    Unlike ``end_device_events.EndDeviceEventTypeRef`` the declaration requires ``ref``.
    """

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

_DECLARED: Final = "IEC 61968-9:{} MeterSystemEvents, as declared by mspcim"
"""Documentation of the declared XSD, by edition."""

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, MeterSystemEvents, _DECLARED.format(2013)
)
"""The 2013 MeterSystemEvents payload in the registry (declared schema)."""

CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, MeterSystemEvents, _DECLARED.format(2009)
)
"""The 2009 MeterSystemEvents payload in the registry (declared schema)."""


def declared_schema(binding: Binding) -> etree._Element:
    """The XSD of the MeterSystemEvents profile as the project declares it for ``binding``."""
    edition = 2009 if binding is BINDING_2009 else 2013
    return binding.xsd(MeterSystemEvents, NOUN, _DECLARED.format(edition))
