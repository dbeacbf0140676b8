"""Profile CustomerConfig over MultiSpeak 5.0 (clause 9): v5 customer ⇄ CIM Customer, both ways.

Values asserted on both sides (identity, names, addresses, phone numbers, e-mail, priorities,
accounts, gap entries); v5 output validated against the official 5.0.7 (and 5.0.4) schemas,
CIM output against the XSD the project declares for the profile.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from customer_v5_strategies import cim_customers, customers
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from meter_strategies import unordered_names

from mspcim import xmlsafe
from mspcim.cim.common_classes import ElectronicAddress, TelephoneNumber
from mspcim.cim.customer_config import CODEC_2013, Customer, CustomerConfig, CustomerKind
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.message import (
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    RequestOption,
    Verb,
)
from mspcim.harmonize import customer_config_v5_messages  # noqa: F401  (registers the v5 routes)
from mspcim.harmonize.catalogue import Profile
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_asset_config_messages import OPERATION_PROPERTY
from mspcim.harmonize.profiles import (
    activity_records_v5,
    customer_account_config_v5,
    customer_agreement_config_v5,
    customer_config_v5,
    end_device_config_v5,
    pan_demand_response_v5,
    pan_display_v5,
    pan_pricing_v5,
)
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid, is_guid
from mspcim.harmonize.render import Format, render
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
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
    CustomersCreatedNotification,
    GetAllCustomers,
    GetCustomersByCustomerIDs,
    GetCustomersByCustomerIDsResponse,
    GetCustomersByMeterIDs,
    ServicePriority,
    ServicePriorityKind,
    ServicePriorityType,
)
from mspcim.multispeak.v50.customer import Customer as MspCustomer
from mspcim.multispeak.v50.header import (
    Caller,
    RequestHeader,
    ResponseHeader,
    V5Header,
    build_request_header,
    build_response_header,
)
from mspcim.multispeak.v50.identity import MeterID, Release, SingleIdentifier
from mspcim.multispeak.v50.identity import ObjectID as MspObjectID
from mspcim.multispeak.v50.object_deletion import ObjectsDeletedNotification
from mspcim.multispeak.v50.result import ReplyCodeIdentifier, Result
from mspcim.soap import SoapVersion, build_envelope
from mspcim.validation import SchemaSet

T0 = datetime(2026, 4, 2, 9, 30, tzinfo=UTC)

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


# --- whole messages


def v5_header(**kwargs: Any) -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="Riverside CIS", company="REC", system_id="cis", password="pw"),
        message_id="MSG-2026-0402-0107",
        time_stamp=T0,
        **kwargs,
    )


def envelope(body: etree._Element, header: V5Header, release: Release = Release.V507) -> Any:
    if isinstance(header, ResponseHeader):
        block = build_response_header(header, release)
    else:
        block = build_request_header(header, release)
    element = build_envelope(SoapVersion.SOAP11, [body], [block])
    return xmlsafe.parse(etree.tostring(element))


def options(release: Release = Release.V507) -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW-ID", release=release)


def customers_in(message: Message) -> list[Customer]:
    document: CustomerConfig = CODEC_2013.read(message.payload[0])
    return document.customers


@pytest.mark.parametrize(
    ("operation", "cls", "verb"),
    [
        ("CustomersChangedNotification", CustomersChangedNotification, Verb.CHANGED),
        ("CustomersCreatedNotification", CustomersCreatedNotification, Verb.CREATED),
    ],
)
def test_a_customers_notification_becomes_a_customer_config_event(
    declared: SchemaSet, assert_schema_valid: Any, operation: str, cls: type, verb: Verb
) -> None:
    body = msp_binding.write(cls(customers=[lindqvist()], transaction_id="TX-7"), operation)
    assert_schema_valid(envelope(body, v5_header()))
    report = GapReport()
    message = find_msp50_route(operation)(body, v5_header(), report, options())
    assert declared.validate(build_message(message)) == []
    assert message.kind is MessageKind.EVENT and message.header is not None
    header = message.header
    assert (header.verb, header.noun) == (verb, "CustomerConfig")
    assert (header.message_id, header.correlation_id) == ("MSG-2026-0402-0107", "TX-7")
    assert header.property(OPERATION_PROPERTY) is None
    (customer,) = customers_in(message)
    assert (customer.mrid, customer.name, customer.vip) == (GUID, "Lindqvist, Anna M", True)
    assert customer.phone1 == TelephoneNumber(area_code="608", local_number="555-0142")
    assert "pw" not in etree.tostring(build_message(message)).decode()


@pytest.mark.parametrize("release", list(Release))
def test_a_changed_event_becomes_a_valid_customers_changed_notification(
    assert_schema_valid: Any, release: Release
) -> None:
    event = Message(
        MessageKind.EVENT,
        Header(
            Verb.CHANGED, "CustomerConfig", message_id="EV-1", correlation_id="C-1", source="CIS"
        ),
        payload=[CODEC_2013.write(CustomerConfig(customers=[cim_customer()]))],
    )
    report = GapReport()
    body, header = find_cim_route50("CustomerConfig", MessageKind.EVENT)(
        event, report, options(release)
    )
    assert_schema_valid(envelope(body, header, release), release=release.value)
    assert etree.QName(body).localname == "CustomersChangedNotification"
    assert isinstance(header, RequestHeader)
    assert (header.message_id, header.caller.app_name) == ("EV-1", "CIS")
    call = msp_binding.read(body, CustomersChangedNotification)
    assert call.transaction_id == "C-1"
    (customer,) = call.customers
    assert (customer.object_guid, customer.last_name) == (derived_guid("CU-4410"), "Okafor")


def test_the_event_verb_names_the_notification() -> None:
    event = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "CustomerConfig", message_id="EV-2"),
        payload=[CODEC_2013.write(CustomerConfig(customers=[Customer(mrid=GUID, name="Acme")]))],
    )
    body, _ = find_cim_route50("CustomerConfig", MessageKind.EVENT)(event, GapReport(), options())
    assert etree.QName(body).localname == "CustomersCreatedNotification"


def test_a_query_by_customer_ids_becomes_a_get_with_request_ids(
    declared: SchemaSet, assert_schema_valid: Any
) -> None:
    query = GetCustomersByCustomerIDs(
        customer_ids=[
            MspObjectID(
                object_guid=GUID,
                primary_identifier=SingleIdentifier(value="CU-77810", identifier_name="customerID"),
            ),
            MspObjectID(object_guid=ACCOUNT_GUID),
        ]
    )
    body = msp_binding.write(query, "GetCustomersByCustomerIDs")
    assert_schema_valid(envelope(body, v5_header()))
    report = GapReport()
    message = find_msp50_route("GetCustomersByCustomerIDs")(body, v5_header(), report, options())
    assert declared.validate(build_message(message)) == []
    assert message.header is not None and message.header.verb is Verb.GET
    assert message.header.property(OPERATION_PROPERTY) is None
    assert message.request is not None
    assert message.request.ids == [
        ObjectID(GUID, "uuid", "customerID", object_type="Customer"),
        ObjectID(ACCOUNT_GUID, "uuid", "customerID", object_type="Customer"),
    ]
    entries = {entry.path: entry for entry in report.entries if entry.profile == "CustomerConfig"}
    path = "/GetCustomersByCustomerIDs/ArrayOfCustomerID/customerID[1]/primaryIdentifier"
    assert list(entries) == [path]
    assert (entries[path].value, entries[path].kind) == ("CU-77810", GapKind.LOST)
    password = "/MultiSpeakRequestMsgHeader/Caller/Password"
    assert [entry.value for entry in report.entries if entry.path == password] == ["********"]


@pytest.mark.parametrize(
    ("request_part", "operation"),
    [
        (Request(ids=[ObjectID(GUID, "uuid", "customerID")]), "GetCustomersByCustomerIDs"),
        (Request(ids=[ObjectID("M-1", "name", "meterID")]), "GetCustomersByMeterIDs"),
        (Request(options=[RequestOption("lastReceived", "CU-100")]), "GetAllCustomers"),
    ],
)
def test_a_get_becomes_the_query_its_ids_name(
    assert_schema_valid: Any, request_part: Request, operation: str
) -> None:
    get = Message(
        MessageKind.REQUEST,
        Header(Verb.GET, "CustomerConfig", message_id="G-1"),
        request=request_part,
    )
    report = GapReport()
    body, header = find_cim_route50("CustomerConfig", MessageKind.REQUEST)(get, report, options())
    assert etree.QName(body).localname == operation
    assert_schema_valid(envelope(body, header))
    if operation == "GetCustomersByCustomerIDs":
        call = msp_binding.read(body, GetCustomersByCustomerIDs)
        assert [item.object_guid for item in call.customer_ids] == [GUID]
    elif operation == "GetCustomersByMeterIDs":
        meters = msp_binding.read(body, GetCustomersByMeterIDs)
        assert meters.meter_ids == [MeterID(object_guid=derived_guid("M-1"))]
        (entry,) = [entry for entry in report.entries if entry.path == "/Request/ID[1]"]
        assert (entry.value, entry.kind) == ("M-1", GapKind.CHANGED)
    else:
        assert msp_binding.read(body, GetAllCustomers).last_received == "CU-100"


def test_a_query_response_becomes_a_response_message_and_back(
    declared: SchemaSet, assert_schema_valid: Any
) -> None:
    response = GetCustomersByCustomerIDsResponse(customers=[lindqvist()])
    body = msp_binding.write(response, "GetCustomersByCustomerIDsResponse")
    header = ResponseHeader(
        caller=Caller(app_name="Riverside CIS", company="REC"),
        message_id="R-1",
        time_stamp=T0,
        result=Result.ok(),
    )
    assert_schema_valid(envelope(body, header))
    message = find_msp50_route("GetCustomersByCustomerIDsResponse")(
        body, header, GapReport(), options()
    )
    assert declared.validate(build_message(message)) == []
    assert message.kind is MessageKind.RESPONSE and message.reply is not None
    assert message.reply.result is ReplyResult.OK
    assert message.header is not None
    assert message.header.property(OPERATION_PROPERTY) == "GetCustomersByCustomerIDsResponse"
    (customer,) = customers_in(message)
    assert customer.mrid == GUID
    back, back_header = find_cim_route50("CustomerConfig", MessageKind.RESPONSE)(
        message, GapReport(), options()
    )
    assert etree.QName(back).localname == "GetCustomersByCustomerIDsResponse"
    assert isinstance(back_header, ResponseHeader)
    assert_schema_valid(envelope(back, back_header))
    assert msp_binding.read(back, GetCustomersByCustomerIDsResponse) == response


def test_a_failed_reply_becomes_the_notification_response_with_its_result(
    assert_schema_valid: Any,
) -> None:
    reply = Message(
        MessageKind.RESPONSE,
        Header(Verb.REPLY, "CustomerConfig", message_id="R-2", correlation_id="EV-1"),
        reply=Reply(ReplyResult.FAILED),
    )
    body, header = find_cim_route50("CustomerConfig", MessageKind.RESPONSE)(
        reply, GapReport(), options()
    )
    assert etree.QName(body).localname == "CustomersChangedNotificationResponse"
    assert isinstance(header, ResponseHeader)
    assert_schema_valid(envelope(body, header))
    assert header.result.result_identifier != ReplyCodeIdentifier.from_code("0.0")
    back = find_msp50_route("CustomersChangedNotificationResponse")(
        body, header, GapReport(), options()
    )
    assert back.reply is not None and back.reply.result is ReplyResult.FAILED


@pytest.mark.parametrize("release", list(Release))
def test_customers_deleted_both_ways(
    declared: SchemaSet, assert_schema_valid: Any, release: Release
) -> None:
    event = Message(
        MessageKind.EVENT,
        Header(Verb.DELETED, "CustomerConfig", message_id="EV-D", correlation_id="TX-D"),
        payload=[CODEC_2013.write(CustomerConfig(customers=[cim_customer()]))],
    )
    report = GapReport()
    body, header = find_cim_route50("CustomerConfig", MessageKind.EVENT)(
        event, report, options(release)
    )
    assert etree.QName(body).localname == "CustomersDeletedNotification"
    assert_schema_valid(envelope(body, header, release), release=release.value)
    call = msp_binding.read(body, ObjectsDeletedNotification)
    assert call.transaction_id == "TX-D"
    (deletion,) = call.deletions
    ref = deletion.object_ref
    assert (ref.object_guid, ref.noun, ref.primary_identifier_value) == (
        derived_guid("CU-4410"),
        "msp:customer",
        "CU-4410",
    )
    lost = {entry.path.rsplit("/", 1)[1] for entry in report.entries if entry.kind is GapKind.LOST}
    assert {"lastName", "firstName", "contactInfo"} <= lost
    back = find_msp50_route("CustomersDeletedNotification")(body, header, GapReport(), options())
    assert declared.validate(build_message(back)) == []
    assert back.header is not None
    assert (back.header.verb, back.header.correlation_id) == (Verb.DELETED, "TX-D")
    (customer,) = customers_in(back)
    assert customer.mrid == "CU-4410"


@pytest.mark.parametrize(
    ("module", "noun", "table"),
    [
        (activity_records_v5, "ActivityRecords", "meterHistoryEvent"),
        (customer_account_config_v5, "CustomerAccountConfig", "account"),
        (customer_agreement_config_v5, "CustomerAgreementConfig", "serviceAgreement"),
        (customer_config_v5, "CustomerConfig", "customer"),
        (end_device_config_v5, "EndDeviceConfig", "electricMeter"),
        (pan_demand_response_v5, "EndDeviceControls", "demandResponseEvent"),
        (pan_display_v5, "EndDeviceControls", "premisesDisplayMessage"),
        (pan_pricing_v5, "EndDeviceControls", "InitiatePANPricing"),
    ],
)
def test_the_clause_9_tables_render_from_their_declarations(
    module: Any, noun: str, table: str
) -> None:
    profile = Profile(module.PROFILE, "9", module.TABLES, noun=noun)
    (rendered,) = json.loads(render([profile], form=Format.JSON))["profiles"]
    assert (rendered["clause"], rendered["noun"]) == ("9", noun)
    first = rendered["tables"][0]
    assert first["msp_class"] == table
    rows = first["correlations"] + first["transformations"] + first["gaps"]
    assert rows and all(row.get("msp") or row.get("cim") or row.get("field") for row in rows)


@settings(max_examples=60, deadline=None)
@given(st.lists(cim_customers, min_size=1, max_size=2))
def test_cim_to_v5_xml_to_cim_keeps_every_customer(
    schemas: SchemaSet, items: list[Customer]
) -> None:
    report = GapReport()
    v5 = customer_config_v5.to_msp(CustomerConfig(customers=items), report)
    assert report.lost == []
    body = msp_binding.write(
        CustomersChangedNotification(customers=v5), "CustomersChangedNotification"
    )
    assert schemas.validate(body) == []
    again = msp_binding.read(body, CustomersChangedNotification)
    back = customer_config_v5.to_cim(again.customers, GapReport())
    back = CODEC_2013.read(CODEC_2013.write(back))
    assert unordered_names(back) == unordered_names(CustomerConfig(customers=items))
