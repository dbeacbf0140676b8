"""What a conversation (a flow) offers: MultiSpeak operations, outbox answers, CIM replies.

``app.create_app`` collects these from every flow, so adding a conversation is one new module in
``gateway/flows`` and one line in the app's list of flows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

from mspcim.cim.message import Message, Reply
from mspcim.gateway.delivery import AnswerHandler
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.soap import SoapVersion

__all__ = ["CimReceiver", "Flow", "OperationCall", "OperationHandler"]


@dataclass(slots=True)
class OperationCall:
    """One MultiSpeak call as an operation handler receives it."""

    body: etree._Element
    header: MultiSpeakMsgHeader
    version: SoapVersion
    raw: bytes
    endpoint: str


OperationHandler = Callable[[OperationCall], Awaitable[etree._Element]]
"""Answers one MultiSpeak operation with its response body element (or raises InputError)."""

CimReceiver = Callable[[Message], Reply | None]
"""Takes a CIM reply or event posted to /cim/reply and says what to answer.

Returns None when the message is not this flow's (e.g. an event that correlates with none of its
conversations): the next flow serving the same noun is asked.
"""


class Flow(Protocol):
    """A conversation through the gateway."""

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """MultiSpeak (endpoint, operation) pairs this flow answers."""

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """Outbox purposes this flow queues, and what to do with their answers."""

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """CIM nouns whose replies and events this flow takes on /cim/reply (in flow order)."""
