"""Profile PricingStructureConfig (IEC 61968-9), as mspcim declares it: tariffs and their prices.

IEC TS 61968-14 clause 8.24. No public XSD exists for this profile: the project declares it
after the CIM Customers and PaymentMetering packages — a PricingStructure (its ``code``, revenue
kind, tax exemption, ServiceCategory) with its Tariffs (``startDate``, ``endDate``), each with
TariffProfiles (``tariffCycle``) of TimeTariffIntervals (``sequenceNumber``, ``startTime``)
that hold the Charges. A Charge's ``fixedPortion`` is an AccountingUnit: ``value`` and its
``monetaryUnit`` (ISO 4217 alphabetic code). Money and percentages are ``Decimal`` and
``xs:decimal``, never a binary float. Both editions use these class names; the namespaces are
``http://iec.ch/TC57/2011/PricingStructureConfig#`` and ``…/2009/…#``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.end_device_assets import ServiceCategory
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
    "AccountingUnit",
    "Charge",
    "ChargeKind",
    "PricingStructure",
    "PricingStructureConfig",
    "RevenueKind",
    "Tariff",
    "TariffProfile",
    "TimeTariffInterval",
]

NOUN: Final = "PricingStructureConfig"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


class RevenueKind(StrEnum):
    """CIM RevenueKind: the class of customer a pricing structure is for."""

    RESIDENTIAL = "residential"
    NON_RESIDENTIAL = "nonResidential"
    COMMERCIAL = "commercial"
    INDUSTRIAL = "industrial"
    IRRIGATION = "irrigation"
    STREET_LIGHT = "streetLight"
    OTHER = "other"


class ChargeKind(StrEnum):
    """CIM ChargeKind: what a charge is levied for."""

    CONSUMPTION_CHARGE = "consumptionCharge"
    RENTAL_CHARGE = "rentalCharge"
    AUXILIARY_CHARGE = "auxiliaryCharge"
    DEMAND_CHARGE = "demandCharge"
    TAX_CHARGE = "taxCharge"
    OTHER = "other"


@dataclass(slots=True, kw_only=True)
class AccountingUnit:
    """AccountingUnit: an amount (exact) in a currency (``monetaryUnit``, ISO 4217 alphabetic)."""

    monetary_unit: str | None = field(default=None, metadata=xml("monetaryUnit"))
    value: Decimal = field(metadata={"xml": "value", "xsd": "xs:decimal"})


@dataclass(slots=True, kw_only=True)
class Charge:
    """Charge: one price of a tariff, fixed (an AccountingUnit) or a percentage."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    description: str | None = field(default=None, metadata=xml("description"))
    fixed_portion: AccountingUnit | None = field(default=None, metadata=xml("fixedPortion"))
    kind: ChargeKind | None = field(default=None, metadata=xml("kind"))
    name: str | None = field(default=None, metadata=xml("name"))
    variable_portion: Decimal | None = field(
        default=None, metadata={"xml": "variablePortion", "xsd": "xs:decimal"}
    )
    charge_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class TimeTariffInterval:
    """TimeTariffInterval: charges applying from ``startTime`` seconds into the tariff cycle."""

    sequence_number: int | None = field(default=None, metadata=xml("sequenceNumber"))
    start_time: Decimal | None = field(
        default=None, metadata={"xml": "startTime", "xsd": "xs:decimal"}
    )
    charges: list[Charge] = field(default_factory=list, metadata=xml("Charges"))


@dataclass(slots=True, kw_only=True)
class TariffProfile:
    """TariffProfile: the intervals of one tariff cycle (daily, monthly …)."""

    tariff_cycle: str | None = field(default=None, metadata=xml("tariffCycle"))
    time_tariff_intervals: list[TimeTariffInterval] = field(
        default_factory=list, metadata=xml("TimeTariffIntervals")
    )


@dataclass(slots=True, kw_only=True)
class Tariff:
    """Tariff: a version of a pricing structure, from its ``startDate`` to its ``endDate``."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    end_date: date | None = field(default=None, metadata=xml("endDate"))
    start_date: date | None = field(default=None, metadata=xml("startDate"))
    tariff_profiles: list[TariffProfile] = field(
        default_factory=list, metadata=xml("TariffProfiles")
    )


@dataclass(slots=True, kw_only=True)
class PricingStructure:
    """PricingStructure: a rate by its code, with the tariffs that price it."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    code: str | None = field(default=None, metadata=xml("code"))
    description: str | None = field(default=None, metadata=xml("description"))
    name: str | None = field(default=None, metadata=xml("name"))
    revenue_kind: RevenueKind | None = field(default=None, metadata=xml("revenueKind"))
    tax_exemption: bool | None = field(default=None, metadata=xml("taxExemption"))
    pricing_structure_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    service_category: ServiceCategory | None = field(default=None, metadata=xml("ServiceCategory"))
    tariffs: list[Tariff] = field(default_factory=list, metadata=xml("Tariffs"))


@dataclass(slots=True, kw_only=True)
class PricingStructureConfig:
    """The profile document: pricing structures."""

    pricing_structures: list[PricingStructure] = field(
        default_factory=list, metadata=xml("PricingStructure")
    )


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (same class names)."""

_DECLARED = (
    "IEC 61968-9:{} PricingStructureConfig profile as declared by mspcim (IEC TS 61968-14 8.24)"
)

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, PricingStructureConfig, _DECLARED.format(2013)
)
"""The 2013 PricingStructureConfig payload, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, PricingStructureConfig, _DECLARED.format(2009)
)
"""The 2009 PricingStructureConfig payload, with the XSD the project declares."""
