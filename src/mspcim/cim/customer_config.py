"""Profile CustomerConfig (IEC 61968-9), as mspcim declares it: customers and how to reach them.

IEC TS 61968-14 clause 8.3. A Customer is an Organisation receiving services: its name, kind
(``CustomerKind``), ``pucNumber``, ``specialNeed``, ``status`` and ``vip``, and the contacts of
an Organisation that Annex A maps (``electronicAddress``, ``phone1``, ``phone2``,
``postalAddress``, ``streetAddress``; ``common_classes``). Its CustomerAccounts are references
(mRID and Names): an account's data travels in CustomerAccountConfig (8.1). Attributes are in
alphabetical order after the IdentifiedObject ones. Both editions use the noun
``CustomerConfig`` and the same class names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.common_classes import ElectronicAddress, StreetAddress, TelephoneNumber
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.identified_object import Name, Status
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
    "Customer",
    "CustomerAccount",
    "CustomerConfig",
    "CustomerKind",
]

NOUN: Final = "CustomerConfig"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


class CustomerKind(StrEnum):
    """CIM CustomerKind: the kind of customer."""

    RESIDENTIAL = "residential"
    RESIDENTIAL_AND_COMMERCIAL = "residentialAndCommercial"
    RESIDENTIAL_AND_STREETLIGHT = "residentialAndStreetlight"
    RESIDENTIAL_STREETLIGHT_OTHERS = "residentialStreetlightOthers"
    RESIDENTIAL_FARM_SERVICE = "residentialFarmService"
    COMMERCIAL_INDUSTRIAL = "commercialIndustrial"
    PUMPING_LOAD = "pumpingLoad"
    WIND_MACHINE = "windMachine"
    ENERGY_SERVICE_SUPPLIER = "energyServiceSupplier"
    ENERGY_SERVICE_SCHEDULER = "energyServiceScheduler"
    INTERNAL_USE = "internalUse"
    OTHER = "other"


@dataclass(slots=True, kw_only=True)
class Customer:
    """Customer: an organisation or person receiving services, and how to reach it."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    description: str | None = field(default=None, metadata=xml("description"))
    name: str | None = field(default=None, metadata=xml("name"))
    electronic_address: ElectronicAddress | None = field(
        default=None, metadata=xml("electronicAddress")
    )
    kind: CustomerKind | None = field(default=None, metadata=xml("kind"))
    phone1: TelephoneNumber | None = field(default=None, metadata=xml("phone1"))
    phone2: TelephoneNumber | None = field(default=None, metadata=xml("phone2"))
    postal_address: StreetAddress | None = field(default=None, metadata=xml("postalAddress"))
    puc_number: str | None = field(default=None, metadata=xml("pucNumber"))
    special_need: str | None = field(default=None, metadata=xml("specialNeed"))
    status: Status | None = field(default=None, metadata=xml("status"))
    street_address: StreetAddress | None = field(default=None, metadata=xml("streetAddress"))
    vip: bool | None = field(default=None, metadata=xml("vip"))
    customer_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    customer_accounts: list[CustomerAccount] = field(
        default_factory=list, metadata=xml("CustomerAccounts")
    )


@dataclass(slots=True, kw_only=True)
class CustomerConfig:
    """The profile document: customers."""

    customers: list[Customer] = field(default_factory=list, metadata=xml("Customer"))


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2011 namespace of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (same class names)."""

_DECLARED = "IEC 61968-9:{} CustomerConfig profile as declared by mspcim (IEC TS 61968-14 8.3)"

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, CustomerConfig, _DECLARED.format(2013)
)
"""The CustomerConfig payload in the 2011 namespace, with the declared XSD."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, CustomerConfig, _DECLARED.format(2009)
)
"""The 2009 CustomerConfig payload, with the declared XSD."""
