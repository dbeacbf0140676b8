"""Profile TransactionRecord (IEC 61968-9), as mspcim declares it: payment and vending transactions.

IEC TS 61968-14 clause 8.31. No public XSD exists for this profile: the project declares it after
the CIM PaymentMetering package — a Transaction of a ``kind`` (TransactionKind: account payment,
token sale …) with its ``line`` (LineDetail: amount, date and time, note, rounding), its
references, the CustomerAccount it is booked to and the PricingStructure (with its
ServiceCategory) it is priced by. ``Money`` and ``LineDetail`` are declared here once and used
by ReceiptRecord too. Money is the CIM datatype: the value is ``Decimal`` and ``xs:decimal``
(as the 2013 profile schemas type ``Money``), never a binary float; its ``unit`` is the
currency as an ISO 4217 alphabetic code (CIM ``Currency``). Both editions use these names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.identified_object import Name
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.cim.pricing_structure_config import PricingStructure
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
    "LineDetail",
    "Money",
    "Transaction",
    "TransactionKind",
    "TransactionRecord",
]

NOUN: Final = "TransactionRecord"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


class TransactionKind(StrEnum):
    """CIM TransactionKind: what a transaction pays, issues or reverses."""

    SERVICE_CHARGE_PAYMENT = "serviceChargePayment"
    TAX_CHARGE_PAYMENT = "taxChargePayment"
    AUXILIARY_CHARGE_PAYMENT = "auxiliaryChargePayment"
    ACCOUNT_PAYMENT = "accountPayment"
    DIVERSE_PAYMENT = "diversePayment"
    TRANSACTION_REVERSAL = "transactionReversal"
    TOKEN_SALE_PAYMENT = "tokenSalePayment"
    TOKEN_FREE_ISSUE = "tokenFreeIssue"
    TOKEN_GRANT = "tokenGrant"
    TOKEN_EXCHANGE = "tokenExchange"
    TOKEN_CANCELLATION = "tokenCancellation"
    METER_CONFIGURATION_TOKEN = "meterConfigurationToken"
    OTHER = "other"


@dataclass(slots=True, kw_only=True)
class Money:
    """Money: an exact amount and its currency (``unit``, ISO 4217 alphabetic code)."""

    value: Decimal = field(metadata={"xml": ".", "xsd": "xs:decimal"})
    unit: str | None = field(default=None, metadata=xml("@unit"))

    def __str__(self) -> str:
        return f"{self.value} {self.unit}" if self.unit else str(self.value)


@dataclass(slots=True, kw_only=True)
class LineDetail:
    """LineDetail: the amount of a receipt or transaction line, when, and why."""

    amount: Money = field(metadata=xml("amount"))
    date_time: datetime | None = field(default=None, metadata=xml("dateTime"))
    note: str | None = field(default=None, metadata=xml("note"))
    rounding: Money | None = field(default=None, metadata=xml("rounding"))


@dataclass(slots=True, kw_only=True)
class Transaction:
    """Transaction: one movement of money (or credit) against an account."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    description: str | None = field(default=None, metadata=xml("description"))
    diverse_reference: str | None = field(default=None, metadata=xml("diverseReference"))
    donor_reference: str | None = field(default=None, metadata=xml("donorReference"))
    kind: TransactionKind | None = field(default=None, metadata=xml("kind"))
    line: LineDetail | None = field(default=None, metadata=xml("line"))
    receiver_reference: str | None = field(default=None, metadata=xml("receiverReference"))
    reversed_id: str | None = field(default=None, metadata=xml("reversedId"))
    transaction_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    customer_account: CustomerAccount | None = field(default=None, metadata=xml("CustomerAccount"))
    pricing_structure: PricingStructure | None = field(
        default=None, metadata=xml("PricingStructure")
    )


@dataclass(slots=True, kw_only=True)
class TransactionRecord:
    """The profile document: transactions."""

    transactions: list[Transaction] = field(default_factory=list, metadata=xml("Transaction"))


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (same class names)."""

_DECLARED = "IEC 61968-9:{} TransactionRecord profile as declared by mspcim (IEC TS 61968-14 8.31)"

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, TransactionRecord, _DECLARED.format(2013)
)
"""The 2013 TransactionRecord payload, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, TransactionRecord, _DECLARED.format(2009)
)
"""The 2009 TransactionRecord payload, with the XSD the project declares."""
