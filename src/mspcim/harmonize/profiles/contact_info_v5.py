"""Annex A for MultiSpeak 5.0: a 5.0 ``contactInfo`` is the 4.1 one the Annex A table maps.

The items of the two releases have the same elements; what differs is declared here and
converted on the way in and out, so the clause-8 Annex A table (``annex_a_contacts``) maps
5.0 contacts unchanged:

- list wrappers (``phoneNumbers`` for ``phoneList`` …): the dataclasses hold plain lists;
- kinds: 5.0 enumerations with ``@otherKind``; ``PHONE_TYPES`` declares the spellings that
  differ; ``Unknown`` is no kind (reported CHANGED); an ``addressType`` is free text in 4.1,
  so a 4.1 text outside the 5.0 ``addressKind`` becomes ``Other`` with ``@otherKind`` and comes
  back as the same text; an ``@otherKind`` of a phone or e-mail kind has no 4.1 place (lost);
- required 5.0 elements (``phone``, ``address``, ``eMail``, ``details``) are written empty
  where 4.1 had none; an e-mail item without an address cannot be written (reported lost).
"""

from __future__ import annotations

import dataclasses
from typing import Final, TypeVar

from mspcim.harmonize.codecs import TranslationContext
from mspcim.multispeak.v41 import address as v41
from mspcim.multispeak.v50 import contact_info as v50

__all__ = ["PHONE_TYPES", "legacy_contact", "v5_contact"]

PHONE_TYPES: Final[dict[v41.PhoneType, v50.PhoneTypeKind]] = {
    v41.PhoneType.HOME: v50.PhoneTypeKind.HOME,
    v41.PhoneType.BUSINESS: v50.PhoneTypeKind.BUSINESS,
    v41.PhoneType.MOBILE: v50.PhoneTypeKind.MOBILE,
    v41.PhoneType.BUSINESS_MOBILE: v50.PhoneTypeKind.BUSINESS_MOBILE,
    v41.PhoneType.PAGER: v50.PhoneTypeKind.PAGER,
    v41.PhoneType.FAX: v50.PhoneTypeKind.FAX,
    v41.PhoneType.OTHER: v50.PhoneTypeKind.OTHER,
}
"""MultiSpeak 4.1 ``phoneType`` ⇄ 5.0 ``phoneTypeKind`` (5.0 adds Unknown)."""
_PHONE_BACK: Final = {kind: legacy for legacy, kind in PHONE_TYPES.items()}
_UNKNOWN: Final = "Unknown is no kind: left out"
_OTHER_KIND: Final = "no place for the name of an Other kind in the contact slots"

_S = TypeVar("_S")


def _copy(source: object, target: type[_S]) -> _S:
    """A ``target`` with the same-named simple fields of ``source`` (telephone numbers)."""
    names = [item.name for item in dataclasses.fields(target)]  # type: ignore[arg-type]
    return target(**{name: getattr(source, name) for name in names})


def _address_to_v41(address: v50.Address) -> v41.Address:
    detailed = address.detailed_address_fields
    return v41.Address(
        address1=address.address1,
        address2=address.address2,
        detailed_address_fields=_copy(detailed, v41.DetailedAddressFields) if detailed else None,
        town_code=address.town_code,
        city=address.city,
        state=address.state,
        postal_code=address.postal_code,
        country=address.country,
    )


def _address_to_v50(address: v41.Address | None) -> v50.Address:
    if address is None:
        return v50.Address()
    detailed = address.detailed_address_fields
    return v50.Address(
        address1=address.address1,
        address2=address.address2,
        detailed_address_fields=_copy(detailed, v50.DetailedAddressFields) if detailed else None,
        town_code=address.town_code,
        city=address.city,
        state=address.state,
        postal_code=address.postal_code,
        country=address.country,
    )


def _phone_type(
    kind: v50.PhoneType | None, ctx: TranslationContext, where: str
) -> v41.PhoneType | None:
    if kind is None:
        return None
    if kind.other_kind is not None:
        ctx.gap(f"{where}/@otherKind", kind.other_kind, _OTHER_KIND)
    if kind.value is v50.PhoneTypeKind.UNKNOWN:
        ctx.gap(where, kind.value.value, _UNKNOWN, lost=False)
        return None
    return _PHONE_BACK[kind.value]


