"""The carriers: list fields where a value with no counterpart travels to the other side.

- ``Property``: IEC 61968-100 Header/Property name/value pairs (MultiSpeak header values).
- ``MeterNames``: CIM Meter/Names with a NameType per value (MultiSpeak meter identifiers).
- ``extensionsList``: MultiSpeak extensionsItem extName/extValue/extType (CIM values).

``carried_cim`` declares the gap of a CIM value that travels in an extensionsItem
``CIM.<Class>.<attribute>``.
"""

from __future__ import annotations

from typing import Any

from mspcim.cim.message import MessageProperty
from mspcim.cim.model import Name
from mspcim.harmonize.codecs import Carrier, register_carrier
from mspcim.harmonize.rules import Gap, Side
from mspcim.multispeak.v41.meter_reading import ExtensionsItem

__all__ = ["EXTENSIONS_LIST", "METER_NAMES", "NAME_TYPE_AUTHORITY", "PROPERTY", "carried_cim"]

NAME_TYPE_AUTHORITY = "MultiSpeak"
"""NameTypeAuthority of the Names that carry MultiSpeak identifiers."""


def _property(key: str, text: str, _xsd_type: str) -> MessageProperty:
    return MessageProperty(name=key, value=text)


def _property_key(item: Any) -> str | None:
    return item.name if isinstance(item, MessageProperty) else None


def _property_text(item: Any) -> str | None:
    return item.value if isinstance(item, MessageProperty) else None


PROPERTY = register_carrier(
    Carrier(
        name="Property",
        field="properties",
        make=_property,
        key_of=_property_key,
        text_of=_property_text,
        describe=lambda key: f"Header/Property[Name='{key}']",
    )
)


def _name(key: str, text: str, _xsd_type: str) -> Name:
    return Name(name=text, name_type=key, authority=NAME_TYPE_AUTHORITY)


METER_NAMES = register_carrier(
    Carrier(
        name="MeterNames",
        field="meter_names",
        make=_name,
        key_of=lambda item: item.name_type if isinstance(item, Name) else None,
        text_of=lambda item: item.name if isinstance(item, Name) else None,
        describe=lambda key: f"Meter/Names[NameType/name='{key}']",
    )
)


def _extension(key: str, text: str, xsd_type: str) -> ExtensionsItem:
    return ExtensionsItem(ext_name=key, ext_value=text, ext_type=xsd_type)


EXTENSIONS_LIST = register_carrier(
    Carrier(
        name="extensionsList",
        field="extensions_list",
        make=_extension,
        key_of=lambda item: item.ext_name if isinstance(item, ExtensionsItem) else None,
        text_of=lambda item: item.ext_value if isinstance(item, ExtensionsItem) else None,
        describe=lambda key: f"extensionsList/extensionsItem[extName='{key}']",
    )
)


def carried_cim(field: str, element: str, codec: str = "text") -> Gap:
    """A CIM value with no MultiSpeak element, carried in an extensionsItem ``CIM.<element>``."""
    return Gap(
        Side.CIM,
        field,
        f"no MultiSpeak element for CIM {element}",
        carried_in=f"extensionsList:CIM.{element}",
        codec=codec,
    )
