"""What the messages of the location and service point profiles share (8.22, 8.26, 8.28, 8.29).

MultiSpeak 4.1 says what happened to an object with its ``@verb`` (``New``, ``Change``,
``Delete`` …) inside one ``ServiceLocationChangedNotification``; IEC 61968-100 says it with the
Header Verb. Declared as data: ``ACTION_VERBS`` (an object action → the verb of an event, and of
a request), ``VERB_ACTIONS`` (a CIM verb → the action written on each object). A notification
whose objects do not share one action becomes *changed*, each action reported.

Service points (8.22, 8.28) reach MultiSpeak inside the ``serviceLocation`` they are delivered
at: ``at_locations`` groups ``electricService``s by their ``serviceLocationID``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from lxml import etree

from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_msp
from mspcim.harmonize.meter_asset_config_messages import operation_of
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.electric_service import ElectricService
from mspcim.multispeak.v41.service_location import ServiceLocation
from mspcim.multispeak.v41.service_location_operations import LOCATION_LISTS

__all__ = [
    "ACTION_VERBS",
    "CHANGED_NOTIFICATION",
    "MODIFY_REQUEST",
    "VERB_ACTIONS",
    "action_verb",
    "at_locations",
    "header_of",
    "location_body",
    "unread",
    "with_action",
]

CHANGED_NOTIFICATION: Final = "ServiceLocationChangedNotification"
MODIFY_REQUEST: Final = "ModifyCBDataForServiceLocations"

ACTION_VERBS: Final[dict[str, tuple[Verb, Verb]]] = {
    "New": (Verb.CREATED, Verb.CREATE),
    "Change": (Verb.CHANGED, Verb.CHANGE),
    "Delete": (Verb.DELETED, Verb.DELETE),
}
"""MultiSpeak ``action`` (``@verb``) → (verb of an EventMessage, verb of a RequestMessage).

``Replace``, ``Link`` and ``Unlink`` have no CIM verb: such objects travel as changed."""

VERB_ACTIONS: Final[dict[Verb, str | None]] = {
    Verb.CREATED: "New",
    Verb.CREATE: "New",
    Verb.CHANGED: None,
    Verb.CHANGE: None,
    Verb.DELETED: "Delete",
    Verb.DELETE: "Delete",
}
"""CIM verb → the ``@verb`` written on each object (None: MultiSpeak's default, Change)."""

_HEADER_VERB: Final = "the object's action is the message's Header/Verb"


def unread(body: etree._Element, cls: type, report: GapReport, profile: str) -> None:
    """Report the elements of ``body`` no field of ``cls`` binds (not modelled by mspcim)."""
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "no mapping reads this element", None, profile)


def action_verb(
    objects: Sequence[ServiceLocation | ElectricService],
    kind: MessageKind,
    paths: Sequence[str],
    report: GapReport,
) -> Verb:
    """The Header Verb of MultiSpeak ``objects`` (at ``paths``) sent as a message of ``kind``.

    One shared action gives its verb, and each object's ``@verb`` is then carried by the Header
    (its gap entry reclassified); otherwise the verb is *changed* and the actions stay reported.
    """
    actions = {item.verb or "Change" for item in objects}
    event = kind is MessageKind.EVENT
    if len(actions) != 1 or (action := actions.pop()) not in ACTION_VERBS:
        return Verb.CHANGED if event else Verb.CHANGE
    verb = ACTION_VERBS[action][0 if event else 1]
    for item, path in zip(objects, paths, strict=True):
        if item.verb is not None:
            report.reclassify(f"{path}/@verb", GapKind.CARRIED, "Header/Verb", _HEADER_VERB)
    return verb


def header_of(message: Message) -> Header:
    """The Header of ``message`` (MessageFormatError when it has none)."""
    if message.header is None:
        raise MessageFormatError("message has no Header", xpath="/Header")
    return message.header


def location_body(
    message: Message,
    locations: list[ServiceLocation],
    report: GapReport,
    noun: str,
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    """``locations`` as the MultiSpeak call a CIM event or request of ``noun`` becomes.

    Events become ``ServiceLocationChangedNotification`` (or the notification the Header's
    ``MultiSpeak.operation`` Property names), requests ``ModifyCBDataForServiceLocations``;
    create and delete are the ``@verb`` of each location.
    """
    header = header_of(message)
    if header.verb not in VERB_ACTIONS:
        raise MessageFormatError(
            f"no MultiSpeak operation for {header.verb.value} {noun}", xpath="/Header/Verb"
        )
    msp_header = header_to_msp(header, report)
    if message.kind is MessageKind.EVENT:
        name = operation_of(header, CHANGED_NOTIFICATION, LOCATION_LISTS, report)
    else:
        name = MODIFY_REQUEST
    call = LOCATION_LISTS[name](service_locations=locations)
    return msp_binding.write(call, name), msp_header


def with_action(items: Sequence[ServiceLocation | ElectricService], verb: Verb) -> None:
    """Write the ``@verb`` that ``verb`` gives on each of ``items``."""
    action = VERB_ACTIONS.get(verb)
    for item in items:
        item.verb = action


def at_locations(
    services: list[ElectricService], report: GapReport, path: str
) -> list[ServiceLocation]:
    """Service points as the ``serviceLocation``s they are delivered at (by serviceLocationID).

    A point with no location goes in a ``serviceLocation`` without id, reported.
    """
    locations: dict[str | None, ServiceLocation] = {}
    for index, service in enumerate(services, start=1):
        key = service.service_location_id
        if key is None:
            report.add(
                f"{path}[{index}]",
                service.object_id or "(UsagePoint)",
                GapKind.CHANGED,
                "a point with no ServiceLocation: sent in a serviceLocation without objectID",
            )
        found = locations.setdefault(key, ServiceLocation(object_id=key))
        found.electric_service_list.append(service)
    return list(locations.values())
