"""MultiSpeak 4.1 payments: ``paymentTransaction``, its tenders, and the payment operations.

As the 4.1.6 CB_Server WSDL declares them (the MDM_Server repeats the commit and the PPM
query): a ``paymentTransaction`` pays an account (``accountNumber``, ``typeService``) with
``creditCardPayment``, ``eCheckPayment``, ``achPayment`` and ``cashPayment`` elements, each
holding one ``tender`` (``amount``, fees, ``total`` as ``money``, the processor's codes) and,
for cards and cheques, the card or bank details. Operations: ``ProcessPaymentTransaction``
(CB), ``CommitPaymentTransaction`` (CB, MDM), ``GetPPMPayments`` (CB, MDM) and their
responses. Amounts are ``Decimal`` (``meter.Money``): the schema's ``xs:float`` is a lexical
form here, never a binary float. The PP_Server of 4.1.6 declares no payment operation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.address import Address
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v41.msp_binding import MspObject, xml_list

__all__ = [
    "PAYMENT_CALLS",
    "PAYMENT_RESULTS",
    "CashPayment",
    "CheckInfo",
    "CheckPayment",
    "CommitPaymentTransaction",
    "CommitPaymentTransactionResponse",
    "CreditCardInfo",
    "CreditCardPayment",
    "GetPPMPayments",
    "GetPPMPaymentsResponse",
    "PayableItem",
    "PayableItemList",
    "PaymentTransaction",
    "PaymentTransactionList",
    "ProcessPaymentTransaction",
    "ProcessPaymentTransactionResponse",
    "Tender",
]


@dataclass(slots=True, kw_only=True)
class PayableItem(MspObject):
    """``payableItem``: a bill or charge the customer may pay."""

    past_due_amount: Money | None = field(default=None, metadata=xml("pastDueAmount"))
    current_amount: Money | None = field(default=None, metadata=xml("currentAmount"))
    description: str | None = field(default=None, metadata=xml("description"))
    charge_code: str | None = field(default=None, metadata=xml("chargeCode"))
    due_date: datetime | None = field(default=None, metadata=xml("dueDate"))
    disconnect_date: datetime | None = field(default=None, metadata=xml("disconnectDate"))
    last_payment_amount: Money | None = field(default=None, metadata=xml("lastPaymentAmount"))
    last_payment_date: datetime | None = field(default=None, metadata=xml("lastPaymentDate"))


@dataclass(slots=True, kw_only=True)
class PayableItemList:
    """``payableItemList``: the items a tender pays and the transaction types allowed."""

    payable_items: list[PayableItem] = field(default_factory=list, metadata=xml("payableItem"))
    allowable_transaction_types: list[str] = field(
        default_factory=list, metadata=xml_list("allowableTransactionTypes", "transactionType")
    )

    def __str__(self) -> str:
        return f"{len(self.payable_items)} payable item(s)"


@dataclass(slots=True, kw_only=True)
class Tender(MspObject):
    """``tender``: the money of one payment, its fees and the payment processor's answer."""

    amount: Money | None = field(default=None, metadata=xml("amount"))
    convenience_fee: Money | None = field(default=None, metadata=xml("convenienceFee"))
    utility_fee: Money | None = field(default=None, metadata=xml("utilityFee"))
    total: Money | None = field(default=None, metadata=xml("total"))
    authorization_code: str | None = field(default=None, metadata=xml("authorizationCode"))
    payable_item_list: PayableItemList | None = field(default=None, metadata=xml("payableItemList"))
    payment_mode: str | None = field(default=None, metadata=xml("paymentMode"))
    response_code: str | None = field(default=None, metadata=xml("responseCode"))
    financial_transaction_id: str | None = field(
        default=None, metadata=xml("financialTransactionID")
    )


@dataclass(slots=True, kw_only=True)
class CreditCardInfo:
    """``creditCardInfo``: the card, its holder and the holder's address."""

    type: str | None = field(default=None, metadata=xml("type"))
    credit_card_number: str | None = field(default=None, metadata=xml("creditCardNumber"))
    credit_card_exp_date: str | None = field(default=None, metadata=xml("creditCardExpDate"))
    card_verification_value: str | None = field(default=None, metadata=xml("cardVerificationValue"))
    first_name: str | None = field(default=None, metadata=xml("firstName"))
    last_name: str | None = field(default=None, metadata=xml("lastName"))
    m_name: str | None = field(default=None, metadata=xml("mName"))
    suffix: str | None = field(default=None, metadata=xml("suffix"))
    address: Address | None = field(default=None, metadata=xml("address"))


