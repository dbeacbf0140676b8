"""How the clause-9 customer profiles name objects: v5 ``mspObject`` identity ⇄ CIM mRID + Names.

MultiSpeak 5.0 names every object by a ``MultiSpeakGUID`` (``@objectGUID``, required) and a
human ``primaryIdentifier`` (required, with the ``identifierName`` saying what kind of id it
is); CIM by ``mRID`` and ``Names``. Declared here once for the customer, account and agreement
tables:

- ``@objectGUID`` ⇄ ``mRID``;
- ``primaryIdentifier`` and ``secondaryIdentifier`` ⇄ Names typed
  ``primaryIdentifier:<identifierName>`` (``secondaryIdentifier:…``); an ``identifierLabel``
  ⇄ a Name typed ``<role>.identifierLabel``;
- an mRID that is not a GUID gets the GUID ``uuid5(DERIVED_GUID_NAMESPACE, mRID)`` and travels
  as an identifier named ``mRID`` (primary if the object has none, else secondary); reading it
  back gives the same mRID, so CIM → 5.0 → CIM keeps any mRID (reported CHANGED on the way);
- an object without any mRID gets a GUID derived from its path (reported CHANGED), and an
  object without a primary identifier the identifier ``mRID`` = its GUID (the schema needs one).

``identity_rule`` is the Transform of an owner; ``reference_table`` the table of an object
another profile details, referred to by identity only (accounts of a customer).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Final

from mspcim.cim.identified_object import Name
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import typed_name
from mspcim.harmonize.parts import take
from mspcim.harmonize.rules import Gap, Side, Table, Transform
from mspcim.multispeak.v50.identity import ObjectID, SingleIdentifier

__all__ = [
    "DERIVED_GUID_NAMESPACE",
    "IDENTIFIER_ROLES",
    "MRID_IDENTIFIER",
    "cim_identity",
    "derived_guid",
    "identity_rule",
    "is_guid",
    "msp_identity",
    "names_of_object_id",
    "object_id_codec",
    "object_id_of_names",
    "reference_table",
]

DERIVED_GUID_NAMESPACE: Final = uuid.UUID("8b0e2f43-61a9-4c14-9d0b-c5a1b2f36a14")
"""Namespace of the GUIDs derived from CIM mRIDs that are not GUIDs (uuid5)."""
MRID_IDENTIFIER: Final = "mRID"
"""``identifierName`` of the identifier that carries a CIM mRID that is not a GUID."""
IDENTIFIER_ROLES: Final = {
    "primary_identifier": "primaryIdentifier",
    "secondary_identifier": "secondaryIdentifier",
}
"""Identifier fields of an ``mspObject`` ⇄ the NameType prefix of the Names they become."""
_LABEL: Final = "identifierLabel"
_ROLE_PREFIXES: Final = tuple(IDENTIFIER_ROLES.values())


def is_guid(text: str | None) -> bool:
    """True when ``text`` is a MultiSpeakGUID (8-4-4-4-12 hexadecimal digits)."""
    if text is None or len(text) != 36:
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return all(text[i] == "-" for i in (8, 13, 18, 23))


def derived_guid(text: str) -> str:
    """The GUID MultiSpeak 5.0 gets for CIM mRID ``text`` (stable: uuid5)."""
    return str(uuid.uuid5(DERIVED_GUID_NAMESPACE, text))


def _identifier_names(role: str, identifier: SingleIdentifier) -> list[Name]:
    names = [typed_name(identifier.value, f"{role}:{identifier.identifier_name}")]
    if identifier.identifier_label is not None:
        names.append(typed_name(identifier.identifier_label, f"{role}.{_LABEL}"))
    return names


def _is_mrid(identifier: SingleIdentifier | None, guid: str | None) -> bool:
    return (
        identifier is not None
        and identifier.identifier_name == MRID_IDENTIFIER
        and guid is not None
        and (identifier.value == guid or derived_guid(identifier.value) == guid)
    )


def _to_cim(names_field: str) -> Any:
    def convert(values: Mapping[str, Any], ctx: TranslationContext | None) -> dict[str, Any]:
        guid: str | None = values["object_guid"]
        mrid = guid
        names: list[Name] = []
        for field, role in IDENTIFIER_ROLES.items():
            identifier: SingleIdentifier | None = values[field]
            if identifier is None:
                continue
            if _is_mrid(identifier, guid):
                mrid = identifier.value
                continue
            names += _identifier_names(role, identifier)
        return {"mrid": mrid, names_field: names}

    return convert


def _role_names(names: list[Name], role: str, ctx: TranslationContext) -> SingleIdentifier | None:
    found: SingleIdentifier | None = None
    label: str | None = None
    for name in names:
        kind = name.type_name or ""
        if found is None and kind.startswith(f"{role}:"):
            take(ctx, name)
            found = SingleIdentifier(value=name.name, identifier_name=kind.partition(":")[2])
        elif label is None and kind == f"{role}.{_LABEL}":
            take(ctx, name)
            label = name.name
    if found is not None:
        found.identifier_label = label
    elif label is not None:
        ctx.gap(f"Names[{role}.{_LABEL}]", label, f"a label without its {role}")
    return found


def _to_msp(names_field: str, required: bool = True) -> Any:
    """``required``: the object needs a primary identifier (an ``mspObject``; an objectID not)."""

    def convert(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        mrid: str | None = values["mrid"]
        names: list[Name] = values[names_field] or []
        primary = _role_names(names, "primaryIdentifier", ctx)
        secondary = _role_names(names, "secondaryIdentifier", ctx)
        if is_guid(mrid):
            assert mrid is not None
            guid = mrid
        elif mrid is not None:
            guid = derived_guid(mrid)
            carried = SingleIdentifier(value=mrid, identifier_name=MRID_IDENTIFIER)
            if primary is None:
                primary, where = carried, "primaryIdentifier"
            elif secondary is None:
                secondary, where = carried, "secondaryIdentifier"
            else:
                where = ""
            reason = "not a MultiSpeakGUID: objectGUID is uuid5 of it"
            if where:
                reason += f", the mRID travels as {where} named mRID"
            ctx.gap("mRID", mrid, reason, lost=not where)
        else:
            guid = derived_guid(ctx.path)
            ctx.gap(
                "mRID", "(none)", "no mRID: objectGUID is uuid5 of the object's path", lost=False
            )
        if primary is None and required:
            primary = SingleIdentifier(value=guid, identifier_name=MRID_IDENTIFIER)
        return {
            "object_guid": guid,
            "primary_identifier": primary,
            "secondary_identifier": secondary,
        }

    return convert


def cim_identity(
    guid: str | None,
    primary: SingleIdentifier | None,
    secondary: SingleIdentifier | None = None,
) -> tuple[str | None, list[Name]]:
    """(mRID, Names) of a v5 object's ``@objectGUID`` and identifiers (nothing is reported)."""
    found = _to_cim("names")(
        {"object_guid": guid, "primary_identifier": primary, "secondary_identifier": secondary},
        None,
    )
    return found["mrid"], found["names"]


