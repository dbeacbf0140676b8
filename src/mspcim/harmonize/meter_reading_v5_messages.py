"""Whole messages of the v5 on-demand and latest reads (clause 9, Annex B over v5), both ways.

- ``MR_Server: InitiateMeterReadingsByMeterIDs`` ⇄ ``RequestMessage`` *get MeterReadings*, async
- ``MR_Server: GetLatestMeterReadingsByMeterIDs`` ⇄ the same request, answered synchronously
- ``NOT_Server: MeterReadingsNotification`` (5.0.4: ``ReadingsChangedNotification``) ⇄
  ``EventMessage`` *created MeterReadings* or the asynchronous ``ResponseMessage``
- ``GetLatestMeterReadingsByMeterIDsResponse`` ⇄ ``ResponseMessage`` *reply MeterReadings*

The payload goes through the v5 MeterReadings tables; ``transactionID`` ⇄ ``CorrelationID``.
Request/ID names a meter by its GUID (kind uuid), or by its ``meterName`` when the GUID is only
derived from that name (a meter the CIM side knows by name). A meter
the CIM side reports failed becomes a ``meterReading`` with ``errorObjects`` and one nil value
(the schema requires a value), which reads back as the failure it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from lxml import etree

from mspcim import ns
from mspcim.cim.catalogue import Edition
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.cim.model import MeterReading as CimMeterReading
from mspcim.cim.model import MeterReadings
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.editions import write_payload
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header_v5 import header_from_cim, header_to_cim
from mspcim.harmonize.interval_data_codecs import register_code
from mspcim.harmonize.meter_reading_messages import CimReadings, cim_readings
from mspcim.harmonize.profile_messages import carried_by_operation
from mspcim.harmonize.profiles import interval_data_v5, meter_readings_v5
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import cim_route50, msp50_route
from mspcim.harmonize.rules import xml_name
from mspcim.multispeak.v50 import interval_data as intervals
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.header import (
    RequestHeader,
    ResponseHeader,
    V5Header,
)
from mspcim.multispeak.v50.identity import MeterID, Release
from mspcim.multispeak.v50.meter_reading import (
    MR_SERVER,
    NOTIFICATIONS,
    GetLatestMeterReadingsByMeterIDs,
    InitiateMeterReadingsByMeterIDs,
    MeterReading,
    MeterReadingsNotification,
    ReadingValue,
    build_get_latest_response,
    build_readings_notification,
    read_meter_readings_list,
    read_readings_notification,
    write_operation,
)
from mspcim.multispeak.v50.result import ErrorObject, ReplyCodeIdentifier, Result

__all__ = [
    "GUID_ID_TYPE",
    "METER_NAME_ID_TYPE",
    "NOUN",
    "get_latest_to_request",
    "header_to_msp50",
    "initiate_to_request",
    "interval_data_notification",
    "meter_ids_of_request",
    "notification_to_event",
    "readings_to_get_latest_response",
    "readings_to_meter_readings",
    "request_to_get_latest",
    "request_to_initiate",
    "result_errors",
]

NOUN: Final = "MeterReadings"
METER_NAME_ID_TYPE: Final = "meterID"
"""``idType`` of Request/ID naming a meter by name (the one the 4.1 meter number has)."""
GUID_ID_TYPE: Final = "meterGUID"
"""``idType`` of Request/ID naming a meter by its MultiSpeakGUID (``kind`` uuid)."""


def _meter_request_ids(meters: list[MeterID], operation: str, report: GapReport) -> list[ObjectID]:
    """One Request/ID per meter: by its GUID (by name when the GUID is derived from it)."""
    ids = []
    for index, meter in enumerate(meters, start=1):
        where = f"/{operation}/ArrayOfMeterID/meterID[{index}]"
        name = meter.meter_name
        if name and meter.object_guid == meter_readings_v5.derived_guid(name):
            ids.append(ObjectID(name, "name", METER_NAME_ID_TYPE, object_type="Meter"))
        else:
            ids.append(ObjectID(meter.object_guid, "uuid", GUID_ID_TYPE, object_type="Meter"))
            if name:
                report.add(f"{where}/@meterName", name, GapKind.LOST, _BY_GUID, profile=NOUN)
        for attribute in _OTHER_METER_ATTRIBUTES:
            value = getattr(meter, attribute)
            if value:
                report.add(
                    f"{where}/@{xml_name(MeterID, attribute)[1:]}",
                    value,
                    GapKind.LOST,
                    _BY_GUID,
                    profile=NOUN,
                )
    return ids


_BY_GUID = "Request/ID names the meter by its GUID only (by name when it has no GUID of its own)"
_OTHER_METER_ATTRIBUTES: Final = (
    "service_type",
    "other_service_type",
    "communication_address",
    "communications_port",
    "utility",
    "registered_name",
    "system_name",
)


def meter_ids_of_request(message: Message) -> list[MeterID]:
    """The meters a get MeterReadings request names, as v5 meterIDs (GUIDs derived for names)."""
    meters = []
    for object_id in message.request.ids if message.request else []:
        if object_id.kind == "uuid" or object_id.id_type == GUID_ID_TYPE:
            meters.append(MeterID(object_guid=object_id.value))
        else:
            meters.append(
                MeterID(
                    object_guid=meter_readings_v5.derived_guid(object_id.value),
                    meter_name=object_id.value,
                )
            )
    return meters


def _expect_get(message: Message) -> Header:
    header = message.header
    if header is None or header.noun != NOUN or header.verb is not Verb.GET:
        raise MessageFormatError(
            "expected a get MeterReadings request", xpath="/RequestMessage/Header"
        )
    return header


def initiate_to_request(
    call: InitiateMeterReadingsByMeterIDs,
    cim_header: Header,
    *,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    report: GapReport | None = None,
) -> Message:
    """``get MeterReadings`` for an InitiateMeterReadingsByMeterIDs, asking for an async reply.

    ``cim_header`` is the caller's header already mapped (Verb get, Noun MeterReadings); the
    call's ``responseURL`` becomes ReplyAddress and its ``transactionID`` the CorrelationID
    unless the header already has one (the gateway sets its own).
    """
    report = report if report is not None else GapReport()
    operation = "InitiateMeterReadingsByMeterIDs"
    cim_header.async_reply_flag = True
    cim_header.reply_address = cim_header.reply_address or call.response_url
    cim_header.correlation_id = cim_header.correlation_id or call.transaction_id
    if call.expiration_time is not None:
        report.add(
            f"/{operation}/expirationTime",
            call.expiration_time,
            GapKind.LOST,
            "61968-100 has no expiry: the gateway holds the request that long itself",
            profile=NOUN,
        )
    if call.response_method is not None:
        report.add(
            f"/{operation}/responseMethod",
            call.response_method,
            GapKind.LOST,
            "the CIM reply goes to ReplyAddress; 61968-100 has no response method",
            profile=NOUN,
        )
    return Message(
        kind=MessageKind.REQUEST,
        header=cim_header,
        request=Request(ids=_meter_request_ids(call.meter_ids, operation, report)),
        form=form,
    )


def get_latest_to_request(
    call: GetLatestMeterReadingsByMeterIDs,
    cim_header: Header,
    *,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    report: GapReport | None = None,
) -> Message:
    """``get MeterReadings`` for GetLatestMeterReadingsByMeterIDs, answered synchronously."""
    report = report if report is not None else GapReport()
    cim_header.async_reply_flag = False
    ids = _meter_request_ids(call.meter_ids, "GetLatestMeterReadingsByMeterIDs", report)
    return Message(kind=MessageKind.REQUEST, header=cim_header, request=Request(ids=ids), form=form)


def request_to_initiate(
    message: Message, report: GapReport | None = None
) -> InitiateMeterReadingsByMeterIDs:
    """The InitiateMeterReadingsByMeterIDs an asynchronous ``get MeterReadings`` corresponds to."""
    header = _expect_get(message)
    return InitiateMeterReadingsByMeterIDs(
        meter_ids=meter_ids_of_request(message),
        response_url=header.reply_address,
        transaction_id=header.correlation_id or header.message_id,
    )


def request_to_get_latest(message: Message) -> GetLatestMeterReadingsByMeterIDs:
    """The GetLatestMeterReadingsByMeterIDs a synchronous ``get MeterReadings`` corresponds to."""
    _expect_get(message)
    return GetLatestMeterReadingsByMeterIDs(meter_ids=meter_ids_of_request(message))


def notification_to_event(
    call: MeterReadingsNotification,
    cim_header: Header,
    *,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    edition: Edition = Edition.CIM2013,
    report: GapReport | None = None,
    operation: str = "MeterReadingsNotification",
) -> Message:
    """``created MeterReadings`` EventMessage for a MeterReadingsNotification.

    Meters the notification reports failed (``errorObjects``) become Reply Errors naming them.
    """
    report = report if report is not None else GapReport()
    cim_header.correlation_id = cim_header.correlation_id or call.transaction_id
    delivered = [reading for reading in call.meter_readings if reading.reading_values]
    document = meter_readings_v5.to_cim(delivered, report, f"/{operation}/ArrayOfMeterReading")
    errors = _errors_of_failed(call.meter_readings)
    return Message(
        kind=MessageKind.EVENT,
        header=cim_header,
        reply=Reply(ReplyResult.PARTIAL, errors) if errors else None,
        payload=[write_payload(NOUN, edition, document, report)],
        form=form,
    )


def _errors_of_failed(readings: list[MeterReading]) -> list[Error]:
    errors = []
    for reading in readings:
        meter = reading.meter_id
        if meter is None:
            continue
        named = bool(meter.meter_name)
        object_id = ObjectID(
            meter.meter_name or meter.object_guid,
            "name" if named else "uuid",
            METER_NAME_ID_TYPE if named else GUID_ID_TYPE,
            object_type="Meter",
        )
        for error in reading.error_objects:
            errors.append(
                Error(
                    code=error.error_code.code if error.error_code else "2.4",
                    level=ErrorLevel.FATAL,
                    reason=error.display_string,
                    details=error.detailed_string,
                    id=object_id,
                )
            )
    return errors


def readings_to_meter_readings(
    readings: CimReadings,
    *,
    when: datetime,
    report: GapReport | None = None,
) -> list[MeterReading]:
    """v5 meterReadings for CIM readings; failed meters carry ``errorObjects`` (at ``when``)."""
    report = report if report is not None else GapReport()
    reads = meter_readings_v5.to_msp(readings.document, report)
    delivered = {
        key
        for read in reads
        if read.meter_id is not None
        for key in (read.meter_id.object_guid, read.meter_id.meter_name)
    }
    for meter, reason in readings.failed.items():
        if meter in delivered:
            continue
        reads.append(
            MeterReading(
                meter_id=MeterID(object_guid=meter)
                if meter_readings_v5.is_guid(meter)
                else MeterID(object_guid=meter_readings_v5.derived_guid(meter), meter_name=meter),
                error_objects=[
                    ErrorObject(event_time=when, display_string=reason, reference_id=meter)
                ],
                reading_values=[ReadingValue(value=None, time_stamp=when)],
            )
        )
    if readings.reply is not None and readings.reply.result is ReplyResult.FAILED:
        for error in readings.reply.errors:
            if error.id is None:
                report.add(
                    "/Reply/Error",
                    error.reason or error.code,
                    GapKind.LOST,
                    "the CIM system refused the request without naming meters",
                    profile=NOUN,
                )
    return reads


def header_to_msp50(
    header: Header | None, report: GapReport, options: TranslateOptions
) -> RequestHeader:
    """The MultiSpeakRequestMsgHeader of a CIM message's translation (Table 3 for v5)."""
    found = header_from_cim(
        header or Header(Verb.REPLY, NOUN),
        report,
        release=options.release,
        message_id=options.new_id(),
    )
    assert isinstance(found, RequestHeader)
    return found


