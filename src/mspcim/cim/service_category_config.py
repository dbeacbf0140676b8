"""Profile ServiceCategoryConfig (IEC 61968-9), as mspcim declares it: the categories of service.

IEC TS 61968-14 clause 8.27. A ServiceCategory names a category of service a utility delivers:
its ``kind`` (CIM ServiceKind: electricity, gas, water …), an mRID, a ``description`` and
``Names``. The UsagePoint declarations of profiles 8.28 and 8.29 hold their category with this
class. Both editions use the noun ``ServiceCategoryConfig`` and the same class names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.end_device_assets import ServiceKind
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
    "ServiceCategory",
    "ServiceCategoryConfig",
]

NOUN: Final = "ServiceCategoryConfig"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


@dataclass(slots=True, kw_only=True)
class ServiceCategory:
    """ServiceCategory: a category of service, of one ServiceKind."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    description: str | None = field(default=None, metadata=xml("description"))
    kind: ServiceKind | None = field(default=None, metadata=xml("kind"))
    service_category_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class ServiceCategoryConfig:
    """The profile document: service categories."""

    service_categories: list[ServiceCategory] = field(
        default_factory=list, metadata=xml("ServiceCategory")
    )


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2011 namespace of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (the same class names)."""

_DECLARED = (
    "IEC 61968-9:{} ServiceCategoryConfig profile as declared by mspcim (IEC TS 61968-14 8.27)"
)

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, ServiceCategoryConfig, _DECLARED.format(2013)
)
"""The ServiceCategoryConfig payload in the 2011 namespace, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, ServiceCategoryConfig, _DECLARED.format(2009)
)
"""The 2009 ServiceCategoryConfig payload, with the XSD the project declares."""
