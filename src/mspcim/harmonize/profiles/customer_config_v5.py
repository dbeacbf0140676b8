"""Profile CustomerConfig, IEC TS 61968-14 clause 9: MultiSpeak 5.0 ``customer`` ⇄ CIM Customer.

The clause-8 mapping (8.3) carried over to 5.0, with what 5.0 changes:

- identity: ``@objectGUID`` and ``primaryIdentifier`` ⇄ mRID and Names
  (``customer_identity_v5``);
- the person's names as in 8.3 (``customer_person_name``; 5.0 ``middleName`` is 4.1 ``mName``);
- ``contactInfo`` by Annex A, the very table of 8.3 (``customer_config.CONTACTS``): 5.0 lists
  are converted to the 4.1 items they equal, kinds by the declared ``PHONE_TYPES``; an
  ``addressType`` outside the 5.0 enumeration is ``Other`` with ``@otherKind`` (4.1 had free
  text); a kind ``Unknown`` is no kind (reported CHANGED); an ``@otherKind`` of a phone or
  e-mail has no place (reported lost);
- ``servicePriorities`` (new in 5.0): a ``PriorityCustomer`` entry ⇄ ``vip``; the first other
  entry's ``description`` ⇄ ``specialNeed`` (4.1 ``specialNeeds``), its kind (unless Other,
  the kind of a need the CIM does not classify) and subtype as Names ``servicePriorityType``,
  ``servicePriorityType.otherKind`` and ``servicePrioritySubtype``; further entries are
  reported lost;
- accounts by identity (``ACCOUNT_REFERENCE``); their data is CustomerAccountConfig.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.customer_config import Customer as CimCustomer
from mspcim.cim.customer_config import CustomerConfig
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.identified_object import Name
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import FIELD_CODECS, TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, carried_msp, typed_name
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part, take
from mspcim.harmonize.profiles import customer_config as clause8
from mspcim.harmonize.profiles.contact_info_v5 import legacy_contact, v5_contact
from mspcim.harmonize.profiles.customer_identity_v5 import identity_rule, reference_table
from mspcim.harmonize.rules import Correlate, Gap, Nest, Side, Table, Transform
from mspcim.multispeak.v50.customer import (
    AccountReference,
    Customer,
    ServicePriority,
    ServicePriorityKind,
    ServicePriorityType,
)

__all__ = ["ACCOUNT_REFERENCE", "CUSTOMER", "PRIORITY_NAMES", "TABLES", "to_cim", "to_msp"]

PROFILE: Final = "CustomerConfig"
CLAUSE: Final = "9"
NAMES: Final = "CustomerNames"

PRIORITY_NAMES: Final = {
    "type": "servicePriorityType",
    "other": "servicePriorityType.otherKind",
    "subtype": "servicePrioritySubtype",
}
"""NameTypes of the Customer's Names that carry the special need's servicePriority parts."""

ACCOUNT_REFERENCE: Final = reference_table(
    PROFILE,
    CLAUSE,
    AccountReference,
    CustomerAccount,
    "customer_account_names",
    "CustomerAccountConfig (accounts)",
)
"""The customer's accounts, by identity."""

_LEGACY: Final = part(
    clause8.CONTACTS,
    msp="contact_info",
    within=(Customer, CimCustomer),
    note="Annex A: phones, e-mail, addresses",
)


def _contacts_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    legacy = legacy_contact(values["contact_info"], ctx)
    return FIELD_CODECS[_LEGACY.codec].to_cim({"contact_info": legacy}, ctx)


def _contacts_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found = FIELD_CODECS[_LEGACY.codec].to_msp(values, ctx)
    legacy = found.get("contact_info")
    return {"contact_info": v5_contact(legacy, ctx)} if legacy is not None else {}


field_codec(
    "v5_customer_contact_info",
    _contacts_to_cim,
    _contacts_to_msp,
    "contactInfo (5.0) ⇄ contactInfo (4.1, contact_info_v5) ⇄ the Customer's contact slots by "
    "the Annex A table of profile 8.3",
)


def _priorities_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    out: dict[str, Any] = {}
    names: list[Name] = []
    for index, item in enumerate(values["service_priorities"] or [], start=1):
        where = f"servicePriorities/servicePriority[{index}]"
        kind = item.service_priority_type
        plain = item.service_priority_subtype is None and item.description is None
        if kind.value is ServicePriorityKind.PRIORITY_CUSTOMER and plain and "vip" not in out:
            out["vip"] = True
        elif "special_need" not in out and kind.value is not ServicePriorityKind.PRIORITY_CUSTOMER:
            out["special_need"] = item.description or ""
            if kind.value is not ServicePriorityKind.OTHER:
                names.append(typed_name(kind.value.value, PRIORITY_NAMES["type"]))
            if kind.other_kind is not None:
                names.append(typed_name(kind.other_kind, PRIORITY_NAMES["other"]))
            if item.service_priority_subtype is not None:
                subtype = item.service_priority_subtype
                names.append(typed_name(subtype, PRIORITY_NAMES["subtype"]))
        else:
            reason = "the Customer has one specialNeed and one vip flag"
            ctx.gap(where, item.description or kind.value.value, reason)
    return {**out, "customer_names": names}


