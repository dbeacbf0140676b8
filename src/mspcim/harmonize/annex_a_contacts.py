"""IEC TS 61968-14 Annex A: contact lists ⇄ the contact slots of a CIM Organisation or Location.

MultiSpeak holds lists (``phoneList``, ``eMailList``, ``addressList``,
``otherContactInformation``); a CIM Organisation holds ``phone1``, ``phone2``, one
ElectronicAddress (``email1``, ``email2``, ``web`` …), a ``streetAddress`` and a
``postalAddress``; a Location ``mainAddress`` and ``secondaryAddress``. Declared as data:

- phones fill ``PHONE_SLOTS`` and e-mail addresses ``EMAIL_SLOTS`` in list order (a later slot
  filled without the earlier one comes back as the earlier: reported CHANGED); an address
  whose ``addressType`` is one of ``POSTAL_ADDRESS_TYPES`` takes the postal slot, the others the
  street slot, and a postal address is of type ``Mailing`` unless said otherwise; items beyond
  the slots are reported lost;
- what a slot has no attribute for (``phoneType``, ``eMailType``, ``addressType``,
  ``priorityOrder``) travels as a Name of the owner typed ``<slot>.<element>``
  (``phone1.phoneType``; an empty ``addressType`` Name: none where a type is implied), and comes
  back on return;
- ``otherContactInformation`` items typed ``ElectronicAddress.<attribute>`` are the
  ElectronicAddress attributes MultiSpeak has no element for (``ELECTRONIC_ITEMS``); other items
  travel as Names typed ``otherContactItem.<infoType>``. A ``password`` is a credential: never
  forwarded, reported without its value.

``contact_info_table`` builds the table of ``contactInfo`` ⇄ an owner class; the phone,
e-mail and address codecs are registered per owner (their Names field differs).
``service_location_rules`` are the ServiceLocation transformations: ``serviceAddress`` ⇄
``mainAddress``, ``phoneList`` ⇄ ``phone1``/``phone2``, ``contactInfo`` ⇄ e-mail and
``secondaryAddress``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final, TypeVar

from mspcim.cim.common_classes import ElectronicAddress
from mspcim.cim.common_classes import TelephoneNumber as CimTelephoneNumber
from mspcim.cim.identified_object import Name
from mspcim.fieldmeta import xml_name
from mspcim.harmonize.annex_a import ADDRESS, ANNEX_A, CLAUSE, TELEPHONE_NUMBER, is_empty
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import typed_name
from mspcim.harmonize.engine import SECRET
from mspcim.harmonize.parts import part, take
from mspcim.harmonize.rules import Rule, Table, Transform
from mspcim.multispeak.v41.address import (
    Address,
    AddressItem,
    ContactInfo,
    EMailAddress,
    EMailType,
    OtherContactItem,
    PhoneNumber,
    PhoneType,
    TelephoneNumber,
)

__all__ = [
    "ELECTRONIC_ITEMS",
    "EMAIL_SLOTS",
    "LOCATION_ADDRESSES",
    "ORGANISATION_ADDRESSES",
    "OTHER_CONTACT_ITEM",
    "PHONE_SLOTS",
    "POSTAL_ADDRESS_TYPES",
    "address_slots_codec",
    "contact_info_table",
    "email_slots_codec",
    "phone_slots_codec",
    "service_location_rules",
]

PHONE_SLOTS: Final = ("phone1", "phone2")
EMAIL_SLOTS: Final = ("email1", "email2")
ORGANISATION_ADDRESSES: Final = ("street_address", "postal_address")
LOCATION_ADDRESSES: Final = ("main_address", "secondary_address")
POSTAL_ADDRESS_TYPES: Final = frozenset({"mailing", "mail", "postal", "billing", "po box"})
"""``addressType`` values (any case) that take an owner's postal address slot."""
POSTAL_ADDRESS_TYPE: Final = "Mailing"
"""The ``addressType`` a postal address has unless a Name says otherwise (not carried)."""
_UNSLOTTED: Final = (
    "{slot} without {before}: MultiSpeak lists have no slots, it comes back as {before}"
)
ELECTRONIC_ITEMS: Final = {
    "ElectronicAddress.web": "web",
    "ElectronicAddress.lan": "lan",
    "ElectronicAddress.mac": "mac",
    "ElectronicAddress.radio": "radio",
    "ElectronicAddress.userID": "user_id",
}
"""``otherContactItem/infoType`` ⇄ the ElectronicAddress attribute it holds."""
OTHER_CONTACT_ITEM: Final = "otherContactItem"
"""NameType prefix of the other contact items that travel as Names."""
PASSWORD: Final = "ElectronicAddress.password"
_CREDENTIAL: Final = "a password is a credential: never forwarded"

