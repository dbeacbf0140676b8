"""The simulated head-end takes change events of every noun the operation catalogue names.

Registered for each CIM noun of the catalogue that no other head-end module serves
(``MeterConfig``, ``MeterServiceRequests``, ``CustomerConfig`` …, and ``MeterReadings``, whose
requests are still read as the head-end itself reads them: ``take_meter_readings``). An
EventMessage whose verb is created, changed, deleted, closed or canceled and whose payload is a
registered profile document (either edition) is read — a malformed one gets a FaultMessage — and
answered with a ResponseMessage correlated with its MessageID: Reply OK, or one Error per object
the head-end does not know (``settings.unknown_meters``, by mRID or name), PARTIAL, or FAILED
when it knows none. ResponseMessages of those nouns (acknowledgements of events it published,
posted to its ReplyAddress) are taken with Reply OK. ``relayed_messages(app)`` lists what was
taken.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree

from mspcim import ns, reply_codes
from mspcim.cim.catalogue import payload_for_tag
from mspcim.cim.message import (
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.exceptions import MessageFormatError
from mspcim.multispeak.catalogue import OPERATIONS
from mspcim.sim import headend
from mspcim.sim.headend import HeadEnd, register_noun

__all__ = [
    "CHANGE_VERBS",
    "NOUNS",
    "RelayedMessage",
    "read_relayed",
    "relayed_messages",
    "take_change",
    "take_meter_readings",
]

CHANGE_VERBS: Final = frozenset(
    {Verb.CREATED, Verb.CHANGED, Verb.DELETED, Verb.CLOSED, Verb.CANCELED}
)
"""Verbs of the events this module takes."""


@dataclass(slots=True)
class RelayedMessage:
    """An event (or acknowledgement) the head-end took, with its payload documents read."""

    message: Message
    documents: list[Any]
    """The pivot documents of the payload, in order."""
    objects: list[str]
    """The objects of the payload, by mRID (else their first name)."""


def _object_id(element: etree._Element) -> str | None:
    for child in element:
        if isinstance(child.tag, str) and ns.local_name(child.tag) == "mRID" and child.text:
            return child.text.strip()
    names = element.xpath("*[local-name()='Names']/*[local-name()='name']/text()")
    return str(names[0]).strip() if isinstance(names, list) and names else None


def read_relayed(message: Message) -> RelayedMessage:
    """The documents and objects of a message's payload (MessageFormatError when unreadable)."""
    documents: list[Any] = []
    objects: list[str] = []
    for index, element in enumerate(message.payload, start=1):
        codec = payload_for_tag(element.tag)
        if codec is None:
            tag = element.tag if isinstance(element.tag, str) else "?"
            raise MessageFormatError(
                f"no profile of noun {message.noun!r} has the payload {tag!r}",
                xpath=f"/*/Payload/*[{index}]",
            )
        documents.append(codec.read(element))
        objects.extend(
            found
            for child in element
            if isinstance(child.tag, str) and (found := _object_id(child)) is not None
        )
    return RelayedMessage(message, documents, objects)


def _answer(headend: HeadEnd, header: Header, reply: Reply) -> Message:
    return Message(
        kind=MessageKind.RESPONSE,
        header=Header(
            verb=Verb.REPLY,
            noun=header.noun,
            timestamp=headend.settings.clock(),
            source=headend.settings.source,
            message_id=headend.new_id(),
            correlation_id=header.message_id,
        ),
        reply=reply,
        form=headend.settings.form,
    )


async def take_change(headend: HeadEnd, message: Message) -> Message:
    """Take a change event (or an acknowledgement); refuse other messages clearly."""
    header = message.header
    if header is None:
        raise MessageFormatError("the message has no Header", xpath="/*/Header")
    if message.kind is MessageKind.RESPONSE:
        read_relayed(message)
        return _answer(headend, header, Reply(ReplyResult.OK))
    if message.kind is not MessageKind.EVENT or header.verb not in CHANGE_VERBS:
        raise MessageFormatError(
            f"this head-end takes change events of {header.noun}, not {message.kind.value} "
            f"{header.verb.value}",
            xpath="/*/Header/Verb",
            code=reply_codes.INVALID_VERB,
        )
    taken = read_relayed(message)
    unknown = [item for item in taken.objects if item in headend.settings.unknown_meters]
    errors = [
        Error(
            code=reply_codes.INVALID_CONTENT,
            level=ErrorLevel.FATAL,
            reason=f"unknown object {item}",
            id=ObjectID(value=item, kind="name"),
        )
        for item in unknown
    ]
    if not errors:
        result = ReplyResult.OK
    else:
        result = ReplyResult.FAILED if len(unknown) == len(taken.objects) else ReplyResult.PARTIAL
    return _answer(headend, header, Reply(result, errors))


async def take_meter_readings(headend_: HeadEnd, message: Message) -> Message:
    """MeterReadings: events as ``take_change``, requests as the head-end itself reads meters."""
    if message.kind is MessageKind.EVENT:
        return await take_change(headend_, message)
    meters = headend_.meter_ids(message)
    header = message.header
    assert header is not None  # meter_ids() refuses a request without one
    settings = headend_.settings
    if settings.mode == "async" and header.async_reply_flag and header.reply_address:
        headend_.schedule_reply(header, meters)
        return headend_.acknowledgement(header)
    if settings.delay_seconds:
        await asyncio.sleep(settings.delay_seconds)
    return headend_.read_meters(header, meters)


NOUNS: Final = tuple(
    noun
    for noun in dict.fromkeys(op.cim_noun for op in OPERATIONS if op.cim_noun)
    if noun not in headend.NOUN_HANDLERS
)
"""The catalogue's nouns no other head-end module served when this one was imported."""

for _noun in NOUNS:
    register_noun(_noun)(take_meter_readings if _noun == headend.NOUN else take_change)


def relayed_messages(app: Any) -> list[RelayedMessage]:
    """The change events and acknowledgements a head-end app took, in order."""
    return [
        read_relayed(request.message)
        for request in app.state.requests
        if request.error is None
        and request.message is not None
        and request.message.kind in (MessageKind.EVENT, MessageKind.RESPONSE)
        and headend.NOUN_HANDLERS.get(request.message.noun or "")
        in (take_change, take_meter_readings)
    ]
