"""Whole messages of the on-demand read (IEC TS 61968-14 Annex B), both ways.

- ``InitiateMeterReadingsByMeterID`` ⇄ ``RequestMessage`` *get MeterReadings* (Request/ID per meter)
- ``GetLatestReadingByMeterID`` → the same request for one meter
- ``ReadingChangedNotification`` ⇄ ``EventMessage`` *created MeterReadings* (or a Response)

The header goes through Table 3, the payload through profile 8.17; ``transactionID`` ⇄
``CorrelationID``. Meters the CIM side reports as failed (Error with ID) come back as
``meterReading`` elements carrying ``errorString``, MultiSpeak's own way of failing one object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from mspcim.cim.catalogue import Edition, payload_for_tag
from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.cim.model import MeterReadings
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.editions import read_payload, write_payload
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_cim, header_to_msp
from mspcim.harmonize.profile_messages import carried_by_operation
from mspcim.harmonize.profiles import meter_readings
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.harmonize.rules import xml_name
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.meter_reading import MeterID, MeterReading
from mspcim.multispeak.v41.operations import (
    GetLatestReadingByMeterID,
    InitiateMeterReadingsByMeterID,
    ReadingChangedNotification,
    build_initiate_meter_readings_by_meter_id,
    build_reading_changed_notification,
    read_get_latest_reading_response,
    read_initiate_meter_readings_by_meter_id,
    read_reading_changed_notification,
)

__all__ = [
    "NOUN",
    "CimReadings",
    "cim_readings",
    "get_latest_to_request",
    "initiate_to_request",
    "notification_to_event",
    "readings_to_notification",
    "request_to_initiate",
]

NOUN = "MeterReadings"
METER_ID_TYPE = "meterID"
"""``idType`` of the Request/ID elements that carry MultiSpeak meter numbers."""


def _get_header(header: MultiSpeakMsgHeader | None, message_id: str, report: GapReport) -> Header:
    """The Header of a get MeterReadings for a MultiSpeak call (Table 3), with ``message_id``."""
    cim_header = header_to_cim(header or MultiSpeakMsgHeader(), Verb.GET, NOUN, report)
    cim_header.message_id = message_id
    return cim_header


def _meter_request_ids(meter_ids: list[MeterID]) -> list[ObjectID]:
    return [
        ObjectID(value=meter.value, kind="name", id_type=METER_ID_TYPE, object_type="Meter")
        for meter in meter_ids
    ]


def initiate_to_request(
    call: InitiateMeterReadingsByMeterID,
    header: MultiSpeakMsgHeader | None,
    *,
    message_id: str,
    reply_address: str | None,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    report: GapReport | None = None,
) -> Message:
    """``get MeterReadings`` for an InitiateMeterReadingsByMeterID, asking for an async reply."""
    report = report if report is not None else GapReport()
    cim_header = _get_header(header, message_id, report)
    cim_header.correlation_id = message_id
    cim_header.async_reply_flag = True
    cim_header.reply_address = reply_address
    for meter in call.meter_ids:
        for attribute in ("service_type", "object_id", "utility", "meter_no"):
            value = getattr(meter, attribute)
            if value:
                xml = xml_name(MeterID, attribute).rpartition("/")[2]
                report.add(
                    f"/InitiateMeterReadingsByMeterID/meterIDs/meterID[.='{meter.value}']/{xml}",
                    value,
                    GapKind.LOST,
                    "Request/ID names the meter by its number only",
                    profile=NOUN,
                )
    if call.exp_time is not None:
        report.add(
            "/InitiateMeterReadingsByMeterID/expTime",
            f"{call.exp_time.value:g} {call.exp_time.units or ''}".strip(),
            GapKind.LOST,
            "61968-100 has no expiry: the gateway holds the request that long itself",
            profile=NOUN,
        )
    return Message(
        kind=MessageKind.REQUEST,
        header=cim_header,
        request=Request(ids=_meter_request_ids(call.meter_ids)),
        form=form,
    )


def get_latest_to_request(
    call: GetLatestReadingByMeterID,
    header: MultiSpeakMsgHeader | None,
    *,
    message_id: str,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    report: GapReport | None = None,
) -> Message:
    """``get MeterReadings`` for one meter, answered synchronously."""
    cim_header = _get_header(header, message_id, report if report is not None else GapReport())
    cim_header.async_reply_flag = False
    return Message(
        kind=MessageKind.REQUEST,
        header=cim_header,
        request=Request(ids=_meter_request_ids([call.meter_id])),
        form=form,
    )


def request_to_initiate(
    message: Message, report: GapReport | None = None
) -> tuple[InitiateMeterReadingsByMeterID, MultiSpeakMsgHeader]:
    """The InitiateMeterReadingsByMeterID a CIM ``get MeterReadings`` request corresponds to."""
    report = report if report is not None else GapReport()
    if message.header is None or message.header.noun != NOUN or message.header.verb is not Verb.GET:
        raise MessageFormatError(
            "expected a get MeterReadings request", xpath="/RequestMessage/Header"
        )
    header = header_to_msp(message.header, report)
    carried_by_operation(
        report, "/Header/ReplyAddress", "InitiateMeterReadingsByMeterID/responseURL"
    )
    carried_by_operation(
        report, "/Header/CorrelationID", "InitiateMeterReadingsByMeterID/transactionID"
    )
    ids = message.request.ids if message.request else []
    call = InitiateMeterReadingsByMeterID(
        meter_ids=[MeterID(value=object_id.value) for object_id in ids],
        response_url=message.header.reply_address,
        transaction_id=message.header.correlation_id or message.header.message_id,
    )
    return call, header


def notification_to_event(
    call: ReadingChangedNotification,
    header: MultiSpeakMsgHeader | None,
    *,
    message_id: str | None = None,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    edition: Edition = Edition.CIM2013,
    report: GapReport | None = None,
) -> Message:
    """``created MeterReadings`` EventMessage for a ReadingChangedNotification."""
    report = report if report is not None else GapReport()
    cim_header = header_to_cim(header or MultiSpeakMsgHeader(), Verb.CREATED, NOUN, report)
    if message_id is not None:
        cim_header.message_id = message_id
    cim_header.correlation_id = call.transaction_id
    document = meter_readings.to_cim(
        call.changed_meter_reads, report, "/ReadingChangedNotification/changedMeterReads"
    )
    return Message(
        kind=MessageKind.EVENT,
        header=cim_header,
        payload=[write_payload(NOUN, edition, document, report)],
        form=form,
    )


@dataclass(slots=True)
class CimReadings:
    """What a CIM message says about meter readings: the payload, the reply, the correlation."""

    document: MeterReadings
    header: Header | None
    reply: Reply | None
    correlation_id: str | None
    failed: dict[str, str] = field(default_factory=dict)
    """Meter → reason, for every Error that names a meter."""


def cim_readings(message: Message, report: GapReport | None = None) -> CimReadings:
    """The MeterReadings payload (either edition) and the per-meter failures of a message.

    What the payload's edition could not give the pivot goes to ``report``.
    """
    for element in message.payload:
        codec = payload_for_tag(element.tag)
        if codec is None or codec.noun != NOUN:
            tag = element.tag if isinstance(element.tag, str) else "?"
            raise MessageFormatError(f"unexpected payload {tag!r}", xpath="/Payload")
    if len(message.payload) > 1:
        raise MessageFormatError("more than one MeterReadings payload", xpath="/Payload")
    document = MeterReadings()
    if message.payload:
        document = read_payload(message.payload[0], report if report is not None else GapReport())[
            1
        ]
    header = message.header
    failed: dict[str, str] = {}
    if message.reply is not None:
        for error in message.reply.errors:
            if error.id is not None:
                failed[error.id.value] = error.reason or error.details or error.code
    correlation = None
    if header is not None:
        correlation = header.correlation_id or None
    return CimReadings(document, header, message.reply, correlation, failed)


def readings_to_notification(
    readings: CimReadings,
    *,
    transaction_id: str | None = None,
    report: GapReport | None = None,
) -> tuple[ReadingChangedNotification, MultiSpeakMsgHeader]:
    """ReadingChangedNotification for CIM readings; failed meters carry ``errorString``."""
    report = report if report is not None else GapReport()
    header = header_to_msp(readings.header, report) if readings.header else MultiSpeakMsgHeader()
    if transaction_id is None:
        carried_by_operation(
            report, "/Header/CorrelationID", "ReadingChangedNotification/transactionID"
        )
    reads = meter_readings.to_msp(readings.document, report)
    delivered = {read.meter_id.value for read in reads if read.meter_id is not None}
    for meter, reason in readings.failed.items():
        if meter not in delivered:
            reads.append(MeterReading(meter_id=MeterID(value=meter), error_string=reason))
    if (
        readings.reply is not None
        and readings.reply.result is ReplyResult.FAILED
        and not readings.failed
    ):
        for error in error_objects_from_reply(readings.reply, report):
            report.add(
                "/Reply/Error",
                error.error_string or "",
                GapKind.LOST,
                "the CIM system refused the request without naming meters",
                profile=NOUN,
            )
    call = ReadingChangedNotification(
        changed_meter_reads=reads,
        transaction_id=transaction_id if transaction_id is not None else readings.correlation_id,
    )
    return call, header


def now_header(message_id: str, when: datetime, app_name: str = "mspcim") -> MultiSpeakMsgHeader:
    """A MultiSpeakMsgHeader for messages the gateway itself originates."""
    return MultiSpeakMsgHeader(app_name=app_name, message_id=message_id, time_stamp=when).stamped()


def payload_element(message: Message) -> etree._Element | None:
    """The first payload document of ``message``, if any."""
    return message.payload[0] if message.payload else None


# --- routes for the document translator


@msp_route("ReadingChangedNotification")
def _notification_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    return notification_to_event(
        read_reading_changed_notification(body),
        header,
        message_id=header.message_id or options.new_id(),
        form=options.form,
        edition=options.edition,
        report=report,
    )


@msp_route("InitiateMeterReadingsByMeterID")
def _initiate_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = read_initiate_meter_readings_by_meter_id(body)
    message = initiate_to_request(
        call,
        header,
        message_id=header.message_id or options.new_id(),
        reply_address=call.response_url,
        form=options.form,
        report=report,
    )
    assert message.header is not None
    message.header.correlation_id = call.transaction_id
    return message


@msp_route("GetLatestReadingByMeterIDResponse")
def _latest_response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    reading = read_get_latest_reading_response(body)
    document = meter_readings.to_cim([reading] if reading else [], report)
    return Message(
        MessageKind.RESPONSE,
        header_to_cim(header, Verb.REPLY, NOUN, report),
        reply=Reply(ReplyResult.OK),
        payload=[write_payload(NOUN, options.edition, document, report)],
        form=options.form,
    )


@cim_route(NOUN, MessageKind.REQUEST)
def _request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    call, header = request_to_initiate(message, report)
    return build_initiate_meter_readings_by_meter_id(call), header


@cim_route(NOUN, MessageKind.RESPONSE, MessageKind.EVENT)
def _readings_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    notification, header = readings_to_notification(cim_readings(message, report), report=report)
    return build_reading_changed_notification(notification), header
