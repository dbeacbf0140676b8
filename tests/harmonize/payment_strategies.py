"""Hypothesis strategies for rates, payments and balance adjustments on both sides.

Each strategy draws only what the tables carry both ways (no values a table declares lost, no
credentials), with amounts of up to 24 digits so exactness is tested on long decimals: every
MultiSpeak draw comes back equal through CIM, every CIM draw through MultiSpeak.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import strategies as st

from mspcim.cim.end_device_assets import ServiceCategory
from mspcim.cim.identified_object import Name
from mspcim.cim.pricing_structure_config import (
    AccountingUnit,
    Charge,
    PricingStructure,
    RevenueKind,
    Tariff,
    TariffProfile,
    TimeTariffInterval,
)
from mspcim.cim.receipt_record import (
    BankAccountDetail,
    Card,
    Cheque,
    ChequeKind,
    Receipt,
    Tender,
    TenderKind,
)
from mspcim.cim.transaction_record import LineDetail, Transaction, TransactionKind
from mspcim.cim.transaction_record import Money as CimMoney
from mspcim.harmonize.end_device_codecs import typed_name
from mspcim.harmonize.money_codecs import total
from mspcim.harmonize.profiles.transaction_record import (
    ADJUSTMENT_ID,
    BALANCE_KINDS,
    account_names,
    service_type_parts,
)
from mspcim.harmonize.utility_info_codecs import SERVICE_KINDS
from mspcim.multispeak.v41 import payment_transaction as msp
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v41.ppm_balance_adjustment import (
    AdjustmentItem,
    BalanceType,
    PpmBalanceAdjustment,
)
from mspcim.multispeak.v41.rate import Rate, RateComponent

ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
texts = st.lists(words, min_size=1, max_size=3).map(" ".join)
digits = st.text(alphabet="0123456789", min_size=4, max_size=19)
currencies = st.sampled_from(["USD", "CAD", "EUR", "MXN", "JPY", "XTS"])
service_types = st.sampled_from(["Electric", "Gas", "Water", "Other", "Propane", "Telecom"])

amounts = st.integers(min_value=0, max_value=12).flatmap(
    lambda places: st.decimals(
        min_value=Decimal("-999999999999"),
        max_value=Decimal("999999999999"),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )
)
"""Exact amounts of up to 12 integer and 12 fractional digits."""

moments = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2040, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=-6)), timezone(timedelta(hours=2))]),
).map(lambda moment: moment.replace(microsecond=0))
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1))


def msp_money(currency: bool = True) -> st.SearchStrategy[Money]:
    """MultiSpeak money, with a currency or (``currency`` False) sometimes without."""
    codes = currencies if currency else st.none() | currencies
    return st.builds(Money, value=amounts, currency_code=codes)


def cim_money() -> st.SearchStrategy[CimMoney]:
    """CIM Money, with or without a currency."""
    return st.builds(CimMoney, value=amounts, unit=st.none() | currencies)


# --- PricingStructureConfig


rate_components = st.builds(
    RateComponent,
    value=amounts,
    currency_code=st.none() | currencies,
    commodity_units=st.none() | st.sampled_from(["kWh", "kW", "Therm"]),
    rate_component_description=st.none() | texts,
    rate_code=st.none() | ids,
)
rates = st.builds(
    Rate,
    object_id=st.none() | ids,
    object_name=st.none() | texts,
    comments=st.none() | texts,
    utility=st.none() | ids,
    rate_code=st.none() | ids,
    rate_code_description=st.none() | texts,
    start_time=st.none() | moments,
    rate_components=st.lists(rate_components, max_size=3),
)


def _structure(
    structure: PricingStructure, start: date | None, charges: list[Charge]
) -> PricingStructure:
    if start is not None or charges:
        interval = TimeTariffInterval(sequence_number=1, start_time=Decimal(0), charges=charges)
        profiles = [TariffProfile(time_tariff_intervals=[interval])] if charges else []
        structure.tariffs = [Tariff(start_date=start, tariff_profiles=profiles)]
    return structure


charges = st.builds(
    Charge,
    fixed_portion=st.builds(AccountingUnit, value=amounts, monetary_unit=st.none() | currencies),
    name=st.none() | ids,
    description=st.none() | texts,
    charge_names=st.lists(
        st.sampled_from(["kWh", "Therm"]).map(lambda unit: typed_name(unit, "commodityUnits")),
        max_size=1,
    ),
)
pricing_structures = st.builds(
    _structure,
    st.builds(
        PricingStructure,
        mrid=st.none() | ids,
        code=st.none() | ids,
        description=st.none() | texts,
        name=st.none() | texts,
        revenue_kind=st.none() | st.sampled_from(list(RevenueKind)),
        tax_exemption=st.none() | st.booleans(),
        service_category=st.none()
        | st.sampled_from(sorted(set(SERVICE_KINDS.values()))).map(
            lambda kind: ServiceCategory(kind=kind)
        ),
    ),
    st.none() | days,
    st.lists(charges, max_size=3),
)
"""PricingStructures of the shape a rate holds: one tariff, one profile, one interval."""


# --- ReceiptRecord


def _some(obj: object) -> bool:
    return any(value not in (None, []) for value in vars_of(obj))


def vars_of(obj: object) -> list[object]:
    """The field values of a dataclass instance."""
    return [getattr(obj, item.name) for item in fields(obj)]  # type: ignore[arg-type]


tenders = st.builds(
    msp.Tender,
    object_id=st.none() | ids,
    amount=st.none() | msp_money(currency=False),
    convenience_fee=st.none() | msp_money(currency=False),
    utility_fee=st.none() | msp_money(),
    total=st.none() | msp_money(),
    authorization_code=st.none() | ids,
    payment_mode=st.none() | words,
    response_code=st.none() | st.sampled_from(["Success", "Failure", "Error"]),
    financial_transaction_id=st.none() | ids,
    object_name=st.none() | texts,
    comments=st.none() | texts,
    utility=st.none() | ids,
).filter(_some)
cards = st.builds(
    msp.CreditCardInfo,
    credit_card_number=st.none() | digits,
    credit_card_exp_date=st.none() | days.map(date.isoformat),
    first_name=st.none() | words,
    m_name=st.none(),
    last_name=words,
)
checks = st.builds(
    msp.CheckInfo,
    checking_account_number=st.none() | digits,
    bank_routing_number=st.none() | digits,
    name_on_check=st.none() | texts,
    check_number=st.none() | digits,
).filter(_some)
payment_transactions = st.builds(
    msp.PaymentTransaction,
    account_number=st.none() | ids,
    type_service=st.none() | service_types,
    credit_card_payments=st.lists(
        st.builds(msp.CreditCardPayment, credit_card_info=st.none() | cards, tender=tenders),
        max_size=2,
    ),
    e_check_payments=st.lists(
        st.builds(msp.CheckPayment, check_info=st.none() | checks, tender=tenders), max_size=2
    ),
    ach_payments=st.lists(
        st.builds(msp.CheckPayment, check_info=st.none() | checks, tender=tenders), max_size=1
    ),
    cash_payments=st.lists(st.builds(msp.CashPayment, tender=st.none() | tenders), max_size=2),
)

_CHEQUE_ORDER = (ChequeKind.OTHER, ChequeKind.BANK_ORDER)


@st.composite
def receipts(draw: st.DrawFn) -> Receipt:
    """CIM Receipts MultiSpeak holds: tenders in its order of payments, the derived line."""

    def tender(kind: TenderKind) -> Tender:
        return Tender(
            mrid=draw(st.none() | ids),
            amount=draw(st.none() | cim_money()),
            change=draw(st.none() | cim_money()),
            kind=kind,
        )

    found: list[Tender] = []
    for _ in range(draw(st.integers(0, 2))):
        card = tender(TenderKind.CARD)
        holder = draw(st.lists(words, max_size=3).map(" ".join))
        card.card = draw(
            st.none()
            | st.builds(
                Card,
                pan=st.none() | digits,
                expiry_date=st.none() | days,
                account_holder_name=st.just(holder or None),
            ).filter(_some)
        )
        found.append(card)
    for kind in _CHEQUE_ORDER:
        for _ in range(draw(st.integers(0, 1))):
            cheque = tender(TenderKind.CHEQUE)
            detail = draw(
                st.none()
                | st.builds(
                    BankAccountDetail,
                    account_number=st.none() | digits,
                    branch_code=st.none() | digits,
                    holder_name=st.none() | texts,
                ).filter(_some)
            )
            cheque.cheque = Cheque(
                kind=kind,
                bank_account_detail=detail,
                cheque_number=draw(st.none() | digits),
            )
            found.append(cheque)
    found += [tender(TenderKind.CASH) for _ in range(draw(st.integers(0, 2)))]
    amounts_found = [item.amount for item in found if item.amount is not None]
    summed = total(amounts_found) if len(amounts_found) == len(found) else None
    account = draw(st.none() | ids)
    service = draw(st.none() | service_types)
    transactions = []
    if account is not None or service is not None:
        structure, names = service_type_parts(service)
        transactions.append(
            Transaction(
                kind=TransactionKind.ACCOUNT_PAYMENT,
                customer_account=account_names(account),
                pricing_structure=structure,
                transaction_names=names,
            )
        )
    return Receipt(
        tenders=found,
        line=LineDetail(amount=summed) if summed is not None else None,
        transactions=transactions,
    )


# --- TransactionRecord


adjustment_items = st.builds(
    AdjustmentItem,
    balance_type=st.sampled_from(list(BalanceType)),
    amount=st.none() | msp_money(currency=False),
    adjustment_item_id=st.none() | ids,
)


@st.composite
def adjustments(draw: st.DrawFn) -> list[PpmBalanceAdjustment]:
    """Balance adjustments with distinct ``@objectID``s, each with at least one item."""
    keys = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    return [
        PpmBalanceAdjustment(
            object_id=key,
            object_name=draw(st.none() | texts),
            comments=draw(st.none() | texts),
            utility=draw(st.none() | ids),
            description=draw(st.none() | texts),
            account_number=draw(st.none() | ids),
            service_type=draw(st.none() | service_types),
            ppm_location_id=draw(st.none() | ids),
            adjustment_item_list=draw(st.lists(adjustment_items, min_size=1, max_size=3)),
        )
        for key in keys
    ]


@st.composite
def transactions(draw: st.DrawFn) -> list[Transaction]:
    """CIM Transactions MultiSpeak holds, each naming an adjustment of its own (or none)."""
    keys = draw(st.lists(ids, max_size=3, unique=True))
    found = []
    for key in [*keys, None][: draw(st.integers(1, len(keys) + 1))]:
        structure, names = service_type_parts(draw(st.none() | service_types))
        if key is not None:
            names = [typed_name(key, ADJUSTMENT_ID), *names]
        amount = draw(st.none() | cim_money())
        found.append(
            Transaction(
                mrid=draw(st.none() | ids),
                description=draw(st.none() | texts),
                kind=draw(st.sampled_from(sorted(set(BALANCE_KINDS.values())))),
                line=LineDetail(amount=amount) if amount is not None else None,
                transaction_names=names,
                customer_account=account_names(draw(st.none() | ids)),
                pricing_structure=structure,
            )
        )
    return found


def named(name: str, name_type: str) -> Name:
    """A MultiSpeak-issued Name (shorthand for tests)."""
    return typed_name(name, name_type)
