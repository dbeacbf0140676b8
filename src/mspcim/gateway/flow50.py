"""What a conversation offers MultiSpeak v5 callers: operations of ``/multispeak/v50/<Endpoint>``.

v5 operations have names of their own (``InitiateMeterReadingsByMeterIDs``), a request header of
elements and answers whose errors travel in the response header's ``Result``, so they are
registered apart from the 4.1 ones: a flow that serves v5 callers also has ``operations50``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from lxml import etree

from mspcim.multispeak.v50.header import RequestHeader
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.multispeak.v50.result import ErrorObject
from mspcim.soap import SoapVersion

__all__ = [
    "Answer50",
    "Exchange50",
    "Flow50",
    "Operation50",
    "Operation50Handler",
    "OperationCall50",
    "Release",
]


class Exchange50(StrEnum):
    """Whether a v5 operation changes something (so a repetition is answered as before)."""

    QUERY = "answered afresh each time"
    CHANGE = "changes state: a repeated MessageID or transactionID is answered as before"


@dataclass(slots=True)
class OperationCall50:
    """One MultiSpeak v5 call as an operation handler receives it."""

    body: etree._Element
    header: RequestHeader
    version: SoapVersion
    raw: bytes
    """The request as received, secrets masked."""
    endpoint: str
    release: Release
    """The release the caller speaks: 5.0.4 when its SOAPAction or meterIDs say so."""

    @property
    def caller(self) -> str:
        """The caller's AppName, for the wire tap and the stored conversation."""
        return self.header.caller.app_name


@dataclass(slots=True)
class Answer50:
    """A handler's answer: the response body element, and errors for the header's ``Result``."""

    body: etree._Element
    errors: list[ErrorObject] = field(default_factory=list)
    all_failed: bool = False
    """Every object of the call failed (``Result`` level Fatal rather than Warning)."""


Operation50Handler = Callable[[OperationCall50], Awaitable[Answer50]]
"""Answers one MultiSpeak v5 operation (or raises InputError)."""


@dataclass(frozen=True, slots=True)
class Operation50:
    """A v5 operation a flow serves: its handler and whether it changes state."""

    handler: Operation50Handler
    exchange: Exchange50 = Exchange50.CHANGE


@runtime_checkable
class Flow50(Protocol):
    """A conversation that also serves MultiSpeak v5 callers."""

    def operations50(self) -> Mapping[tuple[str, str], Operation50]:
        """MultiSpeak v5 (endpoint, operation) pairs this flow answers."""
