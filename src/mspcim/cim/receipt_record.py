"""Profile ReceiptRecord (IEC 61968-9), as mspcim declares it: money received, and how.

IEC TS 61968-14 clause 8.25. No public XSD exists for this profile: the project declares it after
the CIM PaymentMetering package — a Receipt (``isBankable``, its ``line``) with its Tenders
(``amount``, ``change``, ``kind``; a Card or a Cheque with its BankAccountDetail) and the
Transactions it pays (``transaction_record.Transaction``: the CustomerAccount paid, by kind).
Amounts are ``transaction_record.Money``: ``Decimal`` and ``xs:decimal``, with the ISO 4217
currency as ``unit``. Both editions use these names; the namespaces are
``http://iec.ch/TC57/2011/ReceiptRecord#`` and ``…/2009/…#``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.identified_object import Name
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.cim.transaction_record import LineDetail, Money, Transaction
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "NAMESPACE_2009",
    "NAMESPACE_2013",
    "NOUN",
    "BankAccountDetail",
    "Card",
    "Cheque",
    "ChequeKind",
    "Receipt",
    "ReceiptRecord",
    "Tender",
    "TenderKind",
]

NOUN: Final = "ReceiptRecord"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


class TenderKind(StrEnum):
    """CIM TenderKind: the means of payment."""

    CHEQUE = "cheque"
    CARD = "card"
    CASH = "cash"
    UNSPECIFIED = "unspecified"
    OTHER = "other"


class ChequeKind(StrEnum):
    """CIM ChequeKind: what kind of cheque or bank instrument a tender is."""

    POSTAL_ORDER = "postalOrder"
    BANK_ORDER = "bankOrder"
    OTHER = "other"


@dataclass(slots=True, kw_only=True)
class BankAccountDetail:
    """BankAccountDetail: the bank account a cheque draws on."""

    account_number: str | None = field(default=None, metadata=xml("accountNumber"))
    bank_name: str | None = field(default=None, metadata=xml("bankName"))
    branch_code: str | None = field(default=None, metadata=xml("branchCode"))
    holder_id: str | None = field(default=None, metadata=xml("holderID"))
    holder_name: str | None = field(default=None, metadata=xml("holderName"))


@dataclass(slots=True, kw_only=True)
class Cheque:
    """Cheque: a cheque (or bank order) tendered, and its bank account."""

    bank_account_detail: BankAccountDetail | None = field(
        default=None, metadata=xml("bankAccountDetail")
    )
    cheque_number: str | None = field(default=None, metadata=xml("chequeNumber"))
    cheque_date: date | None = field(default=None, metadata=xml("date"))
    kind: ChequeKind | None = field(default=None, metadata=xml("kind"))
    micr_number: str | None = field(default=None, metadata=xml("micrNumber"))


@dataclass(slots=True, kw_only=True)
class Card:
    """Card: the payment card tendered (``pan`` is its number)."""

    account_holder_name: str | None = field(default=None, metadata=xml("accountHolderName"))
    cv_number: str | None = field(default=None, metadata=xml("cvNumber"))
    expiry_date: date | None = field(default=None, metadata=xml("expiryDate"))
    pan: str | None = field(default=None, metadata=xml("pan"))


@dataclass(slots=True, kw_only=True)
class Tender:
    """Tender: an amount tendered by one means of payment."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    amount: Money | None = field(default=None, metadata=xml("amount"))
    change: Money | None = field(default=None, metadata=xml("change"))
    kind: TenderKind | None = field(default=None, metadata=xml("kind"))
    tender_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    card: Card | None = field(default=None, metadata=xml("Card"))
    cheque: Cheque | None = field(default=None, metadata=xml("Cheque"))


@dataclass(slots=True, kw_only=True)
class Receipt:
    """Receipt: money received at once, by its tenders, for the transactions it pays."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    is_bankable: bool | None = field(default=None, metadata=xml("isBankable"))
    line: LineDetail | None = field(default=None, metadata=xml("line"))
    receipt_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    tenders: list[Tender] = field(default_factory=list, metadata=xml("Tenders"))
    transactions: list[Transaction] = field(default_factory=list, metadata=xml("Transactions"))


@dataclass(slots=True, kw_only=True)
class ReceiptRecord:
    """The profile document: receipts."""

    receipts: list[Receipt] = field(default_factory=list, metadata=xml("Receipt"))


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (same class names)."""

_DECLARED = "IEC 61968-9:{} ReceiptRecord profile as declared by mspcim (IEC TS 61968-14 8.25)"

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, ReceiptRecord, _DECLARED.format(2013)
)
"""The 2013 ReceiptRecord payload, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, ReceiptRecord, _DECLARED.format(2009)
)
"""The 2009 ReceiptRecord payload, with the XSD the project declares."""
