"""The objects a MultiSpeak notification carries, and its translation object by object.

A relayed notification is answered with one errorObject per object that cannot be translated,
whatever the operation, so the objects are found by structure rather than per operation: below
each complex parameter of the call, list wrappers (every child of one complex kind, no
``objectID``) are opened until an element carries an ``objectID`` or holds children of several
kinds — that element is one object (``changedCustomers/customer``,
``addedMeters/electricMeters/electricMeter``, ``configStatus`` …).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from lxml import etree

from mspcim import ns, reply_codes
from mspcim.cim.message import Message
from mspcim.exceptions import InputError, MessageFormatError
from mspcim.harmonize.gaps import GapReport
from mspcim.multispeak.errors import ErrorObject

__all__ = ["ObjectTranslation", "keeping", "label", "msp_objects", "translate_objects"]

Translate = Callable[[etree._Element, GapReport], Message]
"""Translates one body (the whole call, or a copy holding some of its objects)."""


def _children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _objects_below(element: etree._Element) -> list[etree._Element]:
    kids = _children(element)
    is_wrapper = (
        element.get("objectID") is None
        and bool(kids)
        and len({kid.tag for kid in kids}) == 1
        and all(len(kid) > 0 or len(kid.attrib) > 0 for kid in kids)
    )
    if not is_wrapper:
        return [element]
    return [found for kid in kids for found in _objects_below(kid)]


def msp_objects(body: etree._Element) -> list[etree._Element]:
    """The MultiSpeak objects a call carries (below its complex parameters), in order."""
    return [
        found
        for parameter in _children(body)
        if len(parameter)
        for found in _objects_below(parameter)
    ]


def label(element: etree._Element, number: int) -> str:
    """How an object is named in the store: its ``objectID``, else ``kind[number]``."""
    return element.get("objectID") or f"{ns.local_name(element.tag)}[{number}]"


def keeping(body: etree._Element, numbers: Collection[int]) -> etree._Element:
    """A copy of ``body`` holding only its objects numbered ``numbers`` (from 1)."""
    kept = copy.deepcopy(body)
    for number, element in enumerate(msp_objects(kept), start=1):
        parent = element.getparent()
        if number not in numbers and parent is not None:
            parent.remove(element)
    return kept


@dataclass(slots=True)
class ObjectTranslation:
    """What a notification became: the message of the objects kept, and the objects refused."""

    message: Message | None
    gaps: GapReport
    kept: list[str] = field(default_factory=list)
    """Labels of the objects the message carries."""
    refused: list[ErrorObject] = field(default_factory=list)
    """One errorObject per object that cannot be translated."""


def _refusal(element: etree._Element, number: int, exc: InputError) -> ErrorObject:
    return ErrorObject(
        error_string=f"not forwarded: {exc.reason}",
        object_id=element.get("objectID") or str(number),
        noun_type=ns.local_name(element.tag),
    )


def translate_objects(body: etree._Element, translate: Translate) -> ObjectTranslation:
    """Translate the call whole; when that fails, object by object, refusing the bad ones.

    A call holding no object is refused as a whole (MessageFormatError).
    """
    objects = msp_objects(body)
    name = ns.local_name(body.tag)
    if not objects:
        raise MessageFormatError(
            f"{name} holds no object to forward",
            xpath=f"/Envelope/Body/{name}",
            code=reply_codes.MISSING_ELEMENTS,
        )
    gaps = GapReport()
    try:
        whole = translate(body, gaps)
    except InputError:
        pass
    else:
        return ObjectTranslation(whole, gaps, [label(e, n) for n, e in enumerate(objects, 1)])
    refused: dict[int, ErrorObject] = {}
    for number, element in enumerate(objects, start=1):
        try:
            translate(keeping(body, {number}), GapReport())
        except InputError as exc:
            refused[number] = _refusal(element, number, exc)
    kept = [number for number in range(1, len(objects) + 1) if number not in refused]
    gaps = GapReport()
    message: Message | None = None
    if kept:
        try:
            message = translate(keeping(body, kept), gaps)
        except InputError as exc:  # the objects conflict with one another: none is forwarded
            refused.update((n, _refusal(objects[n - 1], n, exc)) for n in kept)
            kept = []
    return ObjectTranslation(
        message,
        gaps,
        [label(objects[number - 1], number) for number in kept],
        [refused[number] for number in sorted(refused)],
    )