_E = TypeVar("_E", bound=StrEnum)


def _slot_xml(owner: type, slot: str) -> str:
    return xml_name(owner, slot)


def _taken(ctx: TranslationContext, names: list[Name], name_type: str) -> str | None:
    """The text of the first Name of ``name_type`` (consumed), if any."""
    for name in names:
        if name.type_name == name_type:
            take(ctx, name)
            return name.name
    return None


def _as_enum(kind: type[_E], text: str | None, ctx: TranslationContext, where: str) -> _E | None:
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        ctx.gap(where, text, f"not a MultiSpeak {kind.__name__[0].lower()}{kind.__name__[1:]}")
        return None


def _as_int(text: str | None, ctx: TranslationContext, where: str) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        ctx.gap(where, text, "not a MultiSpeak priorityOrder (an integer)")
        return None


def _carry(names: list[Name], key: str, value: object) -> None:
    if value is not None:
        names.append(typed_name(str(value), key))


def _phone_label(item: PhoneNumber) -> str:
    phone = item.phone or TelephoneNumber()
    parts = (phone.country_code, phone.area_code, phone.local_number, phone.extension)
    return " ".join(part for part in parts if part) or "(phoneNumber)"


def phone_slots_codec(
    msp_class: type, owner: type, names: str, slots: tuple[str, ...], field: str = "phone_list"
) -> str:
    """Register the codec of ``field`` (phoneNumbers) ⇄ ``owner``'s ``slots``; its name."""
    listed = xml_name(msp_class, field)
    shown = ", ".join(_slot_xml(owner, slot) for slot in slots)
    lost_reason = (
        f"{owner.__name__} has {len(slots)} phone numbers ({shown})"
        if slots
        else f"no phone number slot of {owner.__name__} is filled from this list"
    )

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        out: dict[str, Any] = {}
        carried: list[Name] = []
        for index, item in enumerate(values[field] or [], start=1):
            where = f"{listed}/phoneNumber[{index}]"
            if index > len(slots):
                ctx.gap(where, _phone_label(item), lost_reason)
                continue
            slot = slots[index - 1]
            phone = item.phone or TelephoneNumber()
            out[slot] = ctx.nested(TELEPHONE_NUMBER, phone, f"{ctx.path}/{where}/phone")
            key = _slot_xml(owner, slot)
            _carry(carried, f"{key}.phoneType", item.phone_type)
            _carry(carried, f"{key}.priorityOrder", item.priority_order)
        return {**out, names: carried}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found: list[Name] = values[names] or []
        phones: list[PhoneNumber] = []
        for position, slot in enumerate(slots):
            number: CimTelephoneNumber | None = values[slot]
            if number is None:
                continue
            key = _slot_xml(owner, slot)
            if len(phones) < position:
                before = _slot_xml(owner, slots[len(phones)])
                reason = _UNSLOTTED.format(slot=key, before=before)
                ctx.gap(key, number.local_number or key, reason, lost=False)
            phone = ctx.nested(TELEPHONE_NUMBER, number, f"{ctx.path}/{key}")
            kind = _taken(ctx, found, f"{key}.phoneType")
            order = _taken(ctx, found, f"{key}.priorityOrder")
            phones.append(
                PhoneNumber(
                    phone=None if is_empty(phone) else phone,
                    phone_type=_as_enum(PhoneType, kind, ctx, f"Names[{key}.phoneType]"),
                    priority_order=_as_int(order, ctx, f"Names[{key}.priorityOrder]"),
                )
            )
        return {field: phones}

    name = f"annex_a_phones:{owner.__name__}:{names}:{'/'.join(slots)}"
    described = ", ".join(_slot_xml(owner, slot) for slot in slots) or "none"
    field_codec(
        name,
        to_cim,
        to_msp,
        f"phoneNumber in list order ⇄ {described} (TELEPHONE_NUMBER); phoneType, priorityOrder "
        "⇄ Names <slot>.phoneType, <slot>.priorityOrder; further phones reported lost",
    )
    return name


