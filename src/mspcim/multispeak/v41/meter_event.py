"""MultiSpeak 4.1 meter events: ``meterEventList``, ``eventInstance``, ``meterEvent``.

``MeterEventNotification(events, transactionID)`` is offered by the CB, MDM and NOT servers of
the 4.1.6 WSDLs and answered with an ArrayOfErrorObject. Its ``events`` is a ``meterEventList``
(an mspObject) holding ``eventInstances``; each ``eventInstance`` names a meter (``meterID``),
the event (``meterEvent``) and when it happened (``timeStamp``). A ``meterEvent`` is a text (the
event code as the sender names it) with the parts of the IEC 61968-9 Annex E code as attributes:
``type``, ``domain``, ``domainPart`` (the sub-domain), ``index`` (the event or action), plus a
``value`` and a readable ``codeString``.

An ``eventInstance`` has no ``extensionsList`` of its own (only a strict ``xs:any``), so values
carried for one instance travel in the list's ``extensionsList``, their ``extName`` prefixed with
``eventInstance[n]/`` (n counts from 1); the reader gives them back to their instance.
The classes are written and read here rather than through ``Binding``: the array wrappers, the
shared ``meterID`` type and the wildcards do not fit its one-class-one-type model.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from mspcim import ns
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter_reading import (
    ExtensionsItem,
    MeterID,
    build_extensions,
    build_meter_id,
    read_extensions,
    read_meter_id,
    text_element,
)
from mspcim.xsdtypes import format_datetime, parse_datetime

__all__ = [
    "INSTANCE_PREFIX",
    "EventInstance",
    "MeterEvent",
    "MeterEventList",
    "MeterEventNotification",
    "build_meter_event_notification",
    "read_meter_event_notification",
]

_M = ns.MSP41

INSTANCE_PREFIX = "eventInstance[{index}]/"
"""Prefix of the ``extName`` of a list-level extensionsItem that belongs to one instance."""
_INSTANCE_ITEM = re.compile(r"^eventInstance\[(?P<index>[1-9][0-9]*)\]/(?P<name>.+)$", re.DOTALL)

_METER_EVENT_ATTRIBUTES = (
    ("domain", "domain"),
    ("domain_part", "domainPart"),
    ("type", "type"),
    ("index", "index"),
    ("value", "value"),
    ("code_string", "codeString"),
)
_MSP_OBJECT_ATTRIBUTES = (
    ("object_id", "objectID"),
    ("verb", "verb"),
    ("error_string", "errorString"),
    ("replace_id", "replaceID"),
    ("utility", "utility"),
)


def _q(local: str) -> str:
    return f"{{{_M}}}{local}"


@dataclass(slots=True)
class MeterEvent:
    """``meterEvent``: the event code as text, its Annex E parts and value as attributes."""

    code: str | None = field(default=None, metadata=xml("meterEvent"))
    """The element's text: the sender's event code or name."""
    domain: str | None = field(default=None, metadata=xml("meterEvent/@domain"))
    domain_part: str | None = field(default=None, metadata=xml("meterEvent/@domainPart"))
    type: str | None = field(default=None, metadata=xml("meterEvent/@type"))
    index: str | None = field(default=None, metadata=xml("meterEvent/@index"))
    value: str | None = field(default=None, metadata=xml("meterEvent/@value"))
    code_string: str | None = field(default=None, metadata=xml("meterEvent/@codeString"))
    other_attributes: dict[str, str] = field(default_factory=dict, metadata=xml("meterEvent/@*"))
    """Attributes the schema's ``anyAttribute`` admits, by Clark name."""