def _priority_name(names: list[Name], key: str, ctx: TranslationContext) -> str | None:
    for name in names:
        if name.type_name == PRIORITY_NAMES[key]:
            take(ctx, name)
            return name.name
    return None


def _priorities_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["customer_names"] or []
    kind = _priority_name(names, "type", ctx)
    other = _priority_name(names, "other", ctx)
    subtype = _priority_name(names, "subtype", ctx)
    result: list[ServicePriority] = []
    need: str | None = values["special_need"]
    if need is not None:
        try:
            value = ServicePriorityKind(kind) if kind else ServicePriorityKind.OTHER
        except ValueError:
            ctx.gap("Names[servicePriorityType]", kind, "not a servicePriorityKind", lost=False)
            value = ServicePriorityKind.OTHER
        result.append(
            ServicePriority(
                service_priority_type=ServicePriorityType(value=value, other_kind=other),
                service_priority_subtype=subtype,
                description=need or None,
            )
        )
    if values["vip"] is True:
        vip = ServicePriorityType(value=ServicePriorityKind.PRIORITY_CUSTOMER)
        result.append(ServicePriority(service_priority_type=vip))
    elif values["vip"] is False:
        ctx.gap("vip", False, "not a priority customer: no servicePriority says so", lost=False)
    return {"service_priorities": result}


field_codec(
    "v5_customer_service_priorities",
    _priorities_to_cim,
    _priorities_to_msp,
    "servicePriority PriorityCustomer ⇄ vip; the first other servicePriority's description ⇄ "
    "specialNeed, its type, otherKind and subtype ⇄ Names (PRIORITY_NAMES)",
)

CUSTOMER: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=Customer,
    cim_class=CimCustomer,
    msp_objects=(
        "NOT_Server: CustomersChangedNotification, CustomersCreatedNotification, "
        "CustomersDeletedNotification (objectRefs)",
        "CB_Server: GetAllCustomers, GetCustomersByCustomerIDs, GetCustomersByMeterIDs "
        "(and responses)",
        "customer (mspPerson), its contactInfo (Annex A) and servicePriorities",
    ),
    rules=(
        identity_rule("Customer", "customer_names"),
        Correlate("comments", "description"),
        Transform(
            ("last_name", "first_name", "m_name"),
            ("name", "customer_names"),
            "customer_person_name",
            "the person's names",
        ),
        Transform(
            ("contact_info",),
            _LEGACY.cim,
            "v5_customer_contact_info",
            "Annex A: phones, e-mail, addresses",
        ),
        Transform(
            ("service_priorities",),
            ("special_need", "vip", "customer_names"),
            "v5_customer_service_priorities",
            "special needs and priority",
        ),
        Nest("accounts", "customer_accounts", ACCOUNT_REFERENCE, "account", "CustomerAccounts"),
        *(
            carried_msp(field, element, NAMES)
            for field, element in (
                ("prefix", "prefix"),
                ("suffix", "suffix"),
                ("government_id", "governmentID"),
                ("d_b_a_name", "dBAName"),
                ("utility", "utility"),
            )
        ),
        carried_cim("kind", "Customer.kind", "customer_kind"),
        carried_cim("puc_number", "Customer.pucNumber"),
        part(clause8.STATUS, cim="status", within=(Customer, CimCustomer), note="status (carried)"),
        Gap(
            Side.MSP,
            "service_agreements",
            "the agreements are profile CustomerAgreementConfig (an account's serviceAgreements)",
        ),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "customer_names", "name of a type MultiSpeak has no element for"),
    ),
)
"""customer ⇄ Customer."""

TABLES: Final = (CUSTOMER, clause8.CONTACTS, clause8.STATUS, ACCOUNT_REFERENCE)
"""The tables of the profile, for the catalogue."""


def to_cim(
    customers: Iterable[Customer],
    report: GapReport | None = None,
    path: str = "",
    item: str = "customer",
    default_currency: str | None = None,
) -> CustomerConfig:
    """MultiSpeak 5.0 customers (at ``path``, elements ``item``) as one CIM CustomerConfig."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return CustomerConfig(
        customers=[
            translate(CUSTOMER, customer, Direction.TO_CIM, shared, f"{path}/{item}[{index}]")
            for index, customer in enumerate(customers, start=1)
        ]
    )


def to_msp(
    document: CustomerConfig,
    report: GapReport | None = None,
    path: str = "/CustomerConfig",
    default_currency: str | None = None,
) -> list[Customer]:
    """A CIM CustomerConfig document as MultiSpeak 5.0 customers."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(CUSTOMER, customer, Direction.TO_MSP, shared, f"{path}/Customer[{index}]")
        for index, customer in enumerate(document.customers, start=1)
    ]
