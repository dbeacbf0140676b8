"""The simulated CB server takes every change notification the gateway's relay may deliver.

Registered for each notification of the operation catalogue on a CB, MDM, OA or NOT server that
no other module answers (``MeterAddNotification``, ``ServiceOrderClosedNotification``,
``CustomerChangedNotification`` …). Each call is recorded (``ReceivedCall.parsed`` is a
``ChangeNotification``: operation, transactionID, the objects it names by ``objectID``, the body
element) and answered in ``<Operation>Response`` with an empty ArrayOfErrorObject, or — when the
server is told to fail — one errorObject per object (one naming the transaction when no object
carries an ``objectID``). ``change_notifications(app)`` lists what an app received.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree

from mspcim import ns
from mspcim.multispeak.catalogue import OPERATIONS, Exchange
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.sim import cb
from mspcim.sim.cb import CbSettings, ReceivedCall, notification_answer, register_operation
from mspcim.soap import SoapEnvelope

__all__ = [
    "ENDPOINTS",
    "NOTIFICATIONS",
    "ChangeNotification",
    "ReceivedObject",
    "change_notifications",
    "receive_change_notification",
]

ENDPOINTS: Final = ("CB_Server", "MDM_Server", "OA_Server", "NOT_Server")
"""The MultiSpeak servers this simulator stands for."""

NOTIFICATIONS: Final = tuple(
    dict.fromkeys(
        op.name
        for op in OPERATIONS
        if op.exchange is Exchange.NOTIFICATION and op.endpoint in ENDPOINTS
    )
)
"""Every catalogue notification of those servers, in catalogue order."""


@dataclass(frozen=True, slots=True)
class ReceivedObject:
    """One object a notification names: its element name and ``objectID``."""

    noun_type: str
    object_id: str


@dataclass(slots=True)
class ChangeNotification:
    """A change notification as the server read it."""

    operation: str
    transaction_id: str | None
    objects: list[ReceivedObject]
    body: etree._Element
    """The body element (a copy, detached from the envelope)."""


def _objects(body: etree._Element) -> list[ReceivedObject]:
    """The outermost elements carrying an ``objectID`` (a CB server keys its objects by it)."""
    found = []
    for element in body.iterdescendants():
        if not isinstance(element.tag, str) or element.get("objectID") is None:
            continue
        ancestors = element.iterancestors()
        if any(parent.get("objectID") is not None for parent in ancestors if parent is not body):
            continue
        found.append(ReceivedObject(ns.local_name(element.tag), element.get("objectID") or ""))
    return found


def receive_change_notification(
    call: ReceivedCall, envelope: SoapEnvelope, settings: CbSettings
) -> etree._Element:
    """Record the notification; answer it (an errorObject per object when told to fail)."""
    body = envelope.first_body
    transaction_id = body.findtext(ns.qname(ns.MSP41, "transactionID"))
    received = ChangeNotification(
        operation=call.operation,
        transaction_id=transaction_id.strip() if transaction_id else None,
        objects=_objects(body),
        body=copy.deepcopy(body),
    )
    call.parsed = received
    if settings.echo:
        print(
            f"{call.operation} transactionID={received.transaction_id or '-'}: "
            f"{len(received.objects)} objects"
        )
    if settings.fail_with is None or not received.objects:
        return notification_answer(
            call.operation, settings, received.transaction_id, call.received_at
        )
    errors = [
        ErrorObject(
            error_string=settings.fail_with,
            object_id=item.object_id,
            noun_type=item.noun_type,
            event_time=call.received_at,
        )
        for item in received.objects
    ]
    return build_array_of_error_object_response(call.operation, errors)


for _name in NOTIFICATIONS:
    if _name not in cb.OPERATIONS and _name not in cb.OPERATION_HANDLERS:
        register_operation(_name)(receive_change_notification)


def change_notifications(app: Any) -> list[ChangeNotification]:
    """The change notifications a CB app received, in order."""
    return [call.parsed for call in app.state.calls if isinstance(call.parsed, ChangeNotification)]
