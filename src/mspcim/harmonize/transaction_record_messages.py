"""Whole messages of profile 8.31 TransactionRecord: prepaid balance adjustments, both ways.

- ``AdjustPPMBalance(adjustments)`` ⇄ RequestMessage *create* TransactionRecord (a *created*
  TransactionRecord event becomes the same call: MultiSpeak 4.1 has no transaction notification);
  ``AdjustPPMBalanceResponse`` (errorObjects) ⇄ a ResponseMessage with the Reply and no payload.
- ``GetPPMBalanceAdjustments(startTime, stopTime)`` ⇄ *get* TransactionRecord with
  Request/StartTime and EndTime; its response ⇄ a ResponseMessage with one TransactionRecord.

Amounts without ``currencyCode`` are in the header's ``DefaultCurrencyCode`` (``money_codecs``).
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim.message import Message, MessageKind, Reply, ReplyResult, Request, Verb
from mspcim.cim.transaction_record import NOUN, TransactionRecord
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profile_messages import (
    cim_header,
    error_response_reply,
    message_of,
    msp_header,
    payload_documents,
)
from mspcim.harmonize.profiles import transaction_record
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.multispeak.v41.ppm_balance_adjustment import (
    AdjustPPMBalance,
    GetPPMBalanceAdjustments,
    GetPPMBalanceAdjustmentsResponse,
    PpmBalanceAdjustment,
)

__all__ = ["ADJUST", "QUERY"]

ADJUST: Final = "AdjustPPMBalance"
QUERY: Final = "GetPPMBalanceAdjustments"


def _report_unread(body: etree._Element, cls: type, report: GapReport) -> None:
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "no mapping reads this element", profile=NOUN)


# --- MultiSpeak → CIM


@msp_route(ADJUST)
def _adjust_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, AdjustPPMBalance)
    _report_unread(body, AdjustPPMBalance, report)
    document = transaction_record.to_cim(
        call.adjustments, report, f"/{ADJUST}/adjustments", header.default_currency_code
    )
    cim = cim_header(header, Verb.CREATE, NOUN, report, message_id=options.new_id())
    return message_of(
        MessageKind.REQUEST, cim, [document], noun=NOUN, edition=options.edition, form=options.form
    )


@msp_route(QUERY)
def _query_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, GetPPMBalanceAdjustments)
    request = Request(start_time=call.start_time, end_time=call.stop_time)
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


@msp_route(f"{ADJUST}Response", f"{QUERY}Response")
def _response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    documents: list[TransactionRecord] = []
    reply = Reply(ReplyResult.OK)
    if etree.QName(body).localname == f"{QUERY}Response":
        adjustments = msp_binding.read(body, GetPPMBalanceAdjustmentsResponse).result
        _report_unread(body, GetPPMBalanceAdjustmentsResponse, report)
        where = f"/{QUERY}Response/{QUERY}Result"
        default = header.default_currency_code
        documents = [transaction_record.to_cim(adjustments, report, where, default)]
    else:
        reply = error_response_reply(body, report)
    cim = cim_header(header, Verb.REPLY, NOUN, report, message_id=options.new_id())
    return message_of(
        MessageKind.RESPONSE,
        cim,
        documents,
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        reply=reply,
    )


# --- CIM → MultiSpeak


def _adjustments(
    message: Message, report: GapReport
) -> tuple[list[PpmBalanceAdjustment], MultiSpeakMsgHeader]:
    header = message.header
    msp = msp_header(header, header.properties if header else [], report)
    documents: list[TransactionRecord] = payload_documents(message, NOUN)
    adjustments = [
        adjustment
        for index, document in enumerate(documents, start=1)
        for adjustment in transaction_record.to_msp(
            document,
            report,
            f"/{NOUN}[{index}]" if len(documents) > 1 else f"/{NOUN}",
            msp.default_currency_code,
        )
    ]
    return adjustments, msp


@cim_route(NOUN, MessageKind.REQUEST, MessageKind.EVENT)
def _cim_request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = message.header
    verb = header.verb if header is not None else None
    adjust = verb is (Verb.CREATED if message.kind is MessageKind.EVENT else Verb.CREATE)
    if not adjust and not (message.kind is MessageKind.REQUEST and verb is Verb.GET):
        shown = verb.value if verb is not None else "(no verb)"
        raise MessageFormatError(
            f"no MultiSpeak 4.1 operation for {shown} {NOUN}: balances are adjusted (create, "
            "created) or their adjustments asked for (get)",
            xpath="/Header/Verb",
        )
    adjustments, msp = _adjustments(message, report)
    if adjust:
        return msp_binding.write(AdjustPPMBalance(adjustments=adjustments), ADJUST), msp
    request = message.request or Request()
    if request.start_time is None or request.end_time is None:
        raise MessageFormatError(
            f"{QUERY} needs a period: Request/StartTime and EndTime", xpath="/Request/StartTime"
        )
    for adjustment in adjustments:
        shown = adjustment.object_id or adjustment.account_number or "(adjustment)"
        report.add(f"/{NOUN}", shown, GapKind.LOST, f"{QUERY} asks by period only", profile=NOUN)
    query = GetPPMBalanceAdjustments(start_time=request.start_time, stop_time=request.end_time)
    return msp_binding.write(query, QUERY), msp


@cim_route(NOUN, MessageKind.RESPONSE)
def _cim_response_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    adjustments, msp = _adjustments(message, report)
    reply = message.reply or Reply(ReplyResult.OK)
    if not message.payload:
        errors = error_objects_from_reply(reply, report)
        return build_array_of_error_object_response(ADJUST, errors), msp
    for error in error_objects_from_reply(reply, report):
        report.add(
            "/Reply/Error",
            error.error_string or "",
            GapKind.LOST,
            f"{QUERY}Response has no place for errors",
            profile=NOUN,
        )
    response = GetPPMBalanceAdjustmentsResponse(result=adjustments)
    return msp_binding.write(response, f"{QUERY}Response"), msp
