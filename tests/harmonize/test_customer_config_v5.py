"""Profile CustomerConfig over MultiSpeak 5.0 (clause 9): v5 customer ⇄ CIM Customer, both ways.

Values asserted on both sides (identity, names, addresses, phone numbers, e-mail, priorities,
accounts, gap entries); v5 output validated against the official 5.0.7 (and 5.0.4) schemas,
CIM output against the XSD the project declares for the profile.
"""

from __future__ import annotations

import pytest
from customer_v5_strategies import customers
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim.common_classes import ElectronicAddress, TelephoneNumber
from mspcim.cim.customer_config import CODEC_2013, Customer, CustomerConfig, CustomerKind
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.identified_object import Name, Status
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import customer_config_v5
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid, is_guid
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.contact_info import (
    Address,
    AddressItem,
    AddressKind,
    AddressType,
    ContactInfo,
    EMailAddress,
    EMailType,
    EMailTypeKind,
    OtherContactItem,
    PhoneNumber,
    PhoneType,
    PhoneTypeKind,
)
from mspcim.multispeak.v50.contact_info import TelephoneNumber as MspTelephoneNumber
from mspcim.multispeak.v50.customer import (
    AccountReference,
    CustomersChangedNotification,
    ServicePriority,
    ServicePriorityKind,
    ServicePriorityType,
)
from mspcim.multispeak.v50.customer import Customer as MspCustomer
from mspcim.multispeak.v50.identity import Release, SingleIdentifier
from mspcim.validation import SchemaSet

GUID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
ACCOUNT_GUID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def lindqvist() -> MspCustomer:
    """A v5 customer with every mapped element filled."""
    return MspCustomer(
        object_guid=GUID,
        primary_identifier=SingleIdentifier(
            value="CU-77810", identifier_name="customerID", identifier_label="Customer number"
        ),
        comments="Moved in 2026-04-01",
        utility="Madison Water & Light",
        last_name="Lindqvist",
        first_name="Anna",
        m_name="M",
        prefix="Dr",
        government_id="123-45-6789",
        contact_info=ContactInfo(
            phone_list=[
                PhoneNumber(
                    phone=MspTelephoneNumber(area_code="608", local_number="555-0142"),
                    phone_type=PhoneType(value=PhoneTypeKind.BUSINESS_MOBILE),
                    priority_order=1,
                ),
                PhoneNumber(
                    phone=MspTelephoneNumber(
                        area_code="608", country_code="1", local_number="555-0199", extension="214"
                    ),
                    phone_type=PhoneType(value=PhoneTypeKind.HOME),
                ),
            ],
            address_list=[
                AddressItem(
                    address=Address(
                        address1="1200 N Main St",
                        city="Madison",
                        state="WI",
                        postal_code="53703-1234",
                        country="US",
                    ),
                    address_type=AddressType(value=AddressKind.SERVICE),
                ),
                AddressItem(
                    address=Address(address1="PO Box 14", city="Verona", postal_code="53593"),
                    address_type=AddressType(value=AddressKind.MAILING),
                ),
            ],
            e_mail_list=[
                EMailAddress(
                    e_mail="anna.lindqvist@example.org",
                    e_mail_type=EMailType(value=EMailTypeKind.PERSONAL),
                )
            ],
            other_contact_information=[
                OtherContactItem(
                    details="https://lindqvist.example.org", info_type="ElectronicAddress.web"
                )
            ],
        ),
        d_b_a_name="Lindqvist Pottery",
        service_priorities=[
            ServicePriority(
                service_priority_type=ServicePriorityType(
                    value=ServicePriorityKind.MEDICAL_NECESSITY
                ),
                service_priority_subtype="Oxygen",
                description="Medical equipment on premises",
            ),
            ServicePriority(
                service_priority_type=ServicePriorityType(
                    value=ServicePriorityKind.PRIORITY_CUSTOMER
                )
            ),
        ],
        accounts=[
            AccountReference(
                object_guid=ACCOUNT_GUID,
                primary_identifier=SingleIdentifier(
                    value="100-4521-07", identifier_name="accountNumber"
                ),
            )
        ],
    )


def names_of(customer: Customer) -> dict[str, str]:
    return {name.type_name or "": name.name for name in customer.customer_names}


# --- MultiSpeak 5.0 → CIM


