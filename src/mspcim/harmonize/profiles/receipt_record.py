"""Profile ReceiptRecord, IEC TS 61968-14 8.25: MultiSpeak ``paymentTransaction`` ⇄ CIM Receipt.

A payment transaction is a Receipt: each of its payments (credit card, eCheck, ACH, cash) is a
Tender of the matching kind (``TENDER_KINDS``; eCheck and ACH are cheques told apart by
``CHEQUE_KINDS``), its ``tender`` mapped by ``TENDER`` and its card or bank details by ``CARD``
and ``CHEQUE``; the account it pays is the Receipt's account-payment Transaction (CustomerAccount
by accountNumber, ``typeService`` as the PricingStructure ServiceCategory). The Receipt's line
amount is the exact sum of the tenders' amounts (0.10 + 0.20 is 0.30, never 0.30000000000000004).
Card verification values are never forwarded. Fees, totals and the payment processor's codes,
which a CIM Tender has no attribute for, travel as its Names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import date
from typing import Any, Final

from mspcim.cim.receipt_record import (
    BankAccountDetail,
    Card,
    Cheque,
    ChequeKind,
    Receipt,
    ReceiptRecord,
    Tender,
    TenderKind,
)
from mspcim.cim.transaction_record import LineDetail, Transaction, TransactionKind
from mspcim.exceptions import MappingError
from mspcim.harmonize import money_codecs as _money_codecs  # noqa: F401  (registers the codecs)
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import carried_msp, names_carrier
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.money_codecs import DEFAULT_CURRENCY, money_rule, total
from mspcim.harmonize.parts import part
from mspcim.harmonize.profiles.transaction_record import (
    account_names,
    account_number_of,
    service_type_of,
    service_type_parts,
)
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41 import payment_transaction as msp
from mspcim.multispeak.v41.payment_transaction import (
    CashPayment,
    CheckInfo,
    CheckPayment,
    CreditCardInfo,
    CreditCardPayment,
    PaymentTransaction,
)

__all__ = [
    "BANK_ACCOUNT",
    "CARD",
    "CARD_PAYMENT",
    "CASH_PAYMENT",
    "CHECK_PAYMENT",
    "CHEQUE",
    "CHEQUE_KINDS",
    "RECEIPT",
    "TENDER",
    "TENDER_KINDS",
    "to_cim",
    "to_msp",
]

PROFILE: Final = "ReceiptRecord"
CLAUSE: Final = "8.25"
TENDER_NAMES: Final = names_carrier("TenderNames", "tender_names", "Tender")
RECEIPT_NAMES: Final = names_carrier("ReceiptNames", "receipt_names", "Receipt")

_NO_REFERENCE = "a payment has no reference of this kind"
_SECRET = "card verification values are never forwarded"

TENDER: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=msp.Tender,
    cim_class=Tender,
    msp_objects=("tender (in creditCardPayment, eCheckPayment, achPayment, cashPayment)",),
    rules=(
        Correlate("object_id", "mrid"),
        money_rule("amount", "amount", "the amount tendered, exact"),
        carried_msp("convenience_fee", "convenienceFee", "TenderNames", "money"),
        carried_msp("utility_fee", "utilityFee", "TenderNames", "money"),
        carried_msp("total", "total", "TenderNames", "money"),
        carried_msp("authorization_code", "authorizationCode", "TenderNames"),
        carried_msp("payment_mode", "paymentMode", "TenderNames"),
        carried_msp("response_code", "responseCode", "TenderNames"),
        carried_msp("financial_transaction_id", "financialTransactionID", "TenderNames"),
        carried_msp("object_name", "objectName", "TenderNames"),
        carried_msp("comments", "comments", "TenderNames"),
        carried_msp("utility", "utility", "TenderNames"),
        Gap(
            Side.MSP,
            "payable_item_list",
            "the items paid belong to the customer account (CustomerAccountConfig)",
        ),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        carried_cim("change", "Tender.change", "cim_money"),
        Gap(Side.MSP, "extensions_list", "vendor extensionsItem with no CIM counterpart"),
        Gap(Side.CIM, "tender_names", "name of a type MultiSpeak has no element for"),
    ),
)
"""tender ⇄ Tender: the money of one payment."""


def _expiry_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    text: str | None = values["credit_card_exp_date"]
    if text is None:
        return {}
    try:
        return {"expiry_date": date.fromisoformat(text.strip())}
    except ValueError:
        raise MappingError(f"not an xs:date card expiry date: {text!r}") from None


field_codec(
    "card_expiry",
    _expiry_to_cim,
    lambda values, ctx: (
        {"credit_card_exp_date": values["expiry_date"].isoformat()}
        if values["expiry_date"] is not None
        else {}
    ),
    "creditCardExpDate (text, as an xs:date) ⇄ expiryDate",
)

_HOLDER_PARTS: Final = ("first_name", "m_name", "last_name", "suffix")


def _split_holder(text: str) -> dict[str, str | None]:
    words = text.split()
    if len(words) < 2:
        return {"first_name": None, "m_name": None, "last_name": text or None, "suffix": None}
    middle = " ".join(words[1:-1]) or None
    return {"first_name": words[0], "m_name": middle, "last_name": words[-1], "suffix": None}


def _holder_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    parts = [values[name] for name in _HOLDER_PARTS if values[name]]
    if not parts:
        return {}
    holder = " ".join(parts)
    if _split_holder(holder) != {name: values[name] or None for name in _HOLDER_PARTS}:
        reason = "the name parts cannot be told apart again from accountHolderName"
        ctx.gap("first_name", holder, reason, lost=False)
    return {"account_holder_name": holder}


def _holder_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    holder: str | None = values["account_holder_name"]
    return _split_holder(holder) if holder else {}


field_codec(
    "card_holder_name",
    _holder_to_cim,
    _holder_to_msp,
    "firstName, mName, lastName, suffix ⇄ accountHolderName: joined with spaces; split as first "
    "word, middle words, last word (a suffix or a spaced part is reported changed)",
)

CARD: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=CreditCardInfo,
    cim_class=Card,
    msp_objects=("creditCardPayment/creditCardInfo",),
    rules=(
        Correlate("credit_card_number", "pan"),
        Transform(("credit_card_exp_date",), ("expiry_date",), "card_expiry", "expiry date"),
        Transform(
            ("first_name", "m_name", "last_name", "suffix"),
            ("account_holder_name",),
            "card_holder_name",
            "the card holder's name",
        ),
        Gap(Side.MSP, "card_verification_value", _SECRET, secret=True),
        Gap(Side.CIM, "cv_number", _SECRET, secret=True),
        Gap(Side.MSP, "type", "a CIM Card has no card type"),
        Gap(Side.MSP, "address", "a CIM Card has no address"),
    ),
)
"""creditCardInfo ⇄ Card."""

BANK_ACCOUNT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=CheckInfo,
    cim_class=BankAccountDetail,
    msp_objects=("checkInfo",),
    rules=(
        Correlate("checking_account_number", "account_number"),
        Correlate("bank_routing_number", "branch_code"),
        Correlate("name_on_check", "holder_name"),
        Gap(Side.CIM, "bank_name", "checkInfo names the bank by its routing number only"),
        Gap(Side.CIM, "holder_id", "checkInfo has no holder id"),
    ),
)
"""checkInfo ⇄ BankAccountDetail."""

CHEQUE: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=CheckInfo,
    cim_class=Cheque,
    msp_objects=("eCheckPayment/checkInfo, achPayment/checkInfo",),
    rules=(
        part(BANK_ACCOUNT, cim="bank_account_detail", within=(CheckInfo, Cheque)),
        Correlate("check_number", "cheque_number"),
        Gap(Side.CIM, "cheque_date", "checkInfo has no date"),
        Gap(Side.CIM, "micr_number", "checkInfo has no MICR line"),
    ),
)
"""checkInfo ⇄ Cheque (its kind says eCheck or ACH: ``CHEQUE_KINDS``)."""

CASH_PAYMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=CashPayment,
    cim_class=Tender,
    msp_objects=("paymentTransaction/cashPayment",),
    rules=(part(TENDER, msp="tender", within=(CashPayment, Tender), note="the tender"),),
)
CARD_PAYMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=CreditCardPayment,
    cim_class=Tender,
    msp_objects=("paymentTransaction/creditCardPayment",),
    rules=(
        part(CARD, msp="credit_card_info", cim="card", within=(CreditCardPayment, Tender)),
        part(TENDER, msp="tender", within=(CreditCardPayment, Tender), note="the tender"),
    ),
)
CHECK_PAYMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=CheckPayment,
    cim_class=Tender,
    msp_objects=("paymentTransaction/eCheckPayment, paymentTransaction/achPayment",),
    rules=(
        part(CHEQUE, msp="check_info", cim="cheque", within=(CheckPayment, Tender)),
        part(TENDER, msp="tender", within=(CheckPayment, Tender), note="the tender"),
    ),
)

TENDER_KINDS: Final[dict[str, tuple[str, TenderKind, Table]]] = {
    "credit_card_payments": ("creditCardPayment", TenderKind.CARD, CARD_PAYMENT),
    "e_check_payments": ("eCheckPayment", TenderKind.CHEQUE, CHECK_PAYMENT),
    "ach_payments": ("achPayment", TenderKind.CHEQUE, CHECK_PAYMENT),
    "cash_payments": ("cashPayment", TenderKind.CASH, CASH_PAYMENT),
}
"""paymentTransaction list → (its element, the TenderKind of its tenders, its table)."""
CHEQUE_KINDS: Final[dict[str, ChequeKind]] = {
    "e_check_payments": ChequeKind.OTHER,
    "ach_payments": ChequeKind.BANK_ORDER,
}
"""The cheque kinds that tell eCheck from ACH payments."""
_CHEQUE_LISTS: Final = {kind: field for field, kind in CHEQUE_KINDS.items()}
_LINE_PARTS: Final = {"date_time": "dateTime", "note": "note", "rounding": "rounding"}


def _tenders_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    tenders: list[Tender] = []
    for field, (element, kind, table) in TENDER_KINDS.items():
        for index, payment in enumerate(values[field] or [], start=1):
            tender: Tender = ctx.nested(table, payment, f"{ctx.path}/{element}[{index}]")
            tender.kind = kind
            if field in CHEQUE_KINDS:
                tender.cheque = tender.cheque or Cheque()
                tender.cheque.kind = CHEQUE_KINDS[field]
            tenders.append(tender)
    if not tenders:
        return {}
    amounts = [tender.amount for tender in tenders if tender.amount is not None]
    summed = total(amounts) if len(amounts) == len(tenders) else None
    return {"tenders": tenders, "line": LineDetail(amount=summed) if summed else None}


def _payment_list(tender: Tender, ctx: TranslationContext) -> str | None:
    """The paymentTransaction list a Tender belongs in (None: it has none; reported)."""
    if tender.kind is TenderKind.CARD:
        if tender.cheque is not None:
            ctx.gap("tenders", tender.mrid or "(cheque)", "a card payment has no cheque")
        return "credit_card_payments"
    if tender.kind is TenderKind.CHEQUE:
        if tender.card is not None:
            ctx.gap("tenders", tender.mrid or "(card)", "a cheque payment has no card")
        kind = tender.cheque.kind if tender.cheque is not None else None
        if kind is ChequeKind.POSTAL_ORDER:
            ctx.gap("tenders", kind, "MultiSpeak has no postal order: an eCheck payment")
        return _CHEQUE_LISTS.get(kind or ChequeKind.OTHER, "e_check_payments")
    if tender.kind is TenderKind.CASH:
        for found in (tender.card, tender.cheque):
            if found is not None:
                ctx.gap("tenders", tender.mrid or "(details)", "a cash payment has no details")
        return "cash_payments"
    shown = tender.amount or tender.mrid or "(tender)"
    kind_text = tender.kind.value if tender.kind else "none"
    ctx.gap("tenders", shown, f"MultiSpeak pays by card, eCheck, ACH or cash, not {kind_text}")
    return None


def _tenders_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    tenders: list[Tender] = values["tenders"] or []
    lists: dict[str, list[Any]] = {field: [] for field in TENDER_KINDS}
    for index, tender in enumerate(tenders, start=1):
        field = _payment_list(tender, ctx)
        if field is not None:
            table = TENDER_KINDS[field][2]
            lists[field].append(ctx.nested(table, tender, f"{ctx.path}/Tenders[{index}]"))
    line: LineDetail | None = values["line"]
    if line is not None:
        summed = total([tender.amount for tender in tenders if tender.amount is not None])
        if summed is None or summed != line.amount:
            ctx.gap("line", line.amount, "a receipt total that is not the sum of its tenders")
        for name, element in _LINE_PARTS.items():
            if (value := getattr(line, name)) is not None:
                ctx.gap(f"line/{element}", value, "a paymentTransaction has no receipt line")
    return {field: items for field, items in lists.items() if items}


field_codec(
    "receipt_tenders",
    _tenders_to_cim,
    _tenders_to_msp,
    "each payment ⇄ a Tender of its kind (TENDER_KINDS, CHEQUE_KINDS), mapped by its table; "
    "line/amount = the exact sum of the tenders' amounts (derived, checked on the way back)",
)


def _account_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    account, service = values["account_number"], values["type_service"]
    if account is None and service is None:
        return {}
    structure, names = service_type_parts(service)
    payment = Transaction(
        kind=TransactionKind.ACCOUNT_PAYMENT,
        customer_account=account_names(account),
        pricing_structure=structure,
        transaction_names=names,
    )
    return {"transactions": [payment]}


_ACCOUNT_FIELDS: Final = ("kind", "customer_account", "pricing_structure", "transaction_names")


def _account_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    transactions: list[Transaction] = values["transactions"] or []
    out: dict[str, Any] = {}
    for index, transaction in enumerate(transactions, start=1):
        where = f"Transactions[{index}]"
        if out or transaction.kind not in (TransactionKind.ACCOUNT_PAYMENT, None):
            shown = transaction.mrid or (transaction.kind.value if transaction.kind else "")
            ctx.gap(where, shown, "a paymentTransaction pays one account")
            continue
        account = account_number_of(transaction.customer_account, ctx, f"{where}/CustomerAccount")
        names = transaction.transaction_names
        service = service_type_of(transaction.pricing_structure, names, ctx, where)
        for item in fields(transaction):
            value = getattr(transaction, item.name)
            if item.name not in _ACCOUNT_FIELDS and value is not None:
                ctx.gap(f"{where}/{item.name}", value, "a paymentTransaction has no such value")
        for name in names:
            if name.type_name != "serviceType":
                ctx.gap(f"{where}/Names", name.name, "name of a type MultiSpeak has no element for")
        out = {"account_number": account, "type_service": service}
    return out


field_codec(
    "receipt_account",
    _account_to_cim,
    _account_to_msp,
    "accountNumber ⇄ the accountPayment Transaction's CustomerAccount (Names accountNumber); "
    "typeService ⇄ its PricingStructure/ServiceCategory/kind (else a Name serviceType)",
)

RECEIPT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PaymentTransaction,
    cim_class=Receipt,
    msp_objects=(
        "CB_Server: ProcessPaymentTransaction; CB/MDM_Server: CommitPaymentTransaction, "
        "GetPPMPayments (startTime, stopTime); their responses (paymentTransactionList)",
        "paymentTransaction, creditCardPayment, eCheckPayment, achPayment, cashPayment, tender, "
        "creditCardInfo, checkInfo; PP_Server (4.1.6) has no payment operation",
    ),
    rules=(
        Transform(
            ("account_number", "type_service"),
            ("transactions",),
            "receipt_account",
            "the account paid",
        ),
        Transform(
            tuple(TENDER_KINDS),
            ("tenders", "line"),
            "receipt_tenders",
            "the payments, and their exact total",
        ),
        Gap(Side.CIM, "mrid", "a paymentTransaction has no id"),
        Gap(Side.CIM, "is_bankable", "no MultiSpeak element for Receipt.isBankable"),
        Gap(Side.CIM, "receipt_names", "a paymentTransaction has no names"),
    ),
)
"""paymentTransaction ⇄ Receipt."""


def _state(report: GapReport | None, default_currency: str | None) -> TranslationState:
    return TranslationState(
        report=report if report is not None else GapReport(),
        state={DEFAULT_CURRENCY: default_currency},
        profile=PROFILE,
    )


def to_cim(
    payments: Iterable[PaymentTransaction],
    report: GapReport | None = None,
    path: str = "",
    default_currency: str | None = None,
) -> ReceiptRecord:
    """MultiSpeak payment transactions as one CIM ReceiptRecord document."""
    shared = _state(report, default_currency)
    return ReceiptRecord(
        receipts=[
            translate(RECEIPT, payment, Direction.TO_CIM, shared, f"{path}/paymentTransaction[{i}]")
            for i, payment in enumerate(payments, start=1)
        ]
    )


def to_msp(
    document: ReceiptRecord,
    report: GapReport | None = None,
    path: str = "/ReceiptRecord",
    default_currency: str | None = None,
) -> list[PaymentTransaction]:
    """A CIM ReceiptRecord document as MultiSpeak payment transactions."""
    shared = _state(report, default_currency)
    return [
        translate(RECEIPT, receipt, Direction.TO_MSP, shared, f"{path}/Receipt[{index}]")
        for index, receipt in enumerate(document.receipts, start=1)
    ]
