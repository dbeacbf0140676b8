"""MultiSpeak 5.0 ``extensionsList`` / ``extensionsItem``: the standard's place for foreign values.

The item is the 4.1 one (``extName``, ``extValue`` with its ``units``, ``extType``), declared in
the v5 ``commonTypes`` schema, so the carriers of the mapping engine (which make and read 4.1
items) serve v5 objects unchanged.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim import ns
from mspcim.multispeak.v41.meter_reading import ExtensionsItem
from mspcim.multispeak.v50.msp_binding import (
    Form,
    Release,
    bind_namespace,
    register_form,
    xml_list,
)

__all__ = [
    "EXTENSIONS_LIST",
    "ExtensionsItem",
    "extension_value",
]

EXTENSIONS_LIST: Final = xml_list("extensionsList", "extensionsItem", ns.MSP50_COMMON)
"""Field metadata of an ``extensionsList`` declared in a type of the objects namespace."""


def extension_value(items: list[ExtensionsItem], name: str) -> str | None:
    """The ``extValue`` of the item named ``name`` (None when there is none)."""
    return next((item.ext_value for item in items if item.ext_name == name), None)


def _canonical(element: etree._Element) -> None:
    """Nothing differs between releases on read."""


def _emit(element: etree._Element, release: Release) -> None:
    """``extValue`` is required: an item without a value gets an empty one."""
    value_tag = ns.qname(ns.MSP50_COMMON, "extValue")
    if element.find(value_tag) is None:
        name = element.find(ns.qname(ns.MSP50_COMMON, "extName"))
        empty = etree.Element(value_tag)
        if name is not None:
            name.addnext(empty)
        else:
            element.insert(0, empty)


bind_namespace(ExtensionsItem, ns.MSP50_COMMON)
register_form(ExtensionsItem, Form(_canonical, _emit))