def test_a_v5_customer_becomes_a_cim_customer_value_by_value(declared: SchemaSet) -> None:
    report = GapReport()
    document = customer_config_v5.to_cim([lindqvist()], report, "/ArrayOfCustomer")
    assert declared.validate(CODEC_2013.write(document)) == []
    (customer,) = document.customers
    assert (customer.mrid, customer.name) == (GUID, "Lindqvist, Anna M")
    assert customer.description == "Moved in 2026-04-01"
    assert (customer.special_need, customer.vip) == ("Medical equipment on premises", True)
    assert customer.phone1 == TelephoneNumber(area_code="608", local_number="555-0142")
    assert customer.phone2 == TelephoneNumber(
        area_code="608", country_code="1", local_number="555-0199", extension="214"
    )
    assert customer.electronic_address == ElectronicAddress(
        email1="anna.lindqvist@example.org", web="https://lindqvist.example.org"
    )
    street = customer.street_address
    assert street is not None and street.street_detail is not None
    detail = street.street_detail
    assert (detail.number, detail.prefix, detail.name, detail.type) == ("1200", "N", "Main", "St")
    assert street.town_detail is not None
    assert (street.town_detail.name, street.town_detail.state_or_province) == ("Madison", "WI")
    assert (street.postal_code, street.town_detail.country) == ("53703-1234", "US")
    postal = customer.postal_address
    assert postal is not None and postal.postal_code == "53593"
    assert names_of(customer) == {
        "primaryIdentifier:customerID": "CU-77810",
        "primaryIdentifier.identifierLabel": "Customer number",
        "phone1.phoneType": "Business mobile",
        "phone1.priorityOrder": "1",
        "phone2.phoneType": "Home",
        "electronicAddress.email1.eMailType": "Personal",
        "streetAddress.addressType": "Service",
        "servicePriorityType": "MedicalNecessity",
        "servicePrioritySubtype": "Oxygen",
        "prefix": "Dr",
        "governmentID": "123-45-6789",
        "dBAName": "Lindqvist Pottery",
        "utility": "Madison Water & Light",
    }
    assert customer.customer_accounts == [
        CustomerAccount(
            mrid=ACCOUNT_GUID,
            customer_account_names=[
                Name.typed("100-4521-07", "primaryIdentifier:accountNumber", "MultiSpeak")
            ],
        )
    ]
    carried = {entry.path: entry for entry in report.entries}
    assert carried["/ArrayOfCustomer/customer[1]/prefix"].kind is GapKind.CARRIED
    kept_whole = carried.pop(
        "/ArrayOfCustomer/customer[1]/contactInfo/addressList/addressItem[2]/address/address1"
    )
    assert (kept_whole.value, kept_whole.kind) == ("PO Box 14", GapKind.CHANGED)
    assert {entry.kind for entry in carried.values()} == {GapKind.CARRIED}


def test_v5_values_without_a_4_1_or_cim_place_are_reported() -> None:
    customer = lindqvist()
    assert customer.contact_info is not None
    customer.contact_info.phone_list[0].phone_type = PhoneType(
        value=PhoneTypeKind.OTHER, other_kind="Satellite"
    )
    customer.contact_info.e_mail_list[0].e_mail_type = EMailType(value=EMailTypeKind.UNKNOWN)
    customer.service_priorities.append(
        ServicePriority(
            service_priority_type=ServicePriorityType(value=ServicePriorityKind.OUTAGE_PRIORITY),
            description="Hospital feeder",
        )
    )
    report = GapReport()
    (result,) = customer_config_v5.to_cim([customer], report, "/ArrayOfCustomer").customers
    entries = {entry.path: entry for entry in report.entries}
    base = "/ArrayOfCustomer/customer[1]"
    other = entries[f"{base}/contactInfo/phoneNumbers/phoneNumber[1]/phoneType/@otherKind"]
    assert (other.value, other.kind) == ("Satellite", GapKind.LOST)
    unknown = entries[f"{base}/contactInfo/eMailAddresses/eMailAddress[1]/eMailType"]
    assert (unknown.value, unknown.kind) == ("Unknown", GapKind.CHANGED)
    third = entries[f"{base}/servicePriorities/servicePriority[3]"]
    assert (third.value, third.kind) == ("Hospital feeder", GapKind.LOST)
    assert names_of(result)["phone1.phoneType"] == "Other"
    assert "electronicAddress.email1.eMailType" not in names_of(result)


# --- CIM → MultiSpeak 5.0


def cim_customer() -> Customer:
    return Customer(
        mrid="CU-4410",
        name="Okafor, Chidi",
        description="Commercial tenant",
        kind=CustomerKind.COMMERCIAL_INDUSTRIAL,
        puc_number="PUC-77",
        special_need="Life support",
        vip=True,
        phone1=TelephoneNumber(area_code="312", local_number="555-0100"),
        electronic_address=ElectronicAddress(email1="chidi@example.com"),
        status=Status(value="active", remark="verified"),
        customer_names=[Name.typed("Okafor Imports", "dBAName", "MultiSpeak")],
        customer_accounts=[CustomerAccount(mrid="ACC-9")],
    )