# --- routes for the document translator and the gateway


@msp50_route("InitiateMeterReadingsByMeterIDs")
def _initiate_route(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, InitiateMeterReadingsByMeterIDs)
    cim_header = header_to_cim(header, Verb.GET, NOUN, report)
    cim_header.message_id = cim_header.message_id or options.new_id()
    return initiate_to_request(call, cim_header, form=options.form, report=report)


@msp50_route("GetLatestMeterReadingsByMeterIDs")
def _get_latest_route(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, GetLatestMeterReadingsByMeterIDs)
    cim_header = header_to_cim(header, Verb.GET, NOUN, report)
    cim_header.message_id = cim_header.message_id or options.new_id()
    return get_latest_to_request(call, cim_header, form=options.form, report=report)


@msp50_route(*NOTIFICATIONS)
def _notification_route(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    return notification_to_event(
        read_readings_notification(body),
        header_to_cim(header, Verb.CREATED, NOUN, report),
        form=options.form,
        edition=options.edition,
        report=report,
        operation=ns.local_name(body.tag),
    )


@msp50_route("GetLatestMeterReadingsByMeterIDsResponse")
def _latest_response_route(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    reads = read_meter_readings_list(body, MR_SERVER, "/GetLatestMeterReadingsByMeterIDsResponse")
    where = "/GetLatestMeterReadingsByMeterIDsResponse/ArrayOfMeterReading"
    document = meter_readings_v5.to_cim(
        [read for read in reads if read.reading_values], report, where
    )
    errors = _errors_of_failed(reads)
    if isinstance(header, ResponseHeader):
        errors += result_errors(header.result)
    result = ReplyResult.OK
    if errors:
        result = ReplyResult.PARTIAL if document.meter_readings else ReplyResult.FAILED
    return Message(
        MessageKind.RESPONSE,
        header_to_cim(header, Verb.REPLY, NOUN, report),
        reply=Reply(result, errors),
        payload=[write_payload(NOUN, options.edition, document, report)],
        form=options.form,
    )


def result_errors(result: Result) -> list[Error]:
    """Reply Errors for the errorObjects of a v5 ``result`` (the object in ``referenceID``)."""
    return [
        Error(
            code=error.error_code.code if error.error_code else result.result_identifier.code,
            level=ErrorLevel.FATAL,
            reason=error.display_string,
            details=error.detailed_string,
            id=ObjectID(error.reference_id, object_type="Meter") if error.reference_id else None,
        )
        for error in result.error_objects
    ]


@cim_route50(NOUN, MessageKind.REQUEST)
def _request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, V5Header]:
    header = _expect_get(message)
    v5_header = header_to_msp50(header, report, options)
    asynchronous = bool(header.async_reply_flag or header.reply_address)
    call: InitiateMeterReadingsByMeterIDs | GetLatestMeterReadingsByMeterIDs
    if asynchronous:
        call = request_to_initiate(message)
        carried_by_operation(
            report, "/Header/ReplyAddress", "InitiateMeterReadingsByMeterIDs/responseURL"
        )
        carried_by_operation(
            report, "/Header/CorrelationID", "InitiateMeterReadingsByMeterIDs/transactionID"
        )
    else:
        call = request_to_get_latest(message)
    return write_operation(call, Release(options.release)), v5_header


@cim_route50(NOUN, MessageKind.RESPONSE, MessageKind.EVENT)
def _readings_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, V5Header]:
    if message.kind is MessageKind.EVENT and _interval_data_only(message):
        return interval_data_notification(message, report, options)
    readings = cim_readings(message, report)
    header = header_to_msp50(message.header, report, options)
    if readings.correlation_id is not None:
        carried_by_operation(
            report, "/Header/CorrelationID", "MeterReadingsNotification/transactionID"
        )
    reads = readings_to_meter_readings(readings, when=header.time_stamp, report=report)
    call = MeterReadingsNotification(reads, readings.correlation_id)
    return build_readings_notification(call, Release(options.release)), header


