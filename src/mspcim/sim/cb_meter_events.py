"""The simulated CB (or MDM) server's ``MeterEventNotification``: meter events published to it.

Each call is parsed (``ReceivedCall.parsed`` is the ``MeterEventNotification``) and answered with
an empty ArrayOfErrorObject, or with one errorObject when the server is told to fail.
``meter_events(app)`` lists what an app received, one ``ReceivedMeterEvent`` per eventInstance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from mspcim.multispeak.v41.meter_event import MeterEventNotification, read_meter_event_notification
from mspcim.sim.cb import CbSettings, ReceivedCall, notification_answer, register_operation
from mspcim.soap import SoapEnvelope

__all__ = ["OPERATION", "ReceivedMeterEvent", "meter_events", "notifications"]

OPERATION = "MeterEventNotification"


@dataclass(frozen=True, slots=True)
class ReceivedMeterEvent:
    """One eventInstance as the server received it."""

    transaction_id: str | None
    meter: str | None
    code: str | None
    """The meterEvent text (the event's name or code)."""
    parts: tuple[str | None, str | None, str | None, str | None]
    """The meterEvent attributes type, domain, domainPart, index."""
    time_stamp: datetime | None


@register_operation(OPERATION)
def receive_meter_events(
    call: ReceivedCall, envelope: SoapEnvelope, settings: CbSettings
) -> etree._Element:
    """Parse and record the notification; answer with errorObjects only when told to fail."""
    notification = read_meter_event_notification(envelope.first_body)
    call.parsed = notification
    if settings.echo:
        count = len(notification.events.event_instances) if notification.events else 0
        print(f"{OPERATION} transactionID={notification.transaction_id or '-'}: {count} events")
    return notification_answer(OPERATION, settings, notification.transaction_id, call.received_at)


def notifications(app: Any) -> list[MeterEventNotification]:
    """The MeterEventNotifications a CB app received, in order."""
    return [call.parsed for call in app.state.calls if call.operation == OPERATION]


def meter_events(app: Any) -> list[ReceivedMeterEvent]:
    """Every eventInstance a CB app received, in order."""
    found = []
    for notification in notifications(app):
        for instance in notification.events.event_instances if notification.events else []:
            event = instance.meter_event
            found.append(
                ReceivedMeterEvent(
                    transaction_id=notification.transaction_id,
                    meter=instance.meter_id.value if instance.meter_id else None,
                    code=event.code if event else None,
                    parts=(event.type, event.domain, event.domain_part, event.index)
                    if event
                    else (None, None, None, None),
                    time_stamp=instance.time_stamp,
                )
            )
    return found
