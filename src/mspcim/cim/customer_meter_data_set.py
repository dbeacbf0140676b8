"""Profile CustomerMeterDataSet (IEC 61968-9:2009), declared: who is served by which meter.

IEC TS 61968-14 clause 8.4. The data set links meters to the service points they measure, the
service location, and the customer agreement with its account and customer. The declaration
is built around the service point (CIM UsagePoint, 2009 ServiceDeliveryPoint), the class every
link goes through: each holds its ServiceLocation, its CustomerAgreement (CustomerAccount and
Customer) and its Meters. Both editions use the noun ``CustomerMeterDataSet`` and namespaces
``http://iec.ch/TC57/2011/CustomerMeterDataSet#`` and ``http://iec.ch/TC57/2009/…#``; the 2009
declaration uses first-edition class names (``end_device_assets.RENAMES_2009``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.end_device_assets import (
    RENAMES_2009,
    Customer,
    ServiceCategory,
    ServiceLocation,
)
from mspcim.cim.identified_object import Name
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
    "CustomerAccount",
    "CustomerAgreement",
    "CustomerMeterDataSet",
    "LinkedMeter",
    "UsagePoint",
]

NOUN: Final = "CustomerMeterDataSet"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


@dataclass(slots=True, kw_only=True)
class CustomerAccount:
    """CustomerAccount: the account the service is billed to."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    customer_account_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class CustomerAgreement:
    """CustomerAgreement: the agreement under which the service point serves a customer."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    customer_account: CustomerAccount | None = field(default=None, metadata=xml("CustomerAccount"))
    customer: Customer | None = field(default=None, metadata=xml("Customer"))


@dataclass(slots=True, kw_only=True)
class LinkedMeter:
    """Meter (2009: MeterAsset) measuring the service point, by mRID and names."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    end_device_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class UsagePoint:
    """UsagePoint (2009: ServiceDeliveryPoint): the service point and everything linked to it."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    service_point_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    service_category: ServiceCategory | None = field(default=None, metadata=xml("ServiceCategory"))
    service_location: ServiceLocation | None = field(default=None, metadata=xml("ServiceLocation"))
    customer_agreement: CustomerAgreement | None = field(
        default=None, metadata=xml("CustomerAgreement")
    )
    meters: list[LinkedMeter] = field(default_factory=list, metadata=xml("Meter"))


@dataclass(slots=True, kw_only=True)
class CustomerMeterDataSet:
    """The profile document: service points with their meters, location and customer."""

    usage_points: list[UsagePoint] = field(default_factory=list, metadata=xml("UsagePoint"))


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2011 namespace of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009, renames=RENAMES_2009)
"""The first edition of the declared profile: first-edition class names."""

_DECLARED = (
    "IEC 61968-9:{} CustomerMeterDataSet profile as declared by mspcim (IEC TS 61968-14 8.4)"
)

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, CustomerMeterDataSet, _DECLARED.format(2013)
)
"""The CustomerMeterDataSet payload in the 2011 namespace, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, CustomerMeterDataSet, _DECLARED.format(2009)
)
"""The 2009 CustomerMeterDataSet payload, with the XSD the project declares."""
