"""MultiSpeak 4.1 objects as plain dataclasses: ``mspObject``, shared small types, wrapped lists.

MultiSpeak wraps every list in an ``ArrayOf…`` element (``meterList`` holding ``meterID``s);
``Binding`` writes a list as repeated elements. Fields declare the wrapper with
``xml_list("meterList", "meterID")``; ``write`` gathers the repeated elements into their wrapper
after binding and ``read`` spreads them out before, so the dataclasses hold plain lists (what the
mapping engine and its carriers expect). ``unread`` names the child elements a document holds
that no field binds (``identifiedObject`` of the cpsm namespace, ``extensions`` wildcards,
objects not modelled), so a translation reports them instead of dropping them silently.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Final, TypeVar

from lxml import etree

from mspcim import ns
from mspcim.binding import Binding, plan_of
from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter_reading import SERVICE_TYPES, ExtensionsItem

__all__ = [
    "BINDING",
    "SECONDS_PER_UNIT",
    "SERVICE_TYPES",
    "Duration",
    "MeterID",
    "MspExtensionsItem",
    "MspObject",
    "TimePeriod",
    "read",
    "unread",
    "write",
    "xml_list",
]

_T = TypeVar("_T")

BINDING: Final = Binding(ns.MSP41, "msp")
"""The binding of these MultiSpeak 4.1 dataclasses (lists unwrapped; see ``write``, ``read``)."""

SECONDS_PER_UNIT: Final[dict[str, Decimal]] = {
    "Milliseconds": Decimal("0.001"),
    "Seconds": Decimal(1),
    "Minutes": Decimal(60),
    "Hours": Decimal(3600),
    "Days": Decimal(86400),
    "Weeks": Decimal(604800),
}
"""``timeUnits`` of fixed length, in seconds (Months, Years and Other have none)."""


def xml_list(name: str, item: str) -> dict[str, str]:
    """Field metadata of a list held in wrapper ``name`` whose items are ``item`` elements."""
    return {"xml": name, "item": item}


@dataclass(slots=True, kw_only=True)
class MspExtensionsItem(ExtensionsItem):
    """``extensionsItem`` as bound here (the ``units`` of ``extValue`` is not read)."""

    units: str | None = field(default=None)


@dataclass(slots=True, kw_only=True)
class MeterID:
    """``meterID``: the meter number as text, its GUID, number, service type and utility."""

    value: str = field(metadata=xml("."))
    meter_no: str | None = field(default=None, metadata=xml("@meterNo"))
    service_type: str | None = field(default=None, metadata=xml("@serviceType"))
    object_id: str | None = field(default=None, metadata=xml("@objectID"))
    utility: str | None = field(default=None, metadata=xml("@utility"))

    def __str__(self) -> str:
        return self.value


@dataclass(slots=True, kw_only=True)
class Duration:
    """``duration``: a number of ``timeUnits`` (Seconds, Minutes, … Months, Years, Other)."""

    value: Decimal = field(metadata=xml("."))
    units: str | None = field(default=None, metadata=xml("@units"))

    def __str__(self) -> str:
        return f"{self.value} {self.units}" if self.units else str(self.value)


@dataclass(slots=True, kw_only=True)
class TimePeriod:
    """``timePeriod``: a start and an end time."""

    start_time: datetime | None = field(default=None, metadata=xml("startTime"))
    end_time: datetime | None = field(default=None, metadata=xml("endTime"))


@dataclass(slots=True, kw_only=True)
class MspObject:
    """``mspObject``: what every MultiSpeak object carries (ids, comments, extensions)."""

    comments: str | None = field(default=None, metadata=xml("comments"))
    extensions_list: list[MspExtensionsItem] = field(
        default_factory=list, metadata=xml_list("extensionsList", "extensionsItem")
    )
    object_name: str | None = field(default=None, metadata=xml("objectName"))
    object_id: str | None = field(default=None, metadata=xml("@objectID"))
    verb: str | None = field(default=None, metadata=xml("@verb"))
    error_string: str | None = field(default=None, metadata=xml("@errorString"))
    replace_id: str | None = field(default=None, metadata=xml("@replaceID"))
    utility: str | None = field(default=None, metadata=xml("@utility"))


def _q(local: str) -> str:
    return f"{{{ns.MSP41}}}{local}"


def _items(cls: type) -> dict[str, str]:
    """Wrapper element → item element, for ``cls``'s wrapped lists."""
    return {
        str(item.metadata["xml"]): str(item.metadata["item"])
        for item in dataclasses.fields(cls)
        if "item" in item.metadata
    }


def _nested(cls: type) -> dict[str, type]:
    """Element name → dataclass, for ``cls``'s fields holding other bound objects."""
    return {
        plan.xml: plan.type
        for plan in plan_of(cls)
        if plan.kind == "element" and dataclasses.is_dataclass(plan.type)
    }


def _wrap(element: etree._Element, cls: type) -> None:
    nested = _nested(cls)
    for child in element:
        if isinstance(child.tag, str) and (kind := nested.get(ns.local_name(child.tag))):
            _wrap(child, kind)
    for wrapper, item in _items(cls).items():
        found = list(element.iterchildren(_q(wrapper)))
        if not found:
            continue
        holder = etree.Element(_q(wrapper))
        found[0].addprevious(holder)
        for child in found:
            child.tag = _q(item)
            holder.append(child)


def _unwrap(element: etree._Element, cls: type) -> None:
    for wrapper, item in _items(cls).items():
        for holder in list(element.iterchildren(_q(wrapper))):
            for child in list(holder.iterchildren(_q(item))):
                child.tag = _q(wrapper)
                holder.addprevious(child)
            element.remove(holder)
    nested = _nested(cls)
    for child in element:
        if isinstance(child.tag, str) and (kind := nested.get(ns.local_name(child.tag))):
            _unwrap(child, kind)


def write(obj: object, name: str) -> etree._Element:
    """The MultiSpeak element ``name`` holding ``obj``, lists inside their wrappers."""
    element = BINDING.write(obj, name)
    _wrap(element, type(obj))
    return element


def read(element: etree._Element, cls: type[_T], where: str | None = None) -> _T:
    """The ``cls`` instance a MultiSpeak ``element`` holds (``element`` itself is not changed)."""
    flat = copy.deepcopy(element)
    _unwrap(flat, cls)
    return BINDING.read(flat, cls, where)


def unread(element: etree._Element, cls: type, path: str = "") -> list[str]:
    """Paths of the child elements under ``element`` that no field of ``cls`` binds."""
    path = path or f"/{ns.local_name(element.tag)}"
    items = _items(cls)
    bound = {plan.xml for plan in plan_of(cls) if plan.kind == "element"}
    nested = _nested(cls)
    missed: list[str] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        local = ns.local_name(child.tag)
        if local not in bound or ns.namespace_of(child.tag) != ns.MSP41:
            missed.append(f"{path}/{local}")
        elif local in items and local in nested:
            item = items[local]
            for number, entry in enumerate(child.iterchildren(_q(item)), start=1):
                missed += unread(entry, nested[local], f"{path}/{local}/{item}[{number}]")
        elif local in nested:
            missed += unread(child, nested[local], f"{path}/{local}")
    return missed
