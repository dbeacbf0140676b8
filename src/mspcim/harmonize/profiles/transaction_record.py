"""Profile TransactionRecord, IEC TS 61968-14 8.31: ``ppmBalanceAdjustment`` ⇄ CIM Transactions.

MultiSpeak 4.1 has no vending transaction its operations carry (4.1.6 declares ``ppmTransaction``
but no operation uses it; the PP_Server offers none): the prepayment transactions it exchanges
are the balance adjustments of the CB and MDM servers. Each ``adjustmentItem`` is one CIM
Transaction: its ``amount`` the line amount (exact, with its currency), its ``balanceType`` the
TransactionKind through the declared table ``BALANCE_KINDS``, its ``adjustmentItemID`` the mRID.
What the adjustment says of all its items — account, service type, prepayment location,
description, its own id — is said by each of its Transactions (CustomerAccount, PricingStructure
ServiceCategory, Names, description); on the way back consecutive Transactions naming the same
adjustment form one ``ppmBalanceAdjustment`` again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any, Final

from mspcim.cim.end_device_assets import ServiceCategory
from mspcim.cim.identified_object import Name, first_name
from mspcim.cim.pricing_structure_config import PricingStructure
from mspcim.cim.transaction_record import (
    CustomerAccount,
    LineDetail,
    Transaction,
    TransactionKind,
    TransactionRecord,
)
from mspcim.harmonize import money_codecs as _money_codecs  # noqa: F401  (registers the codecs)
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import names_carrier, typed_name
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.money_codecs import DEFAULT_CURRENCY, money_to_cim, money_to_msp
from mspcim.harmonize.parts import take
from mspcim.harmonize.profiles.customer_meter_data_set import ACCOUNT_NUMBER
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.harmonize.utility_info_codecs import SERVICE_KINDS
from mspcim.multispeak.v41.ppm_balance_adjustment import (
    AdjustmentItem,
    BalanceType,
    PpmBalanceAdjustment,
)

__all__ = [
    "ADJUSTMENT",
    "ADJUSTMENT_ID",
    "ADJUSTMENT_ITEM",
    "BALANCE_KINDS",
    "KIND_BALANCES",
    "account_names",
    "account_number_of",
    "service_type_of",
    "service_type_parts",
    "to_cim",
    "to_msp",
]

PROFILE: Final = "TransactionRecord"
CLAUSE: Final = "8.31"
TRANSACTION_NAMES: Final = names_carrier("TransactionNames", "transaction_names", "Transaction")

BALANCE_KINDS: Final[dict[BalanceType, TransactionKind]] = {
    BalanceType.PREPAID: TransactionKind.TOKEN_SALE_PAYMENT,
    BalanceType.ARREARS: TransactionKind.AUXILIARY_CHARGE_PAYMENT,
    BalanceType.TOTAL: TransactionKind.ACCOUNT_PAYMENT,
    BalanceType.PRIORITY: TransactionKind.SERVICE_CHARGE_PAYMENT,
    BalanceType.OTHER: TransactionKind.OTHER,
}
"""MultiSpeak ``balanceType`` → the TransactionKind of the balance it adjusts (one to one)."""

KIND_BALANCES: Final[dict[TransactionKind, BalanceType]] = {
    **{kind: balance for balance, kind in BALANCE_KINDS.items()},
    TransactionKind.TOKEN_FREE_ISSUE: BalanceType.PREPAID,
    TransactionKind.TOKEN_GRANT: BalanceType.PREPAID,
    TransactionKind.TOKEN_EXCHANGE: BalanceType.PREPAID,
    TransactionKind.TOKEN_CANCELLATION: BalanceType.PREPAID,
    TransactionKind.TAX_CHARGE_PAYMENT: BalanceType.PRIORITY,
}
"""TransactionKind → ``balanceType``; kinds not in ``BALANCE_KINDS`` come back as another kind."""

ADJUSTMENT_ID: Final = "ppmBalanceAdjustment"
"""NameType of the Transaction name holding the ``@objectID`` of its adjustment."""
_SPREAD_NAMES: Final = {
    "object_id": ADJUSTMENT_ID,
    "object_name": "objectName",
    "ppm_location_id": "ppmLocationID",
    "comments": "comments",
    "utility": "utility",
}
"""Adjustment fields each of its Transactions carries as a Name of this NameType."""
SERVICE_TYPE: Final = "serviceType"
"""NameType of a service type name with no CIM ServiceKind."""
_SERVICE_TYPES: Final = {kind: service for service, kind in SERVICE_KINDS.items()}


# --- shared with ReceiptRecord: the account and the service a transaction is for


def account_names(account_number: str | None) -> CustomerAccount | None:
    """The CustomerAccount a MultiSpeak ``accountNumber`` names (a Name accountNumber)."""
    if account_number is None:
        return None
    return CustomerAccount(customer_account_names=[typed_name(account_number, ACCOUNT_NUMBER)])


def account_number_of(
    account: CustomerAccount | None, ctx: TranslationContext, field: str
) -> str | None:
    """The MultiSpeak ``accountNumber`` of a CustomerAccount; the rest of it is reported lost."""
    if account is None:
        return None
    if account.mrid:
        ctx.gap(field, account.mrid, "MultiSpeak names the account by its number only")
    number: str | None = None
    for name in account.customer_account_names:
        if name.type_name in (ACCOUNT_NUMBER, None) and number is None:
            number = name.name
        else:
            ctx.gap(field, name.name, "MultiSpeak names the account by one number")
    return number


def service_type_parts(service_type: str | None) -> tuple[PricingStructure | None, list[Name]]:
    """A MultiSpeak service type as the PricingStructure ServiceCategory, or else as a Name."""
    if service_type is None:
        return None, []
    kind = SERVICE_KINDS.get(service_type)
    if kind is None:
        return None, [typed_name(service_type, SERVICE_TYPE)]
    return PricingStructure(service_category=ServiceCategory(kind=kind)), []


def service_type_of(
    structure: PricingStructure | None, names: list[Name], ctx: TranslationContext, field: str
) -> str | None:
    """The MultiSpeak service type of a PricingStructure reference (or a serviceType Name)."""
    carried = first_name(names, SERVICE_TYPE)
    if carried is not None:
        take(ctx, carried)
    found = carried.name if carried is not None else None
    if structure is None:
        return found
    for item in fields(structure):
        value = getattr(structure, item.name)
        if item.name != "service_category" and value not in (None, []):
            ctx.gap(field, value, "MultiSpeak refers to the pricing structure by service only")
    category = structure.service_category
    if category is not None:
        if category.kind in _SERVICE_TYPES:
            return _SERVICE_TYPES[category.kind]
        ctx.gap(field, category.kind, "no MultiSpeak serviceType for this ServiceKind")
    return found


# --- adjustmentItem ⇄ Transaction


_LINE_PARTS: Final = {"date_time": "dateTime", "note": "note", "rounding": "rounding"}


def _amount_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    amount = money_to_cim(values["amount"], ctx)
    return {"line": LineDetail(amount=amount)} if amount is not None else {}


def _amount_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    line: LineDetail | None = values["line"]
    if line is None:
        return {}
    for name, element in _LINE_PARTS.items():
        if (value := getattr(line, name)) is not None:
            ctx.gap(f"line/{element}", value, "an adjustmentItem has an amount only")
    return {"amount": money_to_msp(line.amount, ctx)}


field_codec(
    "adjustment_amount",
    _amount_to_cim,
    _amount_to_msp,
    "amount ⇄ line/amount, exact, with its currency (DefaultCurrencyCode when absent)",
)


def _kind_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"kind": BALANCE_KINDS[values["balance_type"]]}


def _kind_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    kind: TransactionKind | None = values["kind"]
    if kind is None:
        ctx.gap("kind", "(none)", "balanceType is required: Other", lost=False)
        return {"balance_type": BalanceType.OTHER}
    balance = KIND_BALANCES.get(kind, BalanceType.OTHER)
    if BALANCE_KINDS[balance] is not kind:
        reason = f"no balanceType of its own: written as {balance.value}"
        ctx.gap("kind", kind, reason, lost=False)
    return {"balance_type": balance}


field_codec(
    "balance_kind",
    _kind_to_cim,
    _kind_to_msp,
    "balanceType ⇄ kind by the declared tables BALANCE_KINDS and KIND_BALANCES",
)

ADJUSTMENT_ITEM: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=AdjustmentItem,
    cim_class=Transaction,
    msp_objects=("ppmBalanceAdjustment/adjustmentItemList/adjustmentItem",),
    rules=(
        Correlate("adjustment_item_id", "mrid"),
        Transform(("amount",), ("line",), "adjustment_amount", "the amount, exact"),
        Transform(("balance_type",), ("kind",), "balance_kind", "the balance adjusted"),
        Gap(Side.CIM, "diverse_reference", "an adjustmentItem has no references"),
        Gap(Side.CIM, "donor_reference", "an adjustmentItem has no references"),
        Gap(Side.CIM, "receiver_reference", "an adjustmentItem has no references"),
        Gap(Side.CIM, "reversed_id", "an adjustmentItem has no references"),
    ),
)
"""adjustmentItem ⇄ Transaction: what each item says."""


# --- ppmBalanceAdjustment ⇄ the Transactions of its items


_FIRST: Final = "transaction_record.first"
"""Translation state: the position of a group's first Transaction in its document."""
_NAMES = "name of a type MultiSpeak has no element for"
_CONTEXT = (
    "one ppmBalanceAdjustment holds one account, service, location and description for all "
    "its items: those of its first Transaction are kept"
)