def email_slots_codec(msp_class: type, owner: type, names: str, slots: tuple[str, ...]) -> str:
    """Register the codec of eMailList and otherContactInformation ⇄ ``owner``'s e-mail."""

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        address = ElectronicAddress()
        carried: list[Name] = []
        for index, item in enumerate(values["e_mail_list"] or [], start=1):
            if index > len(slots):
                ctx.gap(f"eMailList/eMailAddress[{index}]", item.e_mail or "", "no further slot")
                continue
            slot = slots[index - 1]
            setattr(address, slot, item.e_mail)
            _carry(carried, f"electronicAddress.{slot}.eMailType", item.e_mail_type)
            _carry(carried, f"electronicAddress.{slot}.priorityOrder", item.priority_order)
        for index, other in enumerate(values["other_contact_information"] or [], start=1):
            attribute = ELECTRONIC_ITEMS.get(other.info_type or "")
            if other.info_type == PASSWORD:
                where = f"otherContactInformation/otherContactItem[{index}]/details"
                ctx.gap(where, SECRET, _CREDENTIAL)
            elif attribute is not None and getattr(address, attribute) is None:
                setattr(address, attribute, other.details)
            else:
                key = f"{OTHER_CONTACT_ITEM}.{other.info_type or ''}"
                carried.append(typed_name(other.details or "", key))
        return {"electronic_address": None if is_empty(address) else address, names: carried}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        address: ElectronicAddress | None = values["electronic_address"]
        found: list[Name] = values[names] or []
        emails: list[EMailAddress] = []
        others: list[OtherContactItem] = []
        if address is not None:
            for slot in slots:
                kind = _taken(ctx, found, f"electronicAddress.{slot}.eMailType")
                order = _taken(ctx, found, f"electronicAddress.{slot}.priorityOrder")
                if getattr(address, slot) is None:
                    continue
                if len(emails) < slots.index(slot):
                    reason = _UNSLOTTED.format(slot=slot, before=slots[len(emails)])
                    ctx.gap(f"electronicAddress/{slot}", getattr(address, slot), reason, lost=False)
                where = f"Names[electronicAddress.{slot}"
                emails.append(
                    EMailAddress(
                        e_mail=getattr(address, slot),
                        e_mail_type=_as_enum(EMailType, kind, ctx, f"{where}.eMailType]"),
                        priority_order=_as_int(order, ctx, f"{where}.priorityOrder]"),
                    )
                )
            for info_type, attribute in ELECTRONIC_ITEMS.items():
                if (text := getattr(address, attribute)) is not None:
                    others.append(OtherContactItem(details=text, info_type=info_type))
            for slot in set(EMAIL_SLOTS) - set(slots):
                if (text := getattr(address, slot)) is not None:
                    ctx.gap(f"electronicAddress/{slot}", text, "the owner maps no such e-mail")
            if address.password is not None:
                ctx.gap("electronicAddress/password", SECRET, _CREDENTIAL)
        for name in found:
            if name.type_name and name.type_name.startswith(f"{OTHER_CONTACT_ITEM}."):
                take(ctx, name)
                info_type = name.type_name.removeprefix(f"{OTHER_CONTACT_ITEM}.")
                others.append(
                    OtherContactItem(details=name.name or None, info_type=info_type or None)
                )
        return {"e_mail_list": emails, "other_contact_information": others}

    name = f"annex_a_email:{owner.__name__}:{names}:{'/'.join(slots)}"
    field_codec(
        name,
        to_cim,
        to_msp,
        f"eMailAddress in list order ⇄ electronicAddress {', '.join(slots) or 'none'}; eMailType, "
        "priorityOrder ⇄ Names; otherContactItem ElectronicAddress.web/lan/mac/radio/userID ⇄ "
        "those attributes, other items ⇄ Names otherContactItem.<infoType>; password never",
    )
    return name


def _address_label(item: AddressItem) -> str:
    address = item.address or Address()
    parts = (address.address1, address.city, address.postal_code)
    return ", ".join(part for part in parts if part) or "(addressItem)"