def test_a_cim_customer_becomes_a_schema_valid_v5_customer(assert_schema_valid) -> None:
    report = GapReport()
    (customer,) = customer_config_v5.to_msp(CustomerConfig(customers=[cim_customer()]), report)
    assert customer.object_guid == derived_guid("CU-4410") and is_guid(customer.object_guid)
    assert customer.primary_identifier == SingleIdentifier(value="CU-4410", identifier_name="mRID")
    assert (customer.last_name, customer.first_name, customer.m_name) == ("Okafor", "Chidi", None)
    assert customer.comments == "Commercial tenant"
    assert customer.d_b_a_name == "Okafor Imports"
    assert customer.contact_info is not None
    (phone,) = customer.contact_info.phone_list
    assert phone.phone == MspTelephoneNumber(area_code="312", local_number="555-0100")
    assert [item.e_mail for item in customer.contact_info.e_mail_list] == ["chidi@example.com"]
    assert [
        (p.service_priority_type.value, p.description) for p in customer.service_priorities
    ] == [
        (ServicePriorityKind.OTHER, "Life support"),
        (ServicePriorityKind.PRIORITY_CUSTOMER, None),
    ]
    assert [account.object_guid for account in customer.accounts] == [derived_guid("ACC-9")]
    extensions = {item.ext_name: item.ext_value for item in customer.extensions_list}
    assert extensions == {
        "CIM.Customer.kind": "commercialIndustrial",
        "CIM.Customer.pucNumber": "PUC-77",
        "CIM.Customer.status.value": "active",
        "CIM.Customer.status.remark": "verified",
    }
    entries = {entry.path: entry for entry in report.entries}
    changed = entries["/CustomerConfig/Customer[1]/mRID"]
    assert (changed.value, changed.kind) == ("CU-4410", GapKind.CHANGED)
    for release in Release:
        call = CustomersChangedNotification(customers=[customer])
        element = msp_binding.write(call, "CustomersChangedNotification", release=release)
        assert_schema_valid(element, release=release.value)


def test_the_v5_customer_document_reads_back_equal(assert_schema_valid) -> None:
    call = CustomersChangedNotification(customers=[lindqvist()], transaction_id="T-1")
    element = msp_binding.write(call, "CustomersChangedNotification")
    assert_schema_valid(element)
    text = etree.tostring(element)
    assert b"<com:phoneType>BusinessMobile</com:phoneType>" in text
    assert msp_binding.read(element, CustomersChangedNotification) == call


# --- round trips


@settings(max_examples=60, deadline=None)
@given(customers())
def test_v5_to_cim_to_v5_keeps_every_customer_value(customer: MspCustomer) -> None:
    report = GapReport()
    document = customer_config_v5.to_cim([customer], report)
    assert [entry for entry in report.entries if entry.kind is GapKind.LOST] == []
    assert customer_config_v5.to_msp(document, GapReport()) == [customer]


@settings(max_examples=40, deadline=None)
@given(
    mrid=st.one_of(st.uuids().map(str), st.from_regex(r"CU-[0-9]{1,6}", fullmatch=True)),
    need=st.none() | st.text(alphabet="abcdefgh ", min_size=1, max_size=12),
    vip=st.none() | st.just(True),
    kind=st.none() | st.sampled_from(list(CustomerKind)),
)
def test_cim_to_v5_to_cim_keeps_the_customer(
    mrid: str, need: str | None, vip: bool | None, kind: CustomerKind | None
) -> None:
    original = Customer(
        mrid=mrid,
        name="Okafor, Chidi",
        special_need=need,
        vip=vip,
        kind=kind,
        phone1=TelephoneNumber(area_code="312", local_number="555-0100"),
    )
    back = customer_config_v5.to_cim(
        customer_config_v5.to_msp(CustomerConfig(customers=[original]), GapReport()), GapReport()
    )
    (customer,) = back.customers
    assert (customer.mrid, customer.name, customer.special_need) == (mrid, original.name, need)
    assert (customer.vip, customer.kind, customer.phone1) == (vip, kind, original.phone1)


def test_a_false_vip_is_reported_changed() -> None:
    report = GapReport()
    customer_config_v5.to_msp(CustomerConfig(customers=[Customer(mrid=GUID, vip=False)]), report)
    (entry,) = report.entries
    assert (entry.path, entry.kind) == ("/CustomerConfig/Customer[1]/vip", GapKind.CHANGED)


@pytest.mark.parametrize("release", list(Release))
def test_a_5_0_4_customer_reads_as_the_5_0_7_one(release: Release) -> None:
    call = CustomersChangedNotification(customers=[lindqvist()])
    element = msp_binding.write(call, "CustomersChangedNotification", release=release)
    assert msp_binding.read(element, CustomersChangedNotification) == call
