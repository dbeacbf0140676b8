"""Whole messages of profile 8.19 MeterServiceRequests, both ways.

- ``ServiceOrderOpenedNotification`` / ``…ChangedNotification`` / ``…ClosedNotification`` ⇄
  EventMessage *created* / *changed* / *closed* MeterServiceRequests (one work per order)
- ``MeterExchangeNotification`` ⇄ EventMessage *created* MeterServiceRequests (meter work)
- ``InitiateMeterExchange`` ⇄ *create* MeterServiceRequests (``transactionID`` ⇄ CorrelationID,
  ``responseURL`` ⇄ ReplyAddress)
- ``GetServiceOrderByServiceOrderID`` ⇄ *get* (the order number ⇄ Request/ID) and its response
- errorObject responses ⇄ ResponseMessage with Reply only

Going to MultiSpeak, an event is a meter exchange when its works carry ``electricMeterExchange.``
properties, or are all meter work with readings and no ``serviceOrder.`` property.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim.message import (
    Message,
    MessageKind,
    MessageProperty,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.cim.meter_service_requests import NOUN, MeterServiceRequests, WorkKind
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profile_messages import (
    cim_header,
    error_response_reply,
    header_carried_by,
    message_of,
    msp_header,
    number_properties,
    payload_document,
    unnumber_properties,
)
from mspcim.harmonize.profiles import meter_service_requests as profile
from mspcim.harmonize.profiles.meter_service_requests import EXCHANGE_PREFIX, ORDER_PREFIX
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import meter_exchange, msp_binding
from mspcim.multispeak.v41.meter_exchange import (
    InitiateMeterExchange,
    MeterExchangeNotification,
    MeterExchanges,
)
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.multispeak.v41.service_order import (
    GetServiceOrderByServiceOrderID,
    GetServiceOrderByServiceOrderIDResponse,
    ServiceOrderNotification,
)

__all__ = ["OPERATION_VERBS", "ORDER_ID_TYPE", "RESPONSE_OPERATION", "is_exchange"]

OPERATION_VERBS: Final[dict[str, Verb]] = {
    "ServiceOrderOpenedNotification": Verb.CREATED,
    "ServiceOrderChangedNotification": Verb.CHANGED,
    "ServiceOrderClosedNotification": Verb.CLOSED,
    "MeterExchangeNotification": Verb.CREATED,
    "InitiateMeterExchange": Verb.CREATE,
    "GetServiceOrderByServiceOrderID": Verb.GET,
}
"""MultiSpeak 4.1 operation → the CIM verb of its MeterServiceRequests message."""

ORDER_NOTIFICATIONS: Final = {
    Verb.CREATED: "ServiceOrderOpenedNotification",
    Verb.CHANGED: "ServiceOrderChangedNotification",
    Verb.CLOSED: "ServiceOrderClosedNotification",
}
"""The service order notification of each event verb."""

ERROR_RESPONSES: Final = tuple(
    f"{name}Response" for name in OPERATION_VERBS if name != "GetServiceOrderByServiceOrderID"
)
RESPONSE_OPERATION: Final = "InitiateMeterExchange"
"""The operation whose errorObject response a CIM reply without works becomes."""
ORDER_ID_TYPE: Final = "serviceOrderID"
"""``idType`` of the Request/ID naming a service order."""

_PREFIXES: Final = (ORDER_PREFIX, EXCHANGE_PREFIX)


def _event_message(
    kind: MessageKind,
    verb: Verb,
    document: MeterServiceRequests,
    header: MultiSpeakMsgHeader,
    report: GapReport,
    options: TranslateOptions,
    **parts: object,
) -> Message:
    properties = number_properties([w.properties for w in document.meter_service_works], _PREFIXES)
    cim = cim_header(header, verb, NOUN, report, message_id=options.new_id(), properties=properties)
    document.verb = verb.value
    return message_of(
        kind, cim, [document], noun=NOUN, edition=options.edition, form=options.form, **parts
    )


def _report_unread(paths: list[str], report: GapReport) -> None:
    for path in paths:
        report.add(path, "(element)", GapKind.LOST, "not read by mspcim", profile=NOUN)


def _exchange_list(call: InitiateMeterExchange | MeterExchangeNotification) -> MeterExchanges:
    holder = call.exchanges if isinstance(call, InitiateMeterExchange) else call.meter_changeout
    return holder or MeterExchanges()


@msp_route(*OPERATION_VERBS)
def _msp_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = etree.QName(body).localname
    verb = OPERATION_VERBS[name]
    if name == "GetServiceOrderByServiceOrderID":
        number = msp_binding.read(body, GetServiceOrderByServiceOrderID).service_order_id
        ids = [ObjectID(number or "", "name", ORDER_ID_TYPE, object_type="MeterServiceWork")]
        cim = cim_header(header, verb, NOUN, report, message_id=options.new_id())
        return message_of(
            MessageKind.REQUEST,
            cim,
            [],
            noun=NOUN,
            edition=options.edition,
            form=options.form,
            request=Request(ids=ids if number else []),
        )
    if name in ORDER_NOTIFICATIONS.values():
        notification = msp_binding.read(body, ServiceOrderNotification)
        _report_unread(msp_binding.unread(body, ServiceOrderNotification), report)
        document = profile.orders_to_cim(notification.changed_sos, report, f"/{name}/changedSOs")
        return _event_message(MessageKind.EVENT, verb, document, header, report, options)
    call = meter_exchange.read_exchange_call(body)
    _report_unread(meter_exchange.unread(body), report)
    holder = "exchanges" if name == "InitiateMeterExchange" else "meterChangeout"
    exchanges = _exchange_list(call)
    for label in ("object_id", "object_name", "comments"):
        if getattr(exchanges, label):
            report.add(
                f"/{name}/{holder}",
                getattr(exchanges, label),
                GapKind.LOST,
                "meterExchanges ids have no CIM counterpart",
                profile=NOUN,
            )
    document = profile.exchanges_to_cim(
        exchanges.electric_meter_exchanges, report, f"/{name}/{holder}/electricMeterExchanges"
    )
    if isinstance(call, InitiateMeterExchange):
        message = _event_message(MessageKind.REQUEST, verb, document, header, report, options)
        assert message.header is not None
        message.header.correlation_id = call.transaction_id
        if call.response_url is not None:
            message.header.reply_address = call.response_url
            message.header.async_reply_flag = True
        return message
    return _event_message(MessageKind.EVENT, verb, document, header, report, options)


@msp_route("GetServiceOrderByServiceOrderIDResponse", *ERROR_RESPONSES)
def _msp_response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = etree.QName(body).localname
    if name == "GetServiceOrderByServiceOrderIDResponse":
        found = msp_binding.read(body, GetServiceOrderByServiceOrderIDResponse).result
        _report_unread(msp_binding.unread(body, GetServiceOrderByServiceOrderIDResponse), report)
        document = profile.orders_to_cim([found] if found else [], report, f"/{name}")
        return _event_message(
            MessageKind.RESPONSE,
            Verb.REPLY,
            document,
            header,
            report,
            options,
            reply=Reply(ReplyResult.OK),
        )
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


def _document(message: Message) -> tuple[MeterServiceRequests, list[MessageProperty]]:
    document: MeterServiceRequests = payload_document(message, NOUN, MeterServiceRequests)
    properties = message.header.properties if message.header else []
    groups, others = unnumber_properties(properties, len(document.meter_service_works), _PREFIXES)
    for work, group in zip(document.meter_service_works, groups, strict=False):
        work.properties = group
    return document, others


def is_exchange(document: MeterServiceRequests) -> bool:
    """True when the document's works are meter exchanges rather than service orders."""
    works = document.meter_service_works
    names = {item.name for work in works for item in work.properties}
    if any(name.startswith(EXCHANGE_PREFIX) for name in names):
        return True
    if any(name.startswith(ORDER_PREFIX) for name in names):
        return False
    return bool(works) and all(
        work.kind == WorkKind.METER and (work.meter.meter_readings or work.old_meter is not None)
        for work in works
    )


