"""Profile ServiceLocationConfig (IEC 61968-9), as mspcim declares it: where services are delivered.

IEC TS 61968-14 clause 8.29. A ServiceLocation is a Location (``common_classes.Location``: main
and secondary address, two phones, an ElectronicAddress — the Annex A classes) with how to get
there (``accessMethod``, ``siteAccessProblem``, ``needsInspection``, ``direction``), a
``geoInfoReference``, its coordinates (``PositionPoints``), ``Names``, and the service points
delivered there (``UsagePoints``, declared by profile 8.28 with their configuration and network
place). No XSD of the profile is public: the dataclasses are the declaration. Both editions use
the noun ``ServiceLocationConfig``; the first edition names the points ServiceDeliveryPoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.common_classes import Location
from mspcim.cim.identified_object import Name
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.cim.service_delivery_point_config import RENAMES_2009, UsagePoint
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "NAMESPACE_2009",
    "NAMESPACE_2013",
    "NOUN",
    "PositionPoint",
    "ServiceLocation",
    "ServiceLocationConfig",
]

NOUN: Final = "ServiceLocationConfig"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


@dataclass(slots=True, kw_only=True)
class PositionPoint:
    """PositionPoint: one point of a location in its coordinate system (x east, y north)."""

    sequence_number: int | None = field(default=None, metadata=xml("sequenceNumber"))
    x_position: str = field(metadata=xml("xPosition"))
    y_position: str = field(metadata=xml("yPosition"))
    z_position: str | None = field(default=None, metadata=xml("zPosition"))


@dataclass(slots=True, kw_only=True)
class ServiceLocation(Location):
    """ServiceLocation: a place services are delivered, how to reach it, its service points."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    access_method: str | None = field(default=None, metadata=xml("accessMethod"))
    description: str | None = field(default=None, metadata=xml("description"))
    direction: str | None = field(default=None, metadata=xml("direction"))
    geo_info_reference: str | None = field(default=None, metadata=xml("geoInfoReference"))
    needs_inspection: bool | None = field(default=None, metadata=xml("needsInspection"))
    site_access_problem: str | None = field(default=None, metadata=xml("siteAccessProblem"))
    type: str | None = field(default=None, metadata=xml("type"))
    service_location_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    position_points: list[PositionPoint] = field(
        default_factory=list, metadata=xml("PositionPoints")
    )
    usage_points: list[UsagePoint] = field(default_factory=list, metadata=xml("UsagePoints"))


@dataclass(slots=True, kw_only=True)
class ServiceLocationConfig:
    """The profile document: service locations with their service points."""

    service_locations: list[ServiceLocation] = field(
        default_factory=list, metadata=xml("ServiceLocation")
    )


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2011 namespace of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009, renames=RENAMES_2009)
"""The first edition of the declared profile: first-edition class names."""

_DECLARED = (
    "IEC 61968-9:{} ServiceLocationConfig profile as declared by mspcim (IEC TS 61968-14 8.29)"
)

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, ServiceLocationConfig, _DECLARED.format(2013)
)
"""The ServiceLocationConfig payload in the 2011 namespace, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, ServiceLocationConfig, _DECLARED.format(2009)
)
"""The 2009 ServiceLocationConfig payload, with the XSD the project declares."""
