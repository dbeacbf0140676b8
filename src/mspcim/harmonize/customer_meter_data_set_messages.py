"""Whole messages of profile CustomerMeterDataSet (8.4): the MultiSpeak link queries ⇄ the data set.

- ``GetMeterByServiceLocationID`` ⇄ ``get CustomerMeterDataSet`` naming a ServiceLocation
  (Request/ID of idType ``serviceLocationID``; ``serviceType`` as a Request Option);
  ``GetMeterByCustomerID`` ⇄ the same naming a Customer (idType ``customerID``).
- Their responses ⇄ ``ResponseMessage`` with the data set (``OPERATION_PROPERTY`` says which
  response, when it is not ``DEFAULT_RESPONSE``).
- A created or changed data set (event or request) → ``MeterChangedNotification``: in
  MultiSpeak, a meter's links are part of the meter (``utilityInfo``).

The ID kinds and operations are declared in ``LINK_QUERIES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from lxml import etree

from mspcim import ns
from mspcim.cim.customer_meter_data_set import NOUN, CustomerMeterDataSet
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
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_msp
from mspcim.harmonize.meter_asset_config_messages import (
    cim_header,
    meters_of,
    notification_body,
    reply_to_msp,
)
from mspcim.harmonize.profile_messages import message_of, payload_document
from mspcim.harmonize.profiles import customer_meter_data_set
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter_operations import (
    QUERY_RESULTS,
    GetMeterByCustomerID,
    GetMeterByServiceLocationID,
)

__all__ = ["DEFAULT_RESPONSE", "LINK_QUERIES", "LinkQuery"]

PROFILE: Final = NOUN


@dataclass(frozen=True, slots=True)
class LinkQuery:
    """A MultiSpeak query by link: its parameter, and the Request/ID that names the object."""

    operation: str
    parameter: str
    """Python field of the query holding the id."""
    id_type: str
    object_type: str


LINK_QUERIES: Final = (
    LinkQuery(
        "GetMeterByServiceLocationID", "service_location_id", "serviceLocationID", "ServiceLocation"
    ),
    LinkQuery("GetMeterByCustomerID", "customer_id", "customerID", "Customer"),
)
"""The link queries of the CB and MDM servers and how a get request names their object."""

_QUERY_CLASSES: Final = {
    "GetMeterByServiceLocationID": GetMeterByServiceLocationID,
    "GetMeterByCustomerID": GetMeterByCustomerID,
}
DEFAULT_RESPONSE: Final = "GetMeterByServiceLocationIDResponse"
"""What a data set ResponseMessage becomes unless ``OPERATION_PROPERTY`` names another."""
_RESPONSES: Final = ("GetMeterByServiceLocationIDResponse", "GetMeterByCustomerIDResponse")
_SERVICE_TYPE: Final = "serviceType"


@msp_route(*(query.operation for query in LINK_QUERIES))
def _query_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    query = next(item for item in LINK_QUERIES if item.operation == name)
    call: GetMeterByServiceLocationID | GetMeterByCustomerID = msp_binding.read(
        body, _QUERY_CLASSES[name]
    )
    request = Request()
    value = getattr(call, query.parameter)
    if value:
        request.ids.append(ObjectID(value, "uuid", query.id_type, object_type=query.object_type))
    if isinstance(call, GetMeterByServiceLocationID):
        request.options.append(RequestOption(_SERVICE_TYPE, call.service_type))
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


@msp_route(*_RESPONSES)
def _response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    _, meters, path = meters_of(body, QUERY_RESULTS[name], report, PROFILE)
    operation = None if name == DEFAULT_RESPONSE else name
    result = cim_header(header, Verb.REPLY, NOUN, report, options, operation)
    document = customer_meter_data_set.to_cim(meters, report, path)
    return message_of(
        MessageKind.RESPONSE,
        result,
        [document],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        reply=Reply(ReplyResult.OK),
    )


def _get_body(message: Message, report: GapReport) -> etree._Element:
    request = message.request or Request()
    for index, object_id in enumerate(request.ids):
        query = next(
            (
                item
                for item in LINK_QUERIES
                if object_id.object_type == item.object_type or object_id.id_type == item.id_type
            ),
            None,
        )
        if query is None:
            continue
        for extra in request.ids[index + 1 :]:
            reason = f"{query.operation} names one {query.object_type}"
            report.add("/Request/ID", extra.value, GapKind.LOST, reason, None, PROFILE)
        cls = _QUERY_CLASSES[query.operation]
        call = cls(**{query.parameter: object_id.value})
        if isinstance(call, GetMeterByServiceLocationID):
            kind = next((o.value for o in request.options if o.name == _SERVICE_TYPE), None)
            call.service_type = kind or call.service_type
        return msp_binding.write(call, query.operation)
    raise MessageFormatError(
        "a get CustomerMeterDataSet must name a ServiceLocation or a Customer",
        xpath="/Request/ID",
    )


@cim_route(NOUN, MessageKind.REQUEST, MessageKind.EVENT)
def _data_set_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    if message.header is None:
        raise MessageFormatError("message has no Header", xpath="/Header")
    verb = message.header.verb
    msp_header = header_to_msp(message.header, report)
    if verb is Verb.GET:
        return _get_body(message, report), msp_header
    if verb not in (Verb.CREATE, Verb.CREATED, Verb.CHANGE, Verb.CHANGED):
        raise MessageFormatError(
            f"no MultiSpeak operation for {verb.value} CustomerMeterDataSet "
            "(links are created and changed with their meters)",
            xpath="/Header/Verb",
        )
    document = payload_document(message, NOUN, CustomerMeterDataSet)
    meters = customer_meter_data_set.to_msp(document, report)
    return notification_body("MeterChangedNotification", meters), msp_header


@cim_route(NOUN, MessageKind.RESPONSE)
def _reply_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    return reply_to_msp(
        message,
        report,
        NOUN,
        CustomerMeterDataSet,
        customer_meter_data_set.to_msp,
        DEFAULT_RESPONSE,
    )
