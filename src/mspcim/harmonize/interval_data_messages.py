"""Whole messages of interval data (profile 8.17, load profiles and formatted blocks), both ways.

MultiSpeak → CIM (routes of the document translator, by body name):

- ``FormattedBlockNotification``, ``IntervalDataNotification`` → ``EventMessage`` *created
  MeterReadings* (``transactionID`` ⇄ ``CorrelationID``);
- ``GetLPReadingsByMeterIDFormattedBlock``, ``GetLPReadingsByMeterIDIntervalData``,
  ``GetReadingsByMeterIDListAndFieldNameIntervalData`` → ``RequestMessage`` *get MeterReadings*
  (Request/StartTime, EndTime, an ID per meter), and their ``…Response`` → ``ResponseMessage``.

CIM → MultiSpeak: a MeterReadings message becomes a ReadingChangedNotification through the route
of ``meter_reading_messages`` (IntervalBlocks as one readingValue per interval). Which interval
form a receiver wants is known only to whoever answers it, by the operation it called or
subscribed to, so ``to_interval_body`` takes that body name (``INTERVAL_BODIES``): no translate
option and no second route for the same CIM noun and kind. A PendingCalculation of the 2013
payload, which the pivot does not hold, is read here so that its loss is reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from lxml import etree

from mspcim import ns
from mspcim.cim.catalogue import Edition
from mspcim.cim.message import (
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    RequestOption,
    Verb,
)
from mspcim.cim.model import MeterReadings
from mspcim.harmonize import editions
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_cim, header_to_msp
from mspcim.harmonize.meter_reading_messages import METER_ID_TYPE, NOUN, CimReadings, cim_readings
from mspcim.harmonize.profile_messages import carried_by_operation
from mspcim.harmonize.profiles import formatted_block
from mspcim.harmonize.profiles.interval_data import (
    INTERVAL_BLOCK,
    PENDING_CALCULATION,
    PROFILE,
    PendingCalculation,
    interval_data_from_cim,
    interval_data_to_cim,
    pending_calculation_gaps,
)
from mspcim.harmonize.routes import TranslateOptions, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import interval_data as msp
from mspcim.xsdtypes import parse_boolean, parse_decimal

__all__ = [
    "FIELD_NAME_OPTION",
    "INTERVAL_BODIES",
    "INTERVAL_DATA_TABLES",
    "read_pending_calculations",
    "to_interval_body",
    "write_payload",
]

FIELD_NAME_OPTION: Final = "MultiSpeak.fieldName"
"""Request/Option name carrying each requested MultiSpeak ``fieldName``."""
INTERVAL_DATA_TABLES: Final = (
    INTERVAL_BLOCK,
    formatted_block.FORMATTED_METER_READING,
    PENDING_CALCULATION,
)
"""The tables of profile 8.17's interval data, for the catalogue of profiles."""


# --- payloads in either edition, with what the edition derived or dropped


def write_payload(
    document: MeterReadings, edition: Edition, report: GapReport, profile: str = PROFILE
) -> etree._Element:
    """The MeterReadings payload of ``document`` in ``edition`` (derivations reported)."""
    return editions.write_payload(NOUN, edition, document, report, profile)


def _readings(message: Message, report: GapReport) -> CimReadings:
    """What ``message`` says about readings; what no interval form can carry is reported."""
    readings = cim_readings(message, report)
    for index, reading in enumerate(readings.document.meter_readings, start=1):
        for number, block in enumerate(reading.interval_blocks, start=1):
            if block.pending_calculation is not None:
                path = f"/MeterReadings/MeterReading[{index}]/IntervalBlocks[{number}]"
                pending_calculation_gaps(
                    block.pending_calculation, report, f"{path}/PendingCalculation"
                )
    return readings


def _text(element: etree._Element, local: str) -> str | None:
    child = element.find(ns.qname(ns.METER_READINGS_2011, local))
    return None if child is None else (child.text or "").strip()


def read_pending_calculations(root: etree._Element) -> list[tuple[str, PendingCalculation]]:
    """Each PendingCalculation of a 2013 MeterReadings payload, with its path."""
    found = []
    q = f"{{{ns.METER_READINGS_2011}}}"
    for index, reading in enumerate(root.iterchildren(f"{q}MeterReading"), start=1):
        for number, block in enumerate(reading.iterchildren(f"{q}IntervalBlocks"), start=1):
            element = block.find(f"{q}PendingCalculation")
            if element is None:
                continue
            path = (
                f"/MeterReadings/MeterReading[{index}]/IntervalBlocks[{number}]/PendingCalculation"
            )
            numbers = {
                local: int(text)
                for local in ("offset", "scalarDenominator", "scalarNumerator")
                if (text := _text(element, local))
            }
            before, scalar = _text(element, "multiplyBeforeAdd"), _text(element, "scalarFloat")
            reading_type = element.find(f"{q}ReadingType")
            found.append(
                (
                    path,
                    PendingCalculation(
                        multiply_before_add=parse_boolean(before, where=path) if before else None,
                        offset=numbers.get("offset"),
                        scalar_denominator=numbers.get("scalarDenominator"),
                        scalar_float=parse_decimal(scalar, where=path) if scalar else None,
                        scalar_numerator=numbers.get("scalarNumerator"),
                        reading_type=reading_type.get("ref") if reading_type is not None else None,
                    ),
                )
            )
    return found