def _adjustment_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    items: list[AdjustmentItem] = values["adjustment_item_list"] or []
    if not items:
        shown = values["object_id"] or values["account_number"] or "(adjustment)"
        ctx.gap("adjustment_item_list", shown, "an adjustment without items is no transaction")
        return {}
    if values["object_id"] is None and len(items) > 1:
        reason = "no @objectID holds the items together: they come back as one adjustment each"
        ctx.gap("object_id", f"{len(items)} items", reason, lost=False)
    transactions = []
    for index, item in enumerate(items, start=1):
        path = f"{ctx.path}/adjustmentItemList/adjustmentItem[{index}]"
        transaction: Transaction = ctx.nested(ADJUSTMENT_ITEM, item, path)
        structure, service_names = service_type_parts(values["service_type"])
        transaction.description = values["description"]
        transaction.customer_account = account_names(values["account_number"])
        transaction.pricing_structure = structure
        transaction.transaction_names += [
            typed_name(text, name_type)
            for field, name_type in _SPREAD_NAMES.items()
            if (text := values[field])
        ] + service_names
        transactions.append(transaction)
    return {"transactions": transactions}


def _context(transaction: Transaction, where: str, ctx: TranslationContext) -> dict[str, Any]:
    """The adjustment values one Transaction states; what else it holds is reported lost."""
    names = transaction.transaction_names
    found: dict[str, Any] = {
        "description": transaction.description,
        "account_number": account_number_of(
            transaction.customer_account, ctx, f"{where}/CustomerAccount"
        ),
        "service_type": service_type_of(
            transaction.pricing_structure, names, ctx, f"{where}/PricingStructure"
        ),
    }
    used = {SERVICE_TYPE}
    for field, name_type in _SPREAD_NAMES.items():
        name = first_name(names, name_type)
        found[field] = name.name if name is not None else None
        used.add(name_type)
    taken: set[str] = set()
    for index, name in enumerate(names, start=1):
        if name.type_name in used and name.type_name not in taken:
            taken.add(str(name.type_name))
            take(ctx, name)
        else:
            label = f"{name.type_name}={name.name}" if name.type_name else name.name
            ctx.gap(
                f"{where}/Names[{index}]", label, "name of a type MultiSpeak has no element for"
            )
    return found


