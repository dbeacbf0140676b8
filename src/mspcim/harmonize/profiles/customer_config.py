"""Profile CustomerConfig, IEC TS 61968-14 8.3: MultiSpeak ``customer`` ⇄ CIM Customer.

The person's names become the Customer's name (``customer_codecs.customer_person_name``); the
contact information is Annex A's (``annex_a_contacts.contact_info_table``: phones, e-mail,
addresses ⇄ phone1/phone2, electronicAddress, streetAddress/postalAddress). MultiSpeak values
with no CIM attribute (prefix, suffix, government id, doing-business-as name …) travel as the
Customer's Names; CIM values with no MultiSpeak element (kind, pucNumber, vip, status) in
``extensionsList`` items named ``CIM.<Class>.<attribute>``. The customer's accounts are
references here: their data is profile CustomerAccountConfig (8.1).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from mspcim.cim.customer_config import Customer as CimCustomer
from mspcim.cim.customer_config import CustomerConfig
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.identified_object import Status
from mspcim.harmonize.annex_a_contacts import contact_info_table
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.customer_codecs import reference_list_codec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, carried_msp
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.account import Account
from mspcim.multispeak.v41.customer import Customer

__all__ = ["CONTACTS", "CUSTOMER", "STATUS", "to_cim", "to_msp"]

PROFILE: Final = "CustomerConfig"
CLAUSE: Final = "8.3"
NAMES: Final = "CustomerNames"

CONTACTS: Final = contact_info_table(CimCustomer, "customer_names")
"""Annex A: the customer's contactInfo ⇄ the Customer's phones, e-mail and addresses."""

STATUS: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=Customer,
    cim_class=Status,
    msp_objects=("customer",),
    rules=(
        carried_cim("value", "Customer.status.value"),
        carried_cim("date_time", "Customer.status.dateTime", "datetime"),
        carried_cim("reason", "Customer.status.reason"),
        carried_cim("remark", "Customer.status.remark"),
    ),
)
"""The Customer's status: MultiSpeak has none, it travels in extensionsList."""

ACCOUNT_REFERENCES: Final = reference_list_codec(
    "customer_account_references",
    ("accounts", "customer_accounts"),
    (Account, CustomerAccount),
    "customer_account_names",
    "CustomerAccountConfig (8.1)",
    ("accounts/account", "CustomerAccounts"),
)

CUSTOMER: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=Customer,
    cim_class=CimCustomer,
    msp_objects=(
        "CD/CH/DR/EA/MDM/MR/NOT/OA_Server: CustomerChangedNotification",
        "CB/MDM_Server: GetCustomerByCustomerID, GetAllCustomers, GetCustomerByName, "
        "GetCustomerByMeterID (and responses)",
        "customer (mspPerson), its contactInfo (Annex A)",
    ),
    rules=(
        Correlate("object_id", "mrid"),
        Correlate("comments", "description"),
        Transform(
            ("last_name", "first_name", "m_name"),
            ("name", "customer_names"),
            "customer_person_name",
            "the person's names",
        ),
        Correlate("special_needs", "special_need"),
        part(
            CONTACTS,
            msp="contact_info",
            within=(Customer, CimCustomer),
            note="Annex A: phones, e-mail, addresses",
        ),
        Transform(("accounts",), ("customer_accounts",), ACCOUNT_REFERENCES, "the accounts"),
        *(
            carried_msp(field, element, NAMES)
            for field, element in (
                ("prefix", "prefix"),
                ("suffix", "suffix"),
                ("government_id", "governmentID"),
                ("d_b_a_name", "dBAName"),
                ("object_name", "objectName"),
                ("utility", "utility"),
            )
        ),
        carried_cim("kind", "Customer.kind", "customer_kind"),
        carried_cim("puc_number", "Customer.pucNumber"),
        carried_cim("vip", "Customer.vip", "boolean"),
        part(STATUS, cim="status", within=(Customer, CimCustomer), note="status (carried)"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "customer_names", "name of a type MultiSpeak has no element for"),
    ),
)


def to_cim(
    customers: Iterable[Customer],
    report: GapReport | None = None,
    path: str = "",
    item: str = "customer",
    default_currency: str | None = None,
) -> CustomerConfig:
    """MultiSpeak customers (at ``path``, elements ``item``) as one CIM CustomerConfig."""
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
    """A CIM CustomerConfig document as MultiSpeak customers."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(CUSTOMER, customer, Direction.TO_MSP, shared, f"{path}/Customer[{index}]")
        for index, customer in enumerate(document.customers, start=1)
    ]
