"""Whole messages of profile ActivityRecords (8.21): a meter's history ⇄ CIM ActivityRecords.

- ``GetMeterHistoryByMeterID`` (CB, MDM) ⇄ *get* ActivityRecords naming the meter (Request/ID
  of idType meterID, object type Meter; the meterID's attributes are reported lost).
- ``GetMeterHistoryByMeterIDResponse`` ⇄ ResponseMessage with the records.

MultiSpeak 4.1 has no notification of meter history: a CIM ActivityRecords event or a request
to create, change or delete records has no MultiSpeak counterpart and is refused clearly.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim.activity_records import NOUN, ActivityRecords
from mspcim.cim.message import Message, MessageKind, ObjectID, Reply, ReplyResult, Request, Verb
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml_name
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_msp
from mspcim.harmonize.location_messages import header_of, unread
from mspcim.harmonize.meter_asset_config_messages import cim_header
from mspcim.harmonize.profile_messages import message_of, payload_document
from mspcim.harmonize.profiles import activity_records
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter_history import (
    GetMeterHistoryByMeterID,
    GetMeterHistoryByMeterIDResponse,
)
from mspcim.multispeak.v41.msp_binding import MeterID

__all__ = ["METER_ID_TYPE", "QUERY", "RESPONSE"]

PROFILE: Final = NOUN
QUERY: Final = "GetMeterHistoryByMeterID"
RESPONSE: Final = f"{QUERY}Response"
METER_ID_TYPE: Final = "meterID"
"""``idType`` of the Request/ID naming the meter whose history is asked for."""


@msp_route(QUERY)
def _query_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, GetMeterHistoryByMeterID)
    unread(body, GetMeterHistoryByMeterID, report, PROFILE)
    request = Request()
    if call.meter is not None:
        request.ids.append(ObjectID(call.meter.value, "name", METER_ID_TYPE, object_type="Meter"))
        for attribute in ("meter_no", "service_type", "object_id", "utility"):
            if value := getattr(call.meter, attribute):
                where = f"/{QUERY}/meter/{xml_name(MeterID, attribute)}"
                reason = "Request/ID names the meter by its number only"
                report.add(where, value, GapKind.LOST, reason, None, PROFILE)
    result = cim_header(header, Verb.GET, NOUN, report, options)
    return message_of(
        MessageKind.REQUEST,
        result,
        [],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        request=request,
    )


@msp_route(RESPONSE)
def _response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, GetMeterHistoryByMeterIDResponse)
    unread(body, GetMeterHistoryByMeterIDResponse, report, PROFILE)
    path = f"/{RESPONSE}/{QUERY}Result"
    document = activity_records.to_cim(call.result, report, path)
    result = cim_header(header, Verb.REPLY, NOUN, report, options)
    return message_of(
        MessageKind.RESPONSE,
        result,
        [document],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        reply=Reply(ReplyResult.OK),
    )


@cim_route(NOUN, MessageKind.REQUEST)
def _request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = header_of(message)
    if header.verb is not Verb.GET:
        raise MessageFormatError(
            f"no MultiSpeak 4.1 operation for {header.verb.value} {NOUN}: MultiSpeak only "
            f"answers {QUERY}",
            xpath="/Header/Verb",
        )
    msp_header = header_to_msp(header, report)
    request = message.request or Request()
    if not request.ids:
        raise MessageFormatError(f"{QUERY} needs the meter: give a Request/ID", xpath="/Request")
    first, *others = request.ids
    for extra in others:
        report.add("/Request/ID", extra.value, GapKind.LOST, f"{QUERY} names one meter", None, NOUN)
    query = GetMeterHistoryByMeterID(meter=MeterID(value=first.value))
    return msp_binding.write(query, QUERY), msp_header


@cim_route(NOUN, MessageKind.RESPONSE)
def _reply_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = header_of(message)
    msp_header = header_to_msp(header, report)
    reply = message.reply or Reply(ReplyResult.OK)
    if reply.errors:
        error_objects_from_reply(reply, report)
        reason = f"{RESPONSE} has no place for errors"
        report.add("/Reply/Error", f"{len(reply.errors)} errors", GapKind.LOST, reason, None, NOUN)
    document = payload_document(message, NOUN, ActivityRecords)
    events = activity_records.to_msp(document, report)
    return msp_binding.write(GetMeterHistoryByMeterIDResponse(result=events), RESPONSE), msp_header
