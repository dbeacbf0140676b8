"""Whole messages of meter events, both ways (profile 8.13 EndDeviceEvents).

- ``MeterEventNotification`` ⇄ ``EventMessage`` *created EndDeviceEvents* (or a Response)

The header goes through Table 3, the payload through profile 8.13; ``transactionID`` ⇄
``CorrelationID``. Events without a ``timeStamp`` are dated by the MultiSpeak header's TimeStamp.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.end_device_events import EndDeviceEvents
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, Reply, Verb
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_cim, header_to_msp
from mspcim.harmonize.profile_messages import carried_by_operation
from mspcim.harmonize.profiles import end_device_events
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.meter_event import (
    MeterEventList,
    MeterEventNotification,
    build_meter_event_notification,
    read_meter_event_notification,
)

__all__ = [
    "NOUN",
    "OPERATION",
    "CimEvents",
    "cim_events",
    "events_to_notification",
    "notification_to_event",
]

NOUN = "EndDeviceEvents"
OPERATION = "MeterEventNotification"


def notification_to_event(
    call: MeterEventNotification,
    header: MultiSpeakMsgHeader | None,
    *,
    message_id: str | None = None,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    edition: Edition = Edition.CIM2013,
    report: GapReport | None = None,
    refused: list[tuple[int, MappingError]] | None = None,
) -> Message:
    """``created EndDeviceEvents`` EventMessage for a MeterEventNotification.

    With ``refused`` given, events that cannot be translated are left out and listed there.
    """
    report = report if report is not None else GapReport()
    header = header or MultiSpeakMsgHeader()
    cim_header = header_to_cim(header, Verb.CREATED, NOUN, report)
    if message_id is not None:
        cim_header.message_id = message_id
    cim_header.correlation_id = call.transaction_id
    document = end_device_events.to_cim(
        call.events or MeterEventList(),
        report,
        f"/{OPERATION}/events",
        default_time=header.time_stamp,
        refused=refused,
    )
    return Message(
        kind=MessageKind.EVENT,
        header=cim_header,
        payload=[payload_codec(NOUN, edition).write(document)],
        form=form,
    )


@dataclass(slots=True)
class CimEvents:
    """What a CIM message says about end device events: the payload, the reply, the correlation."""

    document: EndDeviceEvents
    header: Header | None
    reply: Reply | None
    correlation_id: str | None


def cim_events(message: Message) -> CimEvents:
    """The EndDeviceEvents payload (either edition) of a message; none is an empty document."""
    documents = []
    for element in message.payload:
        codec = payload_for_tag(element.tag)
        if codec is None or codec.noun != NOUN:
            tag = element.tag if isinstance(element.tag, str) else "?"
            raise MessageFormatError(f"unexpected payload {tag!r}", xpath="/Payload")
        documents.append((element, codec))
    if len(documents) > 1:
        raise MessageFormatError(f"more than one {NOUN} payload", xpath="/Payload")
    document = documents[0][1].read(documents[0][0]) if documents else EndDeviceEvents()
    header = message.header
    correlation = (header.correlation_id or None) if header is not None else None
    return CimEvents(document, header, message.reply, correlation)


def events_to_notification(
    events: CimEvents,
    *,
    transaction_id: str | None = None,
    report: GapReport | None = None,
) -> tuple[MeterEventNotification, MultiSpeakMsgHeader]:
    """MeterEventNotification for CIM events; transactionID is the CorrelationID unless given."""
    report = report if report is not None else GapReport()
    header = header_to_msp(events.header, report) if events.header else MultiSpeakMsgHeader()
    if transaction_id is None:
        carried_by_operation(report, "/Header/CorrelationID", f"{OPERATION}/transactionID")
    if events.reply is not None:
        for index, error in enumerate(events.reply.errors, start=1):
            report.add(
                f"/Reply/Error[{index}]",
                error.reason or error.details or error.code,
                GapKind.LOST,
                f"{OPERATION} has no place for the CIM system's errors",
                profile=NOUN,
            )
    call = MeterEventNotification(
        events=end_device_events.to_msp(events.document, report, f"/{NOUN}"),
        transaction_id=transaction_id if transaction_id is not None else events.correlation_id,
    )
    return call, header


# --- routes for the document translator


@msp_route(OPERATION)
def _notification_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    return notification_to_event(
        read_meter_event_notification(body),
        header,
        message_id=header.message_id or options.new_id(),
        form=options.form,
        edition=options.edition,
        report=report,
    )


@cim_route(NOUN, MessageKind.EVENT, MessageKind.RESPONSE)
def _events_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    notification, header = events_to_notification(cim_events(message), report=report)
    return build_meter_event_notification(notification), header
