"""Profile ServiceDeliveryPointConfig (2013: ``UsagePointConfig``), as mspcim declares it.

IEC TS 61968-14 clause 8.28. A UsagePoint (2009: ServiceDeliveryPoint) is where a service is
delivered: its electrical attributes (``phaseCode``, ratings, nominal voltage, grounding), how
it is read and billed (``readCycle``, ``readRoute``, ``checkBilling``, ``servicePriority``),
and what it links to — its ServiceCategory (``service_category_config``), ServiceLocation,
CustomerAgreement (with CustomerAccount and Customer), Meters and PricingStructures, each by
mRID and Names. No XSD of the profile is public: the dataclasses are the declaration.

Messages name the profile ``UsagePointConfig`` (2013) or ``ServiceDeliveryPointConfig`` (2009)
in Header/Noun (``NOUNS``); the payload registry keys both editions by ``UsagePointConfig``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.customer_meter_data_set import CustomerAgreement, LinkedMeter
from mspcim.cim.identified_object import Name
from mspcim.cim.meter_service_requests import PhaseCode
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.cim.service_category_config import ServiceCategory
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
    "RENAMES_2009",
    "LinkedServiceLocation",
    "PricingStructure",
    "UsagePoint",
    "UsagePointConfig",
]

NOUN: Final = "UsagePointConfig"
"""The noun the payload registry knows the profile by (both editions)."""
NOUNS: Final = {Edition.CIM2013: "UsagePointConfig", Edition.CIM2009: "ServiceDeliveryPointConfig"}
"""Header/Noun of the profile's messages in each edition."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUNS[Edition.CIM2013])
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUNS[Edition.CIM2009])

RENAMES_2009: Final = {
    "Meter": "MeterAsset",
    "UsagePoint": "ServiceDeliveryPoint",
    "UsagePointConfig": "ServiceDeliveryPointConfig",
    "UsagePointLocation": "SDPLocation",
    "UsagePointLocationConfig": "SDPLocationConfig",
    "UsagePoints": "ServiceDeliveryPoints",
}
"""First-edition names of the service point profiles (8.22, 8.26, 8.28, 8.29)."""


def _float(name: str) -> dict[str, str]:
    """Metadata of a Decimal field the CIM types as a float (Voltage, CurrentFlow …)."""
    return {"xml": name, "xsd": "xs:float"}


@dataclass(slots=True, kw_only=True)
class PricingStructure:
    """PricingStructure (tariff) applied at the point, by mRID, code and names."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    code: str | None = field(default=None, metadata=xml("code"))
    pricing_structure_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class LinkedServiceLocation:
    """ServiceLocation where the point is, by mRID and names.

    A type of its own: profile 8.29 declares the full ServiceLocation in the same schema.
    """

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    service_location_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class UsagePoint:
    """UsagePoint (2009: ServiceDeliveryPoint): a service point, its attributes and links."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    check_billing: bool | None = field(default=None, metadata=xml("checkBilling"))
    grounded: bool | None = field(default=None, metadata=xml("grounded"))
    is_sdp: bool | None = field(default=None, metadata=xml("isSdp"))
    is_virtual: bool | None = field(default=None, metadata=xml("isVirtual"))
    nominal_service_voltage: Decimal | None = field(
        default=None, metadata=_float("nominalServiceVoltage")
    )
    outage_region: str | None = field(default=None, metadata=xml("outageRegion"))
    phase_code: PhaseCode | None = field(default=None, metadata=xml("phaseCode"))
    rated_current: Decimal | None = field(default=None, metadata=_float("ratedCurrent"))
    rated_power: Decimal | None = field(default=None, metadata=_float("ratedPower"))
    read_cycle: str | None = field(default=None, metadata=xml("readCycle"))
    read_route: str | None = field(default=None, metadata=xml("readRoute"))
    service_delivery_remark: str | None = field(default=None, metadata=xml("serviceDeliveryRemark"))
    service_priority: str | None = field(default=None, metadata=xml("servicePriority"))
    service_point_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    service_category: ServiceCategory | None = field(default=None, metadata=xml("ServiceCategory"))
    service_location: LinkedServiceLocation | None = field(
        default=None, metadata=xml("ServiceLocation")
    )
    customer_agreement: CustomerAgreement | None = field(
        default=None, metadata=xml("CustomerAgreement")
    )
    meters: list[LinkedMeter] = field(default_factory=list, metadata=xml("Meter"))
    pricing_structures: list[PricingStructure] = field(
        default_factory=list, metadata=xml("PricingStructures")
    )


@dataclass(slots=True, kw_only=True)
class UsagePointConfig:
    """The profile document: service points with their configuration."""

    usage_points: list[UsagePoint] = field(default_factory=list, metadata=xml("UsagePoint"))


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009, renames=RENAMES_2009)
"""The first edition of the declared profile: first-edition class names."""

_DECLARED = "IEC 61968-9:{} {} profile as declared by mspcim (IEC TS 61968-14 8.28)"

CODEC_2013: Final = register_bound_payload(
    NOUN,
    Edition.CIM2013,
    BINDING_2013,
    UsagePointConfig,
    _DECLARED.format(2013, NOUNS[Edition.CIM2013]),
)
"""The 2013 UsagePointConfig payload, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN,
    Edition.CIM2009,
    BINDING_2009,
    UsagePointConfig,
    _DECLARED.format(2009, NOUNS[Edition.CIM2009]),
)
"""The 2009 ServiceDeliveryPointConfig payload, with the XSD the project declares."""
