"""Whole messages of profile 8.23 MeterSystemEvents, both ways.

- ``HistoryLogChangedNotification`` ⇄ EventMessage *created* MeterSystemEvents
- ``GetHistoryLog…`` requests ⇄ *get* MeterSystemEvents: the meter ⇄ Request/ID, ``startDate``
  and ``endDate`` ⇄ Request/StartTime and EndTime, ``eventCode`` and ``lastReceived`` ⇄
  Request/Option
- ``GetHistoryLog…Response`` ⇄ ResponseMessage with the events
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim.message import (
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    RequestOption,
    Verb,
)
from mspcim.cim.meter_system_events import NOUN, MeterSystemEvents
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profile_messages import cim_header, message_of, msp_header, payload_documents
from mspcim.harmonize.profiles import meter_system_events
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.history_log import (
    HISTORY_LOG_REQUESTS,
    GetHistoryLogs,
    HistoryLog,
    HistoryLogChangedNotification,
    MeterEvent,
    build_history_logs_response,
    read_history_logs_response,
)
from mspcim.multispeak.v41.msp_binding import MeterID

__all__ = ["EVENT_CODE_OPTION", "METER_ID_TYPE", "RESPONSE_OPERATION", "request_operation"]

METER_ID_TYPE: Final = "meterID"
"""``idType`` of the Request/ID naming the meter whose log is asked for."""

EVENT_CODE_OPTION: Final = "eventCode"
LAST_RECEIVED_OPTION: Final = "lastReceived"

RESPONSE_OPERATION: Final = "GetHistoryLogsByDate"
"""The request whose response a CIM reply becomes (a reply does not say which request it
answers; the gateway knows it from the correlation, a lone document does not)."""


def request_operation(by_meter: bool, by_code: bool) -> str:
    """The ``GetHistoryLog…`` request asking for a meter's and/or an event code's logs."""
    return {
        (True, False): "GetHistoryLogByMeterID",
        (False, False): "GetHistoryLogsByDate",
        (True, True): "GetHistoryLogsByMeterIDAndEventCode",
        (False, True): "GetHistoryLogsByDateAndEventCode",
    }[(by_meter, by_code)]


def _report_unread(body: etree._Element, cls: type, report: GapReport) -> None:
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "not read by mspcim", profile=NOUN)


def _event_code_text(code: MeterEvent) -> str:
    parts = (code.type, code.domain, code.domain_part, code.index)
    if all(part is not None for part in parts):
        return ".".join(str(part) for part in parts)
    return code.value


@msp_route("HistoryLogChangedNotification")
def _notification_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, HistoryLogChangedNotification)
    _report_unread(body, HistoryLogChangedNotification, report)
    document = meter_system_events.to_cim(
        call.changed_history_logs, report, "/HistoryLogChangedNotification/changedHistoryLogs"
    )
    cim = cim_header(header, Verb.CREATED, NOUN, report, message_id=options.new_id())
    return message_of(
        MessageKind.EVENT, cim, [document], noun=NOUN, edition=options.edition, form=options.form
    )


@msp_route(*HISTORY_LOG_REQUESTS)
def _request_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, GetHistoryLogs)
    request = Request(start_time=call.start_date, end_time=call.end_date)
    if call.meter_id is not None:
        request.ids.append(
            ObjectID(call.meter_id.value, "name", METER_ID_TYPE, object_type="EndDevice")
        )
        for attribute in ("meter_no", "service_type", "object_id", "utility"):
            if getattr(call.meter_id, attribute):
                report.add(
                    f"/{etree.QName(body).localname}/meterID/@{attribute}",
                    getattr(call.meter_id, attribute),
                    GapKind.LOST,
                    "Request/ID names the meter by its number only",
                    profile=NOUN,
                )
    if call.event_code is not None:
        request.options.append(RequestOption(EVENT_CODE_OPTION, _event_code_text(call.event_code)))
    if call.last_received is not None:
        request.options.append(RequestOption(LAST_RECEIVED_OPTION, call.last_received))
    cim = cim_header(header, Verb.GET, NOUN, report, message_id=options.new_id())
    return message_of(
        MessageKind.REQUEST,
        cim,
        [],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        request=request,
    )


@msp_route(*(f"{name}Response" for name in HISTORY_LOG_REQUESTS))
def _response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = etree.QName(body).localname
    logs = read_history_logs_response(body)
    document = meter_system_events.to_cim(logs, report, f"/{name}/{name[: -len('Response')]}Result")
    cim = cim_header(header, Verb.REPLY, NOUN, report, message_id=options.new_id())
    return message_of(
        MessageKind.RESPONSE,
        cim,
        [document],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        reply=Reply(ReplyResult.OK),
    )


def _logs(message: Message, report: GapReport) -> tuple[list[HistoryLog], MultiSpeakMsgHeader]:
    documents: list[MeterSystemEvents] = payload_documents(message, NOUN)
    logs = [log for document in documents for log in meter_system_events.to_msp(document, report)]
    others = message.header.properties if message.header else []
    return logs, msp_header(message.header, others, report)


@cim_route(NOUN, MessageKind.EVENT)
def _cim_event_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    logs, header = _logs(message, report)
    call = HistoryLogChangedNotification(changed_history_logs=logs)
    return msp_binding.write(call, "HistoryLogChangedNotification"), header


@cim_route(NOUN, MessageKind.REQUEST)
def _cim_request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    assert message.header is not None
    if message.header.verb is not Verb.GET:
        raise MessageFormatError(
            f"MultiSpeak 4.1 only asks for history logs; no operation for "
            f"{message.header.verb.value} {NOUN}",
            xpath="/Header/Verb",
        )
    _, header = _logs(message, report)
    request = message.request or Request()
    options_by_name = {option.name: option.value for option in request.options}
    code = options_by_name.get(EVENT_CODE_OPTION)
    meter = request.ids[0].value if request.ids else None
    name = request_operation(meter is not None, code is not None)
    if request.start_time is None or request.end_time is None:
        raise MessageFormatError(
            f"{name} needs a start and an end date: Request/StartTime and EndTime",
            xpath="/Request/StartTime",
        )
    for extra in request.ids[1:]:
        report.add(
            "/Request/ID", extra.value, GapKind.LOST, f"{name} takes one meter", profile=NOUN
        )
    event_code = None
    if code is not None:
        parts = code.split(".")
        event_code = (
            MeterEvent(
                value=code, type=parts[0], domain=parts[1], domain_part=parts[2], index=parts[3]
            )
            if len(parts) == 4
            else MeterEvent(value=code)
        )
    call = GetHistoryLogs(
        meter_id=MeterID(value=meter) if meter is not None else None,
        event_code=event_code,
        start_date=request.start_time,
        end_date=request.end_time,
        last_received=options_by_name.get(LAST_RECEIVED_OPTION)
        if "last_received" in HISTORY_LOG_REQUESTS[name]
        else None,
    )
    return msp_binding.write(call, name), header


@cim_route(NOUN, MessageKind.RESPONSE)
def _cim_response_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    logs, header = _logs(message, report)
    reply = message.reply or Reply(ReplyResult.OK)
    for error in error_objects_from_reply(reply, report):
        report.add(
            "/Reply/Error",
            error.error_string or "",
            GapKind.LOST,
            f"{RESPONSE_OPERATION}Response has no place for errors",
            profile=NOUN,
        )
    return build_history_logs_response(RESPONSE_OPERATION, logs), header
