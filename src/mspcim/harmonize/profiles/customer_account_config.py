"""Profile CustomerAccountConfig, IEC TS 61968-14 8.1: MultiSpeak ``account`` ⇄ CustomerAccount.

``billingCycle``, ``budgetBill`` and ``lastBillAmount`` (money, exact, with its ISO 4217
currency) map 1:1; ``customerID`` is the Customer reference. What MultiSpeak keeps on the
account but the CIM on the CustomerAgreement the account bills — ``isPrePay``,
``shutOffDate``, the ``serviceLocations`` — maps to the account's CustomerAgreements
(``ACCOUNT_AGREEMENT``, the same rules as profile 8.2 for these fields). Payment and bill dates
and amounts and the billing terms have no CIM attribute: they travel as the account's Names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from mspcim.cim.customer_account_config import CustomerAccount, CustomerAccountConfig
from mspcim.cim.customer_account_config import CustomerAgreement as AccountAgreement
from mspcim.cim.end_device_assets import ServiceLocation
from mspcim.harmonize import money_codecs
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.customer_codecs import reference_list_codec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, carried_msp
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.harmonize.utility_info_codecs import CUSTOMER_REFERENCE
from mspcim.multispeak.v41.account import Account, ServiceLocationReference

__all__ = ["ACCOUNT", "ACCOUNT_AGREEMENT", "SERVICE_LOCATION_REFERENCES", "to_cim", "to_msp"]

PROFILE: Final = "CustomerAccountConfig"
CLAUSE: Final = "8.1"
NAMES: Final = "CustomerAccountNames"

SERVICE_LOCATION_REFERENCES: Final = reference_list_codec(
    "account_service_location_references",
    ("service_locations", "service_locations"),
    (ServiceLocationReference, ServiceLocation),
    "service_location_names",
    "ServiceLocationConfig (8.29)",
    ("serviceLocations/serviceLocation", "ServiceLocations"),
)
"""The service locations of an account ⇄ the agreement's ServiceLocations, by reference."""

ACCOUNT_AGREEMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=Account,
    cim_class=AccountAgreement,
    msp_objects=("account (isPrePay, shutOffDate, serviceLocations)",),
    rules=(
        Correlate("is_pre_pay", "is_pre_pay"),
        Correlate("shut_off_date", "shut_off_date_time"),
        Transform(
            ("service_locations",),
            ("service_locations",),
            SERVICE_LOCATION_REFERENCES,
            "the locations served",
        ),
        carried_cim("mrid", "CustomerAgreement.mRID"),
        Gap(Side.CIM, "customer_agreement_names", "name of a type MultiSpeak has no element for"),
    ),
)
"""The agreement an account bills, as the account holds it."""

_CARRIED: Final = (
    ("payment_due_date", "paymentDueDate", "datetime"),
    ("last_payment_date", "lastPaymentDate", "datetime"),
    ("last_payment_amount", "lastPaymentAmount", "money"),
    ("bill_date", "billDate", "datetime"),
    ("billing_terms", "billingTerms", "text"),
    ("calculated_current_bill_amount", "calculatedCurrentBillAmount", "money"),
    ("calculated_current_bill_date_time", "calculatedCurrentBillDateTime", "datetime"),
    ("calculated_used_yesterday", "calculatedUsedYesterday", "money"),
    ("utility", "utility", "text"),
)

ACCOUNT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=Account,
    cim_class=CustomerAccount,
    msp_objects=(
        "CD/CH/MDM/MR/NOT/OA_Server: AccountChangedNotification",
        "CB/MDM_Server: GetAccountsByCustomerID, GetAllAccounts, GetAccountByMeterID "
        "(and responses)",
        "GetAccountByServiceLocationIDAndServiceType is mapped by CustomerAgreementConfig",
        "account",
    ),
    rules=(
        Correlate("object_id", "mrid"),
        Correlate("comments", "description"),
        Correlate("object_name", "name"),
        Transform(("customer_id",), ("customer",), CUSTOMER_REFERENCE, "the customer"),
        Correlate("billing_cycle", "billing_cycle"),
        Correlate("budget_bill", "budget_bill"),
        money_codecs.money_rule("last_bill_amount", "last_bill_amount", "the last bill"),
        part(
            ACCOUNT_AGREEMENT,
            cim="customer_agreements",
            within=(Account, CustomerAccount),
            note="the agreement the account bills",
        ),
        *(carried_msp(field, element, NAMES, codec) for field, element, codec in _CARRIED),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "customer_account_names", "name of a type MultiSpeak has no element for"),
    ),
)


def _state(report: GapReport | None, default_currency: str | None) -> TranslationState:
    return TranslationState(
        report=report if report is not None else GapReport(),
        profile=PROFILE,
        state={money_codecs.DEFAULT_CURRENCY: default_currency},
    )


def to_cim(
    accounts: Iterable[Account],
    report: GapReport | None = None,
    path: str = "",
    item: str = "account",
    default_currency: str | None = None,
) -> CustomerAccountConfig:
    """MultiSpeak accounts as one CIM CustomerAccountConfig (amounts in ``default_currency``)."""
    shared = _state(report, default_currency)
    return CustomerAccountConfig(
        customer_accounts=[
            translate(ACCOUNT, account, Direction.TO_CIM, shared, f"{path}/{item}[{index}]")
            for index, account in enumerate(accounts, start=1)
        ]
    )


def to_msp(
    document: CustomerAccountConfig,
    report: GapReport | None = None,
    path: str = "/CustomerAccountConfig",
    default_currency: str | None = None,
) -> list[Account]:
    """A CIM CustomerAccountConfig as MultiSpeak accounts."""
    shared = _state(report, default_currency)
    return [
        translate(ACCOUNT, account, Direction.TO_MSP, shared, f"{path}/CustomerAccount[{index}]")
        for index, account in enumerate(document.customer_accounts, start=1)
    ]