def msp_identity(
    mrid: str | None, names: list[Name], ctx: TranslationContext, *, required: bool = True
) -> dict[str, Any]:
    """The ``mspObject`` identity fields of a CIM object's ``mrid`` and ``names``.

    ``required``: a primary identifier is written even when the CIM object gives none.
    """
    result: dict[str, Any] = _to_msp("names", required)({"mrid": mrid, "names": names}, ctx)
    return result


def identity_rule(owner: str, names_field: str) -> Transform:
    """The identity Transform of a v5 object ⇄ CIM ``owner`` whose Names are ``names_field``."""
    name = f"v5_identity:{owner}:{names_field}"
    field_codec(
        name,
        _to_cim(names_field),
        _to_msp(names_field),
        "@objectGUID ⇄ mRID (a non-GUID mRID as uuid5 and identifier 'mRID'); primary and "
        "secondary identifiers ⇄ Names '<role>:<identifierName>', labels ⇄ "
        "'<role>.identifierLabel'",
    )
    return Transform(
        ("object_guid", "primary_identifier", "secondary_identifier"),
        ("mrid", names_field),
        name,
        "the object's identity",
    )


def object_id_codec(name: str, msp: str, cim: str, cim_class: type, names_field: str) -> str:
    """Register a codec: v5 ``objectID`` field ``msp`` ⇄ CIM reference ``cim`` (mRID and Names)."""
    what = cim_class.__name__

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found: ObjectID | None = values[msp]
        if found is None:
            return {}
        converted = _to_cim(names_field)(
            {
                "object_guid": found.object_guid,
                "primary_identifier": found.primary_identifier,
                "secondary_identifier": None,
            },
            ctx,
        )
        return {cim: cim_class(**converted)}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found = values[cim]
        if found is None:
            return {}
        names: list[Name] = list(getattr(found, names_field))
        converted = _to_msp(names_field, False)({"mrid": found.mrid, names_field: names}, ctx)
        if converted["secondary_identifier"] is not None:
            shown = converted["secondary_identifier"].value
            ctx.gap(cim, shown, "an objectID holds no secondary identifier")
        for item in names:
            if not (item.type_name or "").startswith(_ROLE_PREFIXES):
                ctx.gap(cim, item.name, f"MultiSpeak refers to the {what} by objectID only")
        return {
            msp: ObjectID(
                object_guid=converted["object_guid"],
                primary_identifier=converted["primary_identifier"],
            )
        }

    field_codec(
        name,
        to_cim,
        to_msp,
        f"objectID ⇄ {cim_class.__name__} reference: objectGUID ⇄ mRID, primaryIdentifier ⇄ Names",
    )
    return name