@dataclass(slots=True)
class EventInstance:
    """``eventInstance``: one event of one meter at one time."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    meter_event: MeterEvent | None = field(default=None, metadata=xml("meterEvent"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))
    instance_extensions: list[ExtensionsItem] = field(
        default_factory=list, metadata=xml("extensionsList")
    )
    """Values carried for this instance (written to the list's extensionsList, prefixed)."""
    extensions: list[etree._Element] = field(default_factory=list, metadata=xml("extensions"))
    """The ``xs:any`` content of ``extensions``, as received."""


@dataclass(slots=True)
class MeterEventList:
    """``meterEventList``: the events of one notification (an mspObject)."""

    event_instances: list[EventInstance] = field(
        default_factory=list, metadata=xml("eventInstances")
    )
    object_id: str | None = field(default=None, metadata=xml("@objectID"))
    verb: str | None = field(default=None, metadata=xml("@verb"))
    error_string: str | None = field(default=None, metadata=xml("@errorString"))
    replace_id: str | None = field(default=None, metadata=xml("@replaceID"))
    utility: str | None = field(default=None, metadata=xml("@utility"))
    comments: str | None = field(default=None, metadata=xml("comments"))
    object_name: str | None = field(default=None, metadata=xml("objectName"))
    extensions_list: list[ExtensionsItem] = field(
        default_factory=list, metadata=xml("extensionsList")
    )
    extensions: list[etree._Element] = field(default_factory=list, metadata=xml("extensions"))
    identified_object: etree._Element | None = field(default=None, metadata=xml("identifiedObject"))
    other_attributes: dict[str, str] = field(default_factory=dict, metadata=xml("@*"))


@dataclass(slots=True)
class MeterEventNotification:
    """CB/MDM/NOT_Server ``MeterEventNotification``: events published to a subscriber."""

    events: MeterEventList | None = None
    transaction_id: str | None = None


# --- reading


def _children(element: etree._Element) -> dict[str, list[etree._Element]]:
    found: dict[str, list[etree._Element]] = {}
    prefix = "{" + _M + "}"
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag.startswith(prefix):
            found.setdefault(tag[len(prefix) :], []).append(child)
    return found


def _first(children: dict[str, list[etree._Element]], local: str) -> etree._Element | None:
    items = children.get(local)
    return items[0] if items else None


def _text(children: dict[str, list[etree._Element]], local: str) -> str | None:
    child = _first(children, local)
    return None if child is None else (child.text or "")


def _other_attributes(
    element: etree._Element, known: tuple[tuple[str, str], ...]
) -> dict[str, str]:
    names = {attribute for _, attribute in known}
    return {str(key): str(value) for key, value in element.attrib.items() if key not in names}


def _wildcard(children: dict[str, list[etree._Element]]) -> list[etree._Element]:
    holder = _first(children, "extensions")
    if holder is None:
        return []
    return [copy.deepcopy(child) for child in holder if isinstance(child.tag, str)]


def read_meter_event(element: etree._Element) -> MeterEvent:
    """A ``meterEvent`` element."""
    code = (element.text or "").strip()
    event = MeterEvent(
        code=code if code else None,
        other_attributes=_other_attributes(element, _METER_EVENT_ATTRIBUTES),
    )
    for name, attribute in _METER_EVENT_ATTRIBUTES:
        setattr(event, name, element.get(attribute))
    return event


def _read_instance(element: etree._Element, where: str) -> EventInstance:
    children = _children(element)
    meter_id = _first(children, "meterID")
    meter_event = _first(children, "meterEvent")
    when = _text(children, "timeStamp")
    try:
        time_stamp = parse_datetime(when, where=f"{where}/timeStamp") if when else None
    except MappingError as exc:
        raise MessageFormatError(exc.reason, xpath=exc.xpath) from None
    return EventInstance(
        meter_id=read_meter_id(meter_id) if meter_id is not None else None,
        meter_event=read_meter_event(meter_event) if meter_event is not None else None,
        time_stamp=time_stamp,
        extensions=_wildcard(children),
    )


def read_meter_event_list(element: etree._Element, where: str = "/events") -> MeterEventList:
    """A ``meterEventList``; list-level extensionsItems of one instance go back to it."""
    children = _children(element)
    instances: list[EventInstance] = []
    holder = _first(children, "eventInstances")
    if holder is not None:
        for index, item in enumerate(holder.iterchildren(_q("eventInstance")), start=1):
            instances.append(_read_instance(item, f"{where}/eventInstances/eventInstance[{index}]"))
    own: list[ExtensionsItem] = []
    container = _first(children, "extensionsList")
    items = read_extensions(element, container) if container is not None else []
    for extension in items:
        match = _INSTANCE_ITEM.match(extension.ext_name)
        number = int(match["index"]) if match else 0
        if match and number <= len(instances):
            extension.ext_name = match["name"]
            instances[number - 1].instance_extensions.append(extension)
        else:
            own.append(extension)
    return MeterEventList(
        event_instances=instances,
        object_id=element.get("objectID"),
        verb=element.get("verb"),
        error_string=element.get("errorString"),
        replace_id=element.get("replaceID"),
        utility=element.get("utility"),
        comments=_text(children, "comments"),
        object_name=_text(children, "objectName"),
        extensions_list=own,
        extensions=_wildcard(children),
        identified_object=copy.deepcopy(identified)
        if (identified := _first(children, "identifiedObject")) is not None
        else None,
        other_attributes=_other_attributes(element, _MSP_OBJECT_ATTRIBUTES),
    )


def read_meter_event_notification(body: etree._Element) -> MeterEventNotification:
    """Parameters of a ``MeterEventNotification`` body element."""
    if body.tag != _q("MeterEventNotification"):
        raise MessageFormatError(
            f"expected MeterEventNotification, got {body.tag!r}", xpath="/MeterEventNotification"
        )
    children = _children(body)
    events = _first(children, "events")
    transaction_id = _text(children, "transactionID")
    return MeterEventNotification(
        events=read_meter_event_list(events, "/MeterEventNotification/events")
        if events is not None
        else None,
        transaction_id=transaction_id.strip() if transaction_id is not None else None,
    )


# --- writing


def _set_attributes(element: etree._Element, values: list[tuple[str, str | None]]) -> None:
    for attribute, value in values:
        if value is not None:
            element.set(attribute, value)


def _build_wildcard(parent: etree._Element, content: list[etree._Element]) -> None:
    if content:
        holder = etree.SubElement(parent, _q("extensions"))
        for child in content:
            holder.append(copy.deepcopy(child))


def build_meter_event(parent: etree._Element, event: MeterEvent) -> etree._Element:
    """Append a ``meterEvent`` element and return it."""
    element = etree.SubElement(parent, _q("meterEvent"))
    element.text = event.code
    _set_attributes(
        element, [(attribute, getattr(event, name)) for name, attribute in _METER_EVENT_ATTRIBUTES]
    )
    _set_attributes(element, list(event.other_attributes.items()))
    return element


def _build_instance(parent: etree._Element, instance: EventInstance) -> None:
    element = etree.SubElement(parent, _q("eventInstance"))
    _build_wildcard(element, instance.extensions)
    if instance.meter_id is not None:
        build_meter_id(element, instance.meter_id)
    if instance.meter_event is not None:
        build_meter_event(element, instance.meter_event)
    if instance.time_stamp is not None:
        text_element(element, "timeStamp", format_datetime(instance.time_stamp))


def build_meter_event_list(parent: etree._Element, events: MeterEventList) -> etree._Element:
    """Append an ``events`` element (a meterEventList) in schema order and return it."""
    element = etree.SubElement(parent, _q("events"))
    _set_attributes(
        element, [(attribute, getattr(events, name)) for name, attribute in _MSP_OBJECT_ATTRIBUTES]
    )
    _set_attributes(element, list(events.other_attributes.items()))
    _build_wildcard(element, events.extensions)
    text_element(element, "comments", events.comments)
    items = list(events.extensions_list)
    for index, instance in enumerate(events.event_instances, start=1):
        prefix = INSTANCE_PREFIX.format(index=index)
        items += [
            ExtensionsItem(prefix + item.ext_name, item.ext_value, item.ext_type, item.units)
            for item in instance.instance_extensions
        ]
    build_extensions(element, items)
    text_element(element, "objectName", events.object_name)
    if events.identified_object is not None:
        element.append(copy.deepcopy(events.identified_object))
    if events.event_instances:
        holder = etree.SubElement(element, _q("eventInstances"))
        for instance in events.event_instances:
            _build_instance(holder, instance)
    return element


def build_meter_event_notification(call: MeterEventNotification) -> etree._Element:
    """The ``MeterEventNotification`` body element."""
    body = etree.Element(_q("MeterEventNotification"), nsmap={None: _M})  # type: ignore[dict-item]
    if call.events is not None:
        build_meter_event_list(body, call.events)
    text_element(body, "transactionID", call.transaction_id)
    return body