# --- MultiSpeak → CIM


def _created(
    header: MultiSpeakMsgHeader,
    transaction_id: str | None,
    report: GapReport,
    new_id: Callable[[], str],
) -> Header:
    """The Header of a *created MeterReadings* event for a notification (Table 3)."""
    cim_header = header_to_cim(header, Verb.CREATED, NOUN, report)
    cim_header.message_id = header.message_id or new_id()
    cim_header.correlation_id = transaction_id
    return cim_header


def _event(
    local: str,
    cim_header: Header,
    document: MeterReadings,
    error: str | None,
    report: GapReport,
    options: TranslateOptions,
) -> Message:
    payload = write_payload(document, options.edition, report)
    if error:
        why = "an EventMessage has no Reply: the notification's errorString has no place"
        report.add(f"/{local}/errorString", error, GapKind.LOST, why, profile=PROFILE)
    return Message(MessageKind.EVENT, cim_header, payload=[payload], form=options.form)


@msp_route("FormattedBlockNotification")
def _formatted_block_notification(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp.read_body(body, msp.FormattedBlockNotification)
    cim_header = _created(header, call.transaction_id, report, options.new_id)
    block = call.changed_meter_reads or msp.FormattedBlock()
    document = formatted_block.to_cim(
        block, report, "/FormattedBlockNotification/changedMeterReads"
    )
    return _event(
        "FormattedBlockNotification", cim_header, document, call.error_string, report, options
    )


@msp_route("IntervalDataNotification")
def _interval_data_notification(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp.read_body(body, msp.IntervalDataNotification)
    cim_header = _created(header, call.transaction_id, report, options.new_id)
    data = call.interval_reads or msp.IntervalData()
    document = interval_data_to_cim(data, report, "/IntervalDataNotification/intervalReads")
    return _event(
        "IntervalDataNotification", cim_header, document, call.error_string, report, options
    )


def _meter_ids(meters: list[msp.IntervalMeterID], where: str, report: GapReport) -> list[ObjectID]:
    ids = []
    for meter in meters:
        for attribute in ("meter_no", "service_type", "object_id", "utility"):
            if value := getattr(meter, attribute):
                why = "Request/ID names the meter by its number only"
                report.add(
                    f"{where}[.='{meter.value}']/@{attribute}",
                    value,
                    GapKind.LOST,
                    why,
                    profile=PROFILE,
                )
        ids.append(ObjectID(meter.value, kind="name", id_type=METER_ID_TYPE, object_type="Meter"))
    return ids


@msp_route(*msp.FORMATTED_BLOCK_OPERATIONS, *msp.INTERVAL_DATA_OPERATIONS)
def _load_profile_request(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    local = ns.local_name(body.tag)
    cim_header = header_to_cim(header, Verb.GET, NOUN, report)
    cim_header.message_id = header.message_id or options.new_id()
    cim_header.async_reply_flag = False
    options_out: list[RequestOption] = []
    if local == "GetReadingsByMeterIDListAndFieldNameIntervalData":
        listed = msp.read_body(body, msp.GetReadingsByMeterIDListAndFieldName)
        meters = listed.meter_ids.meter_id if listed.meter_ids else []
        start, end, last = listed.start_date, listed.end_date, listed.last_received
        where = f"/{local}/meterIDs/meterID"
        for name in listed.field_name.string if listed.field_name else []:
            carried = f"Request/Option[name='{FIELD_NAME_OPTION}']"
            report.add(
                f"/{local}/fieldName/string",
                name,
                GapKind.CARRIED,
                "a get request has no ReadingType filter",
                carried,
                PROFILE,
            )
            options_out.append(RequestOption(FIELD_NAME_OPTION, name))
    else:
        single = msp.read_body(body, msp.GetLPReadingsByMeterID)
        meters = [single.meter_id] if single.meter_id is not None else []
        start, end, last = single.profile_start_date, single.profile_end_date, single.last_received
        where = f"/{local}/meterID"
    if last:
        why = (
            "61968-100 get requests page by Request options the CIM side defines, not lastReceived"
        )
        report.add(f"/{local}/lastReceived", last, GapKind.LOST, why, profile=PROFILE)
    request = Request(start, end, options_out, _meter_ids(meters, where, report))
    return Message(MessageKind.REQUEST, cim_header, request=request, form=options.form)


@msp_route(
    *(
        f"{name}Response"
        for name in (*msp.FORMATTED_BLOCK_OPERATIONS, *msp.INTERVAL_DATA_OPERATIONS)
    )
)
def _load_profile_response(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    local = ns.local_name(body.tag)
    cim_header = header_to_cim(header, Verb.REPLY, NOUN, report)
    result = msp.read_response(body)
    where = f"/{local}/{local.removesuffix('Response')}Result"
    documents = (
        [
            formatted_block.to_cim(block, report, f"{where}/formattedBlock[{n}]", load_profile=True)
            for n, block in enumerate(result.formatted_block, start=1)
        ]
        if isinstance(result, msp.ArrayOfFormattedBlock)
        else [
            interval_data_to_cim(data, report, f"{where}/intervalData[{n}]")
            for n, data in enumerate(result.interval_data, start=1)
        ]
    )
    document = MeterReadings(
        meter_readings=[reading for part in documents for reading in part.meter_readings],
        reading_types=list({t.mrid: t for part in documents for t in part.reading_types}.values()),
    )
    return Message(
        MessageKind.RESPONSE,
        cim_header,
        reply=Reply(ReplyResult.OK),
        payload=[write_payload(document, options.edition, report)],
        form=options.form,
    )


# --- CIM → MultiSpeak, by the body the receiver expects


def _failures(readings: CimReadings) -> str | None:
    return "; ".join(f"{meter}: {reason}" for meter, reason in readings.failed.items()) or None


def _formatted_block_notification_body(readings: CimReadings, report: GapReport) -> etree._Element:
    block = formatted_block.to_msp(readings.document, report)
    call = msp.FormattedBlockNotification(
        changed_meter_reads=block,
        transaction_id=readings.correlation_id,
        error_string=_failures(readings),
    )
    return msp.build_body("FormattedBlockNotification", call)


def _interval_data_notification_body(readings: CimReadings, report: GapReport) -> etree._Element:
    data = interval_data_from_cim(readings.document, report)
    call = msp.IntervalDataNotification(
        interval_reads=data,
        transaction_id=readings.correlation_id,
        error_string=_failures(readings),
    )
    return msp.build_body("IntervalDataNotification", call)


def _response_body(operation: str) -> Callable[[CimReadings, GapReport], etree._Element]:
    def build(readings: CimReadings, report: GapReport) -> etree._Element:
        for meter, reason in readings.failed.items():
            why = "a …Response has no per-meter error: the meter is answered without readings"
            report.add(f"/Reply/Error[ID='{meter}']", reason, GapKind.LOST, why, profile=PROFILE)
        result: msp.ArrayOfFormattedBlock | msp.ArrayOfIntervalData
        if operation in msp.FORMATTED_BLOCK_OPERATIONS:
            block = formatted_block.to_msp(readings.document, report, load_profile=True)
            result = msp.ArrayOfFormattedBlock(formatted_block=[block])
        else:
            result = msp.ArrayOfIntervalData(
                interval_data=[interval_data_from_cim(readings.document, report)]
            )
        return msp.build_response(operation, result)

    return build


INTERVAL_BODIES: Final[dict[str, Callable[[CimReadings, GapReport], etree._Element]]] = {
    "FormattedBlockNotification": _formatted_block_notification_body,
    "IntervalDataNotification": _interval_data_notification_body,
    **{
        f"{name}Response": _response_body(name)
        for name in (*msp.FORMATTED_BLOCK_OPERATIONS, *msp.INTERVAL_DATA_OPERATIONS)
    },
}
"""MultiSpeak body names a CIM MeterReadings message can become, and how."""


def to_interval_body(
    message: Message, body: str, report: GapReport | None = None
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    """A CIM MeterReadings message as MultiSpeak body ``body`` (one of ``INTERVAL_BODIES``)."""
    report = report if report is not None else GapReport()
    build = INTERVAL_BODIES.get(body)
    if build is None:
        known = ", ".join(INTERVAL_BODIES)
        raise ValueError(f"{body!r} is not an interval-data body; known: {known}")
    readings = _readings(message, report)
    header = header_to_msp(readings.header, report) if readings.header else MultiSpeakMsgHeader()
    if body.endswith("Notification"):
        carried_by_operation(report, "/Header/CorrelationID", f"{body}/transactionID")
    return build(readings, report), header