def reference_table(
    name: str, clause: str, msp_class: type, cim_class: type, names_field: str, travels: str
) -> Table:
    """The table of an object referred to by identity only (its data is profile ``travels``)."""
    rules: list[Any] = [identity_rule(cim_class.__name__, names_field)]
    rules.append(Gap(Side.CIM, names_field, "name of a type MultiSpeak has no place for here"))
    rules += [
        Gap(Side.MSP, field, f"the object's data travels in {travels}")
        for field in ("comments", "extensions_list", "error_objects", "utility")
    ]
    return Table(
        name=name,
        clause=clause,
        msp_class=msp_class,
        cim_class=cim_class,
        rules=tuple(rules),
        msp_objects=(f"{msp_class.__name__} by identity ({travels})",),
    )


def names_of_object_id(key: str, found: ObjectID) -> list[Name]:
    """Names carrying an ``objectID`` ``key``: its GUID typed ``key``, its identifier by role.

    An objectID made for an id that is no GUID (``object_id_of_names``) is that id again.
    """
    primary = found.primary_identifier
    if (
        primary is not None
        and primary.identifier_name == key
        and primary.identifier_label is None
        and derived_guid(primary.value) == found.object_guid
    ):
        return [typed_name(primary.value, key)]
    names = [typed_name(found.object_guid, key)]
    if (primary := found.primary_identifier) is not None:
        names.append(
            typed_name(primary.value, f"{key}.primaryIdentifier:{primary.identifier_name}")
        )
        if primary.identifier_label is not None:
            names.append(typed_name(primary.identifier_label, f"{key}.primaryIdentifier.{_LABEL}"))
    return names


def object_id_of_names(names: list[Name], key: str, ctx: TranslationContext) -> ObjectID | None:
    """The ``objectID`` ``key`` that ``names_of_object_id`` carried (its Names taken).

    A Name ``key`` that is no GUID (a 4.1 id) gives the GUID uuid5 of it and the id as the
    primary identifier named ``key`` (reported CHANGED).
    """
    guid: Name | None = None
    value: Name | None = None
    label: Name | None = None
    name: str | None = None
    for item in names:
        kind = item.type_name or ""
        if kind == key and guid is None:
            guid = item
        elif kind.startswith(f"{key}.primaryIdentifier:") and value is None:
            value, name = item, kind.partition(":")[2]
        elif kind == f"{key}.primaryIdentifier.{_LABEL}" and label is None:
            label = item
    if guid is None:
        return None
    for found in (guid, value, label):
        if found is not None:
            take(ctx, found)
    primary = (
        SingleIdentifier(
            value=value.name,
            identifier_name=name or "",
            identifier_label=label.name if label is not None else None,
        )
        if value is not None
        else None
    )
    if not is_guid(guid.name):
        reason = f"{key} is no MultiSpeakGUID: the objectGUID is uuid5 of it, the id its identifier"
        ctx.gap(f"Names[{key}]", guid.name, reason, lost=False)
        identifier = SingleIdentifier(value=guid.name, identifier_name=key)
        return ObjectID(object_guid=derived_guid(guid.name), primary_identifier=identifier)
    return ObjectID(object_guid=guid.name, primary_identifier=primary)