@cim_route(NOUN, MessageKind.EVENT, MessageKind.REQUEST, MessageKind.RESPONSE)
def _cim_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    assert message.header is not None
    document, others = _document(message)
    header = msp_header(message.header, others, report)
    verb = message.header.verb
    if message.kind is MessageKind.REQUEST and verb is Verb.GET:
        request = message.request or Request()
        number = request.ids[0].value if request.ids else None
        call = GetServiceOrderByServiceOrderID(service_order_id=number)
        return msp_binding.write(call, "GetServiceOrderByServiceOrderID"), header
    if message.kind is MessageKind.RESPONSE and not document.meter_service_works:
        errors = error_objects_from_reply(message.reply or Reply(ReplyResult.OK), report)
        return build_array_of_error_object_response(RESPONSE_OPERATION, errors), header
    if message.kind is MessageKind.RESPONSE:
        orders = profile.orders_to_msp(document, report)
        for index in range(2, len(orders) + 1):
            report.add(
                f"/{NOUN}/MeterServiceWork[{index}]",
                "(work)",
                GapKind.LOST,
                "GetServiceOrderByServiceOrderID answers one order",
                profile=NOUN,
            )
        response = GetServiceOrderByServiceOrderIDResponse(result=orders[0])
        return msp_binding.write(response, "GetServiceOrderByServiceOrderIDResponse"), header
    if message.kind is MessageKind.REQUEST and verb is Verb.CREATE:
        exchanges = MeterExchanges(
            electric_meter_exchanges=profile.exchanges_to_msp(document, report)
        )
        header_carried_by(
            report,
            "InitiateMeterExchange",
            {
                "CorrelationID": "transactionID",
                "ReplyAddress": "responseURL",
                "AsyncReplyFlag": "responseURL",
            },
        )
        initiate = InitiateMeterExchange(
            exchanges=exchanges,
            response_url=message.header.reply_address,
            transaction_id=message.header.correlation_id,
        )
        return meter_exchange.write_exchange_call(initiate), header
    if message.kind is MessageKind.EVENT and is_exchange(document):
        exchanges = MeterExchanges(
            electric_meter_exchanges=profile.exchanges_to_msp(document, report)
        )
        notification = MeterExchangeNotification(meter_changeout=exchanges)
        return meter_exchange.write_exchange_call(notification), header
    if message.kind is MessageKind.EVENT and verb in ORDER_NOTIFICATIONS:
        changed = ServiceOrderNotification(changed_sos=profile.orders_to_msp(document, report))
        return msp_binding.write(changed, ORDER_NOTIFICATIONS[verb]), header
    raise MessageFormatError(
        f"no MultiSpeak 4.1 operation for {message.kind.value} {verb.value} {NOUN}",
        xpath="/Header/Verb",
    )
