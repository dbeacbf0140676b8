"""Profile SupplierConfig (IEC 61968-9), as mspcim declares it: who supplies the service.

IEC TS 61968-14 clause 8.30. No public XSD exists for this profile: the project declares it after
the CIM PaymentMetering package — a ServiceSupplier (``issuerIdentificationNumber``, ``kind``:
utility, retailer …) that is an Organisation, with the Annex A contact attributes of
``common_classes.Organisation`` (street and postal address, two phones, electronic address).
The first edition's ServiceSupplier inherits Organisation; the second edition's is an
OrganisationRole of one: the declaration keeps the first form for both editions, so one pivot
serves them. The namespaces are ``http://iec.ch/TC57/2011/SupplierConfig#`` and ``…/2009/…#``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.common_classes import Organisation
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
    "ServiceSupplier",
    "SupplierConfig",
    "SupplierKind",
]

NOUN: Final = "SupplierConfig"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


class SupplierKind(StrEnum):
    """CIM SupplierKind: the role a service supplier plays."""

    UTILITY = "utility"
    RETAILER = "retailer"
    OTHER = "other"


@dataclass(slots=True, kw_only=True)
class ServiceSupplier(Organisation):
    """ServiceSupplier: an organisation that supplies a service, and how it is known."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    issuer_identification_number: str | None = field(
        default=None, metadata=xml("issuerIdentificationNumber")
    )
    kind: SupplierKind | None = field(default=None, metadata=xml("kind"))
    name: str | None = field(default=None, metadata=xml("name"))
    service_supplier_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class SupplierConfig:
    """The profile document: service suppliers."""

    service_suppliers: list[ServiceSupplier] = field(
        default_factory=list, metadata=xml("ServiceSupplier")
    )


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (same class names)."""

_DECLARED = "IEC 61968-9:{} SupplierConfig profile as declared by mspcim (IEC TS 61968-14 8.30)"

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, SupplierConfig, _DECLARED.format(2013)
)
"""The 2013 SupplierConfig payload, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, SupplierConfig, _DECLARED.format(2009)
)
"""The 2009 SupplierConfig payload, with the XSD the project declares."""
