"""Profile CustomerAccountConfig (IEC 61968-9), as mspcim declares it: customer accounts.

IEC TS 61968-14 clause 8.1. A CustomerAccount (a Document) is where a customer is billed:
``billingCycle``, ``budgetBill`` and ``lastBillAmount`` (Money: an exact amount and its ISO 4217
currency), the Customer it belongs to (a reference), and the CustomerAgreement it bills, as
the account sees it: its mRID and Names, ``isPrePay``, ``shutOffDateTime`` and the
ServiceLocations it serves (the whole agreement is profile CustomerAgreementConfig, 8.2). The
profile holds one agreement per account, as a MultiSpeak ``account`` is one. Both editions use
the noun ``CustomerAccountConfig`` and the same class names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.end_device_assets import Customer, ServiceLocation
from mspcim.cim.identified_object import Name
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.cim.transaction_record import Money
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
    "CustomerAccountConfig",
    "CustomerAgreement",
    "Money",
]

NOUN: Final = "CustomerAccountConfig"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


@dataclass(slots=True, kw_only=True)
class CustomerAgreement:
    """CustomerAgreement as its account holds it: prepayment, shut-off and service locations."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    is_pre_pay: bool | None = field(default=None, metadata=xml("isPrePay"))
    shut_off_date_time: datetime | None = field(default=None, metadata=xml("shutOffDateTime"))
    customer_agreement_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    service_locations: list[ServiceLocation] = field(
        default_factory=list, metadata=xml("ServiceLocations")
    )


@dataclass(slots=True, kw_only=True)
class CustomerAccount:
    """CustomerAccount: where a customer is billed, its cycle and last bill."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    description: str | None = field(default=None, metadata=xml("description"))
    name: str | None = field(default=None, metadata=xml("name"))
    billing_cycle: str | None = field(default=None, metadata=xml("billingCycle"))
    budget_bill: str | None = field(default=None, metadata=xml("budgetBill"))
    last_bill_amount: Money | None = field(default=None, metadata=xml("lastBillAmount"))
    customer_account_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    customer: Customer | None = field(default=None, metadata=xml("Customer"))
    customer_agreements: CustomerAgreement | None = field(
        default=None, metadata=xml("CustomerAgreements")
    )


@dataclass(slots=True, kw_only=True)
class CustomerAccountConfig:
    """The profile document: customer accounts."""

    customer_accounts: list[CustomerAccount] = field(
        default_factory=list, metadata=xml("CustomerAccount")
    )


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2011 namespace of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (same class names)."""

_DECLARED = (
    "IEC 61968-9:{} CustomerAccountConfig profile as declared by mspcim (IEC TS 61968-14 8.1)"
)

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, CustomerAccountConfig, _DECLARED.format(2013)
)
"""The CustomerAccountConfig payload in the 2011 namespace, with the declared XSD."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, CustomerAccountConfig, _DECLARED.format(2009)
)
"""The 2009 CustomerAccountConfig payload, with the declared XSD."""
