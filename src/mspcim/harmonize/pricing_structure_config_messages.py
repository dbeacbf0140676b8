"""Whole messages of profile 8.24 PricingStructureConfig, both ways.

- ``RateChangedNotification(rateInfo, transactionID)`` ⇄ EventMessage *changed*
  PricingStructureConfig (``transactionID`` ⇄ Header/CorrelationID); CIM *created*, *create*
  and *change* become the same notification (MultiSpeak announces new and changed rates alike:
  the verb is reported changed).
- ``RateChangedNotificationResponse`` (errorObjects) ⇄ ResponseMessage with the Reply.

Amounts without ``currencyCode`` are in the header's ``DefaultCurrencyCode`` (``money_codecs``).
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim.message import Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.cim.pricing_structure_config import NOUN, PricingStructureConfig
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profile_messages import (
    carried_by_operation,
    cim_header,
    error_response_reply,
    message_of,
    msp_header,
    payload_document,
)
from mspcim.harmonize.profiles import pricing_structure_config
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.multispeak.v41.rate import RateChangedNotification

__all__ = ["NOTIFICATION", "VERBS"]

NOTIFICATION: Final = "RateChangedNotification"
VERBS: Final = frozenset({Verb.CREATE, Verb.CREATED, Verb.CHANGE, Verb.CHANGED})
"""CIM verbs that become a RateChangedNotification (whose own verb is *changed*)."""


def _report_unread(body: etree._Element, cls: type, report: GapReport) -> None:
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "no mapping reads this element", profile=NOUN)


@msp_route(NOTIFICATION)
def _notification_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, RateChangedNotification)
    _report_unread(body, RateChangedNotification, report)
    rates = [call.rate_info] if call.rate_info is not None else []
    document = pricing_structure_config.to_cim(
        rates, report, f"/{NOTIFICATION}", header.default_currency_code, item="rateInfo"
    )
    cim = cim_header(header, Verb.CHANGED, NOUN, report, message_id=options.new_id())
    cim.correlation_id = call.transaction_id
    return message_of(
        MessageKind.EVENT, cim, [document], noun=NOUN, edition=options.edition, form=options.form
    )


@msp_route(f"{NOTIFICATION}Response")
def _response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    reply = error_response_reply(body, report)
    cim = cim_header(header, Verb.REPLY, NOUN, report, message_id=options.new_id())
    return message_of(
        MessageKind.RESPONSE,
        cim,
        [],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        reply=reply,
    )


@cim_route(NOUN, MessageKind.EVENT, MessageKind.REQUEST)
def _cim_change_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = message.header
    if header is None or header.verb not in VERBS:
        verb = header.verb.value if header is not None else "(no verb)"
        raise MessageFormatError(
            f"no MultiSpeak 4.1 operation for {verb} {NOUN}: rates are announced by "
            f"{NOTIFICATION} (create, created, change, changed)",
            xpath="/Header/Verb",
        )
    msp = msp_header(header, header.properties, report)
    if header.verb is not Verb.CHANGED:
        report.add(
            "/Header/Verb",
            header.verb.value,
            GapKind.CHANGED,
            f"{NOTIFICATION} announces new and changed rates alike: read back as changed",
            profile=NOUN,
        )
    document = payload_document(message, NOUN, PricingStructureConfig)
    rates = pricing_structure_config.to_msp(
        document, report, default_currency=msp.default_currency_code
    )
    for index, rate in enumerate(rates[1:], start=2):
        report.add(
            f"/{NOUN}/PricingStructure[{index}]",
            rate.rate_code or rate.object_id or "(rate)",
            GapKind.LOST,
            f"{NOTIFICATION} carries one rate",
            profile=NOUN,
        )
    if header.correlation_id:
        carried_by_operation(report, "/Header/CorrelationID", f"{NOTIFICATION}/transactionID")
    call = RateChangedNotification(
        rate_info=rates[0] if rates else None, transaction_id=header.correlation_id
    )
    return msp_binding.write(call, NOTIFICATION), msp


@cim_route(NOUN, MessageKind.RESPONSE)
def _cim_response_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = message.header
    msp = msp_header(header, header.properties if header else [], report)
    for index, _ in enumerate(message.payload, start=1):
        report.add(
            f"/Payload/*[{index}]",
            NOUN,
            GapKind.LOST,
            f"{NOTIFICATION}Response answers with errorObjects only",
            profile=NOUN,
        )
    errors = error_objects_from_reply(message.reply or Reply(ReplyResult.OK), report)
    return build_array_of_error_object_response(NOTIFICATION, errors), msp
