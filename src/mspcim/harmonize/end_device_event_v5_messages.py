"""Whole messages of end device events over MultiSpeak 5.0 (clause 9 EndDeviceEvents).

- ``NOT_Server: EndDeviceEventsNotification`` ⇄ ``EventMessage`` *created EndDeviceEvents*
  (every ``endDeviceEventList`` flattened into one document; transactionID ⇄ CorrelationID).

Switch outcomes of a connect/disconnect travel as ``CDStatesChangedNotification`` instead (see
``end_device_control_v5_messages``); a CIM event is routed here by its noun, and the gateway's
flows decide which conversation an event belongs to.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim import end_device_events as events
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, Verb
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header_v5 import header_from_cim, header_to_cim
from mspcim.harmonize.profile_messages import carried_by_operation, payload_document
from mspcim.harmonize.profiles import end_device_events_v5 as profile
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import cim_route50, msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.end_device_event import (
    EndDeviceEventList,
    EndDeviceEventsNotification,
    resolve_types,
)
from mspcim.multispeak.v50.header import RequestHeader, V5Header
from mspcim.multispeak.v50.identity import Release

__all__ = ["EVENTS", "event_to_notification", "notification_to_event"]

EVENTS: Final = "EndDeviceEvents"
_OPERATION: Final = "/EndDeviceEventsNotification"


def notification_to_event(
    call: EndDeviceEventsNotification,
    cim_header: Header,
    *,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    edition: Edition = Edition.CIM2013,
    report: GapReport | None = None,
) -> Message:
    """``created EndDeviceEvents`` EventMessage for an EndDeviceEventsNotification."""
    report = report if report is not None else GapReport()
    resolve_types(call, _OPERATION)
    cim_header.correlation_id = cim_header.correlation_id or call.transaction_id
    flat = []
    for number, holder in enumerate(call.lists, start=1):
        where = f"{_OPERATION}/ArrayOfEndDeviceEventList/endDeviceEventList[{number}]"
        for name, value in (
            ("@referableID", holder.referable_id),
            ("errorObjects", len(holder.error_objects) or None),
            ("extensionsList", len(holder.extensions_list) or None),
        ):
            if value is not None:
                report.add(
                    f"{where}/{name}",
                    value,
                    GapKind.LOST,
                    "the lists are flattened into one EndDeviceEvents document",
                    profile=profile.PROFILE,
                )
        flat.append((where, holder))
    translated = [
        profile.events_to_cim(holder.events, report, f"{where}/endDeviceEvents")
        for where, holder in flat
    ]
    document = events.EndDeviceEvents(
        end_device_events=[event for part in translated for event in part.end_device_events],
        end_device_event_types=list(
            {
                declared.mrid: declared
                for part in translated
                for declared in part.end_device_event_types
            }.values()
        ),
    )
    return Message(
        kind=MessageKind.EVENT,
        header=cim_header,
        payload=[payload_codec(EVENTS, edition).write(document)],
        form=form,
    )


def event_to_notification(message: Message, report: GapReport) -> EndDeviceEventsNotification:
    """The EndDeviceEventsNotification of a CIM EndDeviceEvents message (one list)."""
    document = payload_document(message, EVENTS, events.EndDeviceEvents)
    msp_events = profile.events_to_msp(document, report)
    correlation = message.header.correlation_id if message.header else None
    if correlation is not None:
        carried_by_operation(
            report, "/Header/CorrelationID", "EndDeviceEventsNotification/transactionID"
        )
    return EndDeviceEventsNotification(
        lists=[EndDeviceEventList(events=msp_events)] if msp_events else [],
        transaction_id=correlation,
    )


@msp50_route("EndDeviceEventsNotification")
def _notification_route(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, EndDeviceEventsNotification)
    for path in msp_binding.unread(body, EndDeviceEventsNotification):
        report.add(path, "(element)", GapKind.LOST, "no CIM counterpart", profile=profile.PROFILE)
    return notification_to_event(
        call,
        header_to_cim(header, Verb.CREATED, EVENTS, report),
        form=options.form,
        edition=options.edition,
        report=report,
    )


@cim_route50(EVENTS, MessageKind.EVENT, MessageKind.RESPONSE)
def _event_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, V5Header]:
    header = header_from_cim(
        message.header or Header(Verb.CREATED, EVENTS),
        report,
        release=options.release,
        message_id=options.new_id(),
    )
    assert isinstance(header, RequestHeader)
    notification = event_to_notification(message, report)
    body = msp_binding.write(
        notification, "EndDeviceEventsNotification", release=Release(options.release)
    )
    return body, header
