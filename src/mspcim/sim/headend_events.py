"""The simulated head-end's ``EndDeviceEvents``: it takes created events and answers Reply OK.

An EventMessage (verb ``created``) whose payload is an EndDeviceEvents document of either
edition is read (so a malformed one gets a FaultMessage) and acknowledged with a ResponseMessage
(Reply OK, correlated with the event's MessageID). ``received_events(app)`` lists the events.
"""

from __future__ import annotations

from typing import Any

from mspcim import reply_codes
from mspcim.cim.catalogue import payload_for_tag
from mspcim.cim.end_device_events import NOUN, EndDeviceEvent, EndDeviceEvents
from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.exceptions import MessageFormatError
from mspcim.sim.headend import HeadEnd, register_noun

__all__ = ["received_events", "take_events"]


def _document(message: Message) -> EndDeviceEvents:
    documents = []
    for element in message.payload:
        codec = payload_for_tag(element.tag)
        if codec is None or codec.noun != NOUN:
            raise MessageFormatError(f"expected an {NOUN} payload", xpath="/*/Payload")
        document: EndDeviceEvents = codec.read(element)
        documents.append(document)
    if len(documents) != 1:
        raise MessageFormatError(
            f"expected one {NOUN} payload, got {len(documents)}", xpath="/*/Payload"
        )
    return documents[0]


@register_noun(NOUN)
async def take_events(headend: HeadEnd, message: Message) -> Message:
    """Acknowledge created EndDeviceEvents (refuse other kinds and verbs with a clear error)."""
    header = message.header
    if message.kind is not MessageKind.EVENT or header is None or header.verb is not Verb.CREATED:
        raise MessageFormatError(
            f"this head-end takes created {NOUN} EventMessages", code=reply_codes.INVALID_VERB
        )
    _document(message)
    return Message(
        kind=MessageKind.RESPONSE,
        header=Header(
            verb=Verb.REPLY,
            noun=NOUN,
            timestamp=headend.settings.clock(),
            source=headend.settings.source,
            message_id=headend.new_id(),
            correlation_id=header.message_id,
        ),
        reply=Reply(ReplyResult.OK),
        form=headend.settings.form,
    )


def received_events(app: Any) -> list[EndDeviceEvent]:
    """Every EndDeviceEvent a head-end app took, in order."""
    events: list[EndDeviceEvent] = []
    for request in app.state.requests:
        message = request.message
        if request.error is None and message is not None and message.noun == NOUN:
            events.extend(_document(message).end_device_events)
    return events
