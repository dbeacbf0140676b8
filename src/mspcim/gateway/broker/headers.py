"""JMS headers and properties of a 61968-100 message on the broker, declared as data.

ActiveMQ maps STOMP frame headers onto JMS: ``correlation-id`` is JMSCorrelationID, ``reply-to``
JMSReplyTo, ``type`` JMSType, ``persistent: true`` the PERSISTENT delivery mode, ``priority`` and
``expires`` JMSPriority and JMSExpiration; any other header becomes a string property a JMS
selector can test. JMSMessageID is assigned by the broker, so the 61968-100 Header/MessageID
travels as the ``MessageID`` property. A Java JMS peer therefore reads the same message with
``getJMSCorrelationID()``, ``getJMSReplyTo()``, ``getJMSType()`` and ``getStringProperty("Noun")``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mspcim.cim.message import Message
from mspcim.gateway.broker.destinations import Destination

__all__ = [
    "JMS_HEADERS",
    "JMS_PROPERTIES",
    "ORIGIN",
    "HeaderMapping",
    "JmsHeaders",
    "incoming",
    "outgoing",
]


@dataclass(frozen=True, slots=True)
class HeaderMapping:
    """One JMS header or property: its STOMP header, and what of the message fills it."""

    jms: str
    stomp: str
    value: str


JMS_HEADERS: tuple[HeaderMapping, ...] = (
    HeaderMapping("JMSCorrelationID", "correlation-id", "Header/CorrelationID, else MessageID"),
    HeaderMapping("JMSReplyTo", "reply-to", "Header/ReplyAddress when it names a destination"),
    HeaderMapping("JMSType", "type", "RequestMessage, ResponseMessage, EventMessage, FaultMessage"),
    HeaderMapping("JMSDeliveryMode", "persistent", "always PERSISTENT (true)"),
    HeaderMapping("JMSPriority", "priority", "4, the JMS default"),
)
"""JMS headers the gateway sets on every message it sends."""

ORIGIN = "mspcimOrigin"
"""Property naming the gateway group that published a message (so it ignores its own events)."""

JMS_PROPERTIES: tuple[HeaderMapping, ...] = (
    HeaderMapping("MessageID", "MessageID", "Header/MessageID (JMSMessageID is the broker's)"),
    HeaderMapping("Verb", "Verb", "Header/Verb"),
    HeaderMapping("Noun", "Noun", "Header/Noun"),
    HeaderMapping("Source", "Source", "Header/Source"),
    HeaderMapping(ORIGIN, ORIGIN, "the gateway group that sent the message"),
)
"""String properties, for routing and for JMS selectors (``Noun = 'MeterReadings'``)."""

_PRIORITY = "4"


def outgoing(
    message: Message, *, reply_to: Destination | None = None, origin: str | None = None
) -> dict[str, str]:
    """The STOMP headers that carry ``message`` as a persistent JMS message."""
    header = message.header
    headers = {"persistent": "true", "priority": _PRIORITY, "type": message.kind.value}
    if header is not None:
        correlation = header.correlation_id or header.message_id
        values = {
            "correlation-id": correlation,
            "MessageID": header.message_id,
            "Verb": header.verb.value,
            "Noun": header.noun,
            "Source": header.source,
        }
        headers.update({name: value for name, value in values.items() if value})
    if reply_to is not None:
        headers["reply-to"] = reply_to.stomp
    if origin:
        headers[ORIGIN] = origin
    return headers


@dataclass(frozen=True, slots=True)
class JmsHeaders:
    """What a received frame's headers say, in JMS terms."""

    broker_message_id: str | None
    """JMSMessageID, as the broker assigned it."""
    message_id: str | None
    """The 61968-100 MessageID property, when the sender set it."""
    correlation_id: str | None
    reply_to: Destination | None
    type: str | None
    persistent: bool
    redelivered: bool
    """JMSRedelivered: the broker delivered this message before (to this or another consumer)."""
    origin: str | None
    destination: str | None


def incoming(headers: Mapping[str, str]) -> JmsHeaders:
    """Read the JMS headers of a received STOMP frame."""
    reply_to = headers.get("reply-to")
    return JmsHeaders(
        broker_message_id=headers.get("message-id"),
        message_id=headers.get("MessageID"),
        correlation_id=headers.get("correlation-id"),
        reply_to=Destination.parse(reply_to)
        if reply_to and Destination.is_destination(reply_to)
        else None,
        type=headers.get("type"),
        persistent=headers.get("persistent") == "true",
        redelivered=headers.get("redelivered") == "true",
        origin=headers.get(ORIGIN),
        destination=headers.get("destination"),
    )
