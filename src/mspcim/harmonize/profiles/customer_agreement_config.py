"""Profile CustomerAgreementConfig, IEC TS 61968-14 8.2: MultiSpeak ``account`` ⇄ CustomerAgreement.

MultiSpeak 4.1 has no agreement object: the ``account`` says who is served (``customerID``),
where (``serviceLocations``) and on which terms (``isPrePay``, ``shutOffDate``), which the CIM
states on the CustomerAgreement. So an account maps to the agreement it bills: its
``@objectID`` is the agreement's CustomerAccount, its customer the Customer. The account's own
data (bill, payments, cycle) is profile CustomerAccountConfig (8.1), reported here as such.
Agreement values MultiSpeak has no element for travel in ``extensionsList``. The
``electricService`` of a ``serviceLocation`` also names customer, account and location: it is
mapped with its location (ServiceLocationConfig, ServiceDeliveryPointConfig).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from mspcim.cim.customer_agreement_config import CustomerAgreement, CustomerAgreementConfig
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.identified_object import DateTimeInterval
from mspcim.harmonize import money_codecs
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TEXT_CODECS, TextCodec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part
from mspcim.harmonize.profiles.customer_account_config import SERVICE_LOCATION_REFERENCES
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.harmonize.utility_info_codecs import CUSTOMER_REFERENCE, reference_codec
from mspcim.multispeak.v41.account import Account

__all__ = ["AGREEMENT", "VALIDITY", "to_cim", "to_msp"]

PROFILE: Final = "CustomerAgreementConfig"
CLAUSE: Final = "8.2"

TEXT_CODECS.setdefault("date", TextCodec("date", date.isoformat, date.fromisoformat))
"""An xs:date."""

ACCOUNT_REFERENCE: Final = reference_codec(
    "agreement_customer_account",
    "object_id",
    "customer_account",
    CustomerAccount,
    "customer_account_names",
    "account",
)

VALIDITY: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=Account,
    cim_class=DateTimeInterval,
    msp_objects=("account",),
    rules=(
        carried_cim("start", "CustomerAgreement.validityInterval.start", "datetime"),
        carried_cim("end", "CustomerAgreement.validityInterval.end", "datetime"),
    ),
)
"""When the agreement is valid: MultiSpeak has no element for it."""

_ACCOUNT_ONLY: Final = "the account's, not the agreement's (profile CustomerAccountConfig, 8.1)"
_ACCOUNT_FIELDS: Final = (
    "object_name",
    "comments",
    "billing_cycle",
    "budget_bill",
    "payment_due_date",
    "last_payment_date",
    "last_payment_amount",
    "bill_date",
    "billing_terms",
    "calculated_current_bill_amount",
    "calculated_current_bill_date_time",
    "last_bill_amount",
    "calculated_used_yesterday",
    "utility",
)


AGREEMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=Account,
    cim_class=CustomerAgreement,
    msp_objects=(
        "CB/MDM_Server: GetAccountByServiceLocationIDAndServiceType (and response): the "
        "agreement serving a location with a service",
        "CD/CH/MDM/MR/NOT/OA_Server: AccountChangedNotification (what an agreement event becomes)",
        "account (customerID, isPrePay, shutOffDate, serviceLocations); "
        "serviceLocation/electricServiceList/electricService (mapped with the location)",
    ),
    rules=(
        Transform(("object_id",), ("customer_account",), ACCOUNT_REFERENCE, "the account billed"),
        Transform(("customer_id",), ("customer",), CUSTOMER_REFERENCE, "the customer"),
        Correlate("is_pre_pay", "is_pre_pay"),
        Correlate("shut_off_date", "shut_off_date_time"),
        Transform(
            ("service_locations",),
            ("service_locations",),
            SERVICE_LOCATION_REFERENCES,
            "the locations served",
        ),
        carried_cim("mrid", "CustomerAgreement.mRID"),
        carried_cim("name", "CustomerAgreement.name"),
        carried_cim("description", "CustomerAgreement.description"),
        carried_cim("load_mgmt", "CustomerAgreement.loadMgmt"),
        carried_cim("sign_date", "CustomerAgreement.signDate", "date"),
        carried_cim("service_category", "CustomerAgreement.ServiceCategory", "service_category"),
        part(VALIDITY, cim="validity_interval", within=(Account, CustomerAgreement)),
        *(Gap(Side.MSP, field, _ACCOUNT_ONLY) for field in _ACCOUNT_FIELDS),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "customer_agreement_names", "name of a type MultiSpeak has no element for"),
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
) -> CustomerAgreementConfig:
    """MultiSpeak accounts as the CustomerAgreements they bill."""
    shared = _state(report, default_currency)
    return CustomerAgreementConfig(
        customer_agreements=[
            translate(AGREEMENT, account, Direction.TO_CIM, shared, f"{path}/{item}[{index}]")
            for index, account in enumerate(accounts, start=1)
        ]
    )


def to_msp(
    document: CustomerAgreementConfig,
    report: GapReport | None = None,
    path: str = "/CustomerAgreementConfig",
    default_currency: str | None = None,
) -> list[Account]:
    """A CIM CustomerAgreementConfig as MultiSpeak accounts (one per agreement)."""
    shared = _state(report, default_currency)
    return [
        translate(
            AGREEMENT, agreement, Direction.TO_MSP, shared, f"{path}/CustomerAgreement[{index}]"
        )
        for index, agreement in enumerate(document.customer_agreements, start=1)
    ]
