"""The operation catalogue: each MultiSpeak operation the gateway serves, and its CIM message.

Declared as data (IEC TS 61968-14 clause 4.4 actors and the Annex B conversation): operation
name → endpoint, exchange pattern, CIM Verb and Noun. The gateway routes by it and answers
``GetMethods`` from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mspcim.exceptions import UnknownOperationError

__all__ = ["OPERATIONS", "Exchange", "Operation", "operation", "operations_of"]


class Exchange(StrEnum):
    """How an operation is answered."""

    LOCAL = "answered by the gateway itself"
    REQUEST_REPLY = "synchronous request-reply through the CIM side"
    ASYNC_REQUEST = "accepted at once, answered later by a notification to responseURL"
    NOTIFICATION = "one-way notification"


@dataclass(frozen=True, slots=True)
class Operation:
    """One MultiSpeak 4.1 operation and its CIM counterpart."""

    name: str
    endpoint: str
    exchange: Exchange
    cim_verb: str | None = None
    cim_noun: str | None = None
    reply_operation: str | None = None
    """For asynchronous requests: the operation that later carries the answer."""


OPERATIONS: tuple[Operation, ...] = (
    Operation("PingURL", "MR_Server", Exchange.LOCAL),
    Operation("GetMethods", "MR_Server", Exchange.LOCAL),
    Operation(
        "InitiateMeterReadingsByMeterID",
        "MR_Server",
        Exchange.ASYNC_REQUEST,
        "get",
        "MeterReadings",
        reply_operation="ReadingChangedNotification",
    ),
    Operation(
        "GetLatestReadingByMeterID", "MR_Server", Exchange.REQUEST_REPLY, "get", "MeterReadings"
    ),
    Operation(
        "ReadingChangedNotification", "CB_Server", Exchange.NOTIFICATION, "created", "MeterReadings"
    ),
    Operation(
        "ReadingChangedNotification",
        "MDM_Server",
        Exchange.NOTIFICATION,
        "created",
        "MeterReadings",
    ),
)

_INDEX = {(op.endpoint, op.name): op for op in OPERATIONS}


def operation(endpoint: str, name: str) -> Operation:
    """The catalogue entry of ``endpoint``'s operation ``name`` (UnknownOperationError if none)."""
    try:
        return _INDEX[(endpoint, name)]
    except KeyError:
        raise UnknownOperationError(
            f"{endpoint} does not offer operation {name!r}", xpath=f"/Envelope/Body/{name}"
        ) from None


def operations_of(endpoint: str) -> list[str]:
    """Names of the operations ``endpoint`` serves, in catalogue order."""
    return [op.name for op in OPERATIONS if op.endpoint == endpoint]
