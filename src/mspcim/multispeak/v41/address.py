"""MultiSpeak 4.1 addresses, phone numbers, e-mail addresses and contact information.

As the 4.1.6 WSDLs declare them: ``address`` (two free-text lines, ``detailedAddressFields``,
town, state, postal code, country), ``telephoneNumber`` (country, area and city codes, local
number, extension), ``phoneNumber`` (a telephoneNumber with its ``phoneType`` and
``priorityOrder``), ``eMailAddress``, ``addressItem``, ``otherContactItem`` and ``contactInfo``
(the lists a person or a location holds). IEC TS 61968-14 Annex A maps them once
(``harmonize.annex_a``); every profile holding an address or a phone number uses these classes.
Bound with ``msp_binding``: field order is schema order, wrapped lists hold plain lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.msp_binding import xml_list

__all__ = [
    "Address",
    "AddressItem",
    "ContactInfo",
    "DetailedAddressFields",
    "EMailAddress",
    "EMailType",
    "OtherContactItem",
    "PhoneNumber",
    "PhoneType",
    "TelephoneNumber",
]


class PhoneType(StrEnum):
    """``phoneType``: what a phone number is for."""

    HOME = "Home"
    BUSINESS = "Business"
    MOBILE = "Mobile"
    BUSINESS_MOBILE = "Business mobile"
    PAGER = "Pager"
    FAX = "Fax"
    OTHER = "Other"


class EMailType(StrEnum):
    """``eMailType``: what an e-mail address is for."""

    PERSONAL = "Personal"
    BUSINESS = "Business"
    ALTERNATE = "Alternate"
    OTHER = "Other"


@dataclass(slots=True, kw_only=True)
class DetailedAddressFields:
    """``detailedAddressFields``: the parts of the street line, suite, building, PO box, region."""

    street_prefix: str | None = field(default=None, metadata=xml("streetPrefix"))
    street_number: str | None = field(default=None, metadata=xml("streetNumber"))
    street_suffix: str | None = field(default=None, metadata=xml("streetSuffix"))
    street_type: str | None = field(default=None, metadata=xml("streetType"))
    building_number: str | None = field(default=None, metadata=xml("buildingNumber"))
    suite_number: str | None = field(default=None, metadata=xml("suiteNumber"))
    address_general: str | None = field(default=None, metadata=xml("addressGeneral"))
    post_office_box: str | None = field(default=None, metadata=xml("postOfficeBox"))
    region: str | None = field(default=None, metadata=xml("region"))


@dataclass(slots=True, kw_only=True)
class Address:
    """``address``: two free-text lines, their detailed parts, and the town they are in."""

    address1: str | None = field(default=None, metadata=xml("address1"))
    address2: str | None = field(default=None, metadata=xml("address2"))
    detailed_address_fields: DetailedAddressFields | None = field(
        default=None, metadata=xml("detailedAddressFields")
    )
    town_code: str | None = field(default=None, metadata=xml("townCode"))
    city: str | None = field(default=None, metadata=xml("city"))
    state: str | None = field(default=None, metadata=xml("state"))
    postal_code: str | None = field(default=None, metadata=xml("postalCode"))
    country: str | None = field(default=None, metadata=xml("country"))


@dataclass(slots=True, kw_only=True)
class TelephoneNumber:
    """``telephoneNumber``: a phone number in its parts."""

    area_code: str | None = field(default=None, metadata=xml("areaCode"))
    city_code: str | None = field(default=None, metadata=xml("cityCode"))
    country_code: str | None = field(default=None, metadata=xml("countryCode"))
    local_number: str | None = field(default=None, metadata=xml("localNumber"))
    extension: str | None = field(default=None, metadata=xml("extension"))


@dataclass(slots=True, kw_only=True)
class PhoneNumber:
    """``phoneNumber``: a telephone number, what it is for, and its rank."""

    phone: TelephoneNumber | None = field(default=None, metadata=xml("phone"))
    phone_type: PhoneType | None = field(default=None, metadata=xml("phoneType"))
    priority_order: int | None = field(default=None, metadata=xml("priorityOrder"))


@dataclass(slots=True, kw_only=True)
class EMailAddress:
    """``eMailAddress``: an e-mail address, what it is for, and its rank."""

    e_mail: str | None = field(default=None, metadata=xml("eMail"))
    e_mail_type: EMailType | None = field(default=None, metadata=xml("eMailType"))
    priority_order: int | None = field(default=None, metadata=xml("priorityOrder"))


@dataclass(slots=True, kw_only=True)
class AddressItem:
    """``addressItem``: an address, what it is for (free text), and its rank."""

    address: Address | None = field(default=None, metadata=xml("address"))
    address_type: str | None = field(default=None, metadata=xml("addressType"))
    priority_order: int | None = field(default=None, metadata=xml("priorityOrder"))


@dataclass(slots=True, kw_only=True)
class OtherContactItem:
    """``otherContactItem``: any other way to reach someone (web page, pager id …)."""

    details: str | None = field(default=None, metadata=xml("details"))
    info_type: str | None = field(default=None, metadata=xml("infoType"))


@dataclass(slots=True, kw_only=True)
class ContactInfo:
    """``contactInfo``: the phone numbers, e-mail addresses, addresses and other contacts."""

    phone_list: list[PhoneNumber] = field(
        default_factory=list, metadata=xml_list("phoneList", "phoneNumber")
    )
    e_mail_list: list[EMailAddress] = field(
        default_factory=list, metadata=xml_list("eMailList", "eMailAddress")
    )
    address_list: list[AddressItem] = field(
        default_factory=list, metadata=xml_list("addressList", "addressItem")
    )
    other_contact_information: list[OtherContactItem] = field(
        default_factory=list, metadata=xml_list("otherContactInformation", "otherContactItem")
    )
