"""Codecs and carriers of the customer profiles (8.1 CustomerAccountConfig, 8.2, 8.3, auxiliary).

- Carriers: the ``Names`` of a CIM Customer, CustomerAccount, CustomerAgreement and
  AuxiliaryAgreement, typed by NameType; MultiSpeak values with no CIM attribute travel there
  under their MultiSpeak element name.
- ``customer_person_name``: MultiSpeak ``lastName``, ``firstName``, ``mName`` ⇄ CIM
  ``Customer/name``, written ``"<last>, <first> <middle>"`` (declared in ``PERSON_NAME``). Where
  that text would not split back into the same parts (a first name of two words, a last name
  with a comma …), the parts also travel as Names typed by their element names, which then
  decide the way back. A CIM name without a comma is an organisation's: it goes whole to
  ``lastName`` (reported CHANGED when it has several words).
- References: MultiSpeak objects another profile details (accounts of a customer, service
  locations of an account, the customer of a prepaid location) ⇄ CIM references by mRID, with
  ``objectName`` as a Name of NameType ``objectName``; what else such an object holds is
  reported lost with the profile it travels in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Final

from mspcim.cim.customer_config import CustomerKind
from mspcim.cim.identified_object import Name
from mspcim.fieldmeta import xml_name
from mspcim.harmonize.codecs import TEXT_CODECS, TextCodec, TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import names_carrier, typed_name
from mspcim.harmonize.parts import take

__all__ = [
    "AUXILIARY_AGREEMENT_NAMES",
    "CUSTOMER_ACCOUNT_NAMES",
    "CUSTOMER_AGREEMENT_NAMES",
    "CUSTOMER_NAMES",
    "OBJECT_NAME",
    "PERSON_NAME",
    "join_person_name",
    "reference_codec",
    "reference_list_codec",
    "split_person_name",
]

CUSTOMER_NAMES: Final = names_carrier("CustomerNames", "customer_names", "Customer")
CUSTOMER_ACCOUNT_NAMES: Final = names_carrier(
    "CustomerAccountNames", "customer_account_names", "CustomerAccount"
)
CUSTOMER_AGREEMENT_NAMES: Final = names_carrier(
    "CustomerAgreementNames", "customer_agreement_names", "CustomerAgreement"
)
AUXILIARY_AGREEMENT_NAMES: Final = names_carrier(
    "AuxiliaryAgreementNames", "auxiliary_agreement_names", "AuxiliaryAgreement"
)

OBJECT_NAME: Final = "objectName"
"""NameType of the Name that carries a referenced MultiSpeak object's ``objectName``."""
PERSON_NAME: Final = "{last}, {first} {middle}"
"""How a person's names are written as one CIM name (empty parts and separators dropped)."""
_PARTS: Final = {"last_name": "lastName", "first_name": "firstName", "m_name": "mName"}

TEXT_CODECS["customer_kind"] = TextCodec("string", str, CustomerKind)
"""A CustomerKind literal (anything else cannot be read back)."""


def join_person_name(last: str | None, first: str | None, middle: str | None) -> str | None:
    """The one name ``PERSON_NAME`` writes for a person's parts (None when there are none)."""
    given = " ".join(part for part in (first, middle) if part)
    if last and given:
        return f"{last}, {given}"
    return last or given or None


def split_person_name(name: str) -> tuple[str | None, str | None, str | None]:
    """(last, first, middle) of a name ``PERSON_NAME`` wrote; a name without ``", "`` is a last."""
    if ", " not in name:
        return name, None, None
    last, _, given = name.partition(", ")
    first, _, middle = given.partition(" ")
    return last or None, first or None, middle or None


def _person_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    parts = (values["last_name"], values["first_name"], values["m_name"])
    name = join_person_name(*parts)
    if name is None:
        return {}
    if split_person_name(name) == parts:
        return {"name": name}
    carried = [typed_name(values[key], element) for key, element in _PARTS.items() if values[key]]
    return {"name": name, "customer_names": carried}


