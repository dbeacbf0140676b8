"""Profile SDPLocationConfig (2013: ``UsagePointLocationConfig``), as mspcim declares it.

IEC TS 61968-14 clause 8.26. A UsagePointLocation (2009: SDPLocation) is the Location of service
delivery points: the Annex A address, phone and e-mail slots of ``common_classes.Location``,
``accessMethod``, ``siteAccessProblem``, a ``remark``, ``direction``, ``geoInfoReference``, its
coordinates (``PositionPoints`` of profile 8.29), ``Names``, and the points located there
(``UsagePoints`` by mRID, Names and category). No XSD of the profile is public: the dataclasses
are the declaration.

Messages name the profile ``UsagePointLocationConfig`` (2013) or ``SDPLocationConfig`` (2009)
in Header/Noun (``NOUNS``); the payload registry keys both editions by the 2013 noun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.common_classes import Location
from mspcim.cim.end_device_assets import UsagePoint
from mspcim.cim.identified_object import Name
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.cim.service_delivery_point_config import RENAMES_2009
from mspcim.cim.service_location_config import PositionPoint
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "NAMESPACE_2009",
    "NAMESPACE_2013",
    "NOUN",
    "NOUNS",
    "UsagePoint",
    "UsagePointLocation",
    "UsagePointLocationConfig",
]

NOUN: Final = "UsagePointLocationConfig"
"""The noun the payload registry knows the profile by (both editions)."""
NOUNS: Final = {
    Edition.CIM2013: "UsagePointLocationConfig",
    Edition.CIM2009: "SDPLocationConfig",
}
"""Header/Noun of the profile's messages in each edition."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUNS[Edition.CIM2013])
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUNS[Edition.CIM2009])


@dataclass(slots=True, kw_only=True)
class UsagePointLocation(Location):
    """UsagePointLocation (2009: SDPLocation): where service points are, and how to reach them."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    access_method: str | None = field(default=None, metadata=xml("accessMethod"))
    direction: str | None = field(default=None, metadata=xml("direction"))
    geo_info_reference: str | None = field(default=None, metadata=xml("geoInfoReference"))
    remark: str | None = field(default=None, metadata=xml("remark"))
    site_access_problem: str | None = field(default=None, metadata=xml("siteAccessProblem"))
    type: str | None = field(default=None, metadata=xml("type"))
    usage_point_location_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    position_points: list[PositionPoint] = field(
        default_factory=list, metadata=xml("PositionPoints")
    )
    usage_points: list[UsagePoint] = field(default_factory=list, metadata=xml("UsagePoints"))


@dataclass(slots=True, kw_only=True)
class UsagePointLocationConfig:
    """The profile document: locations of service delivery points."""

    usage_point_locations: list[UsagePointLocation] = field(
        default_factory=list, metadata=xml("UsagePointLocation")
    )


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009, renames=RENAMES_2009)
"""The first edition of the declared profile: first-edition class names."""

_DECLARED = "IEC 61968-9:{} {} profile as declared by mspcim (IEC TS 61968-14 8.26)"

CODEC_2013: Final = register_bound_payload(
    NOUN,
    Edition.CIM2013,
    BINDING_2013,
    UsagePointLocationConfig,
    _DECLARED.format(2013, NOUNS[Edition.CIM2013]),
)
"""The 2013 UsagePointLocationConfig payload, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN,
    Edition.CIM2009,
    BINDING_2009,
    UsagePointLocationConfig,
    _DECLARED.format(2009, NOUNS[Edition.CIM2009]),
)
"""The 2009 SDPLocationConfig payload, with the XSD the project declares."""
