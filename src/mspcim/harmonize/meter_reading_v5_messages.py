"""Whole messages of the v5 on-demand and latest reads (clause 9, Annex B over v5), both ways.

- ``MR_Server: InitiateMeterReadingsByMeterIDs`` ⇄ ``RequestMessage`` *get MeterReadings*, async
- ``MR_Server: GetLatestMeterReadingsByMeterIDs`` ⇄ the same request, answered synchronously
- ``NOT_Server: MeterReadingsNotification`` (5.0.4: ``ReadingsChangedNotification``) ⇄
  ``EventMessage`` *created MeterReadings* or the asynchronous ``ResponseMessage``
- ``GetLatestMeterReadingsByMeterIDsResponse`` ⇄ ``ResponseMessage`` *reply MeterReadings*

The payload goes through the v5 MeterReadings tables; ``transactionID`` ⇄ ``CorrelationID``.
Request/ID names a meter by its ``meterName`` (as the 4.1 meter number), or by its GUID. A meter
the CIM side reports failed becomes a ``meterReading`` with ``errorObjects`` and one nil value
(the schema requires a value), which reads back as the failure it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

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
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.editions import write_payload
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_reading_messages import CimReadings
from mspcim.harmonize.profiles import meter_readings_v5
from mspcim.multispeak.v50.identity import MeterID
from mspcim.multispeak.v50.meter_reading import (
    GetLatestMeterReadingsByMeterIDs,
    InitiateMeterReadingsByMeterIDs,
    MeterReading,
    MeterReadingsNotification,
    ReadingValue,
)
from mspcim.multispeak.v50.result import ErrorObject

__all__ = [
    "GUID_ID_TYPE",
    "METER_NAME_ID_TYPE",
    "NOUN",
    "get_latest_to_request",
    "initiate_to_request",
    "meter_ids_of_request",
    "notification_to_event",
    "readings_to_meter_readings",
    "request_to_get_latest",
    "request_to_initiate",
]

NOUN: Final = "MeterReadings"
METER_NAME_ID_TYPE: Final = "meterID"
"""``idType`` of Request/ID naming a meter by name (the 4.1 meter number's, on purpose)."""
GUID_ID_TYPE: Final = "meterGUID"
"""``idType`` of Request/ID naming a meter by its MultiSpeakGUID (``kind`` uuid)."""


def _meter_request_ids(meters: list[MeterID], operation: str, report: GapReport) -> list[ObjectID]:
    """One Request/ID per meter: by name when it has one, else by GUID; the rest reported."""
    ids = []
    for index, meter in enumerate(meters, start=1):
        where = f"/{operation}/ArrayOfMeterID/meterID[{index}]"
        if meter.meter_name:
            ids.append(ObjectID(meter.meter_name, "name", METER_NAME_ID_TYPE, object_type="Meter"))
            if meter.object_guid != meter_readings_v5.derived_guid(meter.meter_name):
                report.add(where, meter.object_guid, GapKind.LOST, _NAMED_BY_NAME, profile=NOUN)
        else:
            ids.append(ObjectID(meter.object_guid, "uuid", GUID_ID_TYPE, object_type="Meter"))
        for attribute in _OTHER_METER_ATTRIBUTES:
            value = getattr(meter, attribute)
            if value:
                report.add(
                    f"{where}/@{attribute}", value, GapKind.LOST, _NAMED_BY_NAME, profile=NOUN
                )
    return ids


_NAMED_BY_NAME = "Request/ID names the meter by its name only (or by its GUID when unnamed)"
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
        if reading.meter_id is None:
            continue
        for error in reading.error_objects:
            errors.append(
                Error(
                    code=error.error_code.code if error.error_code else "2.4",
                    level=ErrorLevel.FATAL,
                    reason=error.display_string,
                    details=error.detailed_string,
                    id=ObjectID(
                        str(reading.meter_id), "name", METER_NAME_ID_TYPE, object_type="Meter"
                    ),
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
    delivered = {str(read.meter_id) for read in reads if read.meter_id is not None}
    for meter, reason in readings.failed.items():
        if meter in delivered:
            continue
        reads.append(
            MeterReading(
                meter_id=MeterID(
                    object_guid=meter_readings_v5.derived_guid(meter), meter_name=meter
                ),
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
