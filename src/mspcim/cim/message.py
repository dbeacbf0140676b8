"""IEC 61968-100 messages: the Header, Request, Reply and Payload of every CIM exchange.

Two envelope forms are spoken: the 61968-100 form (``RequestMessage``, ``ResponseMessage``,
``EventMessage``, ``FaultMessage`` in ``http://iec.ch/TC57/2011/schema/message``) and the older
noun-specific wrappers of the 61968-9:2013 WSDLs (``MeterReadingsRequestMessage``,
``CreatedMeterReadings`` … in ``http://www.iec.ch/TC57/2011/<Noun>Message``). Both read into the
same ``Message``; ``EnvelopeForm`` chooses which one is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from lxml import etree

from mspcim.fieldmeta import xml

__all__ = [
    "EnvelopeForm",
    "Error",
    "ErrorLevel",
    "Header",
    "Message",
    "MessageKind",
    "MessageProperty",
    "ObjectID",
    "Reply",
    "ReplyResult",
    "Request",
    "RequestOption",
    "User",
    "Verb",
]


class Verb(StrEnum):
    """Header verbs of IEC 61968-100."""

    GET = "get"
    CREATE = "create"
    CREATED = "created"
    CHANGE = "change"
    CHANGED = "changed"
    CANCEL = "cancel"
    CANCELED = "canceled"
    CLOSE = "close"
    CLOSED = "closed"
    DELETE = "delete"
    DELETED = "deleted"
    EXECUTE = "execute"
    EXECUTED = "executed"
    REPLY = "reply"


class MessageKind(StrEnum):
    """The four message archetypes of 61968-100."""

    REQUEST = "RequestMessage"
    RESPONSE = "ResponseMessage"
    EVENT = "EventMessage"
    FAULT = "FaultMessage"


class EnvelopeForm(StrEnum):
    """Which envelope a destination speaks."""

    IEC61968_100 = "61968-100"
    NOUN_WRAPPER = "noun-wrapper"


class ReplyResult(StrEnum):
    """Reply/Result."""

    OK = "OK"
    PARTIAL = "PARTIAL"
    FAILED = "FAILED"


class ErrorLevel(StrEnum):
    """Reply/Error/level."""

    INFORM = "INFORM"
    WARNING = "WARNING"
    FATAL = "FATAL"
    CATASTROPHIC = "CATASTROPHIC"


@dataclass(slots=True)
class User:
    """Header/User: who sends the message."""

    user_id: str
    organization: str | None = None


@dataclass(slots=True)
class MessageProperty:
    """Header/Property: a name/value pair for routing and for values with no other home."""

    name: str
    value: str | None = None


@dataclass(slots=True)
class Header:
    """The 61968-100 Header (Verb and Noun name the message type)."""

    verb: Verb = field(metadata=xml("Verb"))
    noun: str = field(metadata=xml("Noun"))
    revision: str | None = field(default=None, metadata=xml("Revision"))
    context: str | None = field(default=None, metadata=xml("Context"))
    timestamp: datetime | None = field(default=None, metadata=xml("Timestamp"))
    source: str | None = field(default=None, metadata=xml("Source"))
    async_reply_flag: bool | None = field(default=None, metadata=xml("AsyncReplyFlag"))
    reply_address: str | None = field(default=None, metadata=xml("ReplyAddress"))
    ack_required: bool | None = field(default=None, metadata=xml("AckRequired"))
    user: User | None = field(default=None, metadata=xml("User"))
    message_id: str | None = field(default=None, metadata=xml("MessageID"))
    correlation_id: str | None = field(default=None, metadata=xml("CorrelationID"))
    comment: str | None = field(default=None, metadata=xml("Comment"))
    properties: list[MessageProperty] = field(default_factory=list, metadata=xml("Property"))

    def property(self, name: str) -> str | None:
        """Value of the first Property called ``name``."""
        for prop in self.properties:
            if prop.name == name:
                return prop.value
        return None


@dataclass(slots=True)
class ObjectID:
    """An ID element (Request/ID, Reply/ID, Error/ID) with its IDatts attributes."""

    value: str
    kind: str | None = None
    """``name``, ``uuid``, ``transaction`` or ``other``."""
    id_type: str | None = None
    id_authority: str | None = None
    object_type: str | None = None


@dataclass(slots=True)
class RequestOption:
    """Request/Option: a name/value specialising a get."""

    name: str
    value: str | None = None


@dataclass(slots=True)
class Request:
    """The Request package: parameters of a get."""

    start_time: datetime | None = None
    end_time: datetime | None = None
    options: list[RequestOption] = field(default_factory=list)
    ids: list[ObjectID] = field(default_factory=list)


@dataclass(slots=True)
class Error:
    """Reply/Error: one problem, located by ``xpath`` and naming the object by ``id``."""

    code: str
    level: ErrorLevel | None = None
    reason: str | None = None
    details: str | None = None
    xpath: str | None = None
    """The qualified name of the offending element (the schema types this xs:QName)."""
    id: ObjectID | None = None


@dataclass(slots=True)
class Reply:
    """The Reply package: result and errors."""

    result: ReplyResult
    errors: list[Error] = field(default_factory=list)
    ids: list[ObjectID] = field(default_factory=list)

    def failed_ids(self) -> dict[str, Error]:
        """Errors that name an object, keyed by the object's ID."""
        return {error.id.value: error for error in self.errors if error.id is not None}


@dataclass(slots=True)
class Message:
    """Any 61968-100 message; ``payload`` holds the profile documents (e.g. MeterReadings)."""

    kind: MessageKind
    header: Header | None
    request: Request | None = None
    reply: Reply | None = None
    payload: list[etree._Element] = field(default_factory=list)
    form: EnvelopeForm = EnvelopeForm.IEC61968_100

    @property
    def noun(self) -> str | None:
        """Header/Noun, if there is a header."""
        return self.header.noun if self.header else None
