"""MultiSpeak 5.0 identity: ``mspObject`` (objectGUID, primaryIdentifier), meterID, objectRef.

v5 names every object by a ``MultiSpeakGUID`` and a human ``primaryIdentifier``; CIM by ``mRID``
and ``Names``. Releases differ in where a reference carries the GUID: 5.0.4 in a required
``objectGUID`` attribute (the text is a name), 5.0.7 in the text. Both are read into one form —
the GUID in ``object_guid``, a 5.0.4 text kept as the meter's name when no ``meterName`` says
otherwise — and written as the ``Release`` asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from lxml import etree

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.extensions import EXTENSIONS_LIST, ExtensionsItem
from mspcim.multispeak.v50.msp_binding import (
    DEFAULT_RELEASE,
    Form,
    Release,
    read,
    register_form,
    write,
    xml_list,
)
from mspcim.multispeak.v50.result import ErrorObject

__all__ = [
    "MeterID",
    "MspExtensible",
    "MspObject",
    "MspReferable",
    "ObjectID",
    "ObjectRef",
    "Release",
    "SingleIdentifier",
    "read_meter_id",
    "write_meter_id",
]


@dataclass(slots=True, kw_only=True)
class SingleIdentifier:
    """``singleIdentifier``: a human identifier and the name of the identifier it is."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    value: str = field(metadata=xml("."))
    identifier_name: str = field(metadata=xml("@identifierName"))
    identifier_label: str | None = field(default=None, metadata=xml("@identifierLabel"))


@dataclass(slots=True, kw_only=True)
class MeterID:
    """``meterID``: a meter's GUID with its name, service and communication address."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    object_guid: str = field(metadata=xml("."))
    """The meter's MultiSpeakGUID (5.0.7: the text; 5.0.4: the ``objectGUID`` attribute)."""
    meter_name: str | None = field(default=None, metadata=xml("@meterName"))
    service_type: str | None = field(default=None, metadata=xml("@serviceType"))
    other_service_type: str | None = field(default=None, metadata=xml("@otherServiceType"))
    communication_address: str | None = field(default=None, metadata=xml("@communicationAddress"))
    communications_port: str | None = field(default=None, metadata=xml("@communicationsPort"))
    utility: str | None = field(default=None, metadata=xml("@utility"))
    registered_name: str | None = field(default=None, metadata=xml("@registeredName"))
    system_name: str | None = field(default=None, metadata=xml("@systemName"))

    def __str__(self) -> str:
        return self.meter_name or self.object_guid


def _guid_from_attribute(element: etree._Element, name_attribute: str) -> None:
    """5.0.4 → canonical: the ``objectGUID`` attribute becomes the text, the text a name."""
    guid = element.get("objectGUID")
    if guid is None:
        return
    text = (element.text or "").strip()
    if text and text != guid and element.get(name_attribute) is None:
        element.set(name_attribute, text)
    element.text = guid
    del element.attrib["objectGUID"]


def _meter_id_emit(element: etree._Element, release: Release) -> None:
    if release is Release.V504:
        guid = element.text or ""
        element.set("objectGUID", guid)
        element.text = element.get("meterName") or guid


register_form(
    MeterID, Form(lambda element: _guid_from_attribute(element, "meterName"), _meter_id_emit)
)


@dataclass(slots=True, kw_only=True)
class ObjectRef:
    """``objectRef``: a reference to another object by GUID, noun and identifier values."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    object_guid: str = field(metadata=xml("."))
    noun: str = field(metadata=xml("@noun"))
    """A QName such as ``msp:meter`` (the ``msp`` prefix is declared on every written root)."""
    primary_identifier_value: str | None = field(
        default=None, metadata=xml("@primaryIdentifierValue")
    )
    secondary_identifier_value: str | None = field(
        default=None, metadata=xml("@secondaryIdentifierValue")
    )
    utility: str | None = field(default=None, metadata=xml("@utility"))
    registered_name: str | None = field(default=None, metadata=xml("@registeredName"))
    system_name: str | None = field(default=None, metadata=xml("@systemName"))


_REF_RENAMES_504 = {
    "primaryIdentifierValue": "primaryIdentifierName",
    "secondaryIdentifierValue": "secondaryIdentifierName",
}


def _object_ref_canonical(element: etree._Element) -> None:
    for new, old in _REF_RENAMES_504.items():
        value = element.get(old)
        if value is not None:
            del element.attrib[old]
            if element.get(new) is None:
                element.set(new, value)
    _guid_from_attribute(element, "primaryIdentifierValue")


def _object_ref_emit(element: etree._Element, release: Release) -> None:
    if release is Release.V504:
        guid = element.text or ""
        element.set("objectGUID", guid)
        element.text = element.get("primaryIdentifierValue") or ""
        for new, old in _REF_RENAMES_504.items():
            value = element.get(new)
            if value is not None:
                del element.attrib[new]
                element.set(old, value)


register_form(ObjectRef, Form(_object_ref_canonical, _object_ref_emit))


@dataclass(slots=True, kw_only=True)
class ObjectID:
    """``objectID``: a GUID and, optionally, the primary identifier of the object it names."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    object_guid: str = field(metadata=xml("objectGUID"))
    primary_identifier: SingleIdentifier | None = field(
        default=None, metadata=xml("primaryIdentifier")
    )


@dataclass(slots=True, kw_only=True)
class MspExtensible:
    """``mspExtensible``: the extensions every extensible v5 type carries."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    extensions_list: list[ExtensionsItem] = field(
        default_factory=list, metadata=xml_list("extensionsList", "extensionsItem")
    )


@dataclass(slots=True, kw_only=True)
class MspReferable(MspExtensible):
    """``mspReferable``: an extensible object that may carry errorObjects and a referable id."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    error_objects: list[ErrorObject] = field(
        default_factory=list,
        metadata=xml_list("errorObjects", "errorObject", ns.MSP50_COMMON),
    )
    referable_id: str | None = field(default=None, metadata=xml("@referableID"))


@dataclass(slots=True, kw_only=True)
class MspObject:
    """``mspObject``: what every v5 object carries (GUID, identifiers, comments, extensions)."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    comments: str | None = field(default=None, metadata=xml("comments"))
    extensions_list: list[ExtensionsItem] = field(default_factory=list, metadata=EXTENSIONS_LIST)
    error_objects: list[ErrorObject] = field(
        default_factory=list,
        metadata=xml_list("errorObjects", "errorObject", ns.MSP50_COMMON),
    )
    primary_identifier: SingleIdentifier | None = field(
        default=None, metadata=xml("primaryIdentifier")
    )
    """Required by the schema; None only while an object is being built."""
    secondary_identifier: SingleIdentifier | None = field(
        default=None, metadata=xml("secondaryIdentifier")
    )
    object_guid: str = field(metadata=xml("@objectGUID"))
    utility: str | None = field(default=None, metadata=xml("@utility"))


def read_meter_id(element: etree._Element) -> MeterID:
    """A ``meterID`` element of either release."""
    return read(element, MeterID)


def write_meter_id(
    meter_id: MeterID,
    name: str = "meterID",
    namespace: str = ns.MSP50_ARRAYS,
    release: Release | str = DEFAULT_RELEASE,
) -> etree._Element:
    """The ``meterID`` element (default: an ``ArrayOfMeterID`` item) written for ``release``."""
    return write(meter_id, name, namespace, release)
