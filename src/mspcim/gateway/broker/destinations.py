"""Where 61968-100 messages live on the broker: request queues, reply queues and event topics.

IEC 61968-100 names the roles (requests to a queue the provider consumes, replies to the
requester's JMSReplyTo, events published on topics) and leaves the names to the deployment. The
names are declared here, as data, from one prefix:

* requests: ``queue://<prefix>.request.<family>.<Noun>``, the family being the standard's
  *query* (verb ``get``) or *transaction* (``create``, ``change``, ``cancel``, ``close``,
  ``delete``, ``execute``);
* replies: ``queue://<prefix>.reply.<group>``, one queue per gateway group, consumed by every
  worker of the group as competing consumers;
* events (past-tense verbs): published on ``topic://VirtualTopic.<prefix>.event.<Noun>``; a gateway
  group consumes them from ActiveMQ's virtual-topic queue
  ``queue://Consumer.<group>.VirtualTopic.<prefix>.event.<Noun>``, so each event reaches one worker
  of each group while any JMS subscriber of the topic still gets every event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from mspcim.cim.message import Verb
from mspcim.exceptions import ConfigurationError

__all__ = [
    "EVENT_VERBS",
    "QUERY_VERBS",
    "TRANSACTION_VERBS",
    "Destination",
    "DestinationKind",
    "DestinationNaming",
    "VerbFamily",
    "family_of",
]


class DestinationKind(StrEnum):
    """JMS destination types, by their STOMP path segment."""

    QUEUE = "queue"
    TOPIC = "topic"
    TEMP_QUEUE = "temp-queue"
    REMOTE_TEMP_QUEUE = "remote-temp-queue"
    """Another connection's temporary queue, as ActiveMQ names it in a received reply-to."""


class VerbFamily(StrEnum):
    """IEC 61968-100's kinds of request: a query reads, a transaction changes its target's data."""

    QUERY = "query"
    TRANSACTION = "transaction"


QUERY_VERBS = frozenset({Verb.GET})
"""Verbs of a query."""

TRANSACTION_VERBS = frozenset(
    {Verb.CREATE, Verb.CHANGE, Verb.CANCEL, Verb.CLOSE, Verb.DELETE, Verb.EXECUTE}
)
"""Verbs of a transaction request."""

EVENT_VERBS = frozenset(
    {Verb.CREATED, Verb.CHANGED, Verb.CANCELED, Verb.CLOSED, Verb.DELETED, Verb.EXECUTED}
)
"""Past-tense verbs: what happened, published as events."""

_NAME = re.compile(r"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*$")
"""A destination name: dot-separated words (no wildcards, no empty segments)."""

_KINDS = "queue|topic|temp-queue|remote-temp-queue"
_URI = re.compile(rf"^({_KINDS})://(.+)$")
_STOMP = re.compile(rf"^/({_KINDS})/(.+)$")


def family_of(verb: Verb) -> VerbFamily:
    """The request family of ``verb``; ValueError for a verb that is no request."""
    if verb in QUERY_VERBS:
        return VerbFamily.QUERY
    if verb in TRANSACTION_VERBS:
        return VerbFamily.TRANSACTION
    raise ValueError(f"verb {verb.value!r} is no request (query or transaction)")


@dataclass(frozen=True, slots=True)
class Destination:
    """One queue or topic."""

    kind: DestinationKind
    name: str

    @property
    def uri(self) -> str:
        """The form written in settings, ReplyAddress and documentation: ``queue://name``."""
        return f"{self.kind.value}://{self.name}"

    @property
    def stomp(self) -> str:
        """The STOMP destination header: ``/queue/name``."""
        return f"/{self.kind.value}/{self.name}"

    @classmethod
    def parse(cls, text: str) -> Destination:
        """Read ``queue://name``, ``topic://name`` or a STOMP form such as ``/queue/name``."""
        match = _URI.match(text) or _STOMP.match(text)
        if match is None:
            raise ValueError(f"not a broker destination: {text!r} (queue://name or topic://name)")
        return cls(DestinationKind(match.group(1)), match.group(2))

    @staticmethod
    def is_destination(text: str | None) -> bool:
        """Whether ``text`` names a broker destination (rather than, say, an http URL)."""
        return bool(text) and bool(_URI.match(text or "") or _STOMP.match(text or ""))


def _checked(name: str, what: str) -> str:
    if not _NAME.match(name):
        raise ConfigurationError(
            f"broker {what} {name!r} must be dot-separated words of letters, digits, _ and -"
        )
    return name


@dataclass(frozen=True, slots=True)
class DestinationNaming:
    """The destination names of one deployment, derived from a prefix and a gateway group."""

    prefix: str = "mspcim"
    """First segment of every name: keeps a deployment's destinations apart on a shared broker."""
    group: str = "gateway"
    """Name of the gateway group: its workers share the reply queue and the event queues."""

    def __post_init__(self) -> None:
        """Refuse names the broker would read as wildcards or empty segments."""
        _checked(self.prefix, "prefix")
        _checked(self.group, "group")

    def request(self, verb: Verb, noun: str) -> Destination:
        """The queue a request of ``verb`` and ``noun`` is sent to."""
        family = family_of(verb)
        return Destination(
            DestinationKind.QUEUE, f"{self.prefix}.request.{family.value}.{_checked(noun, 'noun')}"
        )

    def requests(self) -> Destination:
        """Every request queue of the deployment (an ActiveMQ wildcard, for a provider)."""
        return Destination(DestinationKind.QUEUE, f"{self.prefix}.request.>")

    @property
    def reply(self) -> Destination:
        """The group's reply queue (ReplyAddress and JMSReplyTo of its requests)."""
        return Destination(DestinationKind.QUEUE, f"{self.prefix}.reply.{self.group}")

    def event(self, noun: str) -> Destination:
        """The topic events about ``noun`` are published on."""
        return Destination(
            DestinationKind.TOPIC, f"VirtualTopic.{self.prefix}.event.{_checked(noun, 'noun')}"
        )

    def event_queue(self, noun: str) -> Destination:
        """The group's share of the ``noun`` event topic (ActiveMQ virtual-topic consumer queue)."""
        return Destination(DestinationKind.QUEUE, f"Consumer.{self.group}.{self.event(noun).name}")

    def for_message(self, verb: Verb, noun: str) -> Destination:
        """Where a message of ``verb`` goes: its request queue, or its event topic."""
        if verb in EVENT_VERBS:
            return self.event(noun)
        return self.request(verb, noun)