def address_slots_codec(
    msp_class: type, owner: type, names: str, slots: tuple[str, ...], postal: str | None
) -> str:
    """Register the codec of addressList ⇄ ``owner``'s address ``slots`` (``postal`` first)."""

    def candidates(item: AddressItem) -> list[str]:
        streets = [slot for slot in slots if slot != postal]
        if postal is None:
            return streets
        is_postal = (item.address_type or "").strip().lower() in POSTAL_ADDRESS_TYPES
        return [postal, *streets] if is_postal else [*streets, postal]

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        out: dict[str, Any] = {}
        carried: list[Name] = []
        for index, item in enumerate(values["address_list"] or [], start=1):
            where = f"addressList/addressItem[{index}]"
            slot = next((slot for slot in candidates(item) if slot not in out), None)
            if slot is None:
                ctx.gap(where, _address_label(item), f"{owner.__name__} has no further address")
                continue
            address = item.address or Address()
            out[slot] = ctx.nested(ADDRESS, address, f"{ctx.path}/{where}/address")
            key = _slot_xml(owner, slot)
            implied = POSTAL_ADDRESS_TYPE if slot == postal else None
            if item.address_type != implied:
                _carry(carried, f"{key}.addressType", item.address_type or "")
            _carry(carried, f"{key}.priorityOrder", item.priority_order)
        return {**out, names: carried}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found: list[Name] = values[names] or []
        items = []
        for slot in slots:
            if values[slot] is None:
                continue
            key = _slot_xml(owner, slot)
            address = ctx.nested(ADDRESS, values[slot], f"{ctx.path}/{key}")
            order = _taken(ctx, found, f"{key}.priorityOrder")
            kind = _taken(ctx, found, f"{key}.addressType")
            if kind is None:
                kind = POSTAL_ADDRESS_TYPE if slot == postal else None
            items.append(
                AddressItem(
                    address=None if is_empty(address) else address,
                    address_type=kind or None,
                    priority_order=_as_int(order, ctx, f"Names[{key}.priorityOrder]"),
                )
            )
        return {"address_list": items}

    name = f"annex_a_addresses:{owner.__name__}:{names}:{'/'.join(slots)}"
    described = ", ".join(_slot_xml(owner, slot) for slot in slots)
    field_codec(
        name,
        to_cim,
        to_msp,
        f"addressItem ⇄ {described} (ADDRESS; addressType in POSTAL_ADDRESS_TYPES first to the "
        "postal slot); addressType, priorityOrder ⇄ Names; further addresses reported lost",
    )
    return name


def contact_info_table(
    owner: type,
    names: str,
    *,
    phones: tuple[str, ...] = PHONE_SLOTS,
    emails: tuple[str, ...] = EMAIL_SLOTS,
    addresses: tuple[str, ...] = ORGANISATION_ADDRESSES,
    postal: str | None = "postal_address",
) -> Table:
    """The table of MultiSpeak ``contactInfo`` ⇄ the contact slots of CIM class ``owner``.

    ``names`` is the owner's Names field; ``phones``, ``addresses`` the owner's slots (empty:
    every item reported lost), ``postal`` the address slot of postal address types.
    """
    return Table(
        name=ANNEX_A,
        clause=CLAUSE,
        msp_class=ContactInfo,
        cim_class=owner,
        msp_objects=("contactInfo (customer, serviceLocation, alternateContact, …)",),
        rules=(
            Transform(
                ("phone_list",),
                (*phones, names),
                phone_slots_codec(ContactInfo, owner, names, phones),
                "phone numbers",
            ),
            Transform(
                ("e_mail_list", "other_contact_information"),
                ("electronic_address", names),
                email_slots_codec(ContactInfo, owner, names, emails),
                "e-mail, web and network addresses",
            ),
            Transform(
                ("address_list",),
                (*addresses, names),
                address_slots_codec(ContactInfo, owner, names, addresses, postal),
                "addresses",
            ),
        ),
    )


def service_location_rules(msp_class: type, owner: type, names: str) -> tuple[Rule, ...]:
    """The ServiceLocation transformations of Annex A, for a table ``msp_class`` ⇄ ``owner``.

    ``msp_class`` holds ``service_address``, ``phone_list`` and ``contact_info`` as MultiSpeak
    ``serviceLocation`` does; ``owner`` the fields of ``common_classes.Location`` and the Names
    field ``names``.
    """
    within: tuple[type, type] = (msp_class, owner)
    contacts = contact_info_table(
        owner, names, phones=(), addresses=("secondary_address",), postal=None
    )
    return (
        part(ADDRESS, msp="service_address", cim="main_address", within=within),
        Transform(
            ("phone_list",),
            (*PHONE_SLOTS, names),
            phone_slots_codec(msp_class, owner, names, PHONE_SLOTS),
            "the location's phone numbers",
        ),
        part(contacts, msp="contact_info", within=within, note="e-mail, secondary address"),
    )
