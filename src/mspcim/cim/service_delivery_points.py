"""Profile ServiceDeliveryPoints (2013: ``UsagePoints``), as mspcim declares it: service points.

IEC TS 61968-14 clause 8.22. The list of service points and what each links to — its
ServiceCategory, ServiceLocation, CustomerAgreement (CustomerAccount, Customer) and Meters, by
mRID and Names — without their configuration (profile 8.28). The point is the UsagePoint of
``customer_meter_data_set``, declared once there; this profile lists such points on their own.

Messages name the profile ``UsagePoints`` (2013) or ``ServiceDeliveryPoints`` (2009) in
Header/Noun (``NOUNS``); the payload registry keys both editions by ``UsagePoints``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.customer_meter_data_set import UsagePoint
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.cim.service_delivery_point_config import RENAMES_2009
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
    "UsagePoints",
]

NOUN: Final = "UsagePoints"
"""The noun the payload registry knows the profile by (both editions)."""
NOUNS: Final = {Edition.CIM2013: "UsagePoints", Edition.CIM2009: "ServiceDeliveryPoints"}
"""Header/Noun of the profile's messages in each edition."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUNS[Edition.CIM2013])
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUNS[Edition.CIM2009])


@dataclass(slots=True, kw_only=True)
class UsagePoints:
    """The profile document: service points with their links."""

    usage_points: list[UsagePoint] = field(default_factory=list, metadata=xml("UsagePoint"))


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009, renames=RENAMES_2009)
"""The first edition of the declared profile: first-edition class names."""

_DECLARED = "IEC 61968-9:{} {} profile as declared by mspcim (IEC TS 61968-14 8.22)"

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, UsagePoints, _DECLARED.format(2013, NOUNS[Edition.CIM2013])
)
"""The 2013 UsagePoints payload, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, UsagePoints, _DECLARED.format(2009, NOUNS[Edition.CIM2009])
)
"""The 2009 ServiceDeliveryPoints payload, with the XSD the project declares."""
