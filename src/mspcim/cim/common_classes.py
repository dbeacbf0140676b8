"""The CIM classes IEC TS 61968-14 Annex A maps once for every profile: addresses, phones, e-mail.

Declared after the IEC 61968 Common package, bindable by ``mspcim.binding.Binding``:

- ``StreetAddress`` (``poBox``, ``postalCode``, ``status``, ``streetDetail``, ``townDetail``),
  with ``StreetDetail`` (the street line in its parts, the building and suite, up to three free
  lines) and ``TownDetail`` (town, state or province, country, codes);
- ``TelephoneNumber`` (country, area and city codes, local number, extension);
- ``ElectronicAddress`` (two e-mail addresses, web, LAN, MAC and radio addresses, a user id and
  its password — a credential: never reported with its value).

Attributes are in alphabetical order, as the IEC 61968-9 profile schemas order them. One
declaration serves both editions: the first edition kept ``poBox`` and ``postalCode`` in a
separate PostalAddress; here they are on StreetAddress, as the second edition has them.

``Organisation`` and ``Location`` hold the Annex A attributes of the CIM classes that own
contacts (a Customer or a supplier is an Organisation; a ServiceLocation is a Location); the
profile classes extend them or declare the same field names, so the Annex A contact tables
(``harmonize.annex_a.contact_info_table``) apply to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mspcim.cim.identified_object import Status
from mspcim.fieldmeta import xml

__all__ = [
    "ElectronicAddress",
    "Location",
    "Organisation",
    "Status",
    "StreetAddress",
    "StreetDetail",
    "TelephoneNumber",
    "TownDetail",
]


@dataclass(slots=True, kw_only=True)
class StreetDetail:
    """StreetDetail: the street line in its parts, building, suite and free-form lines."""

    address_general: str | None = field(default=None, metadata=xml("addressGeneral"))
    address_general2: str | None = field(default=None, metadata=xml("addressGeneral2"))
    address_general3: str | None = field(default=None, metadata=xml("addressGeneral3"))
    building_name: str | None = field(default=None, metadata=xml("buildingName"))
    code: str | None = field(default=None, metadata=xml("code"))
    name: str | None = field(default=None, metadata=xml("name"))
    number: str | None = field(default=None, metadata=xml("number"))
    prefix: str | None = field(default=None, metadata=xml("prefix"))
    suffix: str | None = field(default=None, metadata=xml("suffix"))
    suite_number: str | None = field(default=None, metadata=xml("suiteNumber"))
    type: str | None = field(default=None, metadata=xml("type"))
    within_town_limits: bool | None = field(default=None, metadata=xml("withinTownLimits"))


@dataclass(slots=True, kw_only=True)
class TownDetail:
    """TownDetail: the town, its section, state or province and country."""

    code: str | None = field(default=None, metadata=xml("code"))
    country: str | None = field(default=None, metadata=xml("country"))
    name: str | None = field(default=None, metadata=xml("name"))
    section: str | None = field(default=None, metadata=xml("section"))
    state_or_province: str | None = field(default=None, metadata=xml("stateOrProvince"))


@dataclass(slots=True, kw_only=True)
class StreetAddress:
    """StreetAddress: a street address with its town, postal code and post office box."""

    po_box: str | None = field(default=None, metadata=xml("poBox"))
    postal_code: str | None = field(default=None, metadata=xml("postalCode"))
    status: Status | None = field(default=None, metadata=xml("status"))
    street_detail: StreetDetail | None = field(default=None, metadata=xml("streetDetail"))
    town_detail: TownDetail | None = field(default=None, metadata=xml("townDetail"))


@dataclass(slots=True, kw_only=True)
class TelephoneNumber:
    """TelephoneNumber: a phone number in its parts (ITU-T E.164 country code, area code …)."""

    area_code: str | None = field(default=None, metadata=xml("areaCode"))
    city_code: str | None = field(default=None, metadata=xml("cityCode"))
    country_code: str | None = field(default=None, metadata=xml("countryCode"))
    extension: str | None = field(default=None, metadata=xml("extension"))
    local_number: str | None = field(default=None, metadata=xml("localNumber"))


@dataclass(slots=True, kw_only=True)
class ElectronicAddress:
    """ElectronicAddress: e-mail, web, network addresses and a user id with its password."""

    email1: str | None = field(default=None, metadata=xml("email1"))
    email2: str | None = field(default=None, metadata=xml("email2"))
    lan: str | None = field(default=None, metadata=xml("lan"))
    mac: str | None = field(default=None, metadata=xml("mac"))
    password: str | None = field(default=None, metadata=xml("password"))
    """A credential: never shown in gap reports or logs."""
    radio: str | None = field(default=None, metadata=xml("radio"))
    user_id: str | None = field(default=None, metadata=xml("userID"))
    web: str | None = field(default=None, metadata=xml("web"))

    def __repr__(self) -> str:
        shown = "********" if self.password is not None else None
        return (
            f"ElectronicAddress(email1={self.email1!r}, email2={self.email2!r}, lan={self.lan!r}, "
            f"mac={self.mac!r}, password={shown!r}, radio={self.radio!r}, "
            f"user_id={self.user_id!r}, web={self.web!r})"
        )


@dataclass(slots=True, kw_only=True)
class Organisation:
    """Organisation: the Annex A attributes of an organisation (addresses, phones, e-mail)."""

    electronic_address: ElectronicAddress | None = field(
        default=None, metadata=xml("electronicAddress")
    )
    phone1: TelephoneNumber | None = field(default=None, metadata=xml("phone1"))
    phone2: TelephoneNumber | None = field(default=None, metadata=xml("phone2"))
    postal_address: StreetAddress | None = field(default=None, metadata=xml("postalAddress"))
    street_address: StreetAddress | None = field(default=None, metadata=xml("streetAddress"))


@dataclass(slots=True, kw_only=True)
class Location:
    """Location: the Annex A attributes of a place (main and secondary address, phones, e-mail)."""

    electronic_address: ElectronicAddress | None = field(
        default=None, metadata=xml("electronicAddress")
    )
    main_address: StreetAddress | None = field(default=None, metadata=xml("mainAddress"))
    phone1: TelephoneNumber | None = field(default=None, metadata=xml("phone1"))
    phone2: TelephoneNumber | None = field(default=None, metadata=xml("phone2"))
    secondary_address: StreetAddress | None = field(default=None, metadata=xml("secondaryAddress"))