def _adjustment_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    transactions: list[Transaction] = values["transactions"] or []
    first_index = int(ctx.state.get(_FIRST, 1))
    result: dict[str, Any] = {}
    items = []
    for offset, transaction in enumerate(transactions):
        where = f"Transaction[{first_index + offset}]"
        items.append(ctx.nested(ADJUSTMENT_ITEM, transaction, f"{ctx.path}/{where}"))
        context = _context(transaction, where, ctx)
        if not offset:
            result = context
            continue
        for field, value in context.items():
            if value is not None and value != result[field]:
                ctx.gap(where, f"{field}={value}", _CONTEXT)
    return {**result, "adjustment_item_list": items}


field_codec(
    "ppm_adjustment_transactions",
    _adjustment_to_cim,
    _adjustment_to_msp,
    "each adjustmentItem ⇄ one Transaction (ADJUSTMENT_ITEM), which also states the "
    "adjustment's account (CustomerAccount Names accountNumber), serviceType (PricingStructure/"
    "ServiceCategory/kind, else a Name), description, and @objectID, objectName, ppmLocationID, "
    "comments, @utility as Names",
)

ADJUSTMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PpmBalanceAdjustment,
    cim_class=TransactionRecord,
    msp_objects=(
        "CB/MDM_Server: AdjustPPMBalance (adjustments), GetPPMBalanceAdjustments (startTime, "
        "stopTime) and its response",
        "ppmBalanceAdjustment, adjustmentItem; ppmTransaction is declared by the 4.1.6 schemas "
        "but carried by no operation; PP_Server has no prepayment operation",
    ),
    rules=(
        Transform(
            (
                "object_id",
                "object_name",
                "description",
                "account_number",
                "service_type",
                "ppm_location_id",
                "comments",
                "utility",
                "adjustment_item_list",
            ),
            ("transactions",),
            "ppm_adjustment_transactions",
            "an adjustment is the Transactions of its items",
        ),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "extensions_list", "vendor extensionsItem with no CIM counterpart"),
    ),
)
"""ppmBalanceAdjustment ⇄ the Transactions of its items (a group of the document's)."""


