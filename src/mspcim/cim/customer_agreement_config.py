"""Profile CustomerAgreementConfig (IEC 61968-9), as mspcim declares it: customer agreements.

IEC TS 61968-14 clause 8.2. A CustomerAgreement (an Agreement: ``signDate``,
``validityInterval``) says the utility serves a Customer, billed to a CustomerAccount, at
ServiceLocations, with a ServiceCategory; ``isPrePay``, ``loadMgmt`` and ``shutOffDateTime`` as
the second edition of the CIM gives them. Customer, account and locations are references (mRID
and Names): their data travels in their own profiles (8.3, 8.1, 8.29). No XSD of the profile is
public; the dataclasses are the declaration (``Binding`` emits the XSD). Both editions use the
noun ``CustomerAgreementConfig`` and the same class names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.end_device_assets import Customer, ServiceCategory, ServiceLocation
from mspcim.cim.identified_object import DateTimeInterval, Name
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
    "CustomerAgreement",
    "CustomerAgreementConfig",
]

NOUN: Final = "CustomerAgreementConfig"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


@dataclass(slots=True, kw_only=True)
class CustomerAgreement:
    """CustomerAgreement: the agreement under which a customer is served and billed."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    description: str | None = field(default=None, metadata=xml("description"))
    name: str | None = field(default=None, metadata=xml("name"))
    is_pre_pay: bool | None = field(default=None, metadata=xml("isPrePay"))
    load_mgmt: str | None = field(default=None, metadata=xml("loadMgmt"))
    shut_off_date_time: datetime | None = field(default=None, metadata=xml("shutOffDateTime"))
    sign_date: date | None = field(default=None, metadata=xml("signDate"))
    validity_interval: DateTimeInterval | None = field(
        default=None, metadata=xml("validityInterval")
    )
    customer_agreement_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    customer: Customer | None = field(default=None, metadata=xml("Customer"))
    customer_account: CustomerAccount | None = field(default=None, metadata=xml("CustomerAccount"))
    service_category: ServiceCategory | None = field(default=None, metadata=xml("ServiceCategory"))
    service_locations: list[ServiceLocation] = field(
        default_factory=list, metadata=xml("ServiceLocations")
    )


@dataclass(slots=True, kw_only=True)
class CustomerAgreementConfig:
    """The profile document: customer agreements."""

    customer_agreements: list[CustomerAgreement] = field(
        default_factory=list, metadata=xml("CustomerAgreement")
    )


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2011 namespace of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (same class names)."""

_DECLARED = (
    "IEC 61968-9:{} CustomerAgreementConfig profile as declared by mspcim (IEC TS 61968-14 8.2)"
)

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, CustomerAgreementConfig, _DECLARED.format(2013)
)
"""The CustomerAgreementConfig payload in the 2011 namespace, with the declared XSD."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, CustomerAgreementConfig, _DECLARED.format(2009)
)
"""The 2009 CustomerAgreementConfig payload, with the declared XSD."""