@dataclass(slots=True, kw_only=True)
class CheckInfo:
    """``checkInfo``: the bank account a cheque or transfer draws on."""

    checking_account_number: str | None = field(default=None, metadata=xml("checkingAccountNumber"))
    bank_routing_number: str | None = field(default=None, metadata=xml("bankRoutingNumber"))
    name_on_check: str | None = field(default=None, metadata=xml("nameOnCheck"))
    check_number: str | None = field(default=None, metadata=xml("checkNumber"))


@dataclass(slots=True, kw_only=True)
class CashPayment:
    """``cashPayment``: a tender paid in cash."""

    tender: Tender | None = field(default=None, metadata=xml("tender"))


@dataclass(slots=True, kw_only=True)
class CreditCardPayment:
    """``creditCardPayment``: a tender paid by card."""

    credit_card_info: CreditCardInfo | None = field(default=None, metadata=xml("creditCardInfo"))
    tender: Tender | None = field(default=None, metadata=xml("tender"))


@dataclass(slots=True, kw_only=True)
class CheckPayment:
    """``eCheckPayment`` or ``achPayment`` (one structure): a tender drawn on a bank account."""

    check_info: CheckInfo | None = field(default=None, metadata=xml("checkInfo"))
    tender: Tender | None = field(default=None, metadata=xml("tender"))


@dataclass(slots=True, kw_only=True)
class PaymentTransaction:
    """``paymentTransaction``: payments to one account, by any mix of tenders."""

    account_number: str | None = field(default=None, metadata=xml("accountNumber"))
    type_service: str | None = field(default=None, metadata=xml("typeService"))
    credit_card_payments: list[CreditCardPayment] = field(
        default_factory=list, metadata=xml("creditCardPayment")
    )
    e_check_payments: list[CheckPayment] = field(
        default_factory=list, metadata=xml("eCheckPayment")
    )
    ach_payments: list[CheckPayment] = field(default_factory=list, metadata=xml("achPayment"))
    cash_payments: list[CashPayment] = field(default_factory=list, metadata=xml("cashPayment"))


@dataclass(slots=True, kw_only=True)
class PaymentTransactionList:
    """``paymentTransactionList``: payment transactions (not an ``ArrayOf…`` wrapper)."""

    payment_transactions: list[PaymentTransaction] = field(
        default_factory=list, metadata=xml("paymentTransaction")
    )


@dataclass(slots=True, kw_only=True)
class ProcessPaymentTransaction:
    """CB_Server ``ProcessPaymentTransaction``: have the payments authorised and applied."""

    transactions: PaymentTransactionList | None = field(default=None, metadata=xml("transactions"))


@dataclass(slots=True, kw_only=True)
class ProcessPaymentTransactionResponse:
    """``ProcessPaymentTransactionResponse``: the payments with the processor's answers."""

    result: PaymentTransactionList | None = field(
        default=None, metadata=xml("ProcessPaymentTransactionResult")
    )


@dataclass(slots=True, kw_only=True)
class CommitPaymentTransaction:
    """CB/MDM_Server ``CommitPaymentTransaction``: post processed payments to the accounts."""

    transactions: PaymentTransactionList | None = field(default=None, metadata=xml("transactions"))


@dataclass(slots=True, kw_only=True)
class CommitPaymentTransactionResponse:
    """``CommitPaymentTransactionResponse``: the payments as committed."""

    result: PaymentTransactionList | None = field(
        default=None, metadata=xml("CommitPaymentTransactionResult")
    )


@dataclass(slots=True, kw_only=True)
class GetPPMPayments:
    """CB/MDM_Server ``GetPPMPayments``: prepayment payments received in a period."""

    start_time: datetime = field(metadata=xml("startTime"))
    stop_time: datetime = field(metadata=xml("stopTime"))


@dataclass(slots=True, kw_only=True)
class GetPPMPaymentsResponse:
    """``GetPPMPaymentsResponse``: lists of payment transactions."""

    result: list[PaymentTransactionList] = field(
        default_factory=list, metadata=xml_list("GetPPMPaymentsResult", "paymentTransactionList")
    )


PAYMENT_CALLS: Final[dict[str, type[ProcessPaymentTransaction | CommitPaymentTransaction]]] = {
    "ProcessPaymentTransaction": ProcessPaymentTransaction,
    "CommitPaymentTransaction": CommitPaymentTransaction,
}
"""Payment request body element → its dataclass (each holds ``transactions``)."""

PAYMENT_RESULTS: Final[
    dict[str, type[ProcessPaymentTransactionResponse | CommitPaymentTransactionResponse]]
] = {
    "ProcessPaymentTransactionResponse": ProcessPaymentTransactionResponse,
    "CommitPaymentTransactionResponse": CommitPaymentTransactionResponse,
}
"""Payment response body element → its dataclass (each holds ``result``)."""
