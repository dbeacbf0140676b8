"""Whole messages of profile MeterAssetConfig (8.15): the MultiSpeak meter operations ⇄ MeterConfig.

Declared as data: ``NOTIFICATION_VERBS`` (MultiSpeak notification → CIM verb of the EventMessage)
and ``VERB_NOTIFICATIONS`` (CIM verb → the notification it becomes). Where the way back would
not find the same operation (Retire, Installed), the Header carries it as
``Property[Name='MultiSpeak.operation']``, so a round trip restores it. The queries
``GetMeterByMeterID`` and ``GetAllMeters`` become ``get MeterConfig`` requests (Request/ID of
idType meterID; ``lastReceived`` as a Request Option) and their responses ``ResponseMessage``s.
Header/Noun is ``MeterConfig`` (2013) or ``MeterAssetConfig`` (2009). Elements of a MultiSpeak
body that no mapping reads (water or gas meters, ``TOUSchedules`` …) are reported lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from lxml import etree

from mspcim import ns
from mspcim.cim.catalogue import Edition
from mspcim.cim.message import (
    Header,
    Message,
    MessageKind,
    MessageProperty,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    RequestOption,
    Verb,
)
from mspcim.cim.meter_asset_config import NOUN, NOUNS, MeterConfig
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml_name
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_cim, header_to_msp
from mspcim.harmonize.profile_messages import carried_by_operation, message_of, payload_document
from mspcim.harmonize.profiles import meter_asset_config
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter import ElectricMeter, Meters
from mspcim.multispeak.v41.meter_operations import (
    METER_LISTS,
    QUERY_RESULTS,
    GetAllMeters,
    GetMeterByMeterID,
    MeterInstalledNotification,
)
from mspcim.multispeak.v41.msp_binding import MeterID

__all__ = [
    "CONFIG_RESPONSES",
    "NOTIFICATION_VERBS",
    "OPERATION_PROPERTY",
    "VERB_NOTIFICATIONS",
    "cim_header",
    "config_to_msp",
    "meters_of",
    "notification_body",
    "operation_of",
    "reply_to_msp",
]

PROFILE: Final = "MeterAssetConfig"
OPERATION_PROPERTY: Final = "MultiSpeak.operation"
"""Header/Property naming the MultiSpeak operation where the CIM verb alone would not."""
METER_ID_TYPE: Final = "meterID"

NOTIFICATION_VERBS: Final[dict[str, Verb]] = {
    "MeterAddNotification": Verb.CREATED,
    "MeterChangedNotification": Verb.CHANGED,
    "MeterRemoveNotification": Verb.DELETED,
    "MeterRetireNotification": Verb.DELETED,
    "MeterInstalledNotification": Verb.CHANGED,
}
"""MultiSpeak meter notification → the verb of its CIM EventMessage."""

VERB_NOTIFICATIONS: Final[dict[Verb, str]] = {
    Verb.CREATE: "MeterAddNotification",
    Verb.CREATED: "MeterAddNotification",
    Verb.CHANGE: "MeterChangedNotification",
    Verb.CHANGED: "MeterChangedNotification",
    Verb.DELETE: "MeterRemoveNotification",
    Verb.DELETED: "MeterRemoveNotification",
}
"""CIM verb → the MultiSpeak notification it becomes (unless ``OPERATION_PROPERTY`` says)."""

CONFIG_RESPONSES: Final = ("GetMeterByMeterIDResponse", "GetAllMetersResponse")
"""Meter query responses that translate to MeterConfig (the others to CustomerMeterDataSet)."""
DEFAULT_RESPONSE: Final = "GetAllMetersResponse"
"""What a MeterConfig ResponseMessage becomes unless ``OPERATION_PROPERTY`` names another."""


def _not_read(body: etree._Element, cls: type, report: GapReport, profile: str) -> None:
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "no mapping reads this element", None, profile)


_CONTAINER: Final = "the meters container has no CIM counterpart (only its meters map)"
_CONTAINER_FIELDS: Final = (
    "comments",
    "object_name",
    "object_id",
    "verb",
    "error_string",
    "replace_id",
    "utility",
)


def meters_of(
    body: etree._Element, cls: type, report: GapReport, profile: str
) -> tuple[Any, list[ElectricMeter], str]:
    """(the call, its electric meters, their path) of a body holding a ``meters`` element."""
    call: Any = msp_binding.read(body, cls)
    _not_read(body, cls, report, profile)
    field = "meters" if hasattr(call, "meters") else "result"
    where = f"/{ns.local_name(body.tag)}/{xml_name(cls, field)}"
    meters: Meters | None = getattr(call, field)
    if meters is None:
        return call, [], f"{where}/electricMeters"
    for name in _CONTAINER_FIELDS:
        if value := getattr(meters, name):
            path = f"{where}/{xml_name(Meters, name)}"
            report.add(path, value, GapKind.LOST, _CONTAINER, None, profile)
    for index, item in enumerate(meters.extensions_list, start=1):
        label = f"{item.ext_name}={item.ext_value}"
        path = f"{where}/extensionsList[{index}]"
        report.add(path, label, GapKind.LOST, _CONTAINER, None, profile)
    return call, meters.electric_meters, f"{where}/electricMeters"


def cim_header(
    header: MultiSpeakMsgHeader,
    verb: Verb,
    noun: str,
    report: GapReport,
    options: TranslateOptions,
    operation: str | None = None,
) -> Header:
    """The 61968-100 Header (Table 3) of a translated call; ``operation`` as a Property."""
    result = header_to_cim(header, verb, noun, report)
    if result.message_id is None:
        result.message_id = options.new_id()
    if operation is not None:
        result.properties.append(MessageProperty(OPERATION_PROPERTY, operation))
    return result


def operation_of(header: Header, default: str | None, known: Any, report: GapReport) -> str:
    """The MultiSpeak operation a CIM message becomes: ``OPERATION_PROPERTY`` or ``default``."""
    for index, prop in enumerate(header.properties, start=1):
        if prop.name == OPERATION_PROPERTY and prop.value in known:
            report.reclassify(
                f"/Header/Property[{index}]",
                GapKind.CARRIED,
                f"the operation {prop.value}",
                "names the MultiSpeak operation the CIM verb alone does not",
            )
            return str(prop.value)
    if default is None:
        raise MessageFormatError(
            f"no MultiSpeak operation for {header.verb.value} {header.noun}", xpath="/Header/Verb"
        )
    return default


def notification_body(
    name: str, meters: list[ElectricMeter], transaction_id: str | None = None
) -> etree._Element:
    """The body element of MultiSpeak notification ``name`` holding ``meters``."""
    cls = METER_LISTS[name]
    holder = Meters(electric_meters=meters)
    call = (
        MeterInstalledNotification(meters=holder, transaction_id=transaction_id)
        if cls is MeterInstalledNotification
        else cls(meters=holder)
    )
    return msp_binding.write(call, name)


# --- MultiSpeak → CIM


@msp_route(*NOTIFICATION_VERBS)
def _notification_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    call, meters, path = meters_of(body, METER_LISTS[name], report, PROFILE)
    verb = NOTIFICATION_VERBS[name]
    restored = VERB_NOTIFICATIONS.get(verb) == name
    result = cim_header(
        header, verb, NOUNS[options.edition], report, options, None if restored else name
    )
    if isinstance(call, MeterInstalledNotification):
        result.correlation_id = call.transaction_id
    document = meter_asset_config.to_cim(meters, report, path)
    return message_of(
        MessageKind.EVENT, result, [document], noun=NOUN, edition=options.edition, form=options.form
    )


@msp_route(*CONFIG_RESPONSES)
def _response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    _, meters, path = meters_of(body, QUERY_RESULTS[name], report, PROFILE)
    operation = None if name == DEFAULT_RESPONSE else name
    result = cim_header(header, Verb.REPLY, NOUNS[options.edition], report, options, operation)
    document = meter_asset_config.to_cim(meters, report, path)
    return message_of(
        MessageKind.RESPONSE,
        result,
        [document],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        reply=Reply(ReplyResult.OK),
    )


@msp_route("GetMeterByMeterID", "GetAllMeters")
def _query_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    request = Request()
    if name == "GetMeterByMeterID":
        query = msp_binding.read(body, GetMeterByMeterID)
        _not_read(body, GetMeterByMeterID, report, PROFILE)
        meter = query.meter_id
        if meter is not None:
            request.ids.append(ObjectID(meter.value, "name", METER_ID_TYPE, object_type="Meter"))
            for attribute in ("meter_no", "service_type", "object_id", "utility"):
                if value := getattr(meter, attribute):
                    report.add(
                        f"/GetMeterByMeterID/meterID/{xml_name(MeterID, attribute)}",
                        value,
                        GapKind.LOST,
                        "Request/ID names the meter by its number only",
                        None,
                        PROFILE,
                    )
    else:
        last = msp_binding.read(body, GetAllMeters).last_received
        if last is not None:
            request.options.append(RequestOption("lastReceived", last))
    result = cim_header(header, Verb.GET, NOUNS[options.edition], report, options)
    return message_of(
        MessageKind.REQUEST,
        result,
        [],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        request=request,
    )


# --- CIM → MultiSpeak


def _header(message: Message) -> Header:
    if message.header is None:
        raise MessageFormatError("message has no Header", xpath="/Header")
    return message.header


def config_to_msp(
    message: Message,
    report: GapReport,
    noun: str,
    empty: Callable[[], Any],
    to_msp: Callable[[Any, GapReport], list[ElectricMeter]],
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    """A config request or event of registry noun ``noun`` as its MultiSpeak operation.

    create/created, change/changed, delete/deleted become the notifications of
    ``VERB_NOTIFICATIONS`` (or the one ``OPERATION_PROPERTY`` names); get becomes a query.
    """
    header = _header(message)
    if header.verb is Verb.GET:
        return _query_body(message, header, report)
    msp_header = header_to_msp(header, report)
    name = operation_of(header, VERB_NOTIFICATIONS.get(header.verb), METER_LISTS, report)
    meters = to_msp(payload_document(message, noun, empty), report)
    transaction_id = None
    if name == "MeterInstalledNotification" and header.correlation_id:
        transaction_id = header.correlation_id
        carried_by_operation(
            report, "/Header/CorrelationID", "MeterInstalledNotification/transactionID"
        )
    return notification_body(name, meters, transaction_id), msp_header


def _query_body(
    message: Message, header: Header, report: GapReport
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    msp_header = header_to_msp(header, report)
    request = message.request or Request()
    if not request.ids:
        last = next((o.value for o in request.options if o.name == "lastReceived"), None)
        return msp_binding.write(GetAllMeters(last_received=last), "GetAllMeters"), msp_header
    for extra in request.ids[1:]:
        reason = "GetMeterByMeterID names one meter"
        report.add("/Request/ID", extra.value, GapKind.LOST, reason, None, PROFILE)
    query = GetMeterByMeterID(meter_id=MeterID(value=request.ids[0].value))
    return msp_binding.write(query, "GetMeterByMeterID"), msp_header


def reply_to_msp(
    message: Message,
    report: GapReport,
    noun: str,
    empty: Callable[[], Any],
    to_msp: Callable[[Any, GapReport], list[ElectricMeter]],
    default: str = DEFAULT_RESPONSE,
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    """A ResponseMessage of registry noun ``noun`` as the response of a MultiSpeak meter query."""
    header = _header(message)
    msp_header = header_to_msp(header, report)
    name = operation_of(header, default, QUERY_RESULTS, report)
    meters = to_msp(payload_document(message, noun, empty), report)
    body = msp_binding.write(QUERY_RESULTS[name](result=Meters(electric_meters=meters)), name)
    return body, msp_header


@cim_route(NOUNS[Edition.CIM2013], MessageKind.REQUEST, MessageKind.EVENT)
@cim_route(NOUNS[Edition.CIM2009], MessageKind.REQUEST, MessageKind.EVENT)
def _config_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    return config_to_msp(message, report, NOUN, MeterConfig, meter_asset_config.to_msp)


@cim_route(NOUNS[Edition.CIM2013], MessageKind.RESPONSE)
@cim_route(NOUNS[Edition.CIM2009], MessageKind.RESPONSE)
def _reply_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    return reply_to_msp(message, report, NOUN, MeterConfig, meter_asset_config.to_msp)
