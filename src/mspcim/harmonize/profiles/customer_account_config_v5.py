"""Profile CustomerAccountConfig, IEC TS 61968-14 clause 9: MultiSpeak 5.0 ``account`` ⇄ CIM.

The clause-8 mapping (8.1) carried over to 5.0: identity by ``customer_identity_v5``;
``billingCycle``, ``budgetBill``, ``lastBillAmount`` (exact money) map 1:1; ``customerID`` (an
``objectID``) is the Customer reference; payment and bill dates and amounts and the billing
terms travel as the account's Names, as in 8.1. New in 5.0:

- ``accountStatus`` has no CIM attribute: it travels as Names ``accountStatus`` and
  ``accountStatus.otherKind``;
- the account's ``serviceAgreements``: the CIM account holds one CustomerAgreement
  (``ACCOUNT_AGREEMENT``: prepayment, shut-off date and service locations, as in 8.1); the
  first serviceAgreement names it (identity), its data and further agreements are profile
  CustomerAgreementConfig (reported here).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from mspcim.cim.customer_account_config import CustomerAccount, CustomerAccountConfig
from mspcim.cim.customer_account_config import CustomerAgreement as AccountAgreement
from mspcim.cim.end_device_assets import Customer, ServiceLocation
from mspcim.cim.identified_object import Name
from mspcim.fieldmeta import xml, xml_name
from mspcim.harmonize import money_codecs
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.customer_codecs import CUSTOMER_ACCOUNT_NAMES
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, carried_msp, typed_name
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part, take
from mspcim.harmonize.profiles.customer_identity_v5 import (
    cim_identity,
    identity_rule,
    msp_identity,
    object_id_codec,
    reference_table,
)
from mspcim.harmonize.rules import Correlate, Gap, Nest, Side, Table, Transform
from mspcim.multispeak.v50.account import (
    Account,
    AccountStatus,
    AccountStatusKind,
    ServiceAgreement,
    ServiceLocationReference,
)
from mspcim.multispeak.v50.msp_binding import xml_list

__all__ = [
    "ACCOUNT",
    "ACCOUNT_AGREEMENT",
    "SERVICE_LOCATION_REFERENCE",
    "STATUS_NAMES",
    "TABLES",
    "AccountTerms",
    "to_cim",
    "to_msp",
]

PROFILE: Final = "CustomerAccountConfig"
CLAUSE: Final = "9"
NAMES: Final = CUSTOMER_ACCOUNT_NAMES.name
STATUS_NAMES: Final = ("accountStatus", "accountStatus.otherKind")
"""NameTypes of the account's Names that carry its ``accountStatus`` and ``@otherKind``."""
_AGREEMENTS: Final = "its data and the further agreements are profile CustomerAgreementConfig"
_IDENTITY: Final = frozenset({"object_guid", "primary_identifier", "secondary_identifier"})


@dataclass(slots=True, kw_only=True)
class AccountTerms:
    """The part of an ``account`` that the CIM states on its CustomerAgreement."""

    is_pre_pay: bool | None = field(default=None, metadata=xml("isPrePay"))
    shut_off_date: datetime | None = field(default=None, metadata=xml("shutOffDate"))
    service_locations: list[ServiceLocationReference] = field(
        default_factory=list, metadata=xml_list("serviceLocations", "serviceLocation")
    )
    service_agreements: list[ServiceAgreement] = field(
        default_factory=list, metadata=xml_list("serviceAgreements", "serviceAgreement")
    )


SERVICE_LOCATION_REFERENCE: Final = reference_table(
    PROFILE,
    CLAUSE,
    ServiceLocationReference,
    ServiceLocation,
    "service_location_names",
    "ServiceLocationConfig",
)
"""A service location of the account, by identity."""


def _first_agreement_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    agreements: list[ServiceAgreement] = values["service_agreements"] or []
    for index, agreement in enumerate(agreements, start=1):
        where = f"serviceAgreements/serviceAgreement[{index}]"
        if index > 1:
            ctx.gap(where, agreement.object_guid, f"one agreement per CIM account: {_AGREEMENTS}")
            continue
        for spec in dataclasses.fields(agreement):
            value = getattr(agreement, spec.name)
            if spec.name in _IDENTITY or value in (None, []):
                continue
            shown = (
                value if isinstance(value, str) else f"({xml_name(ServiceAgreement, spec.name)})"
            )
            ctx.gap(f"{where}/{xml_name(ServiceAgreement, spec.name)}", shown, _AGREEMENTS)
    if not agreements:
        return {}
    first = agreements[0]
    mrid, names = cim_identity(
        first.object_guid, first.primary_identifier, first.secondary_identifier
    )
    return {"mrid": mrid, "customer_agreement_names": names}


