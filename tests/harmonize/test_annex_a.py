"""IEC TS 61968-14 Annex A: addresses, phone numbers, e-mail and contact lists, both ways.

Splits and concatenations come back equal where the data allows; where it does not, the gap
report says so. MultiSpeak output is validated against the official 4.1.6 schemas (inside the
operations that carry these objects), CIM output against the XSD the classes declare.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from annex_a_strategies import (
    cim_phones,
    cim_street_addresses,
    msp_addresses,
    nanp_numbers,
    street_lines,
    unsplittable_lines,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.common_classes import (
    ElectronicAddress,
    Location,
    Organisation,
    Status,
    StreetAddress,
    StreetDetail,
    TownDetail,
)
from mspcim.cim.common_classes import TelephoneNumber as CimTelephoneNumber
from mspcim.cim.identified_object import Name
from mspcim.fieldmeta import xml
from mspcim.harmonize import phone_shapes, street_line
from mspcim.harmonize.annex_a import ADDRESS, STREET_DETAIL, TELEPHONE_NUMBER, TOWN_DETAIL
from mspcim.harmonize.annex_a_contacts import contact_info_table, service_location_rules
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.rules import Table
from mspcim.harmonize.street_line import StreetLine
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.address import (
    Address,
    AddressItem,
    ContactInfo,
    DetailedAddressFields,
    EMailAddress,
    EMailType,
    OtherContactItem,
    PhoneNumber,
    PhoneType,
    TelephoneNumber,
)
from mspcim.validation import SchemaSet


def run(
    table: Table, source: object, direction: Direction, path: str = ""
) -> tuple[object, GapReport]:
    report = GapReport()
    result = translate(
        table, source, direction, TranslationState(report=report, profile="AnnexA"), path
    )
    return result, report


def to_cim(address: Address) -> tuple[StreetAddress, GapReport]:
    result, report = run(ADDRESS, address, Direction.TO_CIM, "/address")
    assert isinstance(result, StreetAddress)
    return result, report


def to_msp(address: StreetAddress) -> tuple[Address, GapReport]:
    result, report = run(ADDRESS, address, Direction.TO_MSP, "/StreetAddress")
    assert isinstance(result, Address)
    return result, report


# --- the street line


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("1200 N Main St", StreetLine("1200", "N", "Main", "St", None)),
        ("1200 Main St SW", StreetLine("1200", None, "Main", "St", "SW")),
        (
            "14-16 Martin Luther King Jr Blvd",
            StreetLine("14-16", None, "Martin Luther King Jr", "Blvd", None),
        ),
        ("12B North St", StreetLine("12B", None, "North", "St", None)),
        ("7 East", StreetLine("7", None, "East", None, None)),
        ("400 W Broadway", StreetLine("400", "W", "Broadway", None, None)),
    ],
)
def test_street_lines_split_by_the_declared_grammar(line: str, parts: StreetLine):
    assert street_line.split(line) == parts
    assert street_line.join(parts) == line


@pytest.mark.parametrize("line", ["Rural Route 2 Box 14", "PO Box 77", "12  Main St", "", "9"])
def test_lines_the_grammar_cannot_read_give_none(line: str):
    assert street_line.split(line) is None


def test_a_free_text_street_line_becomes_the_street_detail_parts():
    address = Address(
        address1="1200 N Main St",
        address2="Apt 4",
        detailed_address_fields=DetailedAddressFields(
            suite_number="4", building_number="Tower B", post_office_box="77"
        ),
        town_code="55025",
        city="Madison",
        state="WI",
        postal_code="53703-1234",
        country="US",
    )
    cim, report = to_cim(address)
    assert cim.street_detail == StreetDetail(
        number="1200",
        prefix="N",
        name="Main",
        type="St",
        address_general2="Apt 4",
        building_name="Tower B",
        suite_number="4",
    )
    assert cim.town_detail == TownDetail(
        code="55025", name="Madison", state_or_province="WI", country="US"
    )
    assert (cim.postal_code, cim.po_box) == ("53703-1234", "77")
    assert report.entries == []
    back, again = to_msp(cim)
    assert back == address
    assert again.entries == []


def test_a_line_that_cannot_be_split_is_kept_whole_and_reported_changed():
    address = Address(address1="Rural Route 2 Box 14", city="Lodi")
    cim, report = to_cim(address)
    assert cim.street_detail == StreetDetail(name="Rural Route 2 Box 14")
    (entry,) = report.entries
    assert (entry.path, entry.value, entry.kind) == (
        "/address/address1",
        "Rural Route 2 Box 14",
        GapKind.CHANGED,
    )
    assert "kept whole as StreetDetail/name" in entry.reason
    back, _ = to_msp(cim)
    assert back == address


def test_detailed_fields_say_which_parts_are_which():
    address = Address(
        address1="1200 Main Street",
        detailed_address_fields=DetailedAddressFields(street_number="1200"),
    )
    cim, report = to_cim(address)
    assert cim.street_detail is not None
    assert (cim.street_detail.number, cim.street_detail.name, cim.street_detail.type) == (
        "1200",
        "Main Street",
        None,
    )
    assert report.entries == []
    back, _ = to_msp(cim)
    assert back == address
    redundant = Address(
        address1="1200 Main St",
        detailed_address_fields=DetailedAddressFields(street_number="1200", street_type="St"),
    )
    back, _ = to_msp(to_cim(redundant)[0])
    assert back == Address(address1="1200 Main St")


def test_a_line_that_disagrees_with_its_detailed_fields_is_reported():
    address = Address(
        address1="1200 N Main St",
        detailed_address_fields=DetailedAddressFields(street_number="88", street_type="Ave"),
    )
    cim, report = to_cim(address)
    assert cim.street_detail is not None
    assert (cim.street_detail.number, cim.street_detail.name, cim.street_detail.type) == (
        "88",
        "1200 N Main St",
        "Ave",
    )
    assert [(e.path, e.kind) for e in report] == [("/address/address1", GapKind.CHANGED)]


def test_street_parts_the_line_alone_would_misread_travel_in_detailed_fields(schemas: SchemaSet):
    street = StreetAddress(street_detail=StreetDetail(number="12", name="N Main", type=None))
    back, report = to_msp(street)
    assert back.address1 == "12 N Main"
    assert back.detailed_address_fields == DetailedAddressFields(street_number="12")
    assert report.entries == []
    again, _ = to_cim(back)
    assert again == street
    numbered = StreetAddress(street_detail=StreetDetail(name="12 Main St"))
    back, _ = to_msp(numbered)
    assert back.detailed_address_fields == DetailedAddressFields(street_number="")
    again, report = to_cim(back)
    assert again == numbered and report.entries == []
    assert (
        schemas.validate(
            customer_notification(ContactInfo(address_list=[AddressItem(address=back)]))
        )
        == []
    )


def test_what_has_no_counterpart_is_reported():
    address = Address(
        address1="5 Elm St",
        detailed_address_fields=DetailedAddressFields(region="Northern district"),
    )
    _, report = to_cim(address)
    assert [(e.path, e.value, e.kind) for e in report] == [
        ("/address/detailedAddressFields/region", "Northern district", GapKind.LOST)
    ]
    street = StreetAddress(
        status=Status(value="verified"),
        street_detail=StreetDetail(number="5", name="Elm", code="E-77", within_town_limits=True),
        town_detail=TownDetail(name="Lodi", section="12"),
    )
    _, report = to_msp(street)
    assert {entry.path: entry.value for entry in report} == {
        "/StreetAddress/streetDetail/code": "E-77",
        "/StreetAddress/streetDetail/withinTownLimits": "true",
        "/StreetAddress/townDetail/section": "12",
        "/StreetAddress/status": str(Status(value="verified")),
    }
    assert all(entry.kind is GapKind.LOST for entry in report)


def test_the_tables_are_declared_with_both_sides_names():
    assert STREET_DETAIL.msp_class is DetailedAddressFields
    assert TOWN_DETAIL.cim_class is TownDetail
    assert ADDRESS.clause == "Annex A"


# --- telephone numbers


@pytest.mark.parametrize(
    ("text", "country", "area", "local"),
    [
        ("(608) 555-0142", None, "608", "555-0142"),
        ("608.555.0142", None, "608", "555.0142"),
        ("+1 608 555 0142", "1", "608", "555 0142"),
        ("1-608-555-0142", "1", "608", "555-0142"),
        ("+44 20 7946 0958", "44", "20", "7946 0958"),
        ("+353-1-555-0100", "353", "1", "555-0100"),
    ],
)
def test_whole_numbers_split_by_the_declared_shapes(text, country, area, local):
    number, report = run(
        TELEPHONE_NUMBER, TelephoneNumber(local_number=text), Direction.TO_CIM, "/phone"
    )
    assert number == CimTelephoneNumber(country_code=country, area_code=area, local_number=local)
    (entry,) = report.entries
    assert (entry.path, entry.value, entry.kind) == ("/phone/localNumber", text, GapKind.CHANGED)


def test_a_whole_number_no_shape_reads_is_kept_and_reported():
    number, report = run(
        TELEPHONE_NUMBER, TelephoneNumber(local_number="+442079460958"), Direction.TO_CIM, "/phone"
    )
    assert number == CimTelephoneNumber(local_number="+442079460958")
    (entry,) = report.entries
    assert entry.kind is GapKind.CHANGED and "no declared shape" in entry.reason


def test_a_local_number_with_its_area_code_maps_part_by_part(schemas: SchemaSet):
    phone = TelephoneNumber(
        area_code="608", city_code="7", country_code="1", local_number="555-0142", extension="12"
    )
    number, report = run(TELEPHONE_NUMBER, phone, Direction.TO_CIM)
    assert number == CimTelephoneNumber(
        area_code="608", city_code="7", country_code="1", local_number="555-0142", extension="12"
    )
    assert report.entries == []
    back, _ = run(TELEPHONE_NUMBER, number, Direction.TO_MSP)
    assert back == phone
    body = etree.Element(f"{{{ns.MSP41}}}GetCustomerByHomePhone")
    body.append(msp_binding.write(back, "phone"))
    assert schemas.validate(body) == []


def test_the_shapes_are_declared_data():
    assert [shape.name for shape in phone_shapes.PHONE_SHAPES] == [
        "North American Numbering Plan",
        "E.164, grouped",
    ]
    assert phone_shapes.split("555-0142") is None
    assert not phone_shapes.looks_whole("555-0142")


# --- contact lists


@dataclass(slots=True, kw_only=True)
class Owner(Organisation):
    """An Organisation with Names, as a profile class declares one."""

    owner_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class Place(Location):
    """A Location with Names."""

    place_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class ServiceLocationLike:
    """The Annex A fields of MultiSpeak serviceLocation."""

    service_address: Address | None = field(default=None, metadata=xml("serviceAddress"))
    phone_list: list[PhoneNumber] = field(default_factory=list, metadata=xml("phoneList"))
    contact_info: ContactInfo | None = field(default=None, metadata=xml("contactInfo"))


CONTACTS = contact_info_table(Owner, "owner_names")
PLACE = Table(
    "AnnexA",
    "Annex A",
    ServiceLocationLike,
    Place,
    service_location_rules(ServiceLocationLike, Place, "place_names"),
)


def customer_notification(contact: ContactInfo) -> etree._Element:
    """A CustomerChangedNotification whose one customer holds ``contact``."""
    body = etree.Element(f"{{{ns.MSP41}}}CustomerChangedNotification")
    customers = etree.SubElement(body, f"{{{ns.MSP41}}}changedCustomers")
    customer = etree.SubElement(customers, f"{{{ns.MSP41}}}customer")
    customer.append(msp_binding.write(contact, "contactInfo"))
    return body


def full_contact() -> ContactInfo:
    return ContactInfo(
        phone_list=[
            PhoneNumber(
                phone=TelephoneNumber(area_code="608", local_number="555-0142"),
                phone_type=PhoneType.HOME,
                priority_order=1,
            ),
            PhoneNumber(
                phone=TelephoneNumber(area_code="608", local_number="555-0199", extension="7"),
                phone_type=PhoneType.BUSINESS_MOBILE,
            ),
        ],
        e_mail_list=[
            EMailAddress(
                e_mail="jane@example.org", e_mail_type=EMailType.PERSONAL, priority_order=1
            ),
            EMailAddress(e_mail="j.doe@acme.example", e_mail_type=EMailType.BUSINESS),
        ],
        address_list=[
            AddressItem(
                address=Address(address1="1200 N Main St", city="Madison"), address_type="Service"
            ),
            AddressItem(
                address=Address(address1="PO Box 77", city="Madison"),
                address_type="Mailing",
                priority_order=2,
            ),
        ],
        other_contact_information=[
            OtherContactItem(details="https://jane.example.org", info_type="ElectronicAddress.web"),
            OtherContactItem(details="@janedoe", info_type="Twitter"),
        ],
    )


def test_contact_info_fills_the_organisation_slots_and_comes_back(schemas: SchemaSet):
    contact = full_contact()
    owner, report = run(CONTACTS, contact, Direction.TO_CIM, "/customer/contactInfo")
    assert isinstance(owner, Owner)
    assert owner.phone1 == CimTelephoneNumber(area_code="608", local_number="555-0142")
    assert owner.phone2 == CimTelephoneNumber(
        area_code="608", local_number="555-0199", extension="7"
    )
    assert owner.electronic_address == ElectronicAddress(
        email1="jane@example.org", email2="j.doe@acme.example", web="https://jane.example.org"
    )
    assert owner.street_address is not None and owner.street_address.street_detail is not None
    assert owner.street_address.street_detail.name == "Main"
    assert owner.postal_address is not None and owner.postal_address.street_detail is not None
    assert owner.postal_address.street_detail.name == "PO Box 77"
    names = {name.type_name: name.name for name in owner.owner_names}
    assert names == {
        "phone1.phoneType": "Home",
        "phone1.priorityOrder": "1",
        "phone2.phoneType": "Business mobile",
        "electronicAddress.email1.eMailType": "Personal",
        "electronicAddress.email1.priorityOrder": "1",
        "electronicAddress.email2.eMailType": "Business",
        "streetAddress.addressType": "Service",
        "postalAddress.priorityOrder": "2",
        "otherContactItem.Twitter": "@janedoe",
    }
    assert [(e.path, e.kind) for e in report] == [
        ("/customer/contactInfo/addressList/addressItem[2]/address/address1", GapKind.CHANGED)
    ]
    back, again = run(CONTACTS, owner, Direction.TO_MSP, "/Customer")
    assert back == contact
    assert again.entries == []
    assert schemas.validate(customer_notification(back)) == []


def test_items_beyond_the_slots_are_reported_lost():
    phones = [PhoneNumber(phone=TelephoneNumber(local_number=f"555-010{i}")) for i in range(3)]
    emails = [EMailAddress(e_mail=f"{i}@example.org") for i in range(3)]
    addresses = [AddressItem(address=Address(city=c)) for c in ("A", "B", "C")]
    contact = ContactInfo(phone_list=phones, e_mail_list=emails, address_list=addresses)
    _, report = run(CONTACTS, contact, Direction.TO_CIM, "/contactInfo")
    assert [(e.path, e.value, e.kind) for e in report] == [
        ("/contactInfo/phoneList/phoneNumber[3]", "555-0102", GapKind.LOST),
        ("/contactInfo/eMailList/eMailAddress[3]", "2@example.org", GapKind.LOST),
        ("/contactInfo/addressList/addressItem[3]", "C", GapKind.LOST),
    ]


def test_a_later_slot_without_the_earlier_is_reported_and_postal_addresses_say_so():
    owner = Owner(
        phone2=CimTelephoneNumber(local_number="555-0199"),
        electronic_address=ElectronicAddress(email2="b@example.org"),
        postal_address=StreetAddress(postal_code="53555"),
    )
    back, report = run(CONTACTS, owner, Direction.TO_MSP, "/Customer")
    assert isinstance(back, ContactInfo)
    assert [item.address_type for item in back.address_list] == ["Mailing"]
    assert [(e.path, e.kind) for e in report] == [
        ("/Customer/phone2", GapKind.CHANGED),
        ("/Customer/electronicAddress/email2", GapKind.CHANGED),
    ]
    again, _ = run(CONTACTS, back, Direction.TO_CIM)
    assert isinstance(again, Owner)
    assert again.phone1 == owner.phone2 and again.postal_address == owner.postal_address
    assert again.owner_names == []


def test_a_password_is_never_forwarded_nor_shown():
    owner = Owner(
        electronic_address=ElectronicAddress(
            email1="a@example.org", user_id="jd", password="hunter2"
        )
    )
    back, report = run(CONTACTS, owner, Direction.TO_MSP, "/Customer")
    assert isinstance(back, ContactInfo)
    assert [item.info_type for item in back.other_contact_information] == [
        "ElectronicAddress.userID"
    ]
    (entry,) = report.entries
    assert (entry.path, entry.value, entry.kind) == (
        "/Customer/electronicAddress/password",
        "********",
        GapKind.LOST,
    )
    assert "hunter2" not in report.to_json() and "hunter2" not in repr(owner)
    contact = ContactInfo(
        other_contact_information=[
            OtherContactItem(details="hunter2", info_type="ElectronicAddress.password")
        ]
    )
    owner_back, report = run(CONTACTS, contact, Direction.TO_CIM, "/contactInfo")
    assert isinstance(owner_back, Owner) and owner_back.electronic_address is None
    assert [entry.value for entry in report] == ["********"]


def test_a_carried_type_that_multispeak_does_not_know_is_reported():
    owner = Owner(
        phone1=CimTelephoneNumber(local_number="555-0142"),
        owner_names=[Name.typed("Cell", "phone1.phoneType", "MultiSpeak")],
    )
    back, report = run(CONTACTS, owner, Direction.TO_MSP, "/Customer")
    assert isinstance(back, ContactInfo)
    assert back.phone_list == [PhoneNumber(phone=TelephoneNumber(local_number="555-0142"))]
    assert [(e.value, e.kind) for e in report] == [("Cell", GapKind.LOST)]


def test_the_service_location_transformations():
    location = ServiceLocationLike(
        service_address=Address(address1="88 Lake Rd", city="Lodi", postal_code="53555"),
        phone_list=[
            PhoneNumber(
                phone=TelephoneNumber(area_code="608", local_number="555-0100"),
                phone_type=PhoneType.HOME,
            )
        ],
        contact_info=ContactInfo(
            e_mail_list=[EMailAddress(e_mail="site@example.org")],
            address_list=[
                AddressItem(
                    address=Address(address1="PO Box 9", city="Lodi"), address_type="Mailing"
                )
            ],
            phone_list=[PhoneNumber(phone=TelephoneNumber(local_number="555-0111"))],
        ),
    )
    place, report = run(PLACE, location, Direction.TO_CIM, "/serviceLocation")
    assert isinstance(place, Place)
    assert place.main_address is not None and place.main_address.postal_code == "53555"
    assert place.phone1 == CimTelephoneNumber(area_code="608", local_number="555-0100")
    assert place.electronic_address == ElectronicAddress(email1="site@example.org")
    assert place.secondary_address is not None and place.secondary_address.po_box is None
    names = {name.type_name: name.name for name in place.place_names}
    assert names == {"phone1.phoneType": "Home", "secondaryAddress.addressType": "Mailing"}
    lost = [(e.path, e.kind) for e in report if e.kind is GapKind.LOST]
    assert lost == [("/serviceLocation/contactInfo/phoneList/phoneNumber[1]", GapKind.LOST)]
    back, _ = run(PLACE, place, Direction.TO_MSP, "/ServiceLocation")
    assert isinstance(back, ServiceLocationLike)
    assert back.service_address == location.service_address
    assert back.phone_list == location.phone_list
    assert back.contact_info is not None
    assert back.contact_info.e_mail_list == location.contact_info.e_mail_list
    assert back.contact_info.address_list == location.contact_info.address_list


# --- the declared CIM classes


def test_the_classes_bind_and_declare_a_valid_schema():
    binding = Binding("http://iec.ch/TC57/2011/AnnexA#")
    owner = Owner(
        electronic_address=ElectronicAddress(email1="a@example.org", web="https://example.org"),
        phone1=CimTelephoneNumber(area_code="608", local_number="555-0142"),
        street_address=StreetAddress(
            postal_code="53703",
            status=Status(value="verified"),
            street_detail=StreetDetail(number="1200", name="Main", within_town_limits=True),
            town_detail=TownDetail(name="Madison", state_or_province="WI"),
        ),
        owner_names=[Name.typed("Home", "phone1.phoneType", "MultiSpeak")],
    )
    element = binding.write(owner, "Owner")
    etree.XMLSchema(binding.xsd(Owner, "Owner")).assertValid(element)
    assert binding.read(element, Owner) == owner
    detail = element.find(
        "{http://iec.ch/TC57/2011/AnnexA#}streetAddress/{http://iec.ch/TC57/2011/AnnexA#}streetDetail"
    )
    assert [ns.local_name(child.tag) for child in detail] == ["name", "number", "withinTownLimits"]


# --- round trips


@settings(max_examples=150, deadline=None)
@given(msp_addresses)
def test_multispeak_addresses_come_back_equal_property(address: Address):
    cim, report = to_cim(address)
    changed = [entry for entry in report if entry.kind is not GapKind.CHANGED]
    assert changed == []
    back, again = to_msp(cim)
    assert back == address
    assert again.entries == []
    unsplit = address.address1 is not None and street_line.split(address.address1) is None
    assert len(report) == (1 if unsplit else 0)


@settings(max_examples=150, deadline=None)
@given(cim_street_addresses)
def test_cim_street_addresses_come_back_equal_property(street: StreetAddress):
    address, report = to_msp(street)
    assert report.entries == []
    back, _ = to_cim(address)
    assert back == street


@settings(max_examples=100, deadline=None)
@given(street_lines())
def test_splittable_lines_are_not_reported_property(line: str):
    cim, report = to_cim(Address(address1=line))
    assert report.entries == []
    assert cim.street_detail is not None and cim.street_detail.number == line.split(" ")[0]


@settings(max_examples=50, deadline=None)
@given(unsplittable_lines)
def test_unsplittable_lines_are_reported_property(line: str):
    cim, report = to_cim(Address(address1=line))
    assert cim.street_detail == StreetDetail(name=line)
    assert [entry.kind for entry in report] == [GapKind.CHANGED]


@settings(max_examples=100, deadline=None)
@given(cim_phones)
def test_cim_phone_numbers_come_back_equal_property(phone: CimTelephoneNumber):
    number, report = run(TELEPHONE_NUMBER, phone, Direction.TO_MSP)
    back, again = run(TELEPHONE_NUMBER, number, Direction.TO_CIM)
    assert back == phone
    assert report.entries == [] and again.entries == []


@settings(max_examples=100, deadline=None)
@given(nanp_numbers())
def test_north_american_numbers_split_and_keep_their_digits_property(parts):
    text, area, local, country = parts
    number, report = run(TELEPHONE_NUMBER, TelephoneNumber(local_number=text), Direction.TO_CIM)
    assert isinstance(number, CimTelephoneNumber)
    assert (number.country_code, number.area_code, number.local_number) == (country, area, local)
    digits = "".join(ch for ch in text if ch.isdigit())
    assert digits == (country or "") + area + "".join(ch for ch in local if ch.isdigit())
    assert [entry.kind for entry in report] == [GapKind.CHANGED]
    msp, _ = run(TELEPHONE_NUMBER, number, Direction.TO_MSP)
    again, second = run(TELEPHONE_NUMBER, msp, Direction.TO_CIM)
    assert again == number and second.entries == []


@settings(max_examples=40, deadline=None)
@given(st.lists(msp_addresses, max_size=2))
def test_contact_addresses_are_schema_valid_property(schemas: SchemaSet, addresses: list[Address]):
    contact = ContactInfo(address_list=[AddressItem(address=a) for a in addresses])
    owner, _ = run(CONTACTS, contact, Direction.TO_CIM)
    back, _ = run(CONTACTS, owner, Direction.TO_MSP)
    assert isinstance(back, ContactInfo)
    assert schemas.validate(customer_notification(back)) == []
