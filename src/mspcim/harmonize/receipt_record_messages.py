"""Whole messages of profile 8.25 ReceiptRecord: the MultiSpeak payment operations, both ways.

Declared as data: ``OPERATION_VERBS`` (MultiSpeak payment request → CIM verb) and
``VERB_OPERATIONS`` (CIM verb → the request it becomes). MultiSpeak 4.1 has no payment
notification: payments reach the billing system by ``CommitPaymentTransaction`` (the receipts
are *created*; a *created* ReceiptRecord event becomes that call too), after an optional
``ProcessPaymentTransaction`` (*execute*: authorise and price them). ``GetPPMPayments(startTime,
stopTime)`` ⇄ *get* ReceiptRecord with Request/StartTime and EndTime. Responses ⇄ ResponseMessages;
each ``paymentTransactionList`` of a ``GetPPMPaymentsResponse`` is one ReceiptRecord document.
A ResponseMessage becomes the response Header/Property ``MultiSpeak.operation`` names, else
``DEFAULT_RESPONSE``. Amounts without ``currencyCode`` are in the header's DefaultCurrencyCode.
"""

from __future__ import annotations

from typing import Any, Final

from lxml import etree

from mspcim import ns
from mspcim.cim.message import (
    Message,
    MessageKind,
    MessageProperty,
    Reply,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.cim.receipt_record import NOUN, ReceiptRecord
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_asset_config_messages import OPERATION_PROPERTY, operation_of
from mspcim.harmonize.profile_messages import (
    cim_header,
    message_of,
    msp_header,
    payload_documents,
)
from mspcim.harmonize.profiles import receipt_record
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.payment_transaction import (
    PAYMENT_CALLS,
    PAYMENT_RESULTS,
    GetPPMPayments,
    GetPPMPaymentsResponse,
    PaymentTransaction,
    PaymentTransactionList,
)

__all__ = ["DEFAULT_RESPONSE", "OPERATION_VERBS", "RESPONSES", "VERB_OPERATIONS"]

OPERATION_VERBS: Final[dict[str, Verb]] = {
    "ProcessPaymentTransaction": Verb.EXECUTE,
    "CommitPaymentTransaction": Verb.CREATE,
    "GetPPMPayments": Verb.GET,
}
"""MultiSpeak payment request → the verb of its CIM RequestMessage."""

VERB_OPERATIONS: Final[dict[Verb, str]] = {
    Verb.EXECUTE: "ProcessPaymentTransaction",
    Verb.CREATE: "CommitPaymentTransaction",
    Verb.CREATED: "CommitPaymentTransaction",
    Verb.GET: "GetPPMPayments",
}
"""CIM verb → the MultiSpeak request it becomes."""

RESPONSES: Final = (*PAYMENT_RESULTS, "GetPPMPaymentsResponse")
DEFAULT_RESPONSE: Final = "CommitPaymentTransactionResponse"
"""What a ReceiptRecord ResponseMessage becomes unless ``OPERATION_PROPERTY`` names another."""


def _report_unread(body: etree._Element, cls: type, report: GapReport) -> None:
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "no mapping reads this element", profile=NOUN)


def _documents(
    lists: list[PaymentTransactionList], where: str, report: GapReport, default: str | None
) -> list[ReceiptRecord]:
    return [
        receipt_record.to_cim(
            payments.payment_transactions,
            report,
            f"{where}[{index}]" if len(lists) > 1 else where,
            default,
        )
        for index, payments in enumerate(lists, start=1)
    ]


# --- MultiSpeak → CIM


@msp_route(*PAYMENT_CALLS)
def _payment_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    call = msp_binding.read(body, PAYMENT_CALLS[name])
    _report_unread(body, PAYMENT_CALLS[name], report)
    lists = [call.transactions] if call.transactions is not None else []
    documents = _documents(lists, f"/{name}/transactions", report, header.default_currency_code)
    cim = cim_header(header, OPERATION_VERBS[name], NOUN, report, message_id=options.new_id())
    return message_of(
        MessageKind.REQUEST, cim, documents, noun=NOUN, edition=options.edition, form=options.form
    )


@msp_route("GetPPMPayments")
def _query_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, GetPPMPayments)
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