def _first_agreement_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["mrid"] is None:
        return {}
    names: list[Name] = values["customer_agreement_names"] or []
    identity = msp_identity(values["mrid"], names, ctx)
    return {"service_agreements": [ServiceAgreement(**identity)]}


field_codec(
    "v5_account_first_agreement",
    _first_agreement_to_cim,
    _first_agreement_to_msp,
    "the first serviceAgreement's identity ⇄ the account's CustomerAgreement mRID and Names",
)

ACCOUNT_AGREEMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=AccountTerms,
    cim_class=AccountAgreement,
    msp_objects=("account (isPrePay, shutOffDate, serviceLocations, serviceAgreements)",),
    rules=(
        Transform(
            ("service_agreements",),
            ("mrid", "customer_agreement_names"),
            "v5_account_first_agreement",
            "the agreement the account bills",
        ),
        Correlate("is_pre_pay", "is_pre_pay"),
        Correlate("shut_off_date", "shut_off_date_time"),
        Nest(
            "service_locations",
            "service_locations",
            SERVICE_LOCATION_REFERENCE,
            "serviceLocation",
            "ServiceLocations",
        ),
        Gap(Side.CIM, "customer_agreement_names", "name of a type MultiSpeak has no element for"),
    ),
)
"""The agreement an account bills, as the account holds it."""


def _status_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    status: AccountStatus | None = values["account_status"]
    if status is None:
        return {}
    names = [typed_name(status.value.value, STATUS_NAMES[0])]
    if status.other_kind is not None:
        names.append(typed_name(status.other_kind, STATUS_NAMES[1]))
    return {"customer_account_names": names}


def _status_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found: dict[str, str] = {}
    for name in values["customer_account_names"] or []:
        if name.type_name in STATUS_NAMES and name.type_name not in found:
            take(ctx, name)
            found[name.type_name] = name.name
    if STATUS_NAMES[0] not in found:
        return {}
    try:
        value = AccountStatusKind(found[STATUS_NAMES[0]])
    except ValueError:
        ctx.gap(f"Names[{STATUS_NAMES[0]}]", found[STATUS_NAMES[0]], "not an accountStatusKind")
        return {}
    return {"account_status": AccountStatus(value=value, other_kind=found.get(STATUS_NAMES[1]))}


field_codec(
    "v5_account_status",
    _status_to_cim,
    _status_to_msp,
    "accountStatus and @otherKind ⇄ Names accountStatus, accountStatus.otherKind",
)

CUSTOMER_REFERENCE: Final = object_id_codec(
    "v5_account_customer", "customer_id", "customer", Customer, "customer_names"
)

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
        "NOT_Server: AccountsChangedNotification, AccountsCreatedNotification, "
        "AccountsDeletedNotification (objectRefs)",
        "CB_Server: GetAccounts, GetAccountsByAccountIDs, GetAccountsByCustomerIDs, "
        "GetAccountsByMeterIDs (and GetAccountsResponse-shaped responses)",
        "GetAccountsByServiceLocationIDsAndServiceType is mapped by CustomerAgreementConfig",
        "account",
    ),
    rules=(
        identity_rule("CustomerAccount", "customer_account_names"),
        Correlate("comments", "description"),
        Transform(("customer_id",), ("customer",), CUSTOMER_REFERENCE, "the customer"),
        Correlate("billing_cycle", "billing_cycle"),
        Correlate("budget_bill", "budget_bill"),
        money_codecs.money_rule("last_bill_amount", "last_bill_amount", "the last bill"),
        Transform(
            ("account_status",),
            ("customer_account_names",),
            "v5_account_status",
            "the account's status",
        ),
        part(
            ACCOUNT_AGREEMENT,
            cim="customer_agreements",
            within=(Account, CustomerAccount),
            note="the agreement the account bills",
        ),
        *(carried_msp(field, element, NAMES, codec) for field, element, codec in _CARRIED),
        carried_cim("name", "CustomerAccount.name"),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "customer_account_names", "name of a type MultiSpeak has no element for"),
    ),
)
"""account ⇄ CustomerAccount."""

TABLES: Final = (ACCOUNT, ACCOUNT_AGREEMENT, SERVICE_LOCATION_REFERENCE)
"""The tables of the profile, for the catalogue."""


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
    """MultiSpeak 5.0 accounts as one CustomerAccountConfig (amounts in ``default_currency``)."""
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
    """A CIM CustomerAccountConfig as MultiSpeak 5.0 accounts."""
    shared = _state(report, default_currency)
    return [
        translate(ACCOUNT, account, Direction.TO_MSP, shared, f"{path}/CustomerAccount[{index}]")
        for index, account in enumerate(document.customer_accounts, start=1)
    ]
