"""IEC TS 61968-14 Annex A: the reused classes, mapped once — addresses and phone numbers.

Every profile that holds an address or a phone number maps it with these tables, through
``Nest``, ``part`` or the contact codecs of ``annex_a_contacts`` (lists of phones, e-mail
addresses and addresses ⇄ the slots of a CIM Organisation or Location):

- ``ADDRESS``: MultiSpeak ``address`` ⇄ CIM StreetAddress. The free-text street line
  ``address1`` is split into StreetDetail number, prefix, name, type and suffix by the grammar
  declared in ``street_line``; ``detailedAddressFields``, where given, says what the parts are
  and the name is what the line leaves between them. A line the grammar cannot read is kept
  whole as the street name and reported CHANGED. The way back writes ``address1`` from the
  parts and, only where ``address1`` alone would not give the same parts again, the parts in
  ``detailedAddressFields`` too — so a split is invertible whenever the data allows.
- ``STREET_DETAIL`` and ``TOWN_DETAIL``: the parts with a 1:1 counterpart.
- ``TELEPHONE_NUMBER``: ``telephoneNumber`` ⇄ TelephoneNumber, part by part; a whole number
  written in ``localNumber`` is split into country code, area code and local number by the
  shapes declared in ``phone_shapes`` (North American, E.164 grouped) and reported CHANGED; a
  whole number no shape reads is passed whole and reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Final

from mspcim.cim.common_classes import StreetAddress, StreetDetail, TownDetail
from mspcim.cim.common_classes import TelephoneNumber as CimTelephoneNumber
from mspcim.harmonize import phone_shapes, street_line
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.parts import part
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.harmonize.street_line import StreetLine
from mspcim.multispeak.v41.address import Address, DetailedAddressFields, TelephoneNumber

__all__ = [
    "ADDRESS",
    "ANNEX_A",
    "CLAUSE",
    "STREET_DETAIL",
    "TELEPHONE_NUMBER",
    "TOWN_DETAIL",
    "is_empty",
]

ANNEX_A: Final = "AnnexA"
"""Name of the Annex A tables (they belong to no profile of their own)."""
CLAUSE: Final = "Annex A"

NO_NUMBER: Final = ""
"""``streetNumber`` of a street name the grammar would misread as a line with a number."""
UNSPLIT_LINE: Final = (
    "address1 does not read as number, prefix, name, type and suffix: kept whole as "
    "StreetDetail/name"
)
UNRECONCILED_LINE: Final = (
    "address1 does not read as the number, prefix, type and suffix of detailedAddressFields "
    "around a name: kept whole as StreetDetail/name"
)


def is_empty(obj: object) -> bool:
    """True when every field of dataclass ``obj`` is None or an empty list."""
    return all(
        getattr(obj, item.name) in (None, [])
        for item in dataclasses.fields(obj)  # type: ignore[arg-type]
    )


STREET_DETAIL: Final = Table(
    name=ANNEX_A,
    clause=CLAUSE,
    msp_class=DetailedAddressFields,
    cim_class=StreetDetail,
    msp_objects=("address/detailedAddressFields",),
    rules=(
        Correlate("street_number", "number"),
        Correlate("street_prefix", "prefix"),
        Correlate("street_type", "type"),
        Correlate("street_suffix", "suffix"),
        Correlate("building_number", "building_name"),
        Correlate("suite_number", "suite_number"),
        Correlate("address_general", "address_general"),
        Gap(Side.MSP, "region", "no CIM StreetDetail, TownDetail or StreetAddress attribute"),
        Gap(Side.CIM, "code", "MultiSpeak has no street code"),
        Gap(Side.CIM, "within_town_limits", "MultiSpeak does not say whether a street is in town"),
        Gap(Side.CIM, "address_general3", "a MultiSpeak address has two free-text lines"),
    ),
)
"""detailedAddressFields ⇄ StreetDetail, 1:1 (the street name is in ``address1``; see ADDRESS)."""


def _street_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    detail: DetailedAddressFields | None = values["detailed_address_fields"]
    line: str | None = values["address1"]
    street: StreetDetail = (
        ctx.nested(STREET_DETAIL, detail, f"{ctx.path}/detailedAddressFields")
        if detail is not None
        else StreetDetail()
    )
    known = StreetLine(street.number, street.prefix, None, street.type, street.suffix)
    if line is not None:
        if any(part is not None for part in (known.number, known.prefix, known.type, known.suffix)):
            parts = street_line.reconcile(line, known)
            if parts is None:
                ctx.gap("address1", line, UNRECONCILED_LINE, lost=False)
                parts = dataclasses.replace(known, name=line)
        else:
            parts = street_line.split(line)
            if parts is None:
                ctx.gap("address1", line, UNSPLIT_LINE, lost=False)
                parts = StreetLine(name=line)
        street.number, street.prefix, street.name = parts.number, parts.prefix, parts.name
        street.type, street.suffix = parts.type, parts.suffix
    for name in ("number", "prefix", "type", "suffix"):
        if getattr(street, name) == "":
            setattr(street, name, None)
    street.address_general2 = values["address2"]
    return {
        "street_detail": None if is_empty(street) else street,
        "po_box": detail.post_office_box if detail is not None else None,
    }


def _street_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    street: StreetDetail | None = values["street_detail"]
    detail: DetailedAddressFields = (
        ctx.nested(STREET_DETAIL, street, f"{ctx.path}/streetDetail")
        if street is not None
        else DetailedAddressFields()
    )
    address1 = address2 = None
    if street is not None:
        parts = StreetLine(street.number, street.prefix, street.name, street.type, street.suffix)
        text = street_line.join(parts)
        if text:
            address1 = text
            if (street_line.split(text) or StreetLine(name=text)) == parts:
                detail.street_number = detail.street_prefix = None
                detail.street_type = detail.street_suffix = None
            elif parts == StreetLine(name=street.name):
                detail.street_number = NO_NUMBER
        address2 = street.address_general2
    detail.post_office_box = values["po_box"]
    return {
        "address1": address1,
        "address2": address2,
        "detailed_address_fields": None if is_empty(detail) else detail,
    }


field_codec(
    "annex_a_street",
    _street_to_cim,
    _street_to_msp,
    "address1 ⇄ StreetDetail number, prefix, name, type, suffix (declared street grammar; "
    "detailedAddressFields say which parts are which; an unreadable line is kept whole as the "
    "name, reported); address2 ⇄ addressGeneral2; postOfficeBox ⇄ poBox; the rest of "
    "detailedAddressFields by STREET_DETAIL",
)

TOWN_DETAIL: Final = Table(
    name=ANNEX_A,
    clause=CLAUSE,
    msp_class=Address,
    cim_class=TownDetail,
    msp_objects=("address",),
    rules=(
        Correlate("town_code", "code"),
        Correlate("city", "name"),
        Correlate("state", "state_or_province"),
        Correlate("country", "country"),
        Gap(Side.CIM, "section", "a MultiSpeak address has no town section"),
    ),
)
"""The town of a MultiSpeak address ⇄ TownDetail."""

ADDRESS: Final = Table(
    name=ANNEX_A,
    clause=CLAUSE,
    msp_class=Address,
    cim_class=StreetAddress,
    msp_objects=(
        "address (customer and serviceLocation contactInfo/addressList/addressItem, "
        "serviceLocation/serviceAddress, …)",
    ),
    rules=(
        Transform(
            ("address1", "address2", "detailed_address_fields"),
            ("street_detail", "po_box"),
            "annex_a_street",
            "the street line split into its parts, where the data allows",
        ),
        part(TOWN_DETAIL, cim="town_detail", within=(Address, StreetAddress), note="the town"),
        Correlate("postal_code", "postal_code"),
        Gap(Side.CIM, "status", "a MultiSpeak address has no status"),
    ),
)
"""MultiSpeak ``address`` ⇄ CIM StreetAddress."""


# --- telephone numbers


def _phone_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    country, area, local = values["country_code"], values["area_code"], values["local_number"]
    if local is not None and area is None:
        parts = phone_shapes.split(local)
        if parts is not None and (country is None or parts.country in (None, country)):
            reason = (
                f"a whole number, split as {parts.shape} into countryCode, areaCode, localNumber"
            )
            ctx.gap("local_number", local, reason, lost=False)
            return {
                "country_code": parts.country or country,
                "area_code": parts.area,
                "local_number": parts.local,
            }
        if phone_shapes.looks_whole(local):
            reason = "a whole number no declared shape splits: kept whole as localNumber"
            ctx.gap("local_number", local, reason, lost=False)
    return {"country_code": country, "area_code": area, "local_number": local}


field_codec(
    "annex_a_phone_number",
    _phone_to_cim,
    lambda values, ctx: dict(values),
    "countryCode, areaCode, localNumber ⇄ the same; a whole number in localNumber is split by "
    "the declared shapes (North American, E.164 grouped) and reported",
)

TELEPHONE_NUMBER: Final = Table(
    name=ANNEX_A,
    clause=CLAUSE,
    msp_class=TelephoneNumber,
    cim_class=CimTelephoneNumber,
    msp_objects=("telephoneNumber (phoneNumber/phone, GetCustomerByHomePhone/phone, …)",),
    rules=(
        Transform(
            ("country_code", "area_code", "local_number"),
            ("country_code", "area_code", "local_number"),
            "annex_a_phone_number",
            "the number, split where it was written whole",
        ),
        Correlate("city_code", "city_code"),
        Correlate("extension", "extension"),
    ),
)
"""MultiSpeak ``telephoneNumber`` ⇄ CIM TelephoneNumber."""
