"""Profile AuxiliaryAgreementConfig (IEC 61968-9), as mspcim declares it: auxiliary agreements.

An AuxiliaryAgreement (an Agreement of the PaymentMetering package) recovers what a customer
owes apart from the energy itself — arrears, deposits, other services — typically by taking a
portion of each prepayment (``vendPortion``, ``vendPortionArrear``), with its cycles, priority,
fixed and minimum amounts (Money: exact amount, ISO 4217 currency). It belongs to a
CustomerAgreement (declared in ``customer_agreement_config``) and keeps its balance in an
AuxiliaryAccount (``balance``, ``due`` by kind, ``principleAmount``); the profile holds one
account per agreement, as a MultiSpeak ``ppmLocation`` has one. Both editions use the noun
``AuxiliaryAgreementConfig`` and the same class names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.customer_agreement_config import CustomerAgreement
from mspcim.cim.identified_object import DateTimeInterval, Name
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
    "AuxiliaryAccount",
    "AuxiliaryAgreement",
    "AuxiliaryAgreementConfig",
    "Due",
]

NOUN: Final = "AuxiliaryAgreementConfig"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)

_PER_CENT: Final = "xs:decimal"


@dataclass(slots=True, kw_only=True)
class Due:
    """Due: what is owed on an account, by kind."""

    arrears: Money | None = field(default=None, metadata=xml("arrears"))
    charges: Money | None = field(default=None, metadata=xml("charges"))
    current: Money | None = field(default=None, metadata=xml("current"))
    interest: Money | None = field(default=None, metadata=xml("interest"))
    principle: Money | None = field(default=None, metadata=xml("principle"))


@dataclass(slots=True, kw_only=True)
class AuxiliaryAccount:
    """AuxiliaryAccount: the balance an auxiliary agreement recovers."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    balance: Money | None = field(default=None, metadata=xml("balance"))
    due: Due | None = field(default=None, metadata=xml("due"))
    principle_amount: Money | None = field(default=None, metadata=xml("principleAmount"))


@dataclass(slots=True, kw_only=True)
class AuxiliaryAgreement:
    """AuxiliaryAgreement: how a debt or charge apart from energy is recovered from a customer."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    description: str | None = field(default=None, metadata=xml("description"))
    name: str | None = field(default=None, metadata=xml("name"))
    arrears_interest: Decimal | None = field(
        default=None, metadata={"xml": "arrearsInterest", "xsd": _PER_CENT}
    )
    aux_cycle: str | None = field(default=None, metadata=xml("auxCycle"))
    aux_priority_code: str | None = field(default=None, metadata=xml("auxPriorityCode"))
    fixed_amount: Money | None = field(default=None, metadata=xml("fixedAmount"))
    min_amount: Money | None = field(default=None, metadata=xml("minAmount"))
    pay_cycle: str | None = field(default=None, metadata=xml("payCycle"))
    sub_type: str | None = field(default=None, metadata=xml("subType"))
    validity_interval: DateTimeInterval | None = field(
        default=None, metadata=xml("validityInterval")
    )
    vend_portion: Decimal | None = field(
        default=None, metadata={"xml": "vendPortion", "xsd": _PER_CENT}
    )
    vend_portion_arrear: Decimal | None = field(
        default=None, metadata={"xml": "vendPortionArrear", "xsd": _PER_CENT}
    )
    auxiliary_agreement_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    auxiliary_accounts: AuxiliaryAccount | None = field(
        default=None, metadata=xml("AuxiliaryAccounts")
    )
    customer_agreement: CustomerAgreement | None = field(
        default=None, metadata=xml("CustomerAgreement")
    )


@dataclass(slots=True, kw_only=True)
class AuxiliaryAgreementConfig:
    """The profile document: auxiliary agreements."""

    auxiliary_agreements: list[AuxiliaryAgreement] = field(
        default_factory=list, metadata=xml("AuxiliaryAgreement")
    )


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2011 namespace of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (same class names)."""

_DECLARED = (
    "IEC 61968-9:{} AuxiliaryAgreementConfig profile as declared by mspcim (IEC TS 61968-14 8.20)"
)

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, AuxiliaryAgreementConfig, _DECLARED.format(2013)
)
"""The AuxiliaryAgreementConfig payload in the 2011 namespace, with the declared XSD."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, AuxiliaryAgreementConfig, _DECLARED.format(2009)
)
"""The 2009 AuxiliaryAgreementConfig payload, with the declared XSD."""