def _state(report: GapReport | None, default_currency: str | None) -> TranslationState:
    return TranslationState(
        report=report if report is not None else GapReport(),
        state={DEFAULT_CURRENCY: default_currency},
        profile=PROFILE,
    )


def to_cim(
    adjustments: Iterable[PpmBalanceAdjustment],
    report: GapReport | None = None,
    path: str = "",
    default_currency: str | None = None,
) -> TransactionRecord:
    """MultiSpeak balance adjustments as one CIM TransactionRecord document."""
    shared = _state(report, default_currency)
    transactions: list[Transaction] = []
    for index, adjustment in enumerate(adjustments, start=1):
        where = f"{path}/ppmBalanceAdjustment[{index}]"
        group = translate(ADJUSTMENT, adjustment, Direction.TO_CIM, shared, where)
        transactions += group.transactions
    return TransactionRecord(transactions=transactions)


def _groups(transactions: list[Transaction]) -> list[tuple[int, list[Transaction]]]:
    """(position of the first, Transactions) of each run naming the same adjustment."""
    groups: list[tuple[int, list[Transaction]]] = []
    previous: str | None = None
    for index, transaction in enumerate(transactions, start=1):
        name = first_name(transaction.transaction_names, ADJUSTMENT_ID)
        key = name.name if name is not None else None
        if groups and key is not None and key == previous:
            groups[-1][1].append(transaction)
        else:
            groups.append((index, [transaction]))
        previous = key
    return groups


def to_msp(
    document: TransactionRecord,
    report: GapReport | None = None,
    path: str = "/TransactionRecord",
    default_currency: str | None = None,
) -> list[PpmBalanceAdjustment]:
    """A CIM TransactionRecord document as MultiSpeak balance adjustments."""
    shared = _state(report, default_currency)
    adjustments = []
    for first, group in _groups(document.transactions):
        shared.state[_FIRST] = first
        record = TransactionRecord(transactions=group)
        adjustments.append(translate(ADJUSTMENT, record, Direction.TO_MSP, shared, path))
    return adjustments