@msp_route(*RESPONSES)
def _response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    lists: list[PaymentTransactionList]
    if name == "GetPPMPaymentsResponse":
        lists = msp_binding.read(body, GetPPMPaymentsResponse).result
        _report_unread(body, GetPPMPaymentsResponse, report)
    else:
        found = msp_binding.read(body, PAYMENT_RESULTS[name]).result
        _report_unread(body, PAYMENT_RESULTS[name], report)
        lists = [found] if found is not None else []
    where = f"/{name}/{name.removesuffix('Response')}Result"
    documents = _documents(lists, where, report, header.default_currency_code)
    properties = [] if name == DEFAULT_RESPONSE else [MessageProperty(OPERATION_PROPERTY, name)]
    cim = cim_header(
        header, Verb.REPLY, NOUN, report, message_id=options.new_id(), properties=properties
    )
    return message_of(
        MessageKind.RESPONSE,
        cim,
        documents,
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        reply=Reply(ReplyResult.OK),
    )


# --- CIM → MultiSpeak


def _payments(
    message: Message, report: GapReport
) -> tuple[list[list[PaymentTransaction]], MultiSpeakMsgHeader]:
    """The payment transactions of each ReceiptRecord document, and the MultiSpeak header."""
    header = message.header
    msp = msp_header(header, header.properties if header else [], report)
    documents: list[ReceiptRecord] = payload_documents(message, NOUN)
    lists = [
        receipt_record.to_msp(
            document,
            report,
            f"/{NOUN}[{index}]" if len(documents) > 1 else f"/{NOUN}",
            msp.default_currency_code,
        )
        for index, document in enumerate(documents, start=1)
    ]
    return lists, msp


def _flat(lists: list[list[PaymentTransaction]]) -> PaymentTransactionList:
    return PaymentTransactionList(payment_transactions=[item for items in lists for item in items])


@cim_route(NOUN, MessageKind.REQUEST, MessageKind.EVENT)
def _cim_request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = message.header
    name = VERB_OPERATIONS.get(header.verb) if header is not None else None
    if (
        header is None
        or name is None
        or (message.kind is MessageKind.EVENT) != (header.verb is Verb.CREATED)
    ):
        verb = header.verb.value if header is not None else "(no verb)"
        raise MessageFormatError(
            f"no MultiSpeak 4.1 operation for {verb} {NOUN}: payments are committed (create, "
            "created), processed (execute) or asked for (get)",
            xpath="/Header/Verb",
        )
    lists, msp = _payments(message, report)
    call: Any
    if name == "GetPPMPayments":
        request = message.request or Request()
        if request.start_time is None or request.end_time is None:
            raise MessageFormatError(
                "GetPPMPayments needs a period: Request/StartTime and EndTime",
                xpath="/Request/StartTime",
            )
        for index, _ in enumerate(lists, start=1):
            report.add(
                f"/Payload/*[{index}]",
                NOUN,
                GapKind.LOST,
                "GetPPMPayments asks by period only",
                profile=NOUN,
            )
        call = GetPPMPayments(start_time=request.start_time, stop_time=request.end_time)
    else:
        call = PAYMENT_CALLS[name](transactions=_flat(lists))
    return msp_binding.write(call, name), msp


@cim_route(NOUN, MessageKind.RESPONSE)
def _cim_response_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = message.header
    if header is None:
        raise MessageFormatError("message has no Header", xpath="/Header")
    lists, msp = _payments(message, report)
    name = operation_of(header, DEFAULT_RESPONSE, RESPONSES, report)
    reply = message.reply or Reply(ReplyResult.OK)
    for error in error_objects_from_reply(reply, report):
        report.add(
            "/Reply/Error",
            error.error_string or "",
            GapKind.LOST,
            f"{name} has no place for errors",
            profile=NOUN,
        )
    result: Any
    if name == "GetPPMPaymentsResponse":
        result = GetPPMPaymentsResponse(
            result=[PaymentTransactionList(payment_transactions=items) for items in lists]
        )
    else:
        result = PAYMENT_RESULTS[name](result=_flat(lists))
    return msp_binding.write(result, name), msp
