"""MultiSpeak 5.0 ``contactInfo`` and its common types: phone numbers, addresses, e-mail.

As ``MultiSpeak.xsd`` (``contactInfo``) and ``mspCommonTypes.xsd`` declare them. The items have
the element names of MultiSpeak 4.1 (``phone``, ``phoneType``, ``priorityOrder`` …); the lists
are wrapped differently (``phoneNumbers/phoneNumber`` for 4.1 ``phoneList/phoneNumber``) and the
kinds are enumerations with an ``otherKind`` attribute for anything else (an ``addressType``
was free text in 4.1). 5.0.4 declares ``contactInfo`` in ``commonTypes`` (5.0.7 in the objects
schema), so its lists are in that namespace there: read from either, written per release.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, Final

from lxml import etree

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.msp_binding import Form, Release, register_form, xml_list

__all__ = [
    "LEGACY_PHONE_TYPES",
    "Address",
    "AddressItem",
    "AddressKind",
    "AddressType",
    "ContactInfo",
    "DetailedAddressFields",
    "EMailAddress",
    "EMailType",
    "EMailTypeKind",
    "OtherContactItem",
    "PhoneNumber",
    "PhoneType",
    "PhoneTypeKind",
    "TelephoneNumber",
]


class PhoneTypeKind(StrEnum):
    """``phoneTypeKind``: what a phone number is for."""

    UNKNOWN = "Unknown"
    HOME = "Home"
    BUSINESS = "Business"
    MOBILE = "Mobile"
    BUSINESS_MOBILE = "BusinessMobile"
    PAGER = "Pager"
    FAX = "Fax"
    OTHER = "Other"


class EMailTypeKind(StrEnum):
    """``eMailTypeKind``: what an e-mail address is for."""

    UNKNOWN = "Unknown"
    PERSONAL = "Personal"
    BUSINESS = "Business"
    ALTERNATE = "Alternate"
    OTHER = "Other"


class AddressKind(StrEnum):
    """``addressKind``: what an address is for (free text in MultiSpeak 4.1)."""

    UNKNOWN = "Unknown"
    BILLING = "Billing"
    SERVICE = "Service"
    MAILING = "Mailing"
    AGENT = "Agent"
    HEADQUARTERS = "Headquarters"
    LANDLORD = "Landlord"
    OTHER = "Other"


LEGACY_PHONE_TYPES: Final[dict[str, str]] = {"Business mobile": "BusinessMobile"}
"""MultiSpeak 4.1 ``phoneType`` spellings that 5.0 writes differently (4.1 → 5.0)."""


@dataclass(slots=True, kw_only=True)
class PhoneType:
    """``phoneType``: a phoneTypeKind, and the kind's own name when it is Other."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    value: PhoneTypeKind = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class EMailType:
    """``eMailType``: an eMailTypeKind, and the kind's own name when it is Other."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    value: EMailTypeKind = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class AddressType:
    """``addressType``: an addressKind, and the kind's own name when it is Other."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    value: AddressKind = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class TelephoneNumber:
    """``telephoneNumber``: a phone number in its parts."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    area_code: str | None = field(default=None, metadata=xml("areaCode"))
    city_code: str | None = field(default=None, metadata=xml("cityCode"))
    country_code: str | None = field(default=None, metadata=xml("countryCode"))
    local_number: str | None = field(default=None, metadata=xml("localNumber"))
    extension: str | None = field(default=None, metadata=xml("extension"))


@dataclass(slots=True, kw_only=True)
class PhoneNumber:
    """``phoneNumber``: a telephone number, what it is for, and its rank."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    phone: TelephoneNumber = field(metadata=xml("phone"))
    phone_type: PhoneType | None = field(default=None, metadata=xml("phoneType"))
    priority_order: int | None = field(default=None, metadata=xml("priorityOrder"))


@dataclass(slots=True, kw_only=True)
class DetailedAddressFields:
    """``detailedAddressFields``: the parts of the street line, suite, building, PO box, region."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
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

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
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
class AddressItem:
    """``addressItem``: an address, what it is for, and its rank."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    address: Address = field(metadata=xml("address"))
    address_type: AddressType | None = field(default=None, metadata=xml("addressType"))
    priority_order: int | None = field(default=None, metadata=xml("priorityOrder"))


@dataclass(slots=True, kw_only=True)
class EMailAddress:
    """``eMailAddress``: an e-mail address, what it is for, and its rank."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    e_mail: str = field(metadata=xml("eMail"))
    e_mail_type: EMailType | None = field(default=None, metadata=xml("eMailType"))
    priority_order: int | None = field(default=None, metadata=xml("priorityOrder"))


@dataclass(slots=True, kw_only=True)
class OtherContactItem:
    """``otherContactItem``: any other way to reach someone (web page, pager id …)."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    details: str = field(metadata=xml("details"))
    info_type: str | None = field(default=None, metadata=xml("infoType"))


@dataclass(slots=True, kw_only=True)
class ContactInfo:
    """``contactInfo``: phone numbers, addresses, e-mail addresses and other contacts."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    phone_list: list[PhoneNumber] = field(
        default_factory=list, metadata=xml_list("phoneNumbers", "phoneNumber", ns.MSP50_COMMON)
    )
    address_list: list[AddressItem] = field(
        default_factory=list, metadata=xml_list("addressItems", "addressItem", ns.MSP50_COMMON)
    )
    e_mail_list: list[EMailAddress] = field(
        default_factory=list, metadata=xml_list("eMailAddresses", "eMailAddress", ns.MSP50_COMMON)
    )
    other_contact_information: list[OtherContactItem] = field(
        default_factory=list,
        metadata=xml_list("otherContactInformation", "otherContactItem", ns.MSP50_COMMON),
    )


_LISTS: Final = ("phoneNumbers", "addressItems", "eMailAddresses", "otherContactInformation")


def _move(element: etree._Element, source: str, target: str) -> None:
    for child in element:
        if isinstance(child.tag, str) and child.tag in {ns.qname(source, n) for n in _LISTS}:
            child.tag = ns.qname(target, ns.local_name(child.tag))


def _canonical(element: etree._Element) -> None:
    """5.0.4 → the 5.0.7 form the dataclass binds: the lists in the objects namespace."""
    _move(element, ns.MSP50_COMMON, ns.MSP50)


def _emit(element: etree._Element, release: Release) -> None:
    if release is Release.V504:
        _move(element, ns.MSP50, ns.MSP50_COMMON)


register_form(ContactInfo, Form(_canonical, _emit))