def readings_to_get_latest_response(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, ResponseHeader]:
    """GetLatestMeterReadingsByMeterIDsResponse for a CIM reply; failed meters in ``result``."""
    readings = cim_readings(message, report)
    request = header_to_msp50(message.header, report, options)
    reads = meter_readings_v5.to_msp(readings.document, report)
    errors = [
        ErrorObject(
            event_time=request.time_stamp,
            display_string=reason,
            reference_id=meter,
            noun_type="meterReading",
        )
        for meter, reason in readings.failed.items()
    ]
    result = Result.ok()
    if errors or (readings.reply is not None and readings.reply.result is not ReplyResult.OK):
        code = readings.reply.errors[0].code if readings.reply and readings.reply.errors else "2.4"
        result = Result(result_identifier=ReplyCodeIdentifier.from_code(code), error_objects=errors)
    header = ResponseHeader(
        multi_speak_version=request.multi_speak_version,
        caller=request.caller,
        message_id=request.message_id,
        time_stamp=request.time_stamp,
        context=request.context,
        result=result,
    )
    return build_get_latest_response(reads, Release(options.release)), header


# --- interval data: IntervalDataNotification, GetLatestMeterReadingsByMeterIDsIntervalData


@msp50_route("IntervalDataNotification", "GetLatestMeterReadingsByMeterIDsIntervalDataResponse")
def _interval_data_route(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    notification = name == "IntervalDataNotification"
    call: intervals.IntervalDataNotification | intervals.LatestResponse
    if notification:
        call = msp_binding.read(body, intervals.IntervalDataNotification)
    else:
        call = msp_binding.read(body, intervals.LatestResponse)
    document = MeterReadings()
    for number, data in enumerate(call.interval_data, start=1):
        where = f"/{name}/ArrayOfIntervalData/intervalData[{number}]"
        part = interval_data_v5.interval_data_to_cim(data, report, where)
        document.meter_readings += part.meter_readings
        document.reading_types += part.reading_types
    verb = Verb.CREATED if notification else Verb.REPLY
    cim_header = header_to_cim(header, verb, NOUN, report)
    transaction = getattr(call, "transaction_id", None)
    cim_header.correlation_id = cim_header.correlation_id or transaction
    payload = [write_payload(NOUN, options.edition, document, report)]
    if notification:
        return Message(MessageKind.EVENT, cim_header, payload=payload, form=options.form)
    reply = Reply(ReplyResult.OK)
    if isinstance(header, ResponseHeader):
        errors = result_errors(header.result)
        reply = Reply(ReplyResult.PARTIAL if errors else ReplyResult.OK, errors)
    return Message(
        MessageKind.RESPONSE, cim_header, reply=reply, payload=payload, form=options.form
    )


@msp50_route("GetLatestMeterReadingsByMeterIDsIntervalData")
def _interval_request_route(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, intervals.GetLatestMeterReadingsByMeterIDsIntervalData)
    for path in msp_binding.unread(body, intervals.GetLatestMeterReadingsByMeterIDsIntervalData):
        report.add(path, "(element)", GapKind.LOST, "Request/Option names no such filter")
    cim_header = header_to_cim(header, Verb.GET, NOUN, report)
    cim_header.message_id = cim_header.message_id or options.new_id()
    message = get_latest_to_request(
        GetLatestMeterReadingsByMeterIDs(meter_ids=call.meter_ids),
        cim_header,
        form=options.form,
        report=report,
    )
    assert message.request is not None
    message.request.start_time, message.request.end_time = call.start_date, call.end_date
    if call.last_received is not None:
        report.add(
            "/GetLatestMeterReadingsByMeterIDsIntervalData/lastReceived",
            call.last_received,
            GapKind.LOST,
            "61968-100 pages by its own means",
            profile=NOUN,
        )
    return message


def _interval_data_only(message: Message) -> bool:
    """True for an event whose every MeterReading is interval data (a load profile push)."""
    document = cim_readings(message, GapReport()).document

    def profile_only(reading: CimMeterReading) -> bool:
        registers = {register_code(block.reading_type) for block in reading.interval_blocks}
        return bool(registers) and all(r.reading_type in registers for r in reading.readings)

    return bool(document.meter_readings) and all(map(profile_only, document.meter_readings))


def interval_data_notification(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, RequestHeader]:
    """IntervalDataNotification (with its header) for CIM MeterReadings of IntervalBlocks."""
    readings = cim_readings(message, report)
    header = header_to_msp50(message.header, report, options)
    data = interval_data_v5.interval_data_to_msp(readings.document, report)
    if readings.correlation_id is not None:
        carried_by_operation(
            report, "/Header/CorrelationID", "IntervalDataNotification/transactionID"
        )
    call = intervals.IntervalDataNotification(
        interval_data=[data] if data.blocks else [], transaction_id=readings.correlation_id
    )
    body = msp_binding.write(call, "IntervalDataNotification", release=Release(options.release))
    return body, header
