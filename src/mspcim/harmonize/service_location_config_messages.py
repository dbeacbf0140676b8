"""Whole messages of profile ServiceLocationConfig (8.29): the service location operations ⇄ CIM.

- ``ServiceLocationChangedNotification`` and ``ServiceLocationNetworkChangedNotification`` ⇄
  EventMessage, ``ModifyCBDataForServiceLocations`` ⇄ RequestMessage: the verb is the locations'
  shared ``@verb`` (``location_messages.ACTION_VERBS``: New → created, Delete → deleted, else
  changed); the network notification is named by ``Property[Name='MultiSpeak.operation']``.
- The queries ⇄ *get* ServiceLocationConfig, declared in ``LOCATION_QUERIES``: the object a
  query names ⇄ Request/ID (idType serviceLocationID, meterID, customerID, accountNumber), its
  other parameters ⇄ Request/Option by their MultiSpeak names (``serviceType``, ``phaseCode``,
  ``lastReceived``).
- Their responses ⇄ ResponseMessage with the locations (``MultiSpeak.operation`` names the
  response unless it is ``DEFAULT_RESPONSE``); ``ModifyCBDataForServiceLocationsResponse`` ⇄ a
  Reply of its errorObjects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from lxml import etree

from mspcim import ns
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
from mspcim.cim.service_location_config import NOUN, ServiceLocationConfig
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml_name
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_msp
from mspcim.harmonize.location_messages import (
    CHANGED_NOTIFICATION,
    MODIFY_REQUEST,
    action_verb,
    header_of,
    location_body,
    unread,
    with_action,
)
from mspcim.harmonize.meter_asset_config_messages import cim_header, operation_of
from mspcim.harmonize.profile_messages import error_response_reply, message_of, payload_document
from mspcim.harmonize.profiles import service_location_config
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.harmonize.service_point_codecs import MSP_PHASE_CODES
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.msp_binding import SERVICE_TYPES, MeterID
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.multispeak.v41.service_location_operations import (
    LOCATION_LISTS,
    QUERIES,
    QUERY_RESULTS,
)

__all__ = ["DEFAULT_RESPONSE", "LOCATION_QUERIES", "MESSAGE_KINDS", "LocationQuery"]

PROFILE: Final = NOUN
DEFAULT_RESPONSE: Final = "GetAllServiceLocationsResponse"
"""What a ServiceLocationConfig ResponseMessage becomes unless ``MultiSpeak.operation`` says."""
MODIFY_RESPONSE: Final = f"{MODIFY_REQUEST}Response"

MESSAGE_KINDS: Final[dict[str, MessageKind]] = {
    CHANGED_NOTIFICATION: MessageKind.EVENT,
    "ServiceLocationNetworkChangedNotification": MessageKind.EVENT,
    MODIFY_REQUEST: MessageKind.REQUEST,
}
"""MultiSpeak operation carrying service locations → the kind of CIM message it becomes."""


@dataclass(frozen=True, slots=True)
class LocationQuery:
    """A MultiSpeak service location query: the object it names and its other parameters."""

    operation: str
    id_parameter: str | None
    """Python field of the query holding the id of the object it names (None: none)."""
    id_type: str | None
    object_type: str | None
    options: tuple[str, ...] = ()
    """Python fields carried as Request/Option, named by their MultiSpeak element."""

    @property
    def required(self) -> tuple[str, ...]:
        """The options a get must give for this query to be chosen (paging aside)."""
        return tuple(option for option in self.options if option != "last_received")


LOCATION_QUERIES: Final = (
    LocationQuery(
        "GetServiceLocationByServiceLocationID",
        "service_location_id",
        "serviceLocationID",
        "ServiceLocation",
        ("service_type",),
    ),
    LocationQuery("GetServiceLocationByMeterID", "meter_id", "meterID", "Meter"),
    LocationQuery("GetServiceLocationByCustomerID", "customer_id", "customerID", "Customer"),
    LocationQuery(
        "GetServiceLocationByAccountNumber",
        "account_number",
        "accountNumber",
        "CustomerAccount",
        ("service_type",),
    ),
    LocationQuery(
        "GetServiceLocationByPhaseCode", None, None, None, ("phase_code", "last_received")
    ),
    LocationQuery(
        "GetAllServiceLocationsByServiceType", None, None, None, ("service_type", "last_received")
    ),
    LocationQuery("GetAllServiceLocations", None, None, None, ("last_received",)),
)
"""The CB/MDM service location queries and how a get request says each (in choice order)."""

_ALLOWED: Final = {
    "service_type": SERVICE_TYPES,
    "phase_code": MSP_PHASE_CODES,
}
"""Option values a MultiSpeak query accepts (its enumerations)."""


# --- MultiSpeak → CIM


@msp_route(*LOCATION_LISTS)
def _locations_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    cls = LOCATION_LISTS[name]
    call = msp_binding.read(body, cls)
    unread(body, cls, report, PROFILE)
    path = f"/{name}/{xml_name(cls, 'service_locations')}"
    document = service_location_config.to_cim(call.service_locations, report, path)
    kind = MESSAGE_KINDS[name]
    paths = [f"{path}/serviceLocation[{i}]" for i in range(1, len(call.service_locations) + 1)]
    verb = action_verb(call.service_locations, kind, paths, report)
    named = None if name in (CHANGED_NOTIFICATION, MODIFY_REQUEST) else name
    result = cim_header(header, verb, NOUN, report, options, named)
    return message_of(
        kind, result, [document], noun=NOUN, edition=options.edition, form=options.form
    )


def _request_of(query: LocationQuery, call: Any, report: GapReport) -> Request:
    request = Request()
    cls = type(call)
    if query.id_parameter is not None:
        value = getattr(call, query.id_parameter)
        if isinstance(value, MeterID):
            for attribute in ("meter_no", "service_type", "object_id", "utility"):
                if found := getattr(value, attribute):
                    where = f"/{query.operation}/meterID/{xml_name(MeterID, attribute)}"
                    reason = "Request/ID names the meter by its number only"
                    report.add(where, found, GapKind.LOST, reason, None, PROFILE)
            value = value.value
        if value:
            kind = "name" if query.object_type == "Meter" else "uuid"
            request.ids.append(ObjectID(value, kind, query.id_type, object_type=query.object_type))
    for option in query.options:
        value = getattr(call, option)
        if value is not None:
            request.options.append(RequestOption(xml_name(cls, option), str(value)))
    return request


@msp_route(*QUERIES)
def _query_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    query = next(item for item in LOCATION_QUERIES if item.operation == name)
    call = msp_binding.read(body, QUERIES[name])
    unread(body, QUERIES[name], report, PROFILE)
    result = cim_header(header, Verb.GET, NOUN, report, options)
    return message_of(
        MessageKind.REQUEST,
        result,
        [],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        request=_request_of(query, call, report),
    )


@msp_route(*QUERY_RESULTS, MODIFY_RESPONSE)
def _response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    documents = []
    reply = Reply(ReplyResult.OK)
    if name == MODIFY_RESPONSE:
        reply = error_response_reply(body, report)
    else:
        cls = QUERY_RESULTS[name]
        call = msp_binding.read(body, cls)
        unread(body, cls, report, PROFILE)
        path = f"/{name}/{name.removesuffix('Response')}Result"
        documents.append(service_location_config.to_cim(call.result, report, path))
    named = None if name == DEFAULT_RESPONSE else name
    result = cim_header(header, Verb.REPLY, NOUN, report, options, named)
    return message_of(
        MessageKind.RESPONSE,
        result,
        documents,
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        reply=reply,
    )


# --- CIM → MultiSpeak


def _chosen(request: Request, given: dict[str, str | None]) -> LocationQuery:
    if request.ids:
        first = request.ids[0]
        for query in LOCATION_QUERIES:
            if query.id_parameter and first.id_type == query.id_type:
                return query
        for query in LOCATION_QUERIES:
            if query.id_parameter and first.object_type == query.object_type:
                return query
        raise MessageFormatError(
            "a get ServiceLocationConfig names a ServiceLocation, Meter, Customer or "
            f"CustomerAccount, not {first.object_type or first.id_type!r}",
            xpath="/Request/ID",
        )
    for query in LOCATION_QUERIES:
        if query.id_parameter is None and all(
            xml_name(QUERIES[query.operation], option) in given for option in query.required
        ):
            return query
    raise AssertionError("GetAllServiceLocations takes any request")  # pragma: no cover


def _query_body(request: Request, report: GapReport) -> etree._Element:
    given = {option.name: option.value for option in request.options}
    query = _chosen(request, given)
    cls = QUERIES[query.operation]
    values: dict[str, Any] = {}
    if query.id_parameter is not None:
        first, *others = request.ids
        for extra in others:
            reason = f"{query.operation} names one {query.object_type}"
            report.add("/Request/ID", extra.value, GapKind.LOST, reason, None, PROFILE)
        values[query.id_parameter] = (
            MeterID(value=first.value) if query.id_parameter == "meter_id" else first.value
        )
    for option in query.options:
        element = xml_name(cls, option)
        text = given.pop(element, None)
        if text is None:
            continue
        if option in _ALLOWED and text not in _ALLOWED[option]:
            raise MessageFormatError(
                f"{text!r} is not a MultiSpeak 4.1 {element}", xpath="/Request/Option"
            )
        values[option] = text
    for name, value in given.items():
        reason = f"{query.operation} takes no {name}"
        report.add(
            f"/Request/Option[Name='{name}']", value or "", GapKind.LOST, reason, None, PROFILE
        )
    return msp_binding.write(cls(**values), query.operation)


@cim_route(NOUN, MessageKind.REQUEST, MessageKind.EVENT)
def _config_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header: Header = header_of(message)
    if header.verb is Verb.GET:
        msp_header = header_to_msp(header, report)
        return _query_body(message.request or Request(), report), msp_header
    document = payload_document(message, NOUN, ServiceLocationConfig)
    locations = service_location_config.to_msp(document, report)
    with_action(locations, header.verb)
    return location_body(message, locations, report, NOUN)


@cim_route(NOUN, MessageKind.RESPONSE)
def _reply_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = header_of(message)
    msp_header = header_to_msp(header, report)
    known = {*QUERY_RESULTS, MODIFY_RESPONSE}
    name = operation_of(header, DEFAULT_RESPONSE, known, report)
    reply = message.reply or Reply(ReplyResult.OK)
    if name == MODIFY_RESPONSE:
        errors = error_objects_from_reply(reply, report)
        return build_array_of_error_object_response(MODIFY_REQUEST, errors), msp_header
    if reply.errors:
        error_objects_from_reply(reply, report)
        reason = f"{name} has no place for errors"
        report.add(
            "/Reply/Error", f"{len(reply.errors)} errors", GapKind.LOST, reason, None, PROFILE
        )
    document = payload_document(message, NOUN, ServiceLocationConfig)
    locations = service_location_config.to_msp(document, report)
    return msp_binding.write(QUERY_RESULTS[name](result=locations), name), msp_header