def _e_mail_type(
    kind: v50.EMailType | None, ctx: TranslationContext, where: str
) -> v41.EMailType | None:
    if kind is None:
        return None
    if kind.other_kind is not None:
        ctx.gap(f"{where}/@otherKind", kind.other_kind, _OTHER_KIND)
    if kind.value is v50.EMailTypeKind.UNKNOWN:
        ctx.gap(where, kind.value.value, _UNKNOWN, lost=False)
        return None
    return v41.EMailType(kind.value.value)


def _address_type(kind: v50.AddressType | None, ctx: TranslationContext, where: str) -> str | None:
    if kind is None:
        return None
    if kind.value is v50.AddressKind.OTHER and kind.other_kind:
        return kind.other_kind
    if kind.value is v50.AddressKind.UNKNOWN:
        ctx.gap(where, kind.value.value, _UNKNOWN, lost=False)
        return None
    if kind.other_kind is not None:
        ctx.gap(f"{where}/@otherKind", kind.other_kind, _OTHER_KIND)
    return kind.value.value


def legacy_contact(
    contact: v50.ContactInfo | None, ctx: TranslationContext
) -> v41.ContactInfo | None:
    """The MultiSpeak 4.1 contactInfo equal to 5.0 ``contact`` (differences reported)."""
    if contact is None:
        return None
    base = "contactInfo"
    return v41.ContactInfo(
        phone_list=[
            v41.PhoneNumber(
                phone=_copy(item.phone, v41.TelephoneNumber),
                phone_type=_phone_type(
                    item.phone_type, ctx, f"{base}/phoneNumbers/phoneNumber[{index}]/phoneType"
                ),
                priority_order=item.priority_order,
            )
            for index, item in enumerate(contact.phone_list, start=1)
        ],
        e_mail_list=[
            v41.EMailAddress(
                e_mail=item.e_mail,
                e_mail_type=_e_mail_type(
                    item.e_mail_type, ctx, f"{base}/eMailAddresses/eMailAddress[{index}]/eMailType"
                ),
                priority_order=item.priority_order,
            )
            for index, item in enumerate(contact.e_mail_list, start=1)
        ],
        address_list=[
            v41.AddressItem(
                address=_address_to_v41(item.address),
                address_type=_address_type(
                    item.address_type, ctx, f"{base}/addressItems/addressItem[{index}]/addressType"
                ),
                priority_order=item.priority_order,
            )
            for index, item in enumerate(contact.address_list, start=1)
        ],
        other_contact_information=[
            v41.OtherContactItem(details=item.details, info_type=item.info_type)
            for item in contact.other_contact_information
        ],
    )


def _address_kind(text: str | None) -> v50.AddressType | None:
    if text is None:
        return None
    try:
        return v50.AddressType(value=v50.AddressKind(text))
    except ValueError:
        return v50.AddressType(value=v50.AddressKind.OTHER, other_kind=text)


def v5_contact(contact: v41.ContactInfo, ctx: TranslationContext) -> v50.ContactInfo | None:
    """The MultiSpeak 5.0 contactInfo equal to 4.1 ``contact`` (None when it holds nothing)."""
    e_mails = []
    for index, item in enumerate(contact.e_mail_list, start=1):
        if item.e_mail is None:
            where = f"contactInfo/eMailAddresses/eMailAddress[{index}]"
            ctx.gap(where, str(item.e_mail_type), "an eMailAddress needs its eMail")
            continue
        kind = (
            v50.EMailType(value=v50.EMailTypeKind(item.e_mail_type.value))
            if item.e_mail_type
            else None
        )
        e_mails.append(
            v50.EMailAddress(
                e_mail=item.e_mail, e_mail_type=kind, priority_order=item.priority_order
            )
        )
    result = v50.ContactInfo(
        phone_list=[
            v50.PhoneNumber(
                phone=_copy(item.phone, v50.TelephoneNumber)
                if item.phone
                else v50.TelephoneNumber(),
                phone_type=v50.PhoneType(value=PHONE_TYPES[item.phone_type])
                if item.phone_type
                else None,
                priority_order=item.priority_order,
            )
            for item in contact.phone_list
        ],
        e_mail_list=e_mails,
        address_list=[
            v50.AddressItem(
                address=_address_to_v50(item.address),
                address_type=_address_kind(item.address_type),
                priority_order=item.priority_order,
            )
            for item in contact.address_list
        ],
        other_contact_information=[
            v50.OtherContactItem(details=item.details or "", info_type=item.info_type)
            for item in contact.other_contact_information
        ],
    )
    lists = (result.phone_list, result.e_mail_list, result.address_list)
    if not any(lists) and not result.other_contact_information:
        return None
    return result
