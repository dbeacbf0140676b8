"""Profile CustomerAgreementConfig, IEC TS 61968-14 clause 9: 5.0 ``serviceAgreement`` ⇄ CIM.

MultiSpeak 4.1 had no agreement object (8.2 maps the account); 5.0 has ``serviceAgreement``
(an ``agreement``: description; who, which account, where, on which tariff), listed by the
account that bills it. So a CustomerAgreement is a serviceAgreement, and travels in 5.0 inside
its account (``AccountsChangedNotification``; the agreements serving locations answer
``GetAccountsByServiceLocationIDsAndServiceType``):

- identity by ``customer_identity_v5``; ``description`` 1:1;
- ``customerID``, ``accountID`` (``objectID``) ⇄ the Customer and CustomerAccount references;
  an agreement without ``accountID`` is billed by the account that lists it;
- ``serviceLocationID`` ⇄ the first ServiceLocation (further ones are reported);
- ``servicePointID``, ``revenueClass``, ``tariffID``, ``budgetBillingCode`` have no attribute in
  the declared CIM profile: Names of the agreement typed by their element names (``tariffID``
  by its GUID, its primary identifier as ``tariffID.primaryIdentifier:<identifierName>``,
  its label as ``tariffID.primaryIdentifier.identifierLabel``);
- the CIM values 5.0 puts elsewhere or nowhere (``isPrePay``, ``shutOffDateTime``: on the
  account; ``name``, ``loadMgmt``, ``signDate``, ``ServiceCategory``, ``validityInterval``)
  travel in ``extensionsList`` as in 8.2.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.customer_agreement_config import CustomerAgreement, CustomerAgreementConfig
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.end_device_assets import Customer, ServiceLocation
from mspcim.cim.identified_object import Name
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.customer_codecs import CUSTOMER_AGREEMENT_NAMES
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, carried_msp, typed_name
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.parts import part, take
from mspcim.harmonize.profiles import customer_agreement_config as clause8
from mspcim.harmonize.profiles.customer_identity_v5 import (
    MRID_IDENTIFIER,
    cim_identity,
    identity_rule,
    msp_identity,
    object_id_codec,
)
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v50.account import Account, ServiceAgreement, ServicePointID
from mspcim.multispeak.v50.identity import ObjectID, SingleIdentifier

__all__ = ["AGREEMENT", "TABLES", "TARIFF", "to_cim", "to_msp"]

PROFILE: Final = "CustomerAgreementConfig"
CLAUSE: Final = "9"
NAMES: Final = CUSTOMER_AGREEMENT_NAMES.name
TARIFF: Final = "tariffID"
"""NameType of the agreement's Name holding its tariff's GUID."""
_TARIFF_LABEL: Final = f"{TARIFF}.primaryIdentifier.identifierLabel"

CUSTOMER_REFERENCE: Final = object_id_codec(
    "v5_agreement_customer", "customer_id", "customer", Customer, "customer_names"
)
ACCOUNT_REFERENCE: Final = object_id_codec(
    "v5_agreement_account",
    "account_id",
    "customer_account",
    CustomerAccount,
    "customer_account_names",
)


def _location_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found: ObjectID | None = values["service_location_id"]
    if found is None:
        return {}
    mrid, names = cim_identity(found.object_guid, found.primary_identifier)
    return {"service_locations": [ServiceLocation(mrid=mrid, service_location_names=names)]}


def _location_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    locations: list[ServiceLocation] = values["service_locations"] or []
    for index, extra in enumerate(locations[1:], start=2):
        ctx.gap(f"ServiceLocations[{index}]", extra.mrid, "a serviceAgreement names one location")
    if not locations:
        return {}
    first = locations[0]
    identity = msp_identity(first.mrid, list(first.service_location_names), ctx, required=False)
    reference = ObjectID(
        object_guid=identity["object_guid"], primary_identifier=identity["primary_identifier"]
    )
    return {"service_location_id": reference}


field_codec(
    "v5_agreement_service_location",
    _location_to_cim,
    _location_to_msp,
    "serviceLocationID ⇄ the first ServiceLocation (objectGUID ⇄ mRID, primaryIdentifier ⇄ Names)",
)


def _references_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = []
    point: ServicePointID | None = values["service_point_id"]
    if point is not None:
        names.append(typed_name(point.value, "servicePointID"))
        if point.service_type is not None:
            names.append(typed_name(point.service_type, "servicePointID.serviceType"))
    tariff: ObjectID | None = values["tariff_id"]
    if tariff is not None:
        names.append(typed_name(tariff.object_guid, TARIFF))
        if (primary := tariff.primary_identifier) is not None:
            key = f"{TARIFF}.primaryIdentifier:{primary.identifier_name}"
            names.append(typed_name(primary.value, key))
            if primary.identifier_label is not None:
                names.append(typed_name(primary.identifier_label, _TARIFF_LABEL))
    return {"customer_agreement_names": names}


def _taken(names: list[Name], ctx: TranslationContext, wanted: str) -> Name | None:
    for name in names:
        kind = name.type_name or ""
        if kind == wanted or (wanted.endswith(":") and kind.startswith(wanted)):
            take(ctx, name)
            return name
    return None


def _references_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["customer_agreement_names"] or []
    out: dict[str, Any] = {}
    if (point := _taken(names, ctx, "servicePointID")) is not None:
        kind = _taken(names, ctx, "servicePointID.serviceType")
        out["service_point_id"] = ServicePointID(
            value=point.name, service_type=kind.name if kind else None
        )
    if (tariff := _taken(names, ctx, TARIFF)) is not None:
        primary = _taken(names, ctx, f"{TARIFF}.primaryIdentifier:")
        label = _taken(names, ctx, _TARIFF_LABEL)
        identifier = (
            SingleIdentifier(
                value=primary.name,
                identifier_name=primary.type_name.partition(":")[2],
                identifier_label=label.name if label is not None else None,
            )
            if primary is not None and primary.type_name
            else None
        )
        out["tariff_id"] = ObjectID(object_guid=tariff.name, primary_identifier=identifier)
    return out


field_codec(
    "v5_agreement_point_and_tariff",
    _references_to_cim,
    _references_to_msp,
    "servicePointID (and @serviceType), tariffID (GUID and primaryIdentifier) ⇄ Names of the "
    "agreement typed by their element names",
)

AGREEMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ServiceAgreement,
    cim_class=CustomerAgreement,
    msp_objects=(
        "NOT_Server: AccountsChangedNotification, AccountsCreatedNotification (the agreements "
        "of the accounts; what an agreement event becomes)",
        "CB_Server: GetAccountsByServiceLocationIDsAndServiceType (and response): the "
        "agreements serving locations",
        "account/serviceAgreements/serviceAgreement; customer/serviceAgreements (by identity)",
    ),
    rules=(
        identity_rule("CustomerAgreement", "customer_agreement_names"),
        Correlate("description", "description"),
        Transform(("customer_id",), ("customer",), CUSTOMER_REFERENCE, "the customer served"),
        Transform(("account_id",), ("customer_account",), ACCOUNT_REFERENCE, "the account billed"),
        Transform(
            ("service_location_id",),
            ("service_locations",),
            "v5_agreement_service_location",
            "where the service is delivered",
        ),
        Transform(
            ("service_point_id", "tariff_id"),
            ("customer_agreement_names",),
            "v5_agreement_point_and_tariff",
            "the service point and the tariff (carried as Names)",
        ),
        carried_msp("revenue_class", "revenueClass", NAMES),
        carried_msp("budget_billing_code", "budgetBillingCode", NAMES),
        carried_msp("comments", "comments", NAMES),
        carried_msp("utility", "utility", NAMES),
        carried_cim("name", "CustomerAgreement.name"),
        carried_cim("is_pre_pay", "CustomerAgreement.isPrePay", "boolean"),
        carried_cim("shut_off_date_time", "CustomerAgreement.shutOffDateTime", "datetime"),
        carried_cim("load_mgmt", "CustomerAgreement.loadMgmt"),
        carried_cim("sign_date", "CustomerAgreement.signDate", "date"),
        carried_cim("service_category", "CustomerAgreement.ServiceCategory", "service_category"),
        part(
            clause8.VALIDITY, cim="validity_interval", within=(ServiceAgreement, CustomerAgreement)
        ),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "customer_agreement_names", "name of a type MultiSpeak has no element for"),
    ),
)
"""serviceAgreement ⇄ CustomerAgreement."""

TABLES: Final = (AGREEMENT, clause8.VALIDITY)
"""The tables of the profile, for the catalogue."""


def to_cim(
    accounts: Iterable[Account],
    report: GapReport | None = None,
    path: str = "",
    item: str = "account",
    default_currency: str | None = None,
) -> CustomerAgreementConfig:
    """The serviceAgreements of MultiSpeak 5.0 accounts as one CIM CustomerAgreementConfig.

    An agreement without ``accountID`` is billed by the account listing it; the accounts' own
    data is profile CustomerAccountConfig (not read here).
    """
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    agreements: list[CustomerAgreement] = []
    for index, account in enumerate(accounts, start=1):
        where = f"{path}/{item}[{index}]/serviceAgreements/serviceAgreement"
        for number, agreement in enumerate(account.service_agreements, start=1):
            found = translate(AGREEMENT, agreement, Direction.TO_CIM, shared, f"{where}[{number}]")
            if found.customer_account is None:
                mrid, names = cim_identity(account.object_guid, account.primary_identifier)
                found.customer_account = CustomerAccount(mrid=mrid, customer_account_names=names)
            agreements.append(found)
    return CustomerAgreementConfig(customer_agreements=agreements)


def to_msp(
    document: CustomerAgreementConfig,
    report: GapReport | None = None,
    path: str = "/CustomerAgreementConfig",
    default_currency: str | None = None,
) -> list[Account]:
    """A CIM CustomerAgreementConfig as MultiSpeak 5.0 accounts, each listing its agreements.

    Agreements are grouped by their CustomerAccount (the account's identity only); an agreement
    without one gets an account of its own, named after the agreement.
    """
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    accounts: dict[str, Account] = {}
    for index, agreement in enumerate(document.customer_agreements, start=1):
        where = f"{path}/CustomerAgreement[{index}]"
        found: ServiceAgreement = translate(AGREEMENT, agreement, Direction.TO_MSP, shared, where)
        billed = found.account_id
        if billed is None:
            reason = "no CustomerAccount: listed by an account named after the agreement"
            shared.report.add(where, found.object_guid, GapKind.CHANGED, reason, None, PROFILE)
            billed = ObjectID(
                object_guid=found.object_guid, primary_identifier=found.primary_identifier
            )
        else:
            found.account_id = None
        key = billed.object_guid
        if key not in accounts:
            primary = billed.primary_identifier or SingleIdentifier(
                value=key, identifier_name=MRID_IDENTIFIER
            )
            accounts[key] = Account(object_guid=key, primary_identifier=primary)
        accounts[key].service_agreements.append(found)
    return list(accounts.values())
