"""Whole messages of profile 8.18 MeterReadSchedule, both ways.

- ``EstablishReadingSchedules`` ⇄ *create* MeterReadSchedule (one document per schedule)
- ``EnableReadingSchedules`` / ``DisableReadingSchedule`` ⇄ *change* MeterReadSchedule whose
  TimeSchedule says only ``disabled``
- ``DeleteReadingSchedule`` ⇄ *delete* MeterReadSchedule
- ``GetReadingSchedules`` / ``GetReadingScheduleByID`` ⇄ *get* MeterReadSchedule
  (``lastReceived`` ⇄ Request/Option, the id ⇄ Request/ID)
- ``GetReadingSchedules(ByID)Response`` ⇄ ResponseMessage with the documents;
  ``…Response`` holding errorObjects ⇄ ResponseMessage with Reply only

The schedule's id has no element in the profile: it travels as Header/Property
``readingSchedule.@objectID`` (numbered when a message holds several schedules).
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
from mspcim.cim.meter_read_schedule import NOUN, MeterReadSchedule
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profile_messages import (
    cim_header,
    error_response_reply,
    message_of,
    msp_header,
    number_properties,
    payload_documents,
    unnumber_properties,
)
from mspcim.harmonize.profiles import meter_read_schedule
from mspcim.harmonize.profiles.meter_read_schedule import PROPERTY_PREFIX
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.multispeak.v41.reading_schedule import (
    DeleteReadingSchedule,
    DisableReadingSchedule,
    EnableReadingSchedules,
    EstablishReadingSchedules,
    GetReadingScheduleByID,
    GetReadingScheduleByIDResponse,
    GetReadingSchedules,
    GetReadingSchedulesResponse,
    ReadingSchedule,
)

__all__ = ["OPERATION_VERBS", "RESPONSE_OPERATION", "SCHEDULE_ID_TYPE"]

OPERATION_VERBS: Final[dict[str, Verb]] = {
    "EstablishReadingSchedules": Verb.CREATE,
    "EnableReadingSchedules": Verb.CHANGE,
    "DisableReadingSchedule": Verb.CHANGE,
    "DeleteReadingSchedule": Verb.DELETE,
    "GetReadingSchedules": Verb.GET,
    "GetReadingScheduleByID": Verb.GET,
}
"""MultiSpeak 4.1 schedule operation → the CIM verb of its MeterReadSchedule request."""

ERROR_RESPONSES: Final = (
    "EstablishReadingSchedulesResponse",
    "EnableReadingSchedulesResponse",
    "DisableReadingScheduleResponse",
    "DeleteReadingScheduleResponse",
)
"""Responses whose result is an ArrayOfErrorObject."""

RESPONSE_OPERATION: Final = "EstablishReadingSchedules"
"""The operation whose response a CIM reply without schedules becomes (a reply does not say
which request it answers: the gateway knows it from the correlation, a lone document does not)."""

SCHEDULE_ID_TYPE: Final = "readingScheduleID"
"""``idType`` of the Request/ID naming a schedule."""

_PREFIXES: Final = (PROPERTY_PREFIX,)
_OBJECT_ID: Final = f"{PROPERTY_PREFIX}@objectID"


def _id_schedules(ids: list[str | None], enabled: bool | None) -> list[ReadingSchedule]:
    return [ReadingSchedule(object_id=value, is_enabled=enabled) for value in ids]


def _request(
    name: str,
    schedules: list[ReadingSchedule],
    header: MultiSpeakMsgHeader,
    report: GapReport,
    options: TranslateOptions,
    request: Request | None = None,
) -> Message:
    where = f"/{name}/readingSchedules" if name == "EstablishReadingSchedules" else f"/{name}"
    documents = meter_read_schedule.to_cim(schedules, report, where)
    properties = number_properties([document.properties for document in documents], _PREFIXES)
    cim = cim_header(
        header,
        OPERATION_VERBS[name],
        NOUN,
        report,
        message_id=options.new_id(),
        properties=properties,
    )
    return message_of(
        MessageKind.REQUEST,
        cim,
        documents,
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        request=request,
    )


@msp_route(*OPERATION_VERBS)
def _request_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = etree.QName(body).localname
    if name == "EstablishReadingSchedules":
        call = msp_binding.read(body, EstablishReadingSchedules)
        _report_unread(body, EstablishReadingSchedules, report)
        return _request(name, call.reading_schedules, header, report, options)
    if name == "EnableReadingSchedules":
        ids: list[str | None] = list(
            msp_binding.read(body, EnableReadingSchedules).reading_schedule_ids
        )
        return _request(name, _id_schedules(ids, True), header, report, options)
    if name == "DisableReadingSchedule":
        one = msp_binding.read(body, DisableReadingSchedule).reading_schedule_id
        return _request(name, _id_schedules([one], False), header, report, options)
    if name == "DeleteReadingSchedule":
        one = msp_binding.read(body, DeleteReadingSchedule).reading_schedule_id
        return _request(name, _id_schedules([one], None), header, report, options)
    if name == "GetReadingScheduleByID":
        one = msp_binding.read(body, GetReadingScheduleByID).reading_schedule_id
        ids_of = (
            [ObjectID(one, "name", SCHEDULE_ID_TYPE, object_type="TimeSchedule")] if one else []
        )
        return _request(name, [], header, report, options, Request(ids=ids_of))
    last = msp_binding.read(body, GetReadingSchedules).last_received
    option = [RequestOption("lastReceived", last)] if last is not None else []
    return _request(name, [], header, report, options, Request(options=option))


def _report_unread(body: etree._Element, cls: type, report: GapReport) -> None:
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "not read by mspcim", profile=NOUN)


@msp_route("GetReadingSchedulesResponse", "GetReadingScheduleByIDResponse", *ERROR_RESPONSES)
def _response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = etree.QName(body).localname
    reply = Reply(ReplyResult.OK)
    schedules: list[ReadingSchedule] = []
    if name == "GetReadingSchedulesResponse":
        schedules = msp_binding.read(body, GetReadingSchedulesResponse).result
        _report_unread(body, GetReadingSchedulesResponse, report)
    elif name == "GetReadingScheduleByIDResponse":
        found = msp_binding.read(body, GetReadingScheduleByIDResponse).result
        schedules = [found] if found is not None else []
        _report_unread(body, GetReadingScheduleByIDResponse, report)
    else:
        reply = error_response_reply(body, report)
    documents = meter_read_schedule.to_cim(schedules, report, f"/{name}")
    properties = number_properties([document.properties for document in documents], _PREFIXES)
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
        reply=reply,
    )


def _schedules(
    message: Message, report: GapReport
) -> tuple[list[ReadingSchedule], MultiSpeakMsgHeader]:
    documents: list[MeterReadSchedule] = payload_documents(message, NOUN)
    properties = message.header.properties if message.header else []
    groups, others = unnumber_properties(properties, len(documents), _PREFIXES)
    for document, group in zip(documents, groups, strict=False):
        document.properties = group
    if not documents and any(groups):
        documents = [MeterReadSchedule(properties=groups[0])]
    return meter_read_schedule.to_msp(documents, report), msp_header(message.header, others, report)


def _only_ids(schedules: list[ReadingSchedule], verb: Verb) -> list[str]:
    """The ids of schedules that say nothing but their id and whether they are enabled."""
    ids = []
    for index, schedule in enumerate(schedules, start=1):
        said = {
            name
            for name in schedule.__dataclass_fields__
            if getattr(schedule, name) not in (None, [])
        }
        if not said <= {"object_id", "is_enabled"} or not schedule.object_id:
            raise MappingError(
                "MultiSpeak 4.1 can only enable, disable or delete a schedule by id; a "
                f"{verb.value} MeterReadSchedule that changes its content must be deleted and "
                "established anew",
                xpath=f"/Payload/MeterReadSchedule[{index}]",
            )
        ids.append(schedule.object_id)
    return ids


@cim_route(NOUN, MessageKind.REQUEST)
def _cim_request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    assert message.header is not None
    verb = message.header.verb
    schedules, header = _schedules(message, report)
    if verb is Verb.CREATE:
        call = EstablishReadingSchedules(reading_schedules=schedules)
        return msp_binding.write(call, "EstablishReadingSchedules"), header
    if verb is Verb.GET:
        request = message.request or Request()
        if request.ids:
            by_id = GetReadingScheduleByID(reading_schedule_id=request.ids[0].value)
            return msp_binding.write(by_id, "GetReadingScheduleByID"), header
        last = next((o.value for o in request.options if o.name == "lastReceived"), None)
        return msp_binding.write(
            GetReadingSchedules(last_received=last), "GetReadingSchedules"
        ), header
    ids = _only_ids(schedules, verb)
    if verb is Verb.CHANGE and all(schedule.is_enabled for schedule in schedules):
        enable = EnableReadingSchedules(reading_schedule_ids=ids)
        return msp_binding.write(enable, "EnableReadingSchedules"), header
    if len(ids) != 1:
        raise MessageFormatError(
            f"MultiSpeak 4.1 disables and deletes one schedule per call, not {len(ids)}",
            xpath="/Payload",
        )
    if verb is Verb.CHANGE and schedules[0].is_enabled is False:
        return msp_binding.write(
            DisableReadingSchedule(reading_schedule_id=ids[0]), "DisableReadingSchedule"
        ), header
    if verb is Verb.DELETE:
        return msp_binding.write(
            DeleteReadingSchedule(reading_schedule_id=ids[0]), "DeleteReadingSchedule"
        ), header
    raise MessageFormatError(
        f"no MultiSpeak 4.1 schedule operation for {verb.value} MeterReadSchedule",
        xpath="/Header/Verb",
    )


@cim_route(NOUN, MessageKind.RESPONSE)
def _cim_response_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    schedules, header = _schedules(message, report)
    reply = message.reply or Reply(ReplyResult.OK)
    if schedules:
        if reply.errors:
            error_objects_from_reply(reply, report)
            report.add(
                "/Reply/Error",
                f"{len(reply.errors)} errors",
                GapKind.LOST,
                "GetReadingSchedulesResponse has no place for errors",
                profile=NOUN,
            )
        response = GetReadingSchedulesResponse(result=schedules)
        return msp_binding.write(response, "GetReadingSchedulesResponse"), header
    errors = error_objects_from_reply(reply, report)
    return build_array_of_error_object_response(RESPONSE_OPERATION, errors), header