def _person_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["customer_names"] or []
    carried: dict[str, str] = {}
    for name in names:
        for key, element in _PARTS.items():
            if name.type_name == element and key not in carried:
                carried[key] = name.name
                take(ctx, name)
    if carried:
        return {key: carried.get(key) for key in _PARTS}
    name = values["name"]
    if name is None:
        return {}
    if ", " not in name and " " in name:
        reason = (
            "Customer/name is not written '<last>, <first> <middle>': it goes whole to lastName"
        )
        ctx.gap("name", name, reason, lost=False)
    return dict(zip(_PARTS, split_person_name(name), strict=True))


field_codec(
    "customer_person_name",
    _person_to_cim,
    _person_to_msp,
    "lastName, firstName, mName ⇄ name written '<last>, <first> <middle>'; parts that would not "
    "split back also as Names lastName, firstName, mName",
)


_REFERENCE_FIELDS: Final = frozenset({"object_id", "object_name"})


def _report_rest(item: object, ctx: TranslationContext, where: str, reason: str) -> None:
    """Report each value of MultiSpeak ``item`` beyond its objectID and objectName."""
    for spec in dataclasses.fields(item):  # type: ignore[arg-type]
        value = getattr(item, spec.name)
        if spec.name in _REFERENCE_FIELDS or value in (None, []):
            continue
        element = xml_name(type(item), spec.name)
        if isinstance(value, list):
            shown: object = f"{len(value)} item(s)"
        elif dataclasses.is_dataclass(value):
            shown = f"({element})"
        else:
            shown = value
        ctx.gap(f"{where}/{element}", shown, reason)


def _object_name(names: list[Name], ctx: TranslationContext, where: str, what: str) -> str | None:
    found = None
    for name in names:
        if name.type_name == OBJECT_NAME and found is None:
            found = name.name
        else:
            ctx.gap(where, name.name, f"MultiSpeak refers to the {what} by id and objectName only")
    return found


def reference_codec(
    codec: str,
    fields: tuple[str, str],
    classes: tuple[type, type],
    names: str,
    travels: str,
    at: tuple[str, str],
) -> str:
    """Register a codec: one MultiSpeak object (``fields[0]``) ⇄ a CIM reference (``fields[1]``).

    ``classes`` are the (MultiSpeak, CIM) classes, ``names`` the CIM class's Names field,
    ``travels`` where the rest of the MultiSpeak object is mapped (for the gap report), ``at``
    the (MultiSpeak, CIM) XML names of the two fields.
    """
    msp, cim = fields
    msp_class, cim_class = classes
    what = cim_class.__name__

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        item = values[msp]
        if item is None:
            return {}
        _report_rest(item, ctx, at[0], f"the {what}'s data travels in {travels}")
        extra = [typed_name(item.object_name, OBJECT_NAME)] if item.object_name else []
        return {cim: cim_class(mrid=item.object_id, **{names: extra})}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found = values[cim]
        if found is None:
            return {}
        name = _object_name(getattr(found, names), ctx, at[1], what)
        return {msp: msp_class(object_id=found.mrid, object_name=name)}

    field_codec(codec, to_cim, to_msp, f"@objectID ⇄ {what}/mRID, objectName ⇄ Names (objectName)")
    return codec


def reference_list_codec(
    codec: str,
    fields: tuple[str, str],
    classes: tuple[type, type],
    names: str,
    travels: str,
    at: tuple[str, str],
) -> str:
    """Register a codec: a list of MultiSpeak objects ⇄ a list of CIM references (as above).

    ``at`` are the XML paths of the items (``serviceLocations/serviceLocation``,
    ``ServiceLocations``).
    """
    msp, cim = fields
    msp_class, cim_class = classes
    what = cim_class.__name__

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        result = []
        for index, item in enumerate(values[msp] or [], start=1):
            where = f"{at[0]}[{index}]"
            _report_rest(item, ctx, where, f"the {what}'s data travels in {travels}")
            extra = [typed_name(item.object_name, OBJECT_NAME)] if item.object_name else []
            result.append(cim_class(mrid=item.object_id, **{names: extra}))
        return {cim: result}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        result = []
        for index, found in enumerate(values[cim] or [], start=1):
            name = _object_name(getattr(found, names), ctx, f"{at[1]}[{index}]", what)
            result.append(msp_class(object_id=found.mrid, object_name=name))
        return {msp: result}

    field_codec(
        codec, to_cim, to_msp, f"each @objectID ⇄ {what}/mRID, objectName ⇄ Names (objectName)"
    )
    return codec
